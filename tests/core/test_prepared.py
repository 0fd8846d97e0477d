"""core.prepared: on PostgreSQL the case page's records statement is planned once per connection, and no
other statement is prepared (a generic plan could not use the work lists' partial indexes)."""
import pytest
from django.db import connection

from jiritsu.cases.choices import Status
from jiritsu.cases.models import Case
from jiritsu.cases.web import case_records
from jiritsu.core.prepared import MARK
from tests.factories import advance_case, new_case

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")


def _prepared() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_the_case_records_statement_is_prepared_and_nothing_else_is(world):
    case = advance_case(world, new_case(world), Status.IN_SUPPORT)
    for _ in range(8):  # psycopg would prepare any statement run five times, if we let it
        case_records.load(Case.objects.get(pk=case.pk))
        Case.objects.filter(body_id=case.body_id).exclude(status=Status.CLOSED).count()
    prepared = _prepared()
    assert any("cases_consent" in sql for sql in prepared), prepared
    assert all(sql.startswith(MARK) for sql in prepared), prepared


def test_a_prepared_statement_still_reads_what_was_written_after_it_was_prepared(world):
    case = advance_case(world, new_case(world), Status.IN_SUPPORT)
    for _ in range(6):
        case_records.load(Case.objects.get(pk=case.pk))
    other = advance_case(world, new_case(world), Status.IN_SUPPORT)
    reread = Case.objects.get(pk=other.pk)
    case_records.load(reread)
    assert [p.case_id for p in reread.plans.all()] == [other.pk]
