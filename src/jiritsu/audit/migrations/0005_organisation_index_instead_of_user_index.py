"""The access log's index on user_id, which nothing reads (the log is searched by user name), gives way to
(organisation_id, at), which a chief's view of the log needs: the body's cases or the body's own staff,
newest first (audit.policies). Without it that OR read the whole log.

The user_id index is dropped by name rather than by AlterField, which on SQLite remakes the table and with it
would lose the append-only triggers of 0002.
"""
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _user_indexes(schema_editor, model) -> list[str]:
    return schema_editor._constraint_names(model, ["user_id"], index=True, unique=False, primary_key=False)


def drop(apps, schema_editor):
    model = apps.get_model("audit", "AccessLog")
    for name in _user_indexes(schema_editor, model):
        schema_editor.execute(schema_editor._delete_index_sql(model, name))


def restore(apps, schema_editor):
    model = apps.get_model("audit", "AccessLog")
    if not _user_indexes(schema_editor, model):
        schema_editor.execute(schema_editor._create_index_sql(model, fields=[model._meta.get_field("user")]))


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0004_drop_single_body_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="accesslog", name="user",
                    field=models.ForeignKey(db_constraint=False, db_index=False, null=True,
                                            on_delete=django.db.models.deletion.SET_NULL, related_name="+",
                                            to=settings.AUTH_USER_MODEL),
                ),
            ],
            database_operations=[migrations.RunPython(drop, restore)],
        ),
        migrations.AddIndex(
            model_name="accesslog",
            index=models.Index(fields=["organisation_id", "at"], name="accesslog_org_at"),
        ),
    ]
