"""Drop the access log's single-column body_id index: (body_id, at) serves every look-up by body, and each
index costs every access-log row written.

Dropped by name (_single_column_index), so SQLite keeps the append-only triggers.
"""
from django.db import migrations, models

from ._single_column_index import drop_index_of


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
            database_operations=[drop_index_of("body_id")],
        ),
    ]
