"""`jiritsu reset-second-factor USERNAME`: remove an account's second factor (a system administrator's
command, also for system administrators' own accounts); the next sign-in enrols anew."""
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from jiritsu.orgs import second_factor


class Command(BaseCommand):
    help = "アカウントの二要素認証（認証アプリと復旧コード）を削除します。次回のログインで登録し直します。"

    def add_arguments(self, parser):
        parser.add_argument("username", help="ユーザー名（ログインID）")

    def handle(self, *args, username, **options):
        account = get_user_model().objects.filter(username=username).first()
        if account is None:
            raise CommandError(f"ユーザー名「{username}」のアカウントはありません。")
        if second_factor.reset_by_administrator(account=account):
            self.stdout.write(f"{username} の二要素認証をリセットしました。次回のログインで登録し直します。")
        else:
            self.stdout.write(f"{username} は二要素認証を登録していません（変更なし）。")
