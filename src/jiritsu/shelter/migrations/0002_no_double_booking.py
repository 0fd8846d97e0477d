"""No two active stays (requested or confirmed) of one room may overlap, enforced by the database.

Stays are half-open [start_on, end_on): a stay ending on a day and another starting that day do not overlap.
PostgreSQL: an exclusion constraint on daterange(start_on, end_on, '[)') with btree_gist for the room.
SQLite: BEFORE INSERT / UPDATE triggers that abort on an overlap (dates are ISO text, so they compare in order).
"""
from django.db import migrations

OVERLAP_MESSAGE = "shelter_stay_overlap"
_ACTIVE = "('requested', 'confirmed')"
_CLASH = (
    "SELECT RAISE(ABORT, '" + OVERLAP_MESSAGE + "') WHERE EXISTS (SELECT 1 FROM shelter_stay s "
    "WHERE s.room_id = NEW.room_id AND s.id IS NOT NEW.id AND s.status IN " + _ACTIVE + " "
    "AND s.start_on < NEW.end_on AND NEW.start_on < s.end_on);"
)
SQLITE_UP = [
    "CREATE TRIGGER shelter_stay_no_overlap_insert BEFORE INSERT ON shelter_stay "
    "WHEN NEW.status IN " + _ACTIVE + " BEGIN " + _CLASH + " END;",
    "CREATE TRIGGER shelter_stay_no_overlap_update BEFORE UPDATE OF room_id, start_on, end_on, status "
    "ON shelter_stay WHEN NEW.status IN " + _ACTIVE + " BEGIN " + _CLASH + " END;",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS shelter_stay_no_overlap_insert;",
    "DROP TRIGGER IF EXISTS shelter_stay_no_overlap_update;",
]
PG_UP = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist;",
    "ALTER TABLE shelter_stay ADD CONSTRAINT shelter_stay_no_overlap EXCLUDE USING gist "
    "(room_id WITH =, daterange(start_on, end_on, '[)') WITH &&) WHERE (status IN " + _ACTIVE + ");",
]
PG_DOWN = ["ALTER TABLE shelter_stay DROP CONSTRAINT IF EXISTS shelter_stay_no_overlap;"]


def forwards(apps, schema_editor):
    statements = PG_UP if schema_editor.connection.vendor == "postgresql" else SQLITE_UP
    for sql in statements:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    statements = PG_DOWN if schema_editor.connection.vendor == "postgresql" else SQLITE_DOWN
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("shelter", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
