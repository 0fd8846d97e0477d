"""Make the access log append-only in the database itself (SQLite and PostgreSQL)."""
from django.db import migrations

SQLITE_UP = [
    "CREATE TRIGGER audit_accesslog_no_update BEFORE UPDATE ON audit_accesslog "
    "BEGIN SELECT RAISE(ABORT, 'audit_accesslog is append-only'); END;",
    "CREATE TRIGGER audit_accesslog_no_delete BEFORE DELETE ON audit_accesslog "
    "BEGIN SELECT RAISE(ABORT, 'audit_accesslog is append-only'); END;",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS audit_accesslog_no_update;",
    "DROP TRIGGER IF EXISTS audit_accesslog_no_delete;",
]
PG_UP = [
    """CREATE OR REPLACE FUNCTION audit_accesslog_refuse() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'audit_accesslog is append-only'; END; $$ LANGUAGE plpgsql;""",
    "CREATE TRIGGER audit_accesslog_no_change BEFORE UPDATE OR DELETE ON audit_accesslog "
    "FOR EACH ROW EXECUTE FUNCTION audit_accesslog_refuse();",
    "CREATE TRIGGER audit_accesslog_no_truncate BEFORE TRUNCATE ON audit_accesslog "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_accesslog_refuse();",
]
PG_DOWN = [
    "DROP TRIGGER IF EXISTS audit_accesslog_no_change ON audit_accesslog;",
    "DROP TRIGGER IF EXISTS audit_accesslog_no_truncate ON audit_accesslog;",
    "DROP FUNCTION IF EXISTS audit_accesslog_refuse();",
]


def forwards(apps, schema_editor):
    statements = PG_UP if schema_editor.connection.vendor == "postgresql" else SQLITE_UP
    for sql in statements:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    statements = PG_DOWN if schema_editor.connection.vendor == "postgresql" else SQLITE_DOWN
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
