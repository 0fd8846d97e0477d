"""The access log's index on user_id, which nothing reads (the log is searched by user name), gives way to
(organisation_id, at), which a chief's view of the log needs: the body's cases or the body's own staff,
newest first (audit.policies). Without it that OR read the whole log.

The user_id index is dropped by name (_single_column_index), so SQLite keeps the append-only triggers.
"""
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from ._single_column_index import drop_index_of


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
            database_operations=[drop_index_of("user")],
        ),
        migrations.AddIndex(
            model_name="accesslog",
            index=models.Index(fields=["organisation_id", "at"], name="accesslog_org_at"),
        ),
    ]
