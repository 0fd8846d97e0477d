"""Where each access came from (role, client address, API token), and every access-log row chained to the
previous one by a hash computed by the database (audit.chain).

Rows already written are chained here, in id order. On SQLite the append-only trigger on UPDATE now lets
the chain trigger fill in a new row's hash (once: a row with a hash can never change again). SQLite
rebuilds the table to add columns, which drops its triggers: all are created again here.
"""
from django.db import migrations, models

from jiritsu.audit.chain import HASHED, SQLITE_FUNCTION, register_sqlite_function, row_hash

# Any constant: the transaction-long advisory lock that puts concurrent writers of the log in one line.
LOCK_KEY = 7_110_017


def _field(expr: str) -> str:
    return f"CASE WHEN {expr} IS NULL THEN '~' ELSE length({expr})::text || ':' || {expr} END"


_PG_VALUES = [f"(extract(epoch FROM r.at) * 1000000)::bigint::text" if name == "at" else f"r.{name}::text"
              for name in HASHED]
PG_UP = [
    # The same text as audit.chain.row_hash builds, hashed with SHA-256.
    "CREATE OR REPLACE FUNCTION audit_accesslog_row_hash(previous text, r audit_accesslog) RETURNS text AS $$ "
    "SELECT encode(sha256(convert_to(coalesce(previous, '') || "
    + " || ".join(_field(v) for v in _PG_VALUES) + ", 'UTF8')), 'hex') $$ LANGUAGE sql IMMUTABLE;",
    f"""CREATE OR REPLACE FUNCTION audit_accesslog_chain() RETURNS trigger AS $$
       DECLARE previous text;
       BEGIN
         PERFORM pg_advisory_xact_lock({LOCK_KEY});
         -- Taken under the lock, so ids follow the chain even when transactions commit out of order.
         NEW.id := nextval(pg_get_serial_sequence('audit_accesslog', 'id'));
         SELECT row_hash INTO previous FROM audit_accesslog ORDER BY id DESC LIMIT 1;
         NEW.row_hash := audit_accesslog_row_hash(previous, NEW);
         RETURN NEW;
       END; $$ LANGUAGE plpgsql;""",
    "CREATE TRIGGER audit_accesslog_chain BEFORE INSERT ON audit_accesslog "
    "FOR EACH ROW EXECUTE FUNCTION audit_accesslog_chain();",
]
PG_BACKFILL = [
    "ALTER TABLE audit_accesslog DISABLE TRIGGER audit_accesslog_no_change;",
    """DO $$ DECLARE r audit_accesslog; previous text := '';
       BEGIN
         FOR r IN SELECT * FROM audit_accesslog ORDER BY id LOOP
           previous := audit_accesslog_row_hash(previous, r);
           UPDATE audit_accesslog SET row_hash = previous WHERE id = r.id;
         END LOOP;
       END $$;""",
    "ALTER TABLE audit_accesslog ENABLE TRIGGER audit_accesslog_no_change;",
]
PG_DOWN = [
    "DROP TRIGGER IF EXISTS audit_accesslog_chain ON audit_accesslog;",
    "DROP FUNCTION IF EXISTS audit_accesslog_chain();",
    "DROP FUNCTION IF EXISTS audit_accesslog_row_hash(text, audit_accesslog);",
]

_NEW = ", ".join(f"NEW.{name}" for name in HASHED)
SQLITE_CHAIN = [
    "CREATE TRIGGER audit_accesslog_chain AFTER INSERT ON audit_accesslog BEGIN "
    f"UPDATE audit_accesslog SET row_hash = {SQLITE_FUNCTION}("
    "(SELECT row_hash FROM audit_accesslog WHERE id < NEW.id ORDER BY id DESC LIMIT 1), "
    f"{_NEW}) WHERE id = NEW.id; END;",
]
# The append-only triggers as they stand from here on (tests lift and restore them around a flush).
SQLITE_APPEND_ONLY_UP = [
    "CREATE TRIGGER audit_accesslog_no_update BEFORE UPDATE ON audit_accesslog "
    "WHEN OLD.row_hash != '' OR NEW.row_hash = '' "
    "OR " + " OR ".join(f"NEW.{name} IS NOT OLD.{name}" for name in HASHED) + " "
    "BEGIN SELECT RAISE(ABORT, 'audit_accesslog is append-only'); END;",
    "CREATE TRIGGER audit_accesslog_no_delete BEFORE DELETE ON audit_accesslog "
    "BEGIN SELECT RAISE(ABORT, 'audit_accesslog is append-only'); END;",
]
SQLITE_APPEND_ONLY_DOWN = [
    "DROP TRIGGER IF EXISTS audit_accesslog_no_update;",
    "DROP TRIGGER IF EXISTS audit_accesslog_no_delete;",
]
_SQLITE_OLD_NO_UPDATE = ("CREATE TRIGGER audit_accesslog_no_update BEFORE UPDATE ON audit_accesslog "
                         "BEGIN SELECT RAISE(ABORT, 'audit_accesslog is append-only'); END;")


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        for sql in [*PG_UP, *PG_BACKFILL]:
            schema_editor.execute(sql)
        return
    connection.ensure_connection()
    register_sqlite_function(connection=connection)  # a connection opened before the app was ready lacks it
    for sql in SQLITE_APPEND_ONLY_DOWN:
        schema_editor.execute(sql)
    columns = ", ".join(HASHED)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM audit_accesslog ORDER BY id")
        rows = cursor.fetchall()
        previous = ""
        for row in rows:
            previous = row_hash(previous, *row)
            cursor.execute("UPDATE audit_accesslog SET row_hash = %s WHERE id = %s", [previous, row[0]])
    for sql in [*SQLITE_APPEND_ONLY_UP, *SQLITE_CHAIN]:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in PG_DOWN:
            schema_editor.execute(sql)
        return
    for sql in ["DROP TRIGGER IF EXISTS audit_accesslog_chain;", *SQLITE_APPEND_ONLY_DOWN]:
        schema_editor.execute(sql)


def restore_sqlite_append_only(apps, schema_editor):
    """Going back, last: the columns' removal rebuilt the table without triggers; 0002's come back."""
    if schema_editor.connection.vendor == "sqlite":
        for sql in [*SQLITE_APPEND_ONLY_DOWN, _SQLITE_OLD_NO_UPDATE, SQLITE_APPEND_ONLY_UP[1]]:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_organisation_index_instead_of_user_index")]
    operations = [
        migrations.RunPython(migrations.RunPython.noop, restore_sqlite_append_only),
        migrations.AddField(
            model_name="accesslog",
            name="client_address",
            field=models.CharField(max_length=45, null=True, verbose_name="接続元"),
        ),
        migrations.AddField(
            model_name="accesslog",
            name="role",
            field=models.CharField(blank=True, choices=[("support_worker", "相談支援員"), ("chief", "主任相談支援員"), ("employment_worker", "就労支援員"), ("body_admin", "自治体担当者"), ("provider_staff", "委託事業者職員"), ("placement_developer", "就労体験開拓員"), ("prefecture_policy", "県政策担当者"), ("auditor", "監査担当者")], max_length=24, verbose_name="役割"),
        ),
        migrations.AddField(
            model_name="accesslog",
            name="token_id",
            field=models.BigIntegerField(null=True, verbose_name="APIトークン"),
        ),
        migrations.AddField(
            model_name="accesslog",
            name="row_hash",
            field=models.CharField(blank=True, db_default="", editable=False, max_length=64, verbose_name="ハッシュ"),
        ),
        migrations.RunPython(forwards, backwards),
    ]
