"""jiritsu import organisations FILE.csv [--dry-run]  (docs/organisations-staff-csv.md)"""
from pathlib import Path

from django.core.management.base import BaseCommand

from jiritsu.audit.context import via
from jiritsu.orgs.imports import import_organisations
from jiritsu.orgs.management.csvcommand import prefecture, read_csv, report


class Command(BaseCommand):
    help = ("組織（自立相談支援機関、自治体担当課・福祉事務所、広域実施委託事業者、就労体験開拓事業者、県の部署）を CSV から"
            "登録します。すべての行を検証し、1か所でも誤りがあれば何も取り込みません。同じファイルの再取込では何も変わりません。")

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV ファイル（UTF-8（BOM の有無は問いません）または Shift_JIS（CP932））")
        parser.add_argument("--dry-run", action="store_true", help="検証のみ行い、何も書き込みません")
        parser.add_argument("--prefecture", help="都道府県コード（複数の都道府県を登録している場合）")

    def handle(self, *args, file, dry_run, **options):
        path = Path(file)
        header, records = read_csv(path)
        with via(f"command: import organisations {path.name}"):
            result = import_organisations(header, records, prefecture=prefecture(options["prefecture"]),
                                          dry_run=dry_run)
        report(self, path, result, dry_run)
