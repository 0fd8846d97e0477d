"""jiritsu import cases FILE.csv [--dry-run] [--encoding cp932]  (case-ledger.md)"""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jiritsu.cases.importing import import_ledger
from jiritsu.core.csvfiles import FileProblem
from jiritsu.core.wareki import format_wareki


class Command(BaseCommand):
    help = ("旧ケース台帳（CSV）を取り込みます。すべての行を検証し、1行でも誤りがあれば何も取り込まずに終了コード1で"
            "終わります。同じ（自治体, case_id）の再取込は「変更なし」です。 / Import a legacy case ledger.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV ファイル（UTF-8、BOM の有無は問いません）")
        parser.add_argument("--dry-run", action="store_true", help="検証のみ行い、何も書き込みません")
        parser.add_argument("--encoding", default="utf-8", help="文字コード: utf-8（既定）または cp932（Shift_JIS）")

    def handle(self, *args, **opts):
        path = Path(opts["file"])
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"ファイル「{path}」を読めません: {exc.strerror}") from None
        try:
            result = import_ledger(raw, encoding=opts["encoding"], dry_run=opts["dry_run"])
        except FileProblem as exc:
            self.stdout.write(f"検証結果: {path.name}")
            self.stdout.write(str(exc))
            raise CommandError("取込を中止しました（ファイルを読めません）。", returncode=1) from None
        self.report(path, result, opts["dry_run"])
        if result.problems:
            raise CommandError(f"取込を中止しました：{len(result.problems)} 件の誤りがあります。何も取り込んでいません。",
                               returncode=1)

    def report(self, path, result, dry_run):
        w = self.stdout.write
        w(f"検証結果: {path.name}（{result.lines} 行）")
        for problem in result.problems:
            w(str(problem))
        if result.problems:
            return
        for row in result.rows:
            if row.unchanged:
                w(f"row {row.number}: {row.values['case_id']} unchanged（登録済みのため変更なし）")
        if dry_run:
            w(f"誤りはありません。取り込む予定: 新規 {result.to_create} 件、変更なし {result.unchanged} 件"
              "（--dry-run のため何も書き込んでいません）。")
        else:
            received = [r.values["received_on"] for r in result.rows if not r.unchanged]
            span = f"（受付日 {format_wareki(min(received))}〜{format_wareki(max(received))}）" if received else ""
            w(f"取り込みました: 新規 {result.created} 件{span}、変更なし {result.unchanged} 件。")
