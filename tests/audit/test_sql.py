"""audit.sql writes, in one INSERT ... SELECT, the rows the ORM writes one by one: the same values, and rows
whose hashes chain like any other (audit.chain)."""
from django.utils import timezone

from jiritsu.audit import log, sql
from jiritsu.audit.chain import verify
from jiritsu.audit.models import AccessLog
from jiritsu.cases.models import Case
from tests.factories import new_case

VALUES = ("user_id", "username", "role", "organisation_name", "organisation_id", "via", "client_address",
          "token_id", "action", "what", "body_id", "case_id", "case_number")


def test_the_insert_select_writes_the_rows_the_orm_writes(world, django_assert_num_queries):
    cases = [new_case(world, given_name=name) for name in ("一子", "二子", "三子")]
    new_case(world, user=world.worker_b)  # another body's: not in the queryset
    mine = Case.objects.filter(body_id=world.agency_a.body_id)
    with django_assert_num_queries(1):
        log.record_query(user=world.worker_a, action="export", what="SQLで記録", cases=mine)
    log.record_many(user=world.worker_a, action="export", what="ORMで記録", cases=mine)
    by_sql = AccessLog.objects.filter(what="SQLで記録").order_by("case_id").values_list(*VALUES)
    by_orm = AccessLog.objects.filter(what="ORMで記録").order_by("case_id").values_list(*VALUES)
    assert [r[:-4] + r[-3:] for r in by_sql] == [r[:-4] + r[-3:] for r in by_orm]
    assert [r[-2] for r in by_sql] == sorted(c.pk for c in cases)
    stamps = AccessLog.objects.filter(what="SQLで記録").values_list("at", flat=True)
    assert all(abs(timezone.now() - at).total_seconds() < 60 for at in stamps)


def test_rows_written_by_the_insert_select_keep_the_hash_chain_whole(world):
    new_case(world)
    sql.insert_per_case({"at": timezone.now(), "user_id": None, "username": "(system)", "role": "",
                         "organisation_name": "", "organisation_id": None, "via": "test", "client_address": None,
                         "token_id": None, "action": "export", "what": "連鎖"}, Case.objects.all())
    assert AccessLog.objects.filter(what="連鎖").exclude(row_hash="").count() == 1
    assert verify().intact


def test_a_page_that_showed_no_case_writes_no_row_and_does_not_fail(world, django_assert_num_queries):
    with django_assert_num_queries(0):
        log.record_query(user=world.worker_a, action="search", what="何も表示せず", cases=Case.objects.filter(pk__in=[]))
        log.record_query(user=world.worker_a, action="search", what="何も表示せず", cases=Case.objects.none())
    assert not AccessLog.objects.filter(what="何も表示せず").exists()
