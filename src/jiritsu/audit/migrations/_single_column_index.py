"""Dropping (and restoring) the index Django made for one column of the access log, by name.

Not by AlterField: on SQLite that remakes the table, and with it would lose the append-only triggers of
0002. Not a migration itself (the loader skips modules starting with "_").
"""
from django.db import migrations


def _names(schema_editor, model, field_name: str) -> list[str]:
    column = model._meta.get_field(field_name).column
    return schema_editor._constraint_names(model, [column], index=True, unique=False, primary_key=False)


def drop_index_of(field_name: str) -> migrations.RunPython:
    """RunPython that drops the single-column index of AccessLog.<field_name>, and recreates it backwards."""

    def drop(apps, schema_editor):
        model = apps.get_model("audit", "AccessLog")
        for name in _names(schema_editor, model, field_name):
            schema_editor.execute(schema_editor._delete_index_sql(model, name))

    def restore(apps, schema_editor):
        model = apps.get_model("audit", "AccessLog")
        if not _names(schema_editor, model, field_name):
            schema_editor.execute(schema_editor._create_index_sql(model, fields=[model._meta.get_field(field_name)]))

    return migrations.RunPython(drop, restore)
