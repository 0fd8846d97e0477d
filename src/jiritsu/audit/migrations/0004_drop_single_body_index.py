"""Drop the access log's single-column body_id index: (body_id, at) serves every look-up by body, and each
index costs every access-log row written.

The index is dropped by name rather than by AlterField, which on SQLite remakes the table and with it would
lose the append-only triggers of 0002.
"""
from django.db import migrations, models


def _single_body_indexes(schema_editor, model) -> list[str]:
    return schema_editor._constraint_names(model, ["body_id"], index=True, unique=False, primary_key=False)


def drop(apps, schema_editor):
    model = apps.get_model("audit", "AccessLog")
    for name in _single_body_indexes(schema_editor, model):
        schema_editor.execute(schema_editor._delete_index_sql(model, name))


def restore(apps, schema_editor):
    model = apps.get_model("audit", "AccessLog")
    if not _single_body_indexes(schema_editor, model):
        schema_editor.execute(schema_editor._create_index_sql(model, fields=[model._meta.get_field("body_id")]))


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_body_write_index")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="accesslog", name="body_id",
                    field=models.BigIntegerField(null=True, verbose_name="ケースの自治体"),
                ),
            ],
            database_operations=[migrations.RunPython(drop, restore)],
        ),
    ]
