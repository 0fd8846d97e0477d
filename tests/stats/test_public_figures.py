"""Figures for publication: small counts (1-4) suppressed, and no suppressed count recoverable from the totals."""
import csv
import datetime as dt
import io
import random

import numpy as np
import openpyxl
import pytest

from jiritsu.stats.public import SUPPRESSED, suppress, with_totals

from . import builders as b

D = dt.date


def constraint_matrix(n_rows, n_cols, hidden):
    """Independent of the code under test: each row and column of the table with totals, as an equation over
    the suppressed cells (numpy's rank, not the module's elimination)."""
    cells = [(i, j) for i in range(n_rows) for j in range(n_cols) if hidden[i][j]]
    rows = []
    for i in range(n_rows):
        line = {(i, j): 1 for j in range(n_cols - 1)} | {(i, n_cols - 1): -1}
        rows.append([line.get(c, 0) for c in cells])
    for j in range(n_cols):
        line = {(i, j): 1 for i in range(n_rows - 1)} | {(n_rows - 1, j): -1}
        rows.append([line.get(c, 0) for c in cells])
    return np.array(rows, dtype=float).reshape(len(rows), len(cells)), cells


def recoverable_cells(hidden):
    """A suppressed cell is recoverable when its unit vector lies in the row space of the equations."""
    a, cells = constraint_matrix(len(hidden), len(hidden[0]), hidden)
    if not cells:
        return []
    rank = np.linalg.matrix_rank(a)
    out = []
    for k, cell in enumerate(cells):
        unit = np.zeros((1, len(cells)))
        unit[0, k] = 1
        if np.linalg.matrix_rank(np.vstack([a, unit])) == rank:
            out.append(cell)
    return out


def by_subtraction(values, hidden):
    """What someone with a calculator gets: a line (row or column, totals included) with one "*" left."""
    n_rows, n_cols = len(values), len(values[0])
    lines = [[(i, j) for j in range(n_cols)] for i in range(n_rows)] + [[(i, j) for i in range(n_rows)]
                                                                         for j in range(n_cols)]
    return [line for line in lines if sum(hidden[i][j] for i, j in line) == 1]


def test_a_single_small_count_gets_a_partner_on_its_row_and_column_so_subtraction_fails():
    values = with_totals([[10, 3, 12], [20, 15, 9], [7, 8, 30]])
    hidden = suppress(values)
    assert hidden[0][1]  # the 3
    assert sum(map(sum, hidden)) >= 4 and by_subtraction(values, hidden) == []
    assert recoverable_cells(hidden) == []
    # the partner is the smallest other count on the 3's row: not the body's total
    assert hidden[0][0] and not hidden[0][3]


def test_a_small_total_is_suppressed_and_cannot_be_rebuilt_from_the_other_totals():
    values = with_totals([[0, 2, 0], [30, 40, 50], [11, 0, 12]])
    hidden = suppress(values)
    assert hidden[0][1] and hidden[0][3]  # the 2 and its row's total 2
    assert recoverable_cells(hidden) == [] and by_subtraction(values, hidden) == []


def test_a_table_without_small_counts_is_printed_in_full():
    values = with_totals([[10, 0, 12], [20, 15, 9]])
    assert not any(map(any, suppress(values)))


@pytest.mark.parametrize("seed", range(12))
def test_random_sparse_tables_hide_every_small_count_and_leave_none_recoverable(seed):
    rng = random.Random(seed)
    n_rows, n_cols = rng.randrange(2, 9), rng.randrange(2, 8)
    grid = [[rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 9, 15, 40]) for _ in range(n_cols)] for _ in range(n_rows)]
    values = with_totals(grid)
    hidden = suppress(values)
    for i, row in enumerate(values):
        for j, v in enumerate(row):
            if 1 <= v <= 4:
                assert hidden[i][j], (i, j, v)
    assert recoverable_cells(hidden) == [] and by_subtraction(values, hidden) == []


# ---------------------------------------------------------------- the page and the downloads

@pytest.fixture
def cases(world):
    """日立: 2 in April (small), 6 in May; 土浦: 7 in April."""
    for day in (D(2024, 4, 3), D(2024, 4, 20), *[D(2024, 5, d) for d in range(1, 7)]):
        b.case("08202", day)
    for d in range(1, 8):
        c = b.case("08203", D(2024, 4, d))
    c.client.family_name = "公表外"
    c.client.save()


def read_csv(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_csv_hides_small_counts_and_what_would_give_them_away(client, world, cases):
    client.force_login(world.policy)
    response = client.get("/stats/public.csv?first=2024-04&last=2024-05")
    assert response.status_code == 200
    rows = read_csv(response)
    assert rows[0] == ["項目", "団体コード", "自治体", "2024-04", "2024-05", "合計"]
    hitachi = next(r for r in rows if r[0] == "新規相談受付件数" and r[1] == "08202")
    tsuchiura = next(r for r in rows if r[0] == "新規相談受付件数" and r[1] == "08203")
    total = next(r for r in rows if r[0] == "新規相談受付件数" and r[2] == "県計")
    assert hitachi[3] == SUPPRESSED  # 2 cases in April
    assert sum(c == SUPPRESSED for c in hitachi[3:]) >= 2  # so 日立's total minus May does not give it
    assert sum(c == SUPPRESSED for c in (hitachi[3], tsuchiura[3], total[3])) >= 2  # nor April's column
    for row in rows[1:]:
        assert not any(cell in {"1", "2", "3", "4"} for cell in row[3:]), row
    assert "公表外" not in response.content.decode("utf-8-sig")


def test_the_page_and_the_workbook_state_the_rule(client, world, cases):
    client.force_login(world.worker_a)
    page = client.get("/stats/public/?first=2024-04&last=2024-05").content.decode()
    assert "1〜4件の値" in page and "二次秘匿" in page and "<table" in page
    wb = openpyxl.load_workbook(io.BytesIO(client.get("/stats/public.xlsx?first=2024-04&last=2024-05").content))
    ws = wb["新規相談受付件数"]
    assert "1〜4件の値" in ws["A2"].value and [c.value for c in ws[3]][:3] == ["項目", "団体コード", "自治体"]


def test_users_outside_the_survey_readers_get_no_public_figures(client, world, cases):
    client.force_login(world.prep_staff)
    assert client.get("/stats/public.csv?first=2024-04&last=2024-05").status_code == 403
    client.force_login(world.policy)
    assert client.get("/stats/public/?first=2024-05&last=2024-04").status_code == 200  # error at the field
