"""`jiritsu match placements --problem FILE.json [--output FILE.json]` (shared/specs/matching.md)."""
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jiritsu.placements.matching import ProblemError, parse_problem, solve

HELP = """就労体験・訓練先の最適マッチングを問題ファイルから解く / solve a placement matching problem file.
Input: {"clients": [...], "slots": [...], "costs": [...] (optional)} as in matching.md.
Fit: stage ≥ slot min_stage (日常生活自立 < 社会生活自立 < 就労自立), slot hours ≤ client hours,
haversine distance (R = 6,371 km) ≤ max_travel_km, no slot feature in the client's avoid.
Built-in cost of a fitting pair: distance_km / max_travel_km (0..1) + 1.0 × number of the client's preferred
features the slot lacks; "costs" replaces it for the fitting pairs it lists.
Objective: the maximum number of people placed, then the least total cost; no slot over capacity.
Output JSON: assignments (client, slot, cost), unassigned (client, reasons: ステージ / 時間 / 距離 / 避けたい作業 /
定員), total_cost, objective; ordered by client id."""


class Command(BaseCommand):
    help = HELP

    def create_parser(self, prog_name, subcommand, **kwargs):
        from argparse import RawDescriptionHelpFormatter

        kwargs.setdefault("formatter_class", RawDescriptionHelpFormatter)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("--problem", required=True, help="問題ファイル (UTF-8 JSON) / problem file")
        parser.add_argument("--output", help="結果の書き出し先 (省略時は標準出力) / result file, stdout by default")

    def handle(self, *args, problem, output=None, **options):
        try:
            # utf-8-sig: a byte-order mark left by Windows editors is accepted.
            data = json.loads(Path(problem).read_text(encoding="utf-8-sig"))
        except OSError as exc:
            raise CommandError(f"問題ファイルを読めません (cannot read the problem file): {exc}") from exc
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CommandError(f"問題ファイルが UTF-8 の JSON ではありません (not UTF-8 JSON): {exc}") from exc
        try:
            result = solve(parse_problem(data))
        except ProblemError as exc:
            raise CommandError(f"問題ファイルが不正です (invalid problem): {exc}") from exc
        text = json.dumps(result.as_dict(), ensure_ascii=False, indent=2) + "\n"
        if output:
            try:
                Path(output).write_text(text, encoding="utf-8")
            except OSError as exc:
                raise CommandError(f"結果を書き出せません (cannot write the result): {exc}") from exc
        else:
            self.stdout.write(text, ending="")
