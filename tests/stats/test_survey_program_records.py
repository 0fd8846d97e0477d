"""利用事業 from the programs' own records (monthly-survey.md: of the plans counted in M, those that include the
program): a first plan counted in M includes 住居確保給付金 or 就労準備支援 when the person was using it on the
plan's decision day, once even if the plan also lists it; nothing counts without a counted plan."""
import datetime as dt

from jiritsu.cases.models import Client
from jiritsu.housing.models import Application, Payment, Period
from jiritsu.housing.rules import add_months
from jiritsu.orgs.models import Body
from jiritsu.prep.models import Enrolment
from jiritsu.programs.catalog import PlanService
from jiritsu.stats.survey import cases_behind, monthly_survey, resolve_unit

from . import builders as b

D = dt.date
HOUSING, PREP = "service:housing_benefit", "service:employment_prep"


def benefit(case, decided_on, first_month, *, months=3, status=Application.Status.GRANTED, stopped_on=None,
            client=None, body=None):
    """A decided 住居確保給付金 with its payments (straight rows: only what the survey reads)."""
    app = Application.objects.create(
        case=case, client=client or case.client, body=body or case.body, received_on=decided_on - dt.timedelta(days=10),
        household_size=1, monthly_income=60_000, assets=0, rent=40_000, cause="left_job", landlord_name="L",
        bank_name="B", branch_name="S", account_number="0000001", account_holder="ｶ", status=status,
        decided_on=decided_on if status != Application.Status.APPLIED else None, monthly_amount=37_200,
        stopped_on=stopped_on, recorded_by=b.recorder())
    if status == Application.Status.APPLIED or status == Application.Status.REFUSED:
        return app
    period = Period.objects.create(application=app, number=1, first_month=first_month, decided_on=decided_on,
                                   decided_by=b.recorder())
    for i in range(months):
        month = add_months(first_month, i)
        cancelled = stopped_on is not None and month > stopped_on.replace(day=1)
        Payment.objects.create(application=app, period=period, month=month, amount=37_200,
                               status=Payment.Status.CANCELLED if cancelled else Payment.Status.SCHEDULED)
    return app


def enrolment(case, started_on, ended_on=None):
    return Enrolment.objects.create(case=case, provider=b.agency_of(case.body), started_on=started_on,
                                    limit_on=started_on + dt.timedelta(days=365), ended_on=ended_on,
                                    recorded_by=b.recorder())


def june(code="08202"):
    return monthly_survey(resolve_unit(code), D(2024, 6, 1), D(2024, 6, 1)).total.counts


def test_a_plan_decided_while_the_benefit_is_paid_counts_under_housing_once(ibaraki):
    paid = b.case("08202", D(2024, 4, 1))
    benefit(paid, D(2024, 5, 20), D(2024, 6, 1))
    b.plan(paid, 1, D(2024, 6, 10))  # the worker did not tick it
    both = b.case("08202", D(2024, 4, 2))
    benefit(both, D(2024, 5, 20), D(2024, 5, 1))
    b.plan(both, 1, D(2024, 6, 30), services=[PlanService.HOUSING_BENEFIT])  # ticked and in use: once
    counts = june()
    assert counts["plans"] == 2 and counts[HOUSING] == 2 and counts[PREP] == 0
    unit = resolve_unit("08202")
    assert set(cases_behind(unit, [D(2024, 6, 1)], HOUSING)) == {paid, both}


def test_benefits_not_in_use_on_the_plans_day_or_without_a_counted_plan_do_not_count(ibaraki):
    later = b.case("08202", D(2024, 4, 1))
    benefit(later, D(2024, 6, 20), D(2024, 7, 1))  # decided after the plan
    b.plan(later, 1, D(2024, 6, 10))
    over = b.case("08202", D(2024, 4, 1))
    benefit(over, D(2024, 2, 1), D(2024, 2, 1))  # Feb–Apr, run out before June
    b.plan(over, 1, D(2024, 6, 10))
    ended = b.case("08202", D(2024, 4, 1))
    benefit(ended, D(2024, 5, 1), D(2024, 5, 1), status=Application.Status.ENDED, stopped_on=D(2024, 6, 5))
    b.plan(ended, 1, D(2024, 6, 10))  # ended five days before the plan (June itself still paid)
    waiting = b.case("08202", D(2024, 4, 1))
    benefit(waiting, D(2024, 6, 1), D(2024, 6, 1), status=Application.Status.APPLIED)
    b.plan(waiting, 1, D(2024, 6, 10))
    replan = b.case("08202", D(2024, 1, 1))
    b.plan(replan, 1, D(2024, 3, 1))
    benefit(replan, D(2024, 5, 20), D(2024, 6, 1))
    b.plan(replan, 2, D(2024, 6, 10))  # a re-plan is never counted
    lone = Client.objects.create(body=Body.objects.get(code="08202"), family_name="給付", given_name="のみ")
    benefit(None, D(2024, 6, 1), D(2024, 6, 1), client=lone, body=lone.body)  # no case, no plan
    counts = june()
    assert counts["plans"] == 4 and counts[HOUSING] == 0


def test_a_plan_decided_on_the_day_the_benefit_ends_still_counts(ibaraki):
    c = b.case("08202", D(2024, 4, 1))
    benefit(c, D(2024, 5, 1), D(2024, 5, 1), status=Application.Status.SUSPENDED, stopped_on=D(2024, 6, 10))
    b.plan(c, 1, D(2024, 6, 10))
    assert june()[HOUSING] == 1


def test_a_plan_decided_during_a_prep_enrolment_counts_under_employment_prep(ibaraki):
    enrolled = b.case("08202", D(2024, 4, 1))
    enrolment(enrolled, D(2024, 5, 1))
    b.plan(enrolled, 1, D(2024, 6, 3))
    listed = b.case("08202", D(2024, 4, 1))
    enrolment(listed, D(2024, 6, 1))
    b.plan(listed, 1, D(2024, 6, 3), services=[PlanService.EMPLOYMENT_PREP])
    finished = b.case("08202", D(2024, 4, 1))
    enrolment(finished, D(2024, 4, 1), ended_on=D(2024, 5, 31))
    b.plan(finished, 1, D(2024, 6, 3))
    other_body = b.case("08203", D(2024, 4, 1))
    enrolment(other_body, D(2024, 5, 1))
    b.plan(other_body, 1, D(2024, 6, 3))
    counts = june()
    assert counts["plans"] == 3 and counts[PREP] == 2 and counts[HOUSING] == 0
    assert june("08203")[PREP] == 1


def test_the_program_columns_count_by_the_month_of_the_plan_not_of_the_benefit(ibaraki):
    c = b.case("08202", D(2024, 4, 1))
    benefit(c, D(2024, 5, 1), D(2024, 5, 1))
    b.plan(c, 1, D(2024, 7, 1))  # July's benefit month, plan in July
    report = monthly_survey(resolve_unit("08202"), D(2024, 5, 1), D(2024, 7, 1))
    assert [r.counts[HOUSING] for r in report.rows] == [0, 0, 1, 1]
