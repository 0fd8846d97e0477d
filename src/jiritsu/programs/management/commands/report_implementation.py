"""jiritsu report implementation --from-fy Y --to-fy Y [--format csv|xlsx|html] [--output FILE]."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jiritsu.core.exports import csv_text
from jiritsu.core.routing import reporting
from jiritsu.core.wareki import parse_fiscal_year
from jiritsu.programs import exports
from jiritsu.programs.implementation import build_table

TITLE = "任意事業の実施状況（実施自治体数（実施率））"


def fiscal_year_arg(text):
    try:
        return parse_fiscal_year(text)
    except ValueError as exc:
        raise CommandError(str(exc)) from None


def write_output(command, options, data: str | bytes) -> None:
    """Text to stdout unless --output; bytes (xlsx) only to a file."""
    output = options.get("output")
    if output:
        path = Path(output)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
        command.stderr.write(f"{path} に書き出しました。")
    elif isinstance(data, bytes):
        raise CommandError("--format xlsx には --output FILE.xlsx を指定してください。")
    else:
        command.stdout.write(data, ending="")


class Command(BaseCommand):
    help = ("任意事業の実施状況表（事業ごとの実施方法、開始年度、年度ごとの実施自治体数（実施率））。"
            " The implementation-status table per program and fiscal year.")

    def add_arguments(self, parser):
        parser.add_argument("--from-fy", required=True, help="開始年度（2019、R1、令和元年度）")
        parser.add_argument("--to-fy", required=True, help="終了年度（2022、R4、令和4年度）")
        parser.add_argument("--format", choices=["csv", "xlsx", "html"], default="csv")
        parser.add_argument("--output", help="書き出すファイル（xlsx では必須）")

    def handle(self, *args, **options):
        with reporting():  # from the replica when one is configured (core.routing)
            self._report(**options)

    def _report(self, **options):
        if options["format"] == "xlsx" and not options["output"]:
            raise CommandError("--format xlsx には --output FILE.xlsx を指定してください。")
        try:
            table = build_table(fiscal_year_arg(options["from_fy"]), fiscal_year_arg(options["to_fy"]))
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        header, rows = table.header(), table.lines()
        if options["format"] == "csv":
            data = csv_text(header, rows)
        elif options["format"] == "xlsx":
            data = exports.to_xlsx("実施状況", header, rows, caption=TITLE)
        else:
            data = exports.to_html(TITLE, header, rows)
        write_output(self, options, data)
