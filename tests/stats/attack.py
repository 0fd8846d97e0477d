"""An attacker of published tables, written without the code under test: every printed table of a year is put
into one system (each cell named by item, body and column; every sum the tables imply as an equation), and each
"*" is bounded by linear programs over non-negative counts, a hidden count that is not 0 known to be at least 1.
A cell is recovered when its smallest and largest possible values are equal."""
import numpy as np
from scipy.optimize import linprog

MONTH_COLUMNS = 12
QUARTER = "第{}四半期計"
YEAR = "年度計"
TOTAL = "県計"


def hierarchy(rows: list[str], month_labels: list[str]) -> list[tuple[str, list[str]]]:
    """(total, parts) for one item: quarters of months and the year of quarters per row, the prefecture's
    total of the bodies per column."""
    quarters = [QUARTER.format(q + 1) for q in range(4)]
    sums = []
    for row in rows:
        for q, label in enumerate(quarters):
            sums.append(((row, label), [(row, m) for m in month_labels[3 * q:3 * q + 3]]))
        sums.append(((row, YEAR), [(row, q) for q in quarters]))
    bodies = [r for r in rows if r != TOTAL]
    for column in [*month_labels, *quarters, YEAR]:
        sums.append(((TOTAL, column), [(b, column) for b in bodies]))
    return sums


def recovered(printed: dict, truth: dict, sums) -> dict:
    """The hidden cells (printed "*") whose value follows from everything printed: {cell: value}.

    `printed`: cell → count or "*" (cells never printed are absent: unknowns too); `truth`: cell → true count,
    used only for the bounds an attacker is granted (hidden and not 0 → at least 1)."""
    cells = sorted({c for total, parts in sums for c in (total, *parts)})
    unknown = [c for c in cells if printed.get(c, "*") == "*"]
    index = {c: k for k, c in enumerate(unknown)}
    a_eq, b_eq = [], []
    for total, parts in sums:
        row, const = np.zeros(len(unknown)), 0.0
        for cell, coef in [(total, 1), *[(p, -1) for p in parts]]:
            if cell in index:
                row[index[cell]] += coef
            else:
                const -= coef * printed[cell]
        if row.any():
            a_eq.append(row)
            b_eq.append(const)
    lower = [1 if printed.get(c) == "*" and truth[c] >= 1 else 0 for c in unknown]
    found = {}
    for cell in [c for c in unknown if printed.get(c) == "*"]:
        k = index[cell]
        ends = []
        for sign in (1, -1):
            cost = np.zeros(len(unknown))
            cost[k] = sign
            result = linprog(cost, A_eq=np.array(a_eq) if a_eq else None, b_eq=b_eq or None,
                             bounds=[(lo, None) for lo in lower], method="highs")
            if result.status == 3:  # no bound on one side: certainly not fixed
                break
            assert result.status == 0, result.message
            ends.append(result.x[k])
        if len(ends) == 2 and abs(ends[0] - ends[1]) < 1e-6:
            found[cell] = round(ends[0])
    return found


def linear_rank_recovered(printed: dict, sums) -> list:
    """What the equations alone fix (no bounds): unit vectors in the row space, by numpy's rank."""
    cells = sorted({c for total, parts in sums for c in (total, *parts)})
    unknown = [c for c in cells if printed.get(c, "*") == "*"]
    index = {c: k for k, c in enumerate(unknown)}
    rows = []
    for total, parts in sums:
        row = np.zeros(len(unknown))
        for cell, coef in [(total, 1), *[(p, -1) for p in parts]]:
            if cell in index:
                row[index[cell]] += coef
        if row.any():
            rows.append(row)
    if not rows:
        return []
    a = np.array(rows)
    rank = np.linalg.matrix_rank(a)
    out = []
    for cell in unknown:
        if printed.get(cell) != "*":
            continue
        unit = np.zeros((1, len(unknown)))
        unit[0, index[cell]] = 1
        if np.linalg.matrix_rank(np.vstack([a, unit])) == rank:
            out.append(cell)
    return out
