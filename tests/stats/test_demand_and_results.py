"""The prefecture's counts from the case core: expected demand where a program is not implemented (small
counts as a range), and results per body and program with a CSV. Policy staff only; never a person."""
import datetime as dt
from fractions import Fraction

import pytest
from django.urls import reverse

from jiritsu.cases import services
from jiritsu.cases.choices import Status
from jiritsu.cases.models import Handoff
from jiritsu.core.wareki import fiscal_year
from jiritsu.programs.catalog import Program
from jiritsu.programs.models import Agreement, Method, Participation
from jiritsu.stats.demand import demand, shown
from jiritsu.stats.results import results
from tests.factories import advance_case, new_case

NAMES = [("青木", "あおき"), ("石田", "いしだ"), ("上野", "うえの"), ("江口", "えぐち"), ("大野", "おおの"),
         ("加藤", "かとう"), ("木村", "きむら")]


def consultations(world, n, *, user=None, complaints=("job_search",), main="job_search", days_ago=30, start=0):
    from django.utils import timezone

    received = timezone.localdate() - dt.timedelta(days=days_ago)
    return [new_case(world, user=user, family_name=NAMES[start + i][0], kana=(NAMES[start + i][1], "はなこ"),
                     birth=dt.date(1970 + start + i, 1, 1), complaints=complaints, main=main, received_on=received)
            for i in range(n)]


def test_small_counts_are_shown_as_a_range():
    assert [shown(n) for n in (0, 1, 4, 5, 12)] == ["0", "1〜4", "1〜4", "5", "12"]


def test_demand_counts_people_of_bodies_not_implementing_the_program(world, today):
    consultations(world, 5)  # 日立: 5 people looking for work
    consultations(world, 2, complaints=("income", "job_search"), main="income", start=5)  # one more sign each
    consultations(world, 1, user=world.worker_b, start=0)
    consultations(world, 1, days_ago=400, start=6)  # older than 12 months: not counted
    Participation.objects.create(body=world.tsuchiura, program=Program.EMPLOYMENT_PREP, fiscal_year=fiscal_year(today),
                                 method=Method.JOINT)
    result = demand(prefecture=world.pref, program=Program.EMPLOYMENT_PREP, as_of=today, fy=fiscal_year(today))
    rows = {r.body.code: r for r in result.rows}
    assert "08203" not in rows  # 土浦 implements it
    assert rows["08202"].cells(result.need) == ["7", "7", "5", "7", "0"]
    assert result.implementing == 1


def test_the_demand_page_shows_counts_and_no_person(client, world, today):
    Agreement.objects.all().delete()  # nobody implements 家計改善支援 (the world's 協定 would say all do)
    cases = consultations(world, 3, complaints=("debt",), main="debt")
    client.force_login(world.policy)
    html = client.get(reverse("program_demand"), {"program": "household_budget"}).content.decode()
    assert "家計改善支援を実施していない団体" in html and "1〜4" in html
    for case in cases:
        assert case.client.family_name not in html and case.case_number not in html
    csv = client.get(reverse("program_demand"), {"program": "household_budget", "format": "csv"})
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("団体コード,団体名,相談実人数,該当する人数")
    assert any(line.startswith("08202,日立市,1〜4,1〜4,1〜4,1〜4,0,") for line in lines)


@pytest.fixture
def handed_off(world):
    case = advance_case(world, new_case(world), Status.IN_SUPPORT)
    started = case.received_on + dt.timedelta(days=22)
    services.hand_off(user=world.worker_a, case=case, provider=world.prep_provider, program=Program.EMPLOYMENT_PREP,
                      started_on=started)
    services.record_outcome(user=world.worker_a, case=case, kind="employed", occurred_on=started + dt.timedelta(days=10))
    return case


def test_results_count_hand_offs_users_and_outcomes_per_body_and_program(world, handed_off):
    fy = fiscal_year(handed_off.handoffs.get().started_on)
    result = results(prefecture=world.pref, fy=fy)
    row = next(r for r in result.rows if r.body == world.hitachi and r.program == Program.EMPLOYMENT_PREP)
    assert (row.handoffs, row.users, row.employed, row.income_increased, row.achieved_rate) == (1, 1, 1, 0, "100.0")
    assert row.users_per_100k == f"{100_000 / world.hitachi.population():.1f}"
    other = next(r for r in result.rows if r.body == world.tsuchiura and r.program == Program.EMPLOYMENT_PREP)
    assert (other.handoffs, other.users, other.achieved_rate) == (0, 0, "—")
    earlier = results(prefecture=world.pref, fy=fy - 1)
    assert all(r.users == 0 for r in earlier.rows)


def test_an_outcome_before_the_hand_off_does_not_count(world):
    case = advance_case(world, new_case(world), Status.IN_SUPPORT)
    services.record_outcome(user=world.worker_a, case=case, kind="income_increased",
                            occurred_on=case.received_on + dt.timedelta(days=21))
    services.hand_off(user=world.worker_a, case=case, provider=world.prep_provider, program=Program.EMPLOYMENT_PREP,
                      started_on=case.received_on + dt.timedelta(days=22))
    row = next(r for r in results(prefecture=world.pref, fy=fiscal_year(case.received_on + dt.timedelta(days=22))).rows
               if r.body == world.hitachi and r.program == Program.EMPLOYMENT_PREP)
    assert (row.users, row.income_increased) == (1, 0)


