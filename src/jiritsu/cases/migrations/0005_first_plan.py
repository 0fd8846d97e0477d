"""cases_firstplan: each case's first decided plan, kept by the database (see models.FirstPlan).

The rule lives here, once per database: the first decided plan of a case is the plan with the lowest
number among the plans that have a decision (支援決定). Whenever a decision is added, removed or changed,
a plan's number, services or work-support flag change, or a case moves to another body, the affected
cases' rows are rebuilt from the decisions themselves.
PostgreSQL: statement-level triggers with transition tables, so a bulk import rebuilds its cases in one
set-based statement. SQLite: row-level triggers doing the same for one case. SQLite checks them when Django remakes a table to
alter it, so a later migration that alters cases_case, cases_plan or cases_decision on SQLite must drop
them first and create them again after (SQLITE_DOWN and SQLITE_UP here).
"""
import django.db.models.deletion
from django.db import migrations, models

_COLUMNS = "case_id, body_id, plan_id, decided_on, work_support_target, services"

PG_UP = [
    f"""CREATE FUNCTION cases_firstplan_rebuild(ids bigint[]) RETURNS void LANGUAGE sql AS $$
        DELETE FROM cases_firstplan WHERE case_id = ANY(ids);
        INSERT INTO cases_firstplan ({_COLUMNS})
        SELECT DISTINCT ON (d.case_id) d.case_id, c.body_id, d.plan_id, d.decided_on, p.work_support_target,
               p.services::text
        FROM cases_decision d JOIN cases_plan p ON p.id = d.plan_id JOIN cases_case c ON c.id = d.case_id
        WHERE d.case_id = ANY(ids)
        ORDER BY d.case_id, p.number;
    $$;""",
    """CREATE FUNCTION cases_firstplan_from_new() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN PERFORM cases_firstplan_rebuild(ARRAY(SELECT DISTINCT case_id FROM new_rows)); RETURN NULL; END; $$;""",
    """CREATE FUNCTION cases_firstplan_from_old() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN PERFORM cases_firstplan_rebuild(ARRAY(SELECT DISTINCT case_id FROM old_rows)); RETURN NULL; END; $$;""",
    """CREATE FUNCTION cases_firstplan_from_both() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM cases_firstplan_rebuild(ARRAY(SELECT case_id FROM new_rows UNION SELECT case_id FROM old_rows));
        RETURN NULL;
    END; $$;""",
    """CREATE FUNCTION cases_firstplan_plan_row() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN PERFORM cases_firstplan_rebuild(ARRAY[OLD.case_id, NEW.case_id]); RETURN NULL; END; $$;""",
    """CREATE FUNCTION cases_firstplan_case_row() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN UPDATE cases_firstplan SET body_id = NEW.body_id WHERE case_id = NEW.id; RETURN NULL; END; $$;""",
    """CREATE TRIGGER cases_firstplan_decision_insert AFTER INSERT ON cases_decision
       REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cases_firstplan_from_new();""",
    """CREATE TRIGGER cases_firstplan_decision_delete AFTER DELETE ON cases_decision
       REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION cases_firstplan_from_old();""",
    """CREATE TRIGGER cases_firstplan_decision_update AFTER UPDATE ON cases_decision
       REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
       FOR EACH STATEMENT EXECUTE FUNCTION cases_firstplan_from_both();""",
    # Row-level with a WHEN clause: plans and cases are updated all the time (states, versions), and only
    # these columns matter here.
    """CREATE TRIGGER cases_firstplan_plan_update AFTER UPDATE ON cases_plan FOR EACH ROW
       WHEN (OLD.number IS DISTINCT FROM NEW.number OR OLD.services IS DISTINCT FROM NEW.services
             OR OLD.work_support_target IS DISTINCT FROM NEW.work_support_target
             OR OLD.case_id IS DISTINCT FROM NEW.case_id)
       EXECUTE FUNCTION cases_firstplan_plan_row();""",
    """CREATE TRIGGER cases_firstplan_case_update AFTER UPDATE ON cases_case FOR EACH ROW
       WHEN (OLD.body_id IS DISTINCT FROM NEW.body_id) EXECUTE FUNCTION cases_firstplan_case_row();""",
]
PG_DOWN = [
    "DROP TRIGGER IF EXISTS cases_firstplan_decision_insert ON cases_decision;",
    "DROP TRIGGER IF EXISTS cases_firstplan_decision_delete ON cases_decision;",
    "DROP TRIGGER IF EXISTS cases_firstplan_decision_update ON cases_decision;",
    "DROP TRIGGER IF EXISTS cases_firstplan_plan_update ON cases_plan;",
    "DROP TRIGGER IF EXISTS cases_firstplan_case_update ON cases_case;",
    "DROP FUNCTION IF EXISTS cases_firstplan_from_new(), cases_firstplan_from_old(), cases_firstplan_from_both(),"
    " cases_firstplan_plan_row(), cases_firstplan_case_row(), cases_firstplan_rebuild(bigint[]);",
]


