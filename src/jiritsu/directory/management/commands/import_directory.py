"""jiritsu import directory FILE.csv [--dry-run]  (docs/directory-csv.md)"""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jiritsu.core.csvfiles import FileProblem
from jiritsu.directory import csvio


class Command(BaseCommand):
    help = ("社会資源ディレクトリの CSV を取り込みます（UTF-8 または CP932）。すべての行を検証し、1か所でも誤りがあれば"
            "何も取り込まずに終了コード1で終わります。同じファイルの再取込では何も変わりません。 / Import the directory CSV.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV ファイル（UTF-8（BOM の有無は問いません）または Shift_JIS（CP932））")
        parser.add_argument("--dry-run", action="store_true", help="検証のみ行い、何も書き込みません")

    def handle(self, *args, file, dry_run, **options):
        path = Path(file)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"ファイル「{path}」を読めません: {exc.strerror}") from None
        self.stdout.write(f"検証結果: {path.name}")
        try:
            result = csvio.import_file(raw, dry_run=dry_run)
        except FileProblem as exc:
            self.stdout.write(str(exc))
            raise CommandError("取込を中止しました（ファイルを読めません）。何も取り込んでいません。", returncode=1) from None
        for problem in result.problems:
            self.stdout.write(str(problem))
        if result.problems:
            raise CommandError(f"取込を中止しました：{len(result.problems)} 件の誤りがあります。何も取り込んでいません。",
                               returncode=1)
        counts = f"新規 {result.created} 件、更新 {result.updated} 件、変更なし {result.unchanged} 件"
        if dry_run:
            self.stdout.write(f"誤りはありません。取り込む予定: {counts}（--dry-run のため何も書き込んでいません）。")
        else:
            self.stdout.write(f"取り込みました: {counts}。")