def test_the_results_page_and_csv_by_fiscal_year(client, world, handed_off):
    fy = fiscal_year(handed_off.handoffs.get().started_on)
    client.force_login(world.policy)
    html = client.get(reverse("program_results"), {"fy": str(fy)}).content.decode()
    assert "団体別の広域実施の実績" in html and "100.0" in html
    assert handed_off.client.family_name not in html and handed_off.case_number not in html
    csv = client.get(reverse("program_results"), {"fy": str(fy), "format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "年度,事業,団体コード,団体名,人口,引継ぎ件数,利用者数（実人数）,就労者数,増収者数,就労・増収率（%）,人口10万人当たり利用者数,実施（方法・根拠）"
    assert any(line.startswith(f"R{fy - 2018}年度,就労準備支援,08202,日立市,") and ",1,1,1,0,100.0," in line
               for line in lines)
    bad = client.get(reverse("program_results"), {"fy": "X9"})
    assert bad.status_code == 200 and "errorlist" in bad.content.decode()


@pytest.mark.parametrize("name", ["program_demand", "program_results"])
@pytest.mark.parametrize("who", ["worker_a", "chief_a", "admin_a", "prep_staff", "auditor", "developer"])
def test_only_policy_staff_see_the_counts(client, world, name, who):
    client.force_login(getattr(world, who))
    assert client.get(reverse(name)).status_code == 403
    assert client.get(reverse(name), {"format": "csv"}).status_code == 403


def test_a_debt_found_at_assessment_counts_for_the_household_budget_program(world, today):
    Agreement.objects.all().delete()  # nobody implements 家計改善支援 (the world's 協定 would say all do)
    case = advance_case(world, consultations(world, 1, days_ago=60)[0], Status.APPLIED)
    consultations(world, 1, days_ago=50, start=1)
    services.record_assessment(user=world.worker_a, case=case, data={"assessed_on": today, "debt_total": 500_000})
    result = demand(prefecture=world.pref, program=Program.HOUSEHOLD_BUDGET, as_of=today, fy=fiscal_year(today))
    row = next(r for r in result.rows if r.body == world.hitachi)
    assert (len(row.consulted), len(row.by_any), len(row.by_situation), len(row.in_need)) == (2, 0, 1, 1)


def test_the_count_pages_take_a_fixed_number_of_queries(client, world, handed_off, django_assert_max_num_queries):
    client.force_login(world.policy)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("program_results")).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("program_demand")).status_code == 200


def test_the_demand_page_states_its_criteria_for_every_program(client, world):
    client.force_login(world.policy)
    for program in ("employment_prep", "household_budget", "temporary_shelter", "community_living", "child_learning"):
        html = client.get(reverse("program_demand"), {"program": program}).content.decode()
        assert "該当の基準：。" not in html and "該当の基準：" in html
    html = client.get(reverse("program_demand"), {"program": "temporary_shelter"}).content.decode()
    assert "該当の基準：住居なし・住居喪失のおそれ（B票）。" in html


def test_bodies_without_cases_get_a_population_based_estimate_with_a_range(world, today):
    """Four bodies implement 就労準備支援 this year; 日立 hands off 6 people, 土浦 2, 水戸 and 古河 none. Every
    other body, with or without cases, is given its population × their rate per 100,000, and a range."""
    from jiritsu.orgs.models import Body

    Agreement.objects.all().delete()
    fy = fiscal_year(today)
    implementing = {code: Body.objects.get(code=code) for code in ("08201", "08202", "08203", "08204")}
    for body in implementing.values():
        Participation.objects.create(body=body, program=Program.EMPLOYMENT_PREP, fiscal_year=fy, method=Method.JOINT)
    hitachi = consultations(world, 6, days_ago=20)
    tsuchiura = consultations(world, 2, user=world.worker_b, days_ago=20)
    for case in hitachi + tsuchiura:
        Handoff.objects.create(case=case, provider=world.prep_provider, program=Program.EMPLOYMENT_PREP,
                               mode="urgent", started_on=today - dt.timedelta(days=10), recorded_by=world.worker_a)
    result = demand(prefecture=world.pref, program=Program.EMPLOYMENT_PREP, as_of=today, fy=fy)
    pops = {code: b.population() for code, b in implementing.items()}
    rate = Fraction(8 * 100_000, sum(pops.values()))
    assert result.estimate.rate == rate and result.estimate.bodies == 4 and result.estimate.users == 8
    rates = sorted([Fraction(6 * 100_000, pops["08202"]), Fraction(2 * 100_000, pops["08203"]), Fraction(0),
                    Fraction(0)])
    assert result.estimate.low == rates[0] + (rates[1] - rates[0]) * Fraction(3, 4)
    assert result.estimate.high == rates[2] + (rates[3] - rates[2]) * Fraction(1, 4)
    row = next(r for r in result.lines() if r[0] == "08205")  # 石岡市: no case at all
    ishioka = Body.objects.get(code="08205").population()
    assert row[2:7] == ["0", "0", "0", "0", "0"] and row[7] == ishioka
    assert row[8] == int(rate * ishioka / 100_000 + Fraction(1, 2)) and row[8] > 0
    low, high = (int(v * ishioka / 100_000 + Fraction(1, 2)) for v in (result.estimate.low, result.estimate.high))
    assert row[9] == f"{low}〜{high}"
    assert not any(r[0] in implementing for r in result.lines())
