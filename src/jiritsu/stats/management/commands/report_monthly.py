"""jiritsu report monthly --unit CODE --from YYYY-MM --to YYYY-MM [--format csv|xlsx] [--output F]"""
import sys

from django.core.management.base import BaseCommand, CommandError

from jiritsu.core.routing import reporting
from jiritsu.stats import exports
from jiritsu.stats.survey import UnitError, monthly_survey, parse_month, resolve_unit


class Command(BaseCommand):
    help = ("支援状況調査（月次）を報告単位・期間で集計し、CSV（標準出力）または Excel で出力します。"
            " / The national monthly survey for a reporting unit and range of months.")

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True,
                            help="報告単位: 団体コード（08202、6桁も可、町村部は 08000）または都道府県コード（08）")
        parser.add_argument("--from", dest="first", required=True, help="開始年月 YYYY-MM")
        parser.add_argument("--to", dest="last", required=True, help="終了年月 YYYY-MM")
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv", help="出力形式（既定: csv）")
        parser.add_argument("--output", help="出力ファイル（省略時は標準出力。xlsx は必須）")

    def handle(self, *args, **opts):
        with reporting():  # from the replica when one is configured (core.routing)
            self._report(**opts)

    def _report(self, **opts):
        try:
            unit = resolve_unit(opts["unit"])
            report = monthly_survey(unit, parse_month(opts["first"]), parse_month(opts["last"]))
        except UnitError as exc:
            raise CommandError(str(exc)) from None
        if opts["format"] == "xlsx":
            data = exports.to_xlsx(report)
            if opts["output"]:
                with open(opts["output"], "wb") as fh:
                    fh.write(data)
            else:
                sys.stdout.buffer.write(data)
            return
        text = exports.to_csv(report)
        if opts["output"]:
            with open(opts["output"], "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
        else:
            self.stdout.write(text, ending="")
