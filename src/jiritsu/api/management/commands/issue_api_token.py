"""`jiritsu issue-api-token USERNAME --label L`: a bearer token acting as one staff user.

The token is printed once; only its hash is stored, so a lost token is revoked and a new one issued.
"""
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from jiritsu.api.models import ApiToken


class Command(BaseCommand):
    help = "API トークンを発行します（トークンは一度だけ表示されます）。"

    def add_arguments(self, parser):
        parser.add_argument("username", help="トークンで操作する職員の利用者名")
        parser.add_argument("--label", required=True, help="用途（例：家計改善支援の記録連携）")

    def handle(self, *args, username, label, **options):
        user = get_user_model().objects.filter(username=username).select_related("staff").first()
        if user is None:
            raise CommandError(f"利用者「{username}」が見つかりません。")
        if not user.is_active:
            raise CommandError(f"利用者「{username}」は無効になっています。")
        if getattr(user, "staff", None) is None:
            raise CommandError(f"利用者「{username}」は職員として登録されていないため、トークンを発行できません。")
        label = label.strip()
        if not label:
            raise CommandError("用途（--label）を入力してください。")
        token, raw = ApiToken.issue(user=user, label=label[:80])
        self.stdout.write(f"トークンを発行しました（ID {token.pk}、用途：{token.label}、利用者：{username}）。")
        self.stdout.write("このトークンは二度と表示されません。安全な場所に保管してください：")
        self.stdout.write(raw)
