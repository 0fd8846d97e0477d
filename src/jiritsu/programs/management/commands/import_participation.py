"""jiritsu import participation FILE.csv (specs/participation.md)."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jiritsu.audit.context import via
from jiritsu.programs.participation import decode, import_participation


class Command(BaseCommand):
    help = ("任意事業の実施状況（団体・事業・年度・実施方法）を CSV から取り込みます。"
            "列: body_code, program, fiscal_year, method（任意: since, body_name）。"
            "誤りがあれば `row N, column C: message`（N はファイルの行番号、見出しが 1 行目）を表示し、何も取り込みません。")

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV ファイル（UTF-8、BOM の有無は問わない）")
        parser.add_argument("--dry-run", action="store_true", help="検査だけ行い、取り込まない")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            text = decode(path.read_bytes())
        except OSError as exc:
            raise CommandError(f"ファイル「{path}」を読めません: {exc.strerror}") from None
        except UnicodeDecodeError:
            raise CommandError(f"ファイル「{path}」は UTF-8 ではありません。") from None
        with via(f"command: import participation {path.name}"):
            result = import_participation(text, dry_run=options["dry_run"])
        if result.errors:
            for line in result.errors:
                self.stderr.write(line)
            raise CommandError(f"{len(result.errors)} 件の誤りがあるため、何も取り込みませんでした。")
        if options["dry_run"]:
            self.stdout.write(f"検査のみ: {len(result.rows)} 行に誤りはありません（取り込んでいません）。")
        else:
            self.stdout.write(result.summary())
