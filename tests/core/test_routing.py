"""core.routing without a replica: reports read the primary like everything else."""
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import router

from jiritsu.cases.models import Case
from jiritsu.core.routing import replica_configured, reporting


def test_without_a_replica_reports_read_the_primary(settings):
    settings.REPORTS_FROM_REPLICA = False
    with reporting():
        assert not replica_configured()
        assert Case.objects.all().db == "default" and router.db_for_write(Case) == "default"


@pytest.mark.django_db
def test_a_report_command_runs_on_the_primary_without_a_replica(world):
    out = StringIO()
    call_command("report_monthly", "--unit", "08202", "--from", "2024-04", "--to", "2024-04", stdout=out)
    assert "年月,新規相談受付件数" in out.getvalue() and "合計,0," in out.getvalue()
