"""Lists and the case detail read a fixed number of queries, whatever their length."""
import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from jiritsu.cases import services
from jiritsu.cases.choices import Status
from tests.factories import advance_case, new_case


def queries(caller, url, **params):
    with CaptureQueriesContext(connection) as ctx:
        response = caller.get(url, **params)
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries), response.json()


def add_cases(world, n, start=0):
    for i in range(start, start + n):
        new_case(world, family_name=f"試験{i}", given_name="太郎", kana=("しけん", "たろう"),
                 birth=dt.date(1970, 1, 1) + dt.timedelta(days=i), phone=f"090-0000-{i:04d}")


def test_it_searches_in_constant_queries_whatever_the_page_length(api, world, django_assert_max_num_queries):
    caller = api.as_(world.worker_a)
    add_cases(world, 2)
    few, body = queries(caller, "/api/cases")
    assert body["count"] == 2
    add_cases(world, 40, start=2)
    many, body = queries(caller, "/api/cases", q="しけん")
    assert len(body["items"]) == 42 and many == few
    with django_assert_max_num_queries(few):
        caller.get("/api/cases", page=1)


def test_it_pages_the_search_and_audits_only_what_was_shown(api, world):
    from jiritsu.audit.models import AccessLog

    add_cases(world, 53)
    caller = api.as_(world.worker_a)
    first = caller.get("/api/cases").json()
    assert (first["count"], first["pages"], first["page_size"], len(first["items"])) == (53, 2, 50, 50)
    before = AccessLog.objects.filter(action="search").count()
    second = caller.get("/api/cases", page=2).json()
    assert len(second["items"]) == 3
    assert AccessLog.objects.filter(action="search").count() - before == 3
    assert caller.get("/api/cases", page=9).json()["items"] == []
    assert caller.get("/api/cases", page=0).status_code == 422
    bad = caller.get("/api/cases", status="unknown")
    assert bad.status_code == 422 and bad.json()["errors"] == {"status": ["状況の指定が正しくありません。"]}
    assert caller.get("/api/cases", status="received").json()["count"] == 53


def test_it_lists_meetings_in_constant_queries(api, world, today):
    chief = api.as_(world.chief_a)
    meeting = services.create_meeting(user=world.chief_a, held_on=today)

    def put_on_agenda(i):
        case = advance_case(world, new_case(world, family_name=f"会議{i}", phone=f"090-1111-{i:04d}"),
                            Status.PLAN_DRAFTED)
        services.add_to_agenda(user=world.worker_a, meeting=meeting, case=case)

    put_on_agenda(0)
    few, _ = queries(chief, "/api/meetings")
    for i in range(1, 6):
        put_on_agenda(i)
        services.create_meeting(user=world.chief_a, held_on=today - dt.timedelta(days=i))
    many, body = queries(chief, "/api/meetings")
    assert many == few
    first = next(m for m in body["items"] if m["id"] == meeting.pk)
    assert len(first["items"]) == 6


def test_it_reads_a_case_and_its_progress_in_constant_queries(api, world):
    case = advance_case(world, new_case(world), Status.IN_SUPPORT)
    caller = api.as_(world.worker_a)
    detail_few, _ = queries(caller, f"/api/cases/{case.pk}")
    progress_few, _ = queries(caller, f"/api/cases/{case.pk}/progress")
    for i in range(8):
        services.record_progress(user=world.worker_a, case=case, occurred_on=case.received_on + dt.timedelta(days=i),
                                 kind="phone", text=f"電話{i}")
        services.record_monitoring(user=world.worker_a, case=case,
                                   monitored_on=case.received_on + dt.timedelta(days=30 + i), delivery="順調")
    detail_many, body = queries(caller, f"/api/cases/{case.pk}")
    progress_many, records = queries(caller, f"/api/cases/{case.pk}/progress")
    assert len(body["progress"]) == len(records) == 8 and len(body["monitorings"]) == 8
    # Never more with more records (the next monitoring date is read from them once they exist).
    assert detail_many <= detail_few and progress_many == progress_few
