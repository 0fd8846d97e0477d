"""core.bulk.insert_all writes new rows as bulk_create would (COPY on PostgreSQL, bulk_create elsewhere)."""
import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from jiritsu.cases.choices import ContactRoute, Status
from jiritsu.cases.models import Case, Client
from jiritsu.core.bulk import insert_all


def _values(obj):
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def _client(world, n):
    client = Client(body=world.hitachi, family_name="見本", given_name=f"花子{n}", family_name_kana="みほん",
                    given_name_kana="はなこ", birth_date=dt.date(1985, 6, n + 1), phone_mobile=f"090-0000-000{n}")
    client.refresh_search_fields()
    return client


def test_new_rows_get_their_ids_and_read_back_with_every_value(world):
    clients = insert_all(Client, [_client(world, n) for n in range(3)])
    assert len({c.pk for c in clients}) == 3 and all(c.pk and not c._state.adding for c in clients)
    cases = insert_all(Case, [
        Case(body=world.hitachi, agency=world.agency_a, client=c, case_number=f"T-{n}", received_on=dt.date(2026, 4, 1),
             received_by=world.worker_a, route=ContactRoute.OTHER, complaints=["income", "housing"],
             main_complaint="income", status=Status.CONTINUING)
        for n, c in enumerate(clients)])
    for written in [*clients, *cases]:
        stored = type(written).objects.get(pk=written.pk)
        assert _values(stored) == _values(written)  # JSON, dates, defaults and automatic times alike
    assert cases[0].created_at is not None and Case.objects.get(pk=cases[0].pk).client_id == clients[0].pk


def test_a_row_saved_afterwards_gets_a_new_id(world):
    written = insert_all(Client, [_client(world, n) for n in range(2)])
    later = _client(world, 5)
    later.save()
    assert later.pk not in {c.pk for c in written}
    assert Client.objects.filter(body=world.hitachi, family_name="見本").count() == 3


def test_nothing_to_write_writes_nothing(world):
    assert insert_all(Client, []) == []


def test_a_row_that_breaks_a_rule_of_the_table_raises_djangos_error_and_writes_nothing(world):
    client = insert_all(Client, [_client(world, 1)])[0]

    def case(number):
        return Case(body=world.hitachi, agency=world.agency_a, client=client, case_number=number,
                    received_on=dt.date(2026, 4, 1), route=ContactRoute.OTHER, main_complaint="income",
                    complaints=["income"], status=Status.CONTINUING)
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_all(Case, [case("T-1"), case("T-1")])  # one case number per body
    assert not Case.objects.filter(case_number="T-1").exists()
