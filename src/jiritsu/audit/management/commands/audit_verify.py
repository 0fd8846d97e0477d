"""jiritsu audit verify: recompute the access log's hash chain and report the first link that fails."""
from django.core.management.base import BaseCommand, CommandError

from jiritsu.audit.chain import verify
from jiritsu.audit.timefmt import wareki_datetime


class Command(BaseCommand):
    help = "アクセス記録のハッシュの連鎖を検証し、最初に壊れている行を報告します。 Verify the access log's hash chain."

    def handle(self, *args, **options):
        verdict = verify()
        if not verdict.intact:
            # Exit status 1: a scheduled job or monitoring notices without reading the text.
            raise CommandError(
                f"アクセス記録の改ざんの疑い：{verdict.rows}行目（id={verdict.broken_id}、"
                f"{wareki_datetime(verdict.broken_at)}）のハッシュが前の行からの連鎖と一致しません。"
                "この行、またはその直前の行が変更・削除・挿入されています。")
        self.stdout.write(f"アクセス記録 {verdict.rows}行のハッシュの連鎖を検証しました。改ざんは見つかりません。")
