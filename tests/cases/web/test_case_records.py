"""case_records.load prefetches a case's records (one query per kind, none for a kind its status cannot hold
yet, and one for every worker named on the case): reading them afterwards, and who recorded them, asks nothing
more of the database."""
import datetime as dt

from jiritsu.cases import records as case_records
from jiritsu.cases import services
from jiritsu.cases.choices import Status
from jiritsu.cases.models import Case, Handoff
from jiritsu.programs.catalog import PlanService, Program
from tests.factories import advance_case, new_case, plan_data


def _opened(case_id):
    """The case row as the page opens it (policies.get_case_or_404 with the page's joins)."""
    return Case.objects.select_related("client", "body", "agency", *case_records.CASE_JOINS).get(pk=case_id)


def _loaded(case_id):
    case = _opened(case_id)
    case_records.load(case)
    return case


def _case_in_support(world, today, given_name="花子"):
    case = advance_case(world, new_case(world, given_name=given_name), Status.IN_SUPPORT)
    services.hand_off(user=world.worker_a, case=case, provider=world.prep_provider, program=Program.EMPLOYMENT_PREP,
                      started_on=today)
    services.record_progress(user=world.prep_staff, case=case, occurred_on=today, kind="service", text="作業体験")
    services.record_monitoring(user=world.worker_a, case=case, monitored_on=today, delivery="順調")
    return case


def test_it_reads_each_kind_of_record_once_and_links_everything(world, today, django_assert_num_queries):
    case = _case_in_support(world, today)
    loaded = _opened(case.pk)
    # nine kinds of record (a plan's decision comes with it), a consent's organisations, a plan's goals, and the
    # workers who recorded any of them
    with django_assert_num_queries(12):
        case_records.load(loaded)
    with django_assert_num_queries(0):
        assert loaded.client.full_name == "山田 花子" and loaded.body.monitoring_interval_days
        assert loaded.agency.name == world.agency_a.name and getattr(loaded, "closure", None) is None
        [consent] = loaded.consents.all()
        assert {o.name for o in consent.scope.all()} == {world.prep_provider.name, world.shelter_provider.name}
        [plan] = loaded.plans.all()
        assert [g.goal for g in plan.goals.all()] == ["就職する"] and plan.decision.decided_by.staff.display_name
        [item] = loaded.meeting_items.all()
        assert item.meeting.held_on and item.plan is plan and item.evaluation is None
        [handoff] = loaded.handoffs.all()
        assert handoff.provider.name == world.prep_provider.name and handoff.plan is plan
        [record] = loaded.newest_progress
        assert record.organisation.name == world.prep_provider.name and record.author.username == "prep_staff"
        assert loaded.received_by.staff.display_name == "日立 相談員"
        assert loaded.triage.recorded_by.username == "worker_a"
        assert loaded.monitorings.first().recorded_by.staff.display_name == "日立 相談員"
        assert plan.decision.plan is plan and handoff.case is loaded
        assert loaded.assigned_to.staff.display_name == "日立 相談員" and consent.recorded_by.username == "worker_a"


def test_it_orders_records_as_the_page_shows_them(world, today):
    case = advance_case(world, new_case(world), Status.IN_SUPPORT)
    services.draft_plan(user=world.worker_a, case=case, data=plan_data(today, [PlanService.EMPLOYMENT_PREP]),
                        goals=[("一つ目", None), ("二つ目", None)])
    for n, days in enumerate((3, 1, 2)):
        services.record_progress(user=world.worker_a, case=case, occurred_on=today - dt.timedelta(days=days),
                                 kind="phone", text=f"記録{n}")
    loaded = _loaded(case.pk)
    assert [p.number for p in loaded.plans.all()] == [2, 1]
    assert [g.goal for g in loaded.plans.all()[0].goals.all()] == ["一つ目", "二つ目"]
    assert [r.text for r in loaded.newest_progress] == ["記録1", "記録2", "記録0"]


def test_a_later_filter_on_a_loaded_relation_still_reads_only_this_case(world, today):
    case = _case_in_support(world, today)
    _case_in_support(world, today, given_name="次郎")  # another case with an active hand-off
    loaded = _loaded(case.pk)
    active = loaded.handoffs.filter(ended_on__isnull=True)
    assert list(active) == list(Handoff.objects.filter(case=case, ended_on__isnull=True))
    assert loaded.consents.filter(withdrawn_on__isnull=True).count() == 1
    [plan] = loaded.plans.all()
    assert list(plan.goals.filter(goal="就職する")) == list(plan.goals.all()) and len(plan.goals.all()) == 1
    [consent] = loaded.consents.all()
    assert list(consent.scope.filter(pk=world.prep_provider.pk)) == [world.prep_provider]


def test_it_loads_a_case_without_records(world, django_assert_num_queries):
    loaded = _opened(new_case(world).pk)
    with django_assert_num_queries(2):  # progress records (a new case can hold nothing else yet), the workers
        case_records.load(loaded)
    with django_assert_num_queries(0):
        assert getattr(loaded, "triage", None) is None and loaded.client.given_name == "花子"
        assert list(loaded.plans.all()) == [] and list(loaded.consents.all()) == []
        assert loaded.received_by.username == "worker_a" and loaded.received_by.staff.display_name == "日立 相談員"
