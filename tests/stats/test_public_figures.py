"""Figures for publication: only fixed periods (month, quarter, fiscal year), small counts (1-4) hidden, and no
hidden count recoverable from the totals, from the other tables of the year, or from downloads made at different
times (issue 17, item 1). The attacker (tests/stats/attack.py) is written without the code under test."""
import csv
import datetime as dt
import io
import random
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jiritsu.stats import disclosure
from jiritsu.stats.public import N_COLUMNS, SUPPRESSED, ended_periods, parse_period

from . import attack
from . import builders as b

D = dt.date
MONTHS = [f"m{i}" for i in range(12)]
COLUMNS = [*MONTHS, *[attack.QUARTER.format(q + 1) for q in range(4)], attack.YEAR]


# ---------------------------------------------------------------- the suppression, on its own

def table(grid):
    """A table with totals (last row and column) as values and equations, and the attacker's view of it."""
    rows = [[*r, sum(r)] for r in grid]
    rows.append([sum(c) for c in zip(*rows, strict=True)])
    values = [v for r in rows for v in r]
    return rows, values, disclosure.table_equations(len(rows), len(rows[0]))


def table_attack(rows, hidden):
    """The table as the attacker's cells and sums (row i, column j; the last of each is the total)."""
    n_rows, n_cols = len(rows), len(rows[0])
    name = lambda i, j: (f"r{i}", f"c{j}")  # noqa: E731
    sums = [(name(i, n_cols - 1), [name(i, j) for j in range(n_cols - 1)]) for i in range(n_rows)]
    sums += [(name(n_rows - 1, j), [name(i, j) for i in range(n_rows - 1)]) for j in range(n_cols)]
    printed = {name(i, j): SUPPRESSED if i * n_cols + j in hidden else v
               for i, r in enumerate(rows) for j, v in enumerate(r)}
    truth = {name(i, j): v for i, r in enumerate(rows) for j, v in enumerate(r)}
    return attack.recovered(printed, truth, sums)


def test_a_single_small_count_gets_partners_so_subtraction_fails():
    rows, values, equations = table([[10, 3, 12], [20, 15, 9], [7, 8, 30]])
    hidden = disclosure.protect(values, equations)
    assert 1 in hidden and len(hidden) >= 4  # the 3, and partners on its row and column
    assert table_attack(rows, hidden) == {}


def test_three_ones_beside_a_total_of_ten_are_not_given_away_by_their_being_at_least_one():
    """The issue's case: a prefecture total of 10 beside 水戸 7 — three hidden cells that sum to 3 are 1 each."""
    rows, values, equations = table([[7, 20], [1, 30], [1, 25], [1, 40]])
    hidden = disclosure.protect(values, equations)
    assert {5, 8, 11} <= hidden  # the three 1s
    assert table_attack(rows, hidden) == {}


def test_a_table_without_small_counts_is_printed_in_full():
    _rows, values, equations = table([[10, 0, 12], [20, 15, 9]])
    assert disclosure.protect(values, equations) == set()


counts = st.sampled_from([0, 0, 0, 1, 2, 3, 4, 5, 6, 9, 15, 40])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(2, 6).flatmap(lambda n: st.lists(st.lists(counts, min_size=n, max_size=n), min_size=2,
                                                      max_size=7)))
def test_random_tables_hide_every_small_count_and_leave_none_recoverable(grid):
    rows, values, equations = table(grid)
    hidden = disclosure.protect(values, equations)
    assert all(k in hidden for k, v in enumerate(values) if v in disclosure.SMALL)
    assert table_attack(rows, hidden) == {}


def year_grid(months_per_body):
    """A fiscal year's grid: the months, the quarters and the year per body, and the prefecture's total."""
    rows = []
    for months in months_per_body:
        quarters = [sum(months[3 * q:3 * q + 3]) for q in range(4)]
        rows.append([*months, *quarters, sum(quarters)])
    rows.append([sum(c) for c in zip(*rows, strict=True)])
    return rows


