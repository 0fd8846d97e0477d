"""The access log's hand-written SQL, all of it (tests/audit/test_sql.py compares it with the ORM's rows).

Why SQL: one INSERT ... SELECT writes a row per case of a queryset however many cases it holds (an export
of 100,000 cases is one statement), where the ORM would first read every case into Python.
"""
from django.core.exceptions import EmptyResultSet
from django.db import connections, router

from .models import AccessLog

# The values every row of one call shares, then those the SELECT gives per case.
SHARED = ("at", "user_id", "username", "role", "organisation_name", "organisation_id", "via", "client_address",
          "token_id", "action", "what")
PER_CASE = ("body_id", "case_id", "case_number")


def insert_per_case(shared: dict, cases) -> None:
    """One access-log row per case of the queryset `cases`: the SHARED values, then the case's body, id and
    number. The database computes each row's hash as it inserts it (audit.chain)."""
    connection = connections[router.db_for_write(AccessLog)]
    q = connection.ops.quote_name
    fields = [AccessLog._meta.get_field(name) for name in (*SHARED, *PER_CASE)]
    try:
        sub_sql, sub_params = cases.order_by().values_list("body_id", "pk", "case_number").query.sql_with_params()
    except EmptyResultSet:  # a queryset that can hold no case (no ids, .none()): no row to write
        return
    sql = (f"INSERT INTO {q(AccessLog._meta.db_table)} ({', '.join(q(f.column) for f in fields)}) "
           f"SELECT {', '.join(['%s'] * len(SHARED))}, sub.body_id, sub.pk, sub.case_number FROM ({sub_sql}) sub")
    values = [f.get_db_prep_value(shared[f.attname], connection) for f in fields[:len(SHARED)]]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values, *sub_params])
