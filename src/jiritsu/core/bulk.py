"""Many new rows of one model at once, for imports: PostgreSQL's COPY where there is one, bulk_create elsewhere.

Django's bulk_create on PostgreSQL sends each column as an array that psycopg builds in Python, and
compiles an INSERT per batch: for a 100,000-row ledger that was most of the import's time. COPY takes the
rows as they are. The values are still Django's (each field's pre_save and get_db_prep_save, as
bulk_create uses), so defaults, automatic dates and JSON come out the same; the primary keys are taken
from the table's own sequence first, so the objects get their ids as bulk_create would give them.
"""
from django.db import connections, router


def insert_all(model, objs: list) -> list:
    """Insert `objs` (new instances of `model`) and give each its primary key; returns `objs`. COPY streams
    every row in one statement; bulk_create splits them as the database's parameter limit requires."""
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "postgresql" or not objs:
        return model.objects.bulk_create(objs)
    opts = model._meta
    fields = [f for f in opts.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in [opts.pk, *fields])
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                       [opts.db_table, opts.pk.column, len(objs)])
        for obj, (pk,) in zip(objs, cursor.fetchall(), strict=True):
            obj.pk = pk
        # The psycopg cursor itself (Django's wrapper has no copy()): its errors raised as Django's, as any query's.
        with connection.wrap_database_errors, cursor.cursor.copy(
                f"COPY {quote(opts.db_table)} ({columns}) FROM STDIN") as copy:
            for obj in objs:
                # bulk_create's own check: a related object not yet saved is an error, not a NULL
                obj._prepare_related_fields_for_save(operation_name="bulk_create")
                copy.write_row([obj.pk, *(f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields)])
    for obj in objs:
        obj._state.adding, obj._state.db = False, connection.alias
    return objs