def year_attack(rows, printed_cells: dict):
    names = [*[f"b{i}" for i in range(len(rows) - 1)], attack.TOTAL]
    sums = attack.hierarchy(names, MONTHS)
    truth = {(names[r], COLUMNS[c]): v for r, row in enumerate(rows) for c, v in enumerate(row)}
    printed = {(names[k // N_COLUMNS], COLUMNS[k % N_COLUMNS]): v for k, v in printed_cells.items()}
    return attack.recovered(printed, truth, sums) | dict.fromkeys(attack.linear_rank_recovered(printed, sums), "?")


def publish_progressively(rows):
    """Publish column by column as the periods end (months, then each quarter after its third month, then the
    year), each time keeping what was printed before: what the module does over a year."""
    from jiritsu.stats.public import year_equations

    equations = year_equations(len(rows))
    order = []
    for q in range(4):
        order += [[3 * q], [3 * q + 1], [3 * q + 2, 12 + q]]
    order[-1].append(16)
    values = [None] * (len(rows) * N_COLUMNS)
    hidden: set[int] = set()
    printed_over_time = []
    for columns in order:
        fresh = [r * N_COLUMNS + c for r in range(len(rows)) for c in columns]
        for k in fresh:
            values[k] = rows[k // N_COLUMNS][k % N_COLUMNS]
        hidden = disclosure.protect(values, equations, hidden=hidden, candidates=fresh)
        printed_over_time.append({k: SUPPRESSED if k in hidden else values[k] for k, v in enumerate(values)
                                  if v is not None})
    return printed_over_time


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(counts, min_size=12, max_size=12), min_size=1, max_size=4))
def test_a_year_published_month_by_month_leaves_no_hidden_count_recoverable_from_all_its_tables(bodies):
    rows = year_grid(bodies)
    printed_over_time = publish_progressively(rows)
    final = printed_over_time[-1]
    for earlier in printed_over_time:  # nothing printed is ever changed or hidden later
        assert {k: final[k] for k in earlier} == earlier
    assert [k for k, v in final.items() if rows[k // N_COLUMNS][k % N_COLUMNS] in disclosure.SMALL
            and v != SUPPRESSED] == []
    # Nothing printed changes, so the last printing knows everything an earlier one did: attack that one.
    assert year_attack(rows, final) == {}


# ---------------------------------------------------------------- the page and the downloads

def at(day: dt.date):
    return time_machine.travel(dt.datetime.combine(day, dt.time(12), tzinfo=ZoneInfo("Asia/Tokyo")), tick=False)


@pytest.fixture
def year_of_cases(world):
    """FY2024 new consultations: 日立 and 土浦 with many small months, 水戸 with busy ones."""
    rng = random.Random(17)
    for code, choices in (("08202", [0, 1, 2, 3, 6]), ("08203", [0, 1, 4, 7]), ("08201", [5, 8, 12])):
        for n in range(12):
            month = D(2024 + (n >= 9), (n + 3) % 12 + 1, 1)
            for day in range(rng.choice(choices)):
                b.case(code, month + dt.timedelta(days=day))
    c = b.case("08203", D(2024, 4, 10))
    c.client.family_name = "公表外"
    c.client.save()


def read_csv(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def printed_cells(rows) -> dict:
    """(item, row, column) → printed value, from one CSV."""
    header, out = rows[0], {}
    for row in rows[1:]:
        for label, value in zip(header[3:], row[3:], strict=True):
            out[(row[0], row[2], label)] = value if value == SUPPRESSED else int(value)
    return out


def attack_downloads(downloads: list[dict]):
    """Every download of the year together: the same cell must read the same everywhere; then the attack."""
    union: dict = {}
    for printed in downloads:
        for cell, value in printed.items():
            assert union.setdefault(cell, value) == value, cell
    months = [f"{D(2024 + (n >= 9), (n + 3) % 12 + 1, 1):%Y-%m}" for n in range(12)]
    found = {}
    for item in {c[0] for c in union}:
        rows = sorted({c[1] for c in union if c[0] == item})
        printed = {(r, col): v for (i, r, col), v in union.items() if i == item}
        sums = attack.hierarchy(rows, months)
        truth = {cell: (v if v != SUPPRESSED else 1) for cell, v in printed.items()}  # the attacker's "not 0"
        found.update({(item, *cell): v for cell, v in attack.recovered(printed, truth, sums).items()})
        found.update(dict.fromkeys(((item, *cell) for cell in attack.linear_rank_recovered(printed, sums)), "?"))
    return union, found


def download(client, period: str) -> dict:
    response = client.get(f"/stats/public.csv?period={period}")
    assert response.status_code == 200, response.content.decode()[:300]
    return printed_cells(read_csv(response))


ALL_OF_FY2024 = [f"{D(2024 + (n >= 9), (n + 3) % 12 + 1, 1):%Y-%m}" for n in range(12)] + \
    [f"2024Q{q}" for q in range(1, 5)] + ["FY2024"]


def test_every_table_of_a_year_together_gives_no_hidden_count_away(client, world, year_of_cases):
    client.force_login(world.policy)
    with at(D(2025, 4, 10)):
        downloads = [download(client, p) for p in ALL_OF_FY2024]
    union, found = attack_downloads(downloads)
    assert found == {}
    assert not [cell for cell, v in union.items() if v in disclosure.SMALL]
    assert sum(v == SUPPRESSED for v in union.values()) > 0


def test_downloads_made_as_each_period_ends_give_nothing_away_together(client, world, year_of_cases):
    """Jan-Oct, Jan-Nov ... is not offered; what is offered, downloaded month after month as each period ends
    and put together with a late correction in between, recovers nothing either."""
    client.force_login(world.policy)
    downloads = []
    for key in ["2024-04", "2024-05", "2024-06", "2024Q1"]:
        with at(parse_period(key).last_day + dt.timedelta(days=1)):
            downloads.append(download(client, key))
            if key == "2024-05":  # a case of April recorded late: April as printed stays as it was
                b.case("08202", D(2024, 4, 28))
    with at(D(2025, 4, 1)):
        downloads += [download(client, key) for key in ALL_OF_FY2024]
    _union, found = attack_downloads(downloads)
    assert found == {}


def test_a_count_corrected_after_publication_is_not_reprinted(client, world, year_of_cases):
    client.force_login(world.policy)
    with at(D(2024, 5, 2)):
        before = download(client, "2024-04")
    for _ in range(9):
        b.case("08202", D(2024, 4, 28))
    with at(D(2025, 4, 10)):
        assert download(client, "2024-04") == before


def test_free_ranges_and_periods_not_yet_ended_are_refused_at_the_field(client, world, year_of_cases):
    client.force_login(world.policy)
    with at(D(2024, 11, 15)):
        for bad in ("2024-04..2024-10", "2024-11", "2024Q3", "FY2024", "2024Q9", "x\x00", "9" * 40):
            response = client.get(f"/stats/public.csv?period={bad}")
            assert response.status_code == 400, bad
            assert "終わった月・四半期・年度" in response.content.decode()
        old_style = client.get("/stats/public/?first=2024-01&last=2024-10")
        assert old_style.status_code == 200 and "2024年10月" in old_style.content.decode()  # the latest month
        assert [p.key for p in ended_periods(D(2024, 11, 15))][:3] == ["2024Q2", "2024Q1", "2024-10"]


def test_the_csv_hides_small_counts_and_never_a_name(client, world, year_of_cases):
    client.force_login(world.policy)
    with at(D(2024, 7, 1)):
        response = client.get("/stats/public.csv?period=2024Q1")
    rows = read_csv(response)
    assert rows[0] == ["項目", "団体コード", "自治体", "2024-04", "2024-05", "2024-06", "第1四半期計"]
    assert rows[1][0] == "新規相談受付件数" and any(r[2] == "県計" for r in rows)
    for row in rows[1:]:
        assert not any(cell in {"1", "2", "3", "4"} for cell in row[3:]), row
    assert "公表外" not in response.content.decode("utf-8-sig")
    assert 'filename="public-figures-2024Q1.csv"' in response["Content-Disposition"]


def test_the_page_and_the_workbook_state_the_rule(client, world, year_of_cases):
    client.force_login(world.worker_a)
    with at(D(2025, 4, 10)):
        page = client.get("/stats/public/?period=FY2024").content.decode()
        workbook = client.get("/stats/public.xlsx?period=FY2024").content
    assert "1〜4件の値" in page and "二次秘匿" in page and "<table" in page and "令和6年度" in page
    assert "第4四半期計" in page and "年度計" in page
    ws = openpyxl.load_workbook(io.BytesIO(workbook))["新規相談受付件数"]
    assert "1〜4件の値" in ws["A2"].value and [c.value for c in ws[3]][:3] == ["項目", "団体コード", "自治体"]


def test_users_outside_the_survey_readers_get_no_public_figures(client, world, year_of_cases):
    client.force_login(world.prep_staff)
    assert client.get("/stats/public.csv?period=2024-04").status_code == 403
    assert client.get("/stats/public/").status_code == 403
