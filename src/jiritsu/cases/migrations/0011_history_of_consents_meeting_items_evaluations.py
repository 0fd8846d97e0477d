"""Consents (their withdrawal), agenda items (the meeting's outcome) and evaluations (their confirmation) join
the field history. Each existing row gets its present state as its first history entry, so the first change
recorded from now on shows its value before and after."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


def _first_entries(apps, schema_editor):
    from django.utils import timezone

    for name in ("Consent", "MeetingItem", "Evaluation"):
        model, historical = apps.get_model("cases", name), apps.get_model("cases", f"Historical{name}")
        columns = [f.attname for f in historical._meta.concrete_fields if not f.name.startswith("history_")]
        for chunk in _chunks(model.objects.order_by("pk").values(*columns).iterator(chunk_size=2000)):
            historical.objects.bulk_create(
                historical(**row, history_type="+", history_change_reason="変更履歴の記録開始時点の内容",
                           history_date=row.get("recorded_at") or row.get("decided_at") or timezone.now())
                for row in chunk
            )


def _chunks(rows, size=2000):
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0010_meeting_kinds_and_agenda_history'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalConsent',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('applied_on', models.DateField(verbose_name='申込日')),
                ('rules_explained', models.BooleanField(verbose_name='個人情報の取扱い規程の説明を受けた')),
                ('share_agreed', models.BooleanField(verbose_name='関係機関との情報共有に同意')),
                ('note', models.TextField(blank=True, verbose_name='メモ')),
                ('recorded_at', models.DateTimeField(blank=True, editable=False)),
                ('withdrawn_on', models.DateField(blank=True, null=True, verbose_name='撤回日')),
                ('withdrawal_note', models.TextField(blank=True, verbose_name='撤回の内容')),
                ('withdrawn_at', models.DateTimeField(blank=True, null=True)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('case', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cases.case')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('recorded_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('withdrawn_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical 利用申込・同意',
                'verbose_name_plural': 'historical 利用申込・同意',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalEvaluation',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('evaluated_on', models.DateField(verbose_name='評価日')),
                ('goals_achieved', models.TextField(verbose_name='目標の達成状況')),
                ('changes', models.TextField(blank=True, verbose_name='本人の変化')),
                ('decision', models.CharField(choices=[('close', '終結'), ('replan', '再プラン策定'), ('continue', '現プランで継続')], max_length=16, verbose_name='今後の方針')),
                ('note', models.TextField(blank=True, verbose_name='備考')),
                ('confirmed', models.BooleanField(default=False, verbose_name='会議で確認済')),
                ('recorded_at', models.DateTimeField(blank=True, editable=False)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('case', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cases.case')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('plan', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cases.plan')),
                ('recorded_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical プラン評価',
                'verbose_name_plural': 'historical プラン評価',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalMeetingItem',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('kind', models.CharField(choices=[('plan', 'プラン（案）の審議'), ('evaluation', 'プラン評価の確認')], max_length=16, verbose_name='議題')),
                ('outcome', models.CharField(choices=[('pending', '未審議'), ('approved', '了承'), ('revise', '修正のうえ再提出'), ('withdrawn', '取り下げ'), ('moved', '他の会議へ移動')], default='pending', max_length=16, verbose_name='結果')),
                ('note', models.TextField(blank=True, verbose_name='個別の会議録')),
                ('decided_at', models.DateTimeField(blank=True, null=True)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('case', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cases.case')),
                ('decided_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('evaluation', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cases.evaluation')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('meeting', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cases.meeting')),
                ('moved_from', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cases.meetingitem')),
                ('plan', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cases.plan')),
            ],
            options={
                'verbose_name': 'historical 会議の議題',
                'verbose_name_plural': 'historical 会議の議題',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RunPython(_first_entries, migrations.RunPython.noop),
    ]