def _sqlite_rebuild(case: str) -> str:
    return (f"DELETE FROM cases_firstplan WHERE case_id = {case}; "
            f"INSERT INTO cases_firstplan ({_COLUMNS}) "
            "SELECT d.case_id, c.body_id, d.plan_id, d.decided_on, p.work_support_target, p.services "
            "FROM cases_decision d JOIN cases_plan p ON p.id = d.plan_id JOIN cases_case c ON c.id = d.case_id "
            f"WHERE d.case_id = {case} ORDER BY p.number LIMIT 1;")


SQLITE_UP = [
    "CREATE TRIGGER cases_firstplan_decision_insert AFTER INSERT ON cases_decision BEGIN "
    + _sqlite_rebuild("NEW.case_id") + " END;",
    "CREATE TRIGGER cases_firstplan_decision_delete AFTER DELETE ON cases_decision BEGIN "
    + _sqlite_rebuild("OLD.case_id") + " END;",
    "CREATE TRIGGER cases_firstplan_decision_update AFTER UPDATE ON cases_decision BEGIN "
    + _sqlite_rebuild("OLD.case_id") + " " + _sqlite_rebuild("NEW.case_id") + " END;",
    "CREATE TRIGGER cases_firstplan_plan_update AFTER UPDATE OF number, services, work_support_target, case_id "
    "ON cases_plan BEGIN " + _sqlite_rebuild("OLD.case_id") + " " + _sqlite_rebuild("NEW.case_id") + " END;",
    "CREATE TRIGGER cases_firstplan_case_update AFTER UPDATE OF body_id ON cases_case BEGIN "
    "UPDATE cases_firstplan SET body_id = NEW.body_id WHERE case_id = NEW.id; END;",
]
SQLITE_DOWN = [f"DROP TRIGGER IF EXISTS cases_firstplan_{name};" for name in (
    "decision_insert", "decision_delete", "decision_update", "plan_update", "case_update")]

BACKFILL = {
    "postgresql": "SELECT cases_firstplan_rebuild(ARRAY(SELECT DISTINCT case_id FROM cases_decision));",
    "sqlite": f"INSERT INTO cases_firstplan ({_COLUMNS}) "
              "SELECT d.case_id, c.body_id, d.plan_id, d.decided_on, p.work_support_target, p.services "
              "FROM cases_decision d JOIN cases_plan p ON p.id = d.plan_id JOIN cases_case c ON c.id = d.case_id "
              "WHERE NOT EXISTS (SELECT 1 FROM cases_decision e JOIN cases_plan q ON q.id = e.plan_id "
              "                  WHERE e.case_id = d.case_id AND q.number < p.number);",
}


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in PG_UP if vendor == "postgresql" else SQLITE_UP:
        schema_editor.execute(sql)
    schema_editor.execute(BACKFILL[vendor])


def backwards(apps, schema_editor):
    for sql in PG_DOWN if schema_editor.connection.vendor == "postgresql" else SQLITE_DOWN:
        schema_editor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0004_work_list_columns"),
        ("orgs", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="FirstPlan",
            fields=[
                ("case", models.OneToOneField(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING,
                                              primary_key=True, related_name="first_plan", serialize=False,
                                              to="cases.case")),
                ("decided_on", models.DateField()),
                ("work_support_target", models.BooleanField()),
                ("services", models.TextField()),
                ("body", models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING,
                                           related_name="+", to="orgs.body")),
                ("plan", models.OneToOneField(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING,
                                              related_name="+", to="cases.plan")),
            ],
            options={
                "indexes": [models.Index(fields=["body", "decided_on"], name="firstplan_body_decided")],
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
