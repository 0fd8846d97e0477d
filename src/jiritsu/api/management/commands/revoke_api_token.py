"""`jiritsu revoke-api-token ID [ID ...]`: revoke API tokens now (a system administrator's command)."""
from django.core.management.base import BaseCommand, CommandError

from jiritsu.api import tokens
from jiritsu.api.models import ApiToken


class Command(BaseCommand):
    help = "API トークンを失効させます（ID は list-api-tokens で確認）。"

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="+", type=int, help="失効させるトークンの ID")

    def handle(self, *args, ids, **options):
        found = set(ApiToken.objects.filter(pk__in=ids).values_list("pk", flat=True))
        missing = [str(i) for i in ids if i not in found]
        if missing:
            raise CommandError(f"ID {', '.join(missing)} のトークンはありません。何も失効させていません。")
        revoked = tokens.revoke_all(ApiToken.objects.filter(pk__in=ids))
        self.stdout.write(f"{revoked}件のトークンを失効させました（指定 {len(ids)}件、うち {len(ids) - revoked}件は失効済み）。")
