"""Which published counts must be hidden so that no hidden count can be worked out (statistical disclosure control).

A set of published tables is a list of cells (counts) and equations between them (a total is the sum of its
parts: every row and column of a table, a quarter of its months, a year of its quarters, the prefecture of its
bodies). Primary suppression hides the small counts; a hidden count is *exposed* when it is the same in every
set of non-negative counts that agrees with what is printed. The attacker is given more than the tables say:
every hidden count that is not 0 is known to be at least 1 (0 is printed, so "*" means "not 0" unless it hides a
0 as a partner). Complementary suppression hides further counts, as few and as small as it can, until nothing
is exposed.

Exposure is decided exactly, in two steps:
1. Which hidden counts sit at their lower bound in every solution (the implicit equalities of the polytope
   {equations, counts >= bounds}): linear programs that try to lift each of them off its bound.
2. With those fixed, which hidden counts the equations alone fix: Gaussian elimination modulo a prime. The
   equations of tables with totals and of fixed-period hierarchies are two laminar families of sums, so their
   matrix is totally unimodular: ranks modulo the prime equal ranks over the rationals, and the polytope's
   vertices are whole numbers (the linear programs' answers are the integer answers).
"""
from collections.abc import Iterable, Sequence

import numpy as np
from scipy.optimize import linprog

SMALL = range(1, 5)
PRIME = 2_147_483_647
_LIFT = 1e-7

Equation = list[tuple[int, int]]  # (cell, coefficient); the coefficients times the counts sum to zero


def table_equations(n_rows: int, n_cols: int) -> list[Equation]:
    """A table whose last row and last column are totals, cells numbered row by row."""
    at = lambda i, j: i * n_cols + j  # noqa: E731
    lines = [[(at(i, j), 1) for j in range(n_cols - 1)] + [(at(i, n_cols - 1), -1)] for i in range(n_rows)]
    lines += [[(at(i, j), 1) for i in range(n_rows - 1)] + [(at(n_rows - 1, j), -1)] for j in range(n_cols)]
    return lines


def exposed(values: Sequence[int | None], hidden: set[int], equations: list[Equation]) -> set[int]:
    """The hidden, published cells (value not None) whose count follows from the printed ones."""
    unknown = sorted(hidden | {k for k, v in enumerate(values) if v is None})
    if not unknown:
        return set()
    pinned = _pinned(values, unknown, equations)
    free = [k for k in unknown if k not in pinned]
    fixed = pinned | _determined(free, equations)
    return {k for k in fixed if values[k] is not None}


def _system(values, unknown: list[int], equations):
    """The equations over the unknown cells: matrix, right-hand side (the printed counts moved over)."""
    index = {k: n for n, k in enumerate(unknown)}
    rows, rhs = [], []
    for line in equations:
        row, const = [0] * len(unknown), 0
        for k, c in line:
            if k in index:
                row[index[k]] += c
            else:
                const -= c * values[k]
        if any(row):
            rows.append(row)
            rhs.append(const)
    return rows, rhs


def _pinned(values, unknown: list[int], equations) -> set[int]:
    """Hidden cells that equal their lower bound in every solution (step 1)."""
    lower = [1 if (values[k] or 0) >= 1 else 0 for k in unknown]
    rows, rhs = _system(values, unknown, equations)
    n = len(unknown)
    trying = list(range(n))
    while trying:
        m = len(trying)
        # variables: the n counts, then one lift t_i per cell tried: count_i - t_i >= lower_i, 0 <= t_i <= 1
        cost = np.concatenate([np.zeros(n), -np.ones(m)])
        a_ub = np.zeros((m, n + m))
        for r, i in enumerate(trying):
            a_ub[r, i], a_ub[r, n + r] = -1, 1
        b_ub = -np.array([lower[i] for i in trying], dtype=float)
        a_eq = np.hstack([np.array(rows, dtype=float).reshape(len(rows), n), np.zeros((len(rows), m))]) if rows \
            else None
        bounds = [(lo, None) for lo in lower] + [(0, 1)] * m
        result = linprog(cost, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=np.array(rhs, dtype=float) if rows else None,
                         bounds=bounds, method="highs")
        if result.status != 0:  # cannot happen with the true counts as a solution; hide rather than guess
            return {unknown[i] for i in trying}
        lifted = {trying[r] for r in range(m) if result.x[n + r] > _LIFT}
        if not lifted:
            break
        trying = [i for i in trying if i not in lifted]
    return {unknown[i] for i in trying}


def _determined(free: list[int], equations) -> set[int]:
    """Of the free cells, those whose unit vector lies in the row space of the equations (step 2)."""
    if not free:
        return set()
    index = {k: n for n, k in enumerate(free)}
    rows = []
    for line in equations:
        row = np.zeros(len(free), dtype=np.int64)
        for k, c in line:
            if k in index:
                row[index[k]] += c
        if row.any():
            rows.append(row % PRIME)
    if not rows:
        return set()
    matrix = np.array(rows, dtype=np.int64)
    pivots = _reduce(matrix)
    non_pivot = np.ones(len(free), dtype=bool)
    non_pivot[pivots] = False
    return {free[col] for r, col in enumerate(pivots) if not matrix[r, non_pivot].any()}


def _reduce(matrix: np.ndarray) -> list[int]:
    """Reduced row echelon form modulo PRIME, in place; the pivot column of each leading row."""
    pivots, r = [], 0
    n_rows, width = matrix.shape
    for col in range(width):
        if r == n_rows:
            break
        below = np.nonzero(matrix[r:, col])[0]
        if not below.size:
            continue
        k = r + below[0]
        matrix[[r, k]] = matrix[[k, r]]
        matrix[r] = matrix[r] * pow(int(matrix[r, col]), PRIME - 2, PRIME) % PRIME
        factors = matrix[:, col].copy()
        factors[r] = 0
        others = np.nonzero(factors)[0]
        matrix[others] = (matrix[others] - factors[others, None] * matrix[r]) % PRIME
        pivots.append(col)
        r += 1
    return pivots


def protect(values: Sequence[int | None], equations: list[Equation], *, hidden: Iterable[int] = (),
            candidates: Iterable[int] | None = None) -> set[int]:
    """The cells to print as "*": the given hidden ones, every small count among the candidates (cells being
    published now; by default all published cells), and partners from the candidates until nothing is exposed.
    Cells outside the candidates were published before and keep how they were printed."""
    published = {k for k, v in enumerate(values) if v is not None}
    candidates = published if candidates is None else set(candidates) & published
    hidden = set(hidden) | {k for k in candidates if values[k] in SMALL}
    lines_of: dict[int, list[Equation]] = {}
    for line in equations:
        for k, _c in line:
            lines_of.setdefault(k, []).append(line)
    while found := exposed(values, hidden, equations):
        for cell in sorted(found):
            partner = _partner(values, hidden, candidates, lines_of.get(cell, []))
            if partner is None:  # nothing beside it may still be hidden: hide everything new
                return hidden | candidates
            hidden.add(partner)
    return hidden


def _partner(values, hidden: set[int], candidates: set[int], lines: list[Equation]) -> int | None:
    """The smallest shown count, non-zero first, on the exposed cell's line with the fewest hidden."""
    for line in sorted(lines, key=lambda ln: sum(k in hidden for k, _c in ln)):
        shown = [(values[k] == 0, values[k], k) for k, _c in line if k in candidates and k not in hidden]
        if shown:
            return min(shown)[2]
    return None
