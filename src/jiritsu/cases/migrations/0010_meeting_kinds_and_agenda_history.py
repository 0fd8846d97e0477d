"""Meetings: 定例 or 臨時; agenda items keep their history (withdrawn, moved, re-tabled at the same meeting),
at most one undecided item per case. Cases whose latest evaluation a meeting confirmed get the status that
says so (評価を会議で確認済), items left undecided on closed cases are withdrawn, and hand-offs begun before a
plan (temporary use, urgent, move-on) are linked to the first decided plan that covers them (正規化済)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def forwards(apps, schema_editor):
    Case, Evaluation, MeetingItem = (apps.get_model("cases", n) for n in ("Case", "Evaluation", "MeetingItem"))
    latest = Evaluation.objects.filter(case=models.OuterRef("pk")).order_by("-evaluated_on", "-id")
    (Case.objects.filter(status="evaluated")
     .annotate(confirmed=models.Subquery(latest.values("confirmed")[:1]))
     .filter(confirmed=True).update(status="eval_confirmed"))
    MeetingItem.objects.filter(outcome="pending", case__status="closed").update(
        outcome="withdrawn", note="ケース終結により取り下げ")
    Handoff, Plan = apps.get_model("cases", "Handoff"), apps.get_model("cases", "Plan")
    special = Handoff.objects.filter(plan__isnull=True).exclude(mode="regular")
    decided = Plan.objects.filter(case__in=special.values("case"), decision__isnull=False).order_by("number")
    plans = {}
    for plan in decided:
        plans.setdefault(plan.case_id, []).append(plan)
    for handoff in special:
        plan = next((p for p in plans.get(handoff.case_id, []) if handoff.program in p.services), None)
        if plan is not None:
            handoff.plan = plan
            handoff.save(update_fields=["plan"])


def backwards(apps, schema_editor):
    apps.get_model("cases", "Case").objects.filter(status="eval_confirmed").update(status="evaluated")


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0009_refold_client_names'),
        ('orgs', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='meetingitem',
            name='uniq_agenda_item',
        ),
        migrations.RemoveIndex(
            model_name='case',
            name='case_consent_missing',
        ),
        migrations.AddField(
            model_name='historicalmeeting',
            name='kind',
            field=models.CharField(choices=[('regular', '定例'), ('extraordinary', '臨時')], default='regular', max_length=16, verbose_name='種別'),
        ),
        migrations.AddField(
            model_name='meeting',
            name='kind',
            field=models.CharField(choices=[('regular', '定例'), ('extraordinary', '臨時')], default='regular', max_length=16, verbose_name='種別'),
        ),
        migrations.AddField(
            model_name='meetingitem',
            name='moved_from',
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='moved_to', to='cases.meetingitem'),
        ),
        migrations.AlterField(
            model_name='case',
            name='status',
            field=models.CharField(choices=[('received', '相談受付（振り分け待ち）'), ('continuing', '継続支援（利用申込待ち）'), ('applied', '利用申込済（アセスメント待ち）'), ('assessed', 'アセスメント済（プラン案作成待ち）'), ('plan_drafted', 'プラン案作成済（支援調整会議待ち）'), ('plan_approved', '会議で了承（支援決定待ち）'), ('in_support', '支援中'), ('evaluated', 'プラン評価済（会議での確認待ち）'), ('eval_confirmed', '評価を会議で確認済（方針の手続き待ち）'), ('closed', '終結')], default='received', max_length=16, verbose_name='状況'),
        ),
        migrations.AlterField(
            model_name='historicalcase',
            name='status',
            field=models.CharField(choices=[('received', '相談受付（振り分け待ち）'), ('continuing', '継続支援（利用申込待ち）'), ('applied', '利用申込済（アセスメント待ち）'), ('assessed', 'アセスメント済（プラン案作成待ち）'), ('plan_drafted', 'プラン案作成済（支援調整会議待ち）'), ('plan_approved', '会議で了承（支援決定待ち）'), ('in_support', '支援中'), ('evaluated', 'プラン評価済（会議での確認待ち）'), ('eval_confirmed', '評価を会議で確認済（方針の手続き待ち）'), ('closed', '終結')], default='received', max_length=16, verbose_name='状況'),
        ),
        migrations.AlterField(
            model_name='meetingitem',
            name='outcome',
            field=models.CharField(choices=[('pending', '未審議'), ('approved', '了承'), ('revise', '修正のうえ再提出'), ('withdrawn', '取り下げ'), ('moved', '他の会議へ移動')], default='pending', max_length=16, verbose_name='結果'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(condition=models.Q(('status__in', ['applied', 'assessed', 'eval_confirmed', 'evaluated', 'in_support', 'plan_approved', 'plan_drafted']), models.Q(('consent_state', 'active'), _negated=True)), fields=['body', 'received_on', 'id'], name='case_consent_missing'),
        ),
        migrations.AddConstraint(
            model_name='meetingitem',
            constraint=models.UniqueConstraint(condition=models.Q(('outcome', 'pending')), fields=('case',), name='one_pending_agenda_item'),
        ),
        migrations.RunPython(forwards, backwards),
    ]
