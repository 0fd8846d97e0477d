"""stats.sql: a report's PostgreSQL session settings hold inside its transaction and nowhere after."""
import pytest
from django.db import connection

from jiritsu.stats.sql import analytic_settings

pytestmark = pytest.mark.django_db(transaction=True)


def _show(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SHOW {name}")
        return cursor.fetchone()[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="session settings of PostgreSQL")
def test_the_reports_memory_and_jit_settings_end_with_its_transaction():
    before = (_show("work_mem"), _show("jit"))
    with analytic_settings():
        assert connection.in_atomic_block
        assert (_show("work_mem"), _show("jit")) == ("64MB", "off")
    assert (_show("work_mem"), _show("jit")) == before


def test_the_report_runs_in_one_transaction_on_any_database():
    with analytic_settings():
        assert connection.in_atomic_block
    assert not connection.in_atomic_block
