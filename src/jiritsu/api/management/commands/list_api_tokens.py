"""`jiritsu list-api-tokens [--user USERNAME] [--all]`: API tokens with owner, use, scope, expiry and status."""
from django.core.management.base import BaseCommand
from django.utils import timezone

from jiritsu.api.models import ApiToken


class Command(BaseCommand):
    help = "API トークンの一覧（ID・利用者・用途・権限・有効期限・状態）。既定は有効なものだけ。"

    def add_arguments(self, parser):
        parser.add_argument("--user", help="この利用者のトークンだけ")
        parser.add_argument("--all", action="store_true", help="失効・期限切れのトークンも表示する")

    def handle(self, *args, user, all, **options):
        rows = ApiToken.objects.select_related("user").order_by("user__username", "id")
        if user:
            rows = rows.filter(user__username=user)
        if not all:
            rows = rows.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())
        self.stdout.write("ID\t利用者\t用途\t権限\t発行日\t有効期限\t状態")
        for t in rows:
            local = timezone.localtime
            self.stdout.write(f"{t.pk}\t{t.user.username}\t{t.label}\t{'読み書き' if t.can_write else '読み取り専用'}\t"
                              f"{local(t.created_at):%Y-%m-%d}\t{local(t.expires_at):%Y-%m-%d}\t{t.status}")
