"""Tokens expire and are read-only unless issued read-write. Tokens issued before could write and never
expired: they keep writing, and expire 90 days from this migration (listed, so their owners can renew)."""
import datetime as dt

from django.db import migrations, models
from django.utils import timezone


def expire_old_tokens(apps, schema_editor):
    ApiToken = apps.get_model("api", "ApiToken")
    ApiToken.objects.filter(expires_at__isnull=True).update(expires_at=timezone.now() + dt.timedelta(days=90),
                                                             can_write=True)


class Migration(migrations.Migration):
    dependencies = [("api", "0001_initial")]
    operations = [
        migrations.AlterModelOptions(name="apitoken", options={"ordering": ["-created_at", "-id"],
                                                               "verbose_name": "APIトークン",
                                                               "verbose_name_plural": "APIトークン"}),
        migrations.AddField(model_name="apitoken", name="can_write",
                            field=models.BooleanField(default=False, verbose_name="書き込み可")),
        migrations.AddField(model_name="apitoken", name="expires_at",
                            field=models.DateTimeField(null=True, verbose_name="有効期限")),
        migrations.RunPython(expire_old_tokens, migrations.RunPython.noop),
        migrations.AlterField(model_name="apitoken", name="expires_at",
                              field=models.DateTimeField(verbose_name="有効期限")),
        migrations.AlterField(model_name="apitoken", name="created_at",
                              field=models.DateTimeField(auto_now_add=True, verbose_name="発行日時")),
        migrations.AlterField(model_name="apitoken", name="revoked_at",
                              field=models.DateTimeField(blank=True, null=True, verbose_name="失効日時")),
    ]
