"""jiritsu report cost-share --program P --fy Y --amount YEN --key KEY [--ratios ...] (specs/cost-share.md)."""
from django.core.management.base import BaseCommand, CommandError

from jiritsu.core.exports import csv_text
from jiritsu.core.routing import reporting
from jiritsu.programs import exports
from jiritsu.programs.catalog import program_from_name
from jiritsu.programs.management.commands.report_implementation import fiscal_year_arg, write_output
from jiritsu.stats.costshare import CostShareError, compute


def amount_arg(text: str) -> int:
    s = (text or "").strip().replace(",", "").removesuffix("円")
    if not s.isdigit():
        raise CommandError(f"金額「{text}」は0以上の整数（円）で入力してください。")
    return int(s)


class Command(BaseCommand):
    help = ("広域実施の契約額を参加団体（広域委託で実施する団体）に按分します。"
            " Apportion a contract amount among the bodies participating in a program (cost-share.md).")

    def add_arguments(self, parser):
        parser.add_argument("--program", required=True, help="事業名（就労準備支援、家計改善支援、一時生活支援 …）")
        parser.add_argument("--fy", required=True, help="年度（2022、R4、令和4年度）")
        parser.add_argument("--amount", required=True, help="契約額（円、整数）")
        parser.add_argument("--key", required=True,
                            help="按分キー「要素:重み,...」（要素: 均等割、人口割、利用実績割、利用実績割(前年度)、定率。重みの合計は100）")
        parser.add_argument("--ratios", default="", help="定率の割合「団体コード=割合,...」（合計100）")
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        parser.add_argument("--output", help="書き出すファイル（xlsx では必須）")

    def handle(self, *args, **options):
        with reporting():  # from the replica when one is configured (core.routing)
            self._report(**options)

    def _report(self, **options):
        if options["format"] == "xlsx" and not options["output"]:
            raise CommandError("--format xlsx には --output FILE.xlsx を指定してください。")
        try:
            program = program_from_name(options["program"])
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        fy = fiscal_year_arg(options["fy"])
        try:
            result = compute(program=program, fy=fy, amount=amount_arg(options["amount"]), key=options["key"],
                             ratios=options["ratios"])
        except CostShareError as exc:
            raise CommandError(str(exc)) from None
        header, rows = result.header(), result.lines()
        if options["format"] == "csv":
            data = csv_text(header, rows)
        else:
            caption = f"{result.fiscal_year_label} {program.label} 費用負担の按分（契約額 {result.amount:,}円）"
            data = exports.to_xlsx("費用負担", header, rows, caption=caption)
        write_output(self, options, data)
