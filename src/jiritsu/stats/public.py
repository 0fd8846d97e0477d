"""Figures for publication: counts by body and month, with small counts suppressed so no person can be singled
out (issue 6, item 5).

The rule, as printed with every export (SUPPRESSION_RULE):
- primary: a count of 1 to 4 (a cell, a body's total or a month's total) is shown as "*"; 0 is shown;
- secondary: further counts are shown as "*" until no suppressed count can be worked out from the totals
  printed beside it. Each table is a system of equations (every row of cells sums to its total, every column
  to its total); a suppressed count is recoverable exactly when it is the same in every solution, which
  Gaussian elimination over the suppressed cells tells. While one is recoverable, the smallest shown
  non-zero count on its row or column (the one with fewer "*") is suppressed as well; a row or column with a single "*" is
  the simplest such case (the total minus the others).

The elimination runs modulo a prime: the matrix of a table's row and column sums is totally unimodular (every
minor is 0 or ±1), so its rank, and with it which cells are fixed, is the same as over the rationals.
"""
import datetime as dt
from dataclasses import dataclass

from jiritsu.orgs.models import Body, Prefecture

from .survey import COUNT_LABELS, counts_by_body_month, month_end

SUPPRESSED = "*"
SMALL = range(1, 5)
PRIME = 2_147_483_647
ITEMS = ["new", "plans", "employed", "income"]
SUPPRESSION_RULE = ("秘匿のルール：1〜4件の値（自治体・月の値、自治体の合計、月の合計）は「*」で表示します（0は表示）。"
                    "さらに、合計との差し引きで「*」の値が求まらないよう、必要なだけ他の値も「*」にしています（二次秘匿）。")
TOTAL_LABEL = "合計"
PREF_TOTAL_LABEL = "県計"


@dataclass
class Table:
    item: str
    bodies: list[Body]
    months: list[dt.date]
    values: list[list[int]]  # (bodies + total row) × (months + total column)
    hidden: list[list[bool]]

    @property
    def label(self) -> str:
        return str(COUNT_LABELS[self.item])

    def shown(self) -> list[list]:
        return [[SUPPRESSED if h else v for v, h in zip(row, hide, strict=True)]
                for row, hide in zip(self.values, self.hidden, strict=True)]


def with_totals(cells: list[list[int]]) -> list[list[int]]:
    rows = [[*row, sum(row)] for row in cells]
    return [*rows, [sum(col) for col in zip(*rows, strict=True)]] if rows else [[0]]


def equations(n_rows: int, n_cols: int) -> list[list[tuple[int, int, int]]]:
    """Each line of the table with totals as (row, column, coefficient) summing to zero."""
    lines = [[(i, j, 1) for j in range(n_cols - 1)] + [(i, n_cols - 1, -1)] for i in range(n_rows)]
    lines += [[(i, j, 1) for i in range(n_rows - 1)] + [(n_rows - 1, j, -1)] for j in range(n_cols)]
    return lines


def recoverable(hidden: list[list[bool]]) -> list[tuple[int, int]]:
    """The suppressed cells whose value the printed figures fix (same in every solution of the lines)."""
    n_rows, n_cols = len(hidden), len(hidden[0])
    unknowns = [(i, j) for i in range(n_rows) for j in range(n_cols) if hidden[i][j]]
    index = {cell: k for k, cell in enumerate(unknowns)}
    matrix = []
    for line in equations(n_rows, n_cols):
        row = [0] * len(unknowns)
        for i, j, c in line:
            if (i, j) in index:
                row[index[(i, j)]] += c
        if any(row):
            matrix.append([c % PRIME for c in row])
    pivots = _reduce(matrix, len(unknowns))
    free = set(range(len(unknowns))) - set(pivots)
    return [unknowns[col] for r, col in enumerate(pivots) if not any(matrix[r][f] for f in free)]


def _reduce(matrix: list[list[int]], width: int) -> list[int]:
    """Reduced row echelon form modulo PRIME, in place; returns the pivot column of each leading row."""
    pivots, r = [], 0
    for col in range(width):
        found = next((k for k in range(r, len(matrix)) if matrix[k][col]), None)
        if found is None:
            continue
        matrix[r], matrix[found] = matrix[found], matrix[r]
        inverse = pow(matrix[r][col], PRIME - 2, PRIME)
        matrix[r] = [x * inverse % PRIME for x in matrix[r]]
        for k in range(len(matrix)):
            if k != r and matrix[k][col]:
                factor = matrix[k][col]
                matrix[k] = [(a - factor * b) % PRIME for a, b in zip(matrix[k], matrix[r], strict=True)]
        pivots.append(col)
        r += 1
    return pivots


def suppress(values: list[list[int]]) -> list[list[bool]]:
    """Which cells of a table with totals (last row and column) are printed as "*"."""
    hidden = [[v in SMALL for v in row] for row in values]
    while any(any(row) for row in hidden):
        exposed = recoverable(hidden)
        if not exposed:
            break
        for i, j in exposed:  # one partner each per round, then look again
            cell = _partner(values, hidden, i, j)
            if cell is None:  # nothing left to hide beside it: hide the whole table
                return [[True] * len(row) for row in values]
            hidden[cell[0]][cell[1]] = True
    return hidden


def _partner(values, hidden, i, j):
    """The smallest shown count beside the cell, non-zero ones first, on its row or column, whichever has
    fewer counts hidden (a line with the cell alone hidden gives it away by subtraction)."""
    n_rows, n_cols = len(values), len(values[0])
    lines = [[(i, k) for k in range(n_cols) if k != j], [(k, j) for k in range(n_rows) if k != i]]
    lines.sort(key=lambda line: sum(hidden[a][b] for a, b in line))
    for line in lines:
        shown = [(values[a][b] == 0, values[a][b], (a, b)) for a, b in line if not hidden[a][b]]
        if shown:
            return min(shown)[2]
    return None


def tables(prefecture: Prefecture, months: list[dt.date]) -> list[Table]:
    bodies = list(prefecture.bodies.order_by("code"))
    ids = tuple(b.pk for b in bodies)
    cells = counts_by_body_month([(ids, months[0], month_end(months[-1]))]) if bodies else {}
    out = []
    for item in ITEMS:
        grid = [[cells.get((b.pk, m), {}).get(item, 0) for m in months] for b in bodies]
        values = with_totals(grid)
        out.append(Table(item, bodies, months, values, suppress(values)))
    return out


def header(months: list[dt.date]) -> list[str]:
    return ["項目", "団体コード", "自治体", *[f"{m:%Y-%m}" for m in months], TOTAL_LABEL]


def rows(table_list: list[Table]):
    for t in table_list:
        shown = t.shown()
        for body, row in zip(t.bodies, shown, strict=False):
            yield [t.label, body.code, body.name, *row]
        yield [t.label, "", PREF_TOTAL_LABEL, *shown[-1]]
