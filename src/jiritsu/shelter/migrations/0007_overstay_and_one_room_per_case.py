"""The database's guarantees for stays as they really run (issue 15), beside migration 0002's no double booking
of a room on planned dates:

- one case, one room a night: two active stays (requested or confirmed) of one case never overlap;
- an overstay holds its room: a confirmed stay whose planned move-out day (end_on) has passed with no move-out
  recorded (so still confirmed) holds its room, and its case, from its first night until the move-out is
  recorded. An active stay may not take a night from that first night on, in the room or for the case,
  when it is requested or confirmed on a day after the overstay's move-out day; nor may a stay be requested
  or confirmed on a day after its own planned move-out day (it would be an overstay from the start).

The day of the request or confirmation is the row's own (requested_on, or confirmed_on once confirmed),
written by the service with the app's today: the database needs no clock of its own, and a write's check
agrees with the pages that offered the room.

PostgreSQL: an exclusion constraint for the case (as 0002's for the room) and a trigger for overstays. The
trigger reads stays committed before it; an overstay is never made by a concurrent write (no write may leave
a stay overstayed, see above; a stay only becomes one by the passing of days), and a move-out, extension or
cancellation running at the same time only ever makes a refusal the safer answer.
SQLite: triggers (SQLite runs one writer at a time). Migration 0006 rebuilt the table on SQLite, which drops a
table's triggers, so 0002's are made again here; a later migration that rebuilds the table must do the same
(tests/shelter/test_booking.py and test_guarantees.py fail without them).
"""
import importlib

from django.db import migrations

_ROOM = importlib.import_module("jiritsu.shelter.migrations.0002_no_double_booking")

OVERLAP_MESSAGE = "shelter_stay_case_overlap"
OVERSTAY_MESSAGE = "shelter_stay_overstay"
_ACTIVE = "('requested', 'confirmed')"
_WRITTEN_ON = "COALESCE(NEW.confirmed_on, NEW.requested_on)"
_OVERSTAY_HELD = (
    "EXISTS (SELECT 1 FROM shelter_stay s WHERE s.id <> NEW.id AND s.status = 'confirmed' "
    f"AND s.end_on < {_WRITTEN_ON} AND (s.room_id = NEW.room_id OR s.case_id = NEW.case_id) "
    "AND s.start_on < NEW.end_on)"
)
_SELF_OVERSTAYED = f"(NEW.status = 'confirmed' AND NEW.end_on < {_WRITTEN_ON})"

_CASE_CLASH = (
    "SELECT RAISE(ABORT, '" + OVERLAP_MESSAGE + "') WHERE EXISTS (SELECT 1 FROM shelter_stay s "
    "WHERE s.case_id = NEW.case_id AND s.id IS NOT NEW.id AND s.status IN " + _ACTIVE + " "
    "AND s.start_on < NEW.end_on AND NEW.start_on < s.end_on);"
)
_OVERSTAY = (
    "SELECT RAISE(ABORT, '" + OVERSTAY_MESSAGE + "') WHERE "
    + _OVERSTAY_HELD.replace("s.id <> NEW.id", "s.id IS NOT NEW.id") + " OR " + _SELF_OVERSTAYED + ";"
)
_UPDATED = "room_id, case_id, start_on, end_on, status, requested_on, confirmed_on"
SQLITE_UP = [
    "CREATE TRIGGER shelter_stay_case_no_overlap_insert BEFORE INSERT ON shelter_stay "
    "WHEN NEW.status IN " + _ACTIVE + " BEGIN " + _CASE_CLASH + " END;",
    f"CREATE TRIGGER shelter_stay_case_no_overlap_update BEFORE UPDATE OF {_UPDATED} "
    "ON shelter_stay WHEN NEW.status IN " + _ACTIVE + " BEGIN " + _CASE_CLASH + " END;",
    "CREATE TRIGGER shelter_stay_no_overstay_insert BEFORE INSERT ON shelter_stay "
    "WHEN NEW.status IN " + _ACTIVE + " BEGIN " + _OVERSTAY + " END;",
    f"CREATE TRIGGER shelter_stay_no_overstay_update BEFORE UPDATE OF {_UPDATED} "
    "ON shelter_stay WHEN NEW.status IN " + _ACTIVE + " BEGIN " + _OVERSTAY + " END;",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS shelter_stay_case_no_overlap_insert;",
    "DROP TRIGGER IF EXISTS shelter_stay_case_no_overlap_update;",
    "DROP TRIGGER IF EXISTS shelter_stay_no_overstay_insert;",
    "DROP TRIGGER IF EXISTS shelter_stay_no_overstay_update;",
]
PG_UP = [
    "ALTER TABLE shelter_stay ADD CONSTRAINT shelter_stay_case_no_overlap EXCLUDE USING gist "
    "(case_id WITH =, daterange(start_on, end_on, '[)') WITH &&) WHERE (status IN " + _ACTIVE + ");",
    # exclusion_violation (23P01): Django raises IntegrityError, as for the constraints.
    "CREATE FUNCTION shelter_stay_no_overstay() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    f"IF {_OVERSTAY_HELD} OR {_SELF_OVERSTAYED} THEN "
    f"RAISE EXCEPTION '{OVERSTAY_MESSAGE}' USING ERRCODE = 'exclusion_violation'; END IF; "
    "RETURN NEW; END $$;",
    f"CREATE TRIGGER shelter_stay_no_overstay BEFORE INSERT OR UPDATE OF {_UPDATED} ON shelter_stay "
    "FOR EACH ROW WHEN (NEW.status IN " + _ACTIVE + ") EXECUTE FUNCTION shelter_stay_no_overstay();",
]
PG_DOWN = [
    "DROP TRIGGER IF EXISTS shelter_stay_no_overstay ON shelter_stay;",
    "DROP FUNCTION IF EXISTS shelter_stay_no_overstay();",
    "ALTER TABLE shelter_stay DROP CONSTRAINT IF EXISTS shelter_stay_case_no_overlap;",
]


def forwards(apps, schema_editor):
    statements = PG_UP if schema_editor.connection.vendor == "postgresql" else [
        *_ROOM.SQLITE_DOWN, *_ROOM.SQLITE_UP, *SQLITE_UP]
    for sql in statements:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    statements = PG_DOWN if schema_editor.connection.vendor == "postgresql" else SQLITE_DOWN
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("shelter", "0006_stays_as_they_run")]
    operations = [migrations.RunPython(forwards, backwards)]
