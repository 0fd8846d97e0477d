"""Dropping (and restoring) the index Django made for one column of the access log, by name.

Not by AlterField: on SQLite that remakes the table, and with it would lose the append-only triggers of
0002. Not a migration itself (the loader skips modules starting with "_").
"""
from django.db import migrations, models


def _names(schema_editor, model, field_name: str) -> list[str]:
    """The plain single-column indexes of the field, as the database's introspection lists them."""
    column = model._meta.get_field(field_name).column
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
    return [name for name, c in constraints.items()
            if c["columns"] == [column] and c["index"] and not c["unique"] and not c["primary_key"]]


def drop_index_of(field_name: str) -> migrations.RunPython:
    """RunPython that drops the single-column index of AccessLog.<field_name>, and recreates it backwards."""

    def drop(apps, schema_editor):
        model = apps.get_model("audit", "AccessLog")
        for name in _names(schema_editor, model, field_name):
            schema_editor.remove_index(model, models.Index(fields=[field_name], name=name))

    def restore(apps, schema_editor):
        model = apps.get_model("audit", "AccessLog")
        if not _names(schema_editor, model, field_name):
            index = models.Index(fields=[field_name])
            index.set_name_with_model(model)
            schema_editor.add_index(model, index)

    return migrations.RunPython(drop, restore)
