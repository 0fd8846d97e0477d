"""`jiritsu issue-api-token USERNAME --label L [--days N] [--write]`: a bearer token acting as one staff user.

The token is printed once; only its hash is stored, so a lost token is revoked and a new one issued.
It expires after --days (90 by default) and is read-only unless --write is given.
"""
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from jiritsu.api import tokens


class Command(BaseCommand):
    help = "API トークンを発行します（トークンは一度だけ表示されます。既定は読み取り専用・90日で失効）。"

    def add_arguments(self, parser):
        parser.add_argument("username", help="トークンで操作する職員の利用者名")
        parser.add_argument("--label", required=True, help="用途（例：家計改善支援の記録連携）")
        parser.add_argument("--days", type=int, default=90, help=f"有効期限の日数（1〜{tokens.MAX_DAYS}、既定 90）")
        parser.add_argument("--write", action="store_true", help="書き込み（登録・更新）も許可する")

    def handle(self, *args, username, label, days, write, **options):
        user = get_user_model().objects.filter(username=username).select_related("staff").first()
        if user is None:
            raise CommandError(f"利用者「{username}」が見つかりません。")
        try:
            token, raw = tokens.issue(user=user, label=label, days=days, can_write=write)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        scope = "読み書き" if token.can_write else "読み取り専用"
        self.stdout.write(f"トークンを発行しました（ID {token.pk}、用途：{token.label}、利用者：{username}、{scope}、"
                          f"有効期限：{token.expires_at:%Y-%m-%d}）。")
        self.stdout.write("このトークンは二度と表示されません。安全な場所に保管してください：")
        self.stdout.write(raw)
