"""The chain trigger finds the previous row's hash through the primary key's index, whatever the log's size
when the session first inserted.

PL/pgSQL keeps the plan of the trigger's `ORDER BY id DESC LIMIT 1` for the rest of the session. A session
that first inserted into an empty or small log (a new installation, a fresh restore, the first import of an
old ledger) kept a sequential scan and sort, so each insert read the whole log: an import of 100,000 ledger
rows into a new database slowed with every row (1,000 rows took 1.5 s after the first 10,000, and growing).
With sequential scans off inside the trigger function only, the plan is always the index's last entry.
"""
from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER FUNCTION audit_accesslog_chain() SET enable_seqscan = off")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER FUNCTION audit_accesslog_chain() RESET enable_seqscan")


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0007_role_as_data"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
