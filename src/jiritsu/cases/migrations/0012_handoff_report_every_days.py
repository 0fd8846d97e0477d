"""Each hand-off records how often its provider reports progress (30 days, 月1回, for new ones). Hand-offs made
before this keep the rhythm they were followed up in until now, their body's monitoring interval (within 1-92)."""

import django.core.validators
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Greatest, Least


def keep_body_rhythm(apps, schema_editor):
    Handoff, Case = apps.get_model("cases", "Handoff"), apps.get_model("cases", "Case")
    interval = Subquery(Case.objects.filter(pk=OuterRef("case_id")).values("body__monitoring_interval_days")[:1])
    Handoff.objects.update(report_every_days=Least(Greatest(interval, 1), 92))


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0011_history_of_consents_meeting_items_evaluations'),
        ('orgs', '0002_body_kind_town'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='handoff',
            name='report_every_days',
            field=models.PositiveSmallIntegerField(default=30, validators=[django.core.validators.MinValueValidator(1, message='経過報告の頻度は1〜92日の日数で入力してください（月1回なら30）。'), django.core.validators.MaxValueValidator(92, message='経過報告の頻度は1〜92日の日数で入力してください（月1回なら30）。')], verbose_name='経過報告の頻度（日ごと）'),
        ),
        migrations.AddField(
            model_name='historicalhandoff',
            name='report_every_days',
            field=models.PositiveSmallIntegerField(default=30, validators=[django.core.validators.MinValueValidator(1, message='経過報告の頻度は1〜92日の日数で入力してください（月1回なら30）。'), django.core.validators.MaxValueValidator(92, message='経過報告の頻度は1〜92日の日数で入力してください（月1回なら30）。')], verbose_name='経過報告の頻度（日ごと）'),
        ),
        migrations.AddConstraint(
            model_name='handoff',
            constraint=models.CheckConstraint(condition=models.Q(('report_every_days__gte', 1), ('report_every_days__lte', 92)), name='handoff_report_every_days_range'),
        ),
        migrations.RunPython(keep_body_rhythm, migrations.RunPython.noop),
    ]
