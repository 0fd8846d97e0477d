"""Hand-offs to providers, progress records, monitoring, evaluation and closure."""
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from jiritsu.orgs.models import Organisation
from jiritsu.programs.catalog import Program

from ..choices import ClosureReason, EvaluationDecision, HandoffMode, ProgressKind
from .intake import Case
from .plan import Plan

REPORT_EVERY_DAYS = 30  # 月1回: the default rhythm of the provider's progress reports on a hand-off
REPORT_EVERY_DAYS_MAX = 92  # at least once a quarter
_REPORT_EVERY_MESSAGE = f"経過報告の頻度は1〜{REPORT_EVERY_DAYS_MAX}日の日数で入力してください（月1回なら30）。"
REPORT_EVERY_DAYS_VALIDATORS = [MinValueValidator(1, message=_REPORT_EVERY_MESSAGE),
                                MaxValueValidator(REPORT_EVERY_DAYS_MAX, message=_REPORT_EVERY_MESSAGE)]


class Handoff(models.Model):
    """支援引継ぎ to a provider for one program; active until ended (or consent is withdrawn).

    `report_every_days` is how often the plan asks the provider to record progress on this program (経過報告の
    頻度): the provider's work list shows the case as late once that many days pass without a record."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="handoffs")
    plan = models.ForeignKey(Plan, null=True, blank=True, on_delete=models.PROTECT, related_name="handoffs")
    provider = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="handoffs", verbose_name=_("委託事業者")
    )
    program = models.CharField(_("事業"), max_length=24, choices=Program.choices)
    mode = models.CharField(_("種別"), max_length=16, choices=HandoffMode.choices)
    started_on = models.DateField(_("引継ぎ日"))
    reason = models.TextField(_("引継ぎの理由・急迫性の判断"), blank=True)
    ended_on = models.DateField(_("終了日"), null=True, blank=True)
    end_reason = models.CharField(_("終了理由"), max_length=100, blank=True)
    report_every_days = models.PositiveSmallIntegerField(
        _("経過報告の頻度（日ごと）"), default=REPORT_EVERY_DAYS, validators=REPORT_EVERY_DAYS_VALIDATORS)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("支援引継ぎ")
        verbose_name_plural = _("支援引継ぎ")
        ordering = ["-started_on", "-id"]
        indexes = [models.Index(fields=["provider", "ended_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "provider", "program"], condition=Q(ended_on__isnull=True),
                name="one_active_handoff_per_program",
            ),
            models.CheckConstraint(condition=Q(mode="regular", plan__isnull=False) | ~Q(mode="regular"),
                                   name="regular_handoff_has_plan"),
            models.CheckConstraint(condition=Q(report_every_days__gte=1, report_every_days__lte=REPORT_EVERY_DAYS_MAX),
                                   name="handoff_report_every_days_range"),
        ]

    @property
    def is_active(self) -> bool:
        return self.ended_on is None

    @property
    def is_regularised(self) -> bool:
        """A temporary use, urgent or move-on hand-off that a decided plan now covers (正規化済): the decision
        links it to that plan (services.decide)."""
        return self.mode != HandoffMode.REGULAR and self.plan_id is not None


class ProgressRecord(models.Model):
    """支援経過記録: dated entries by the agency or a provider. Never edited; corrections are new entries."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="progress_records")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    occurred_on = models.DateField(_("日付"))
    kind = models.CharField(_("種別"), max_length=16, choices=ProgressKind.choices)
    text = models.TextField(_("内容"))
    recorded_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("支援経過記録")
        verbose_name_plural = _("支援経過記録")
        ordering = ["-occurred_on", "-id"]


class Monitoring(models.Model):
    """モニタリング (施行規則 第2条): regular check of the plan's delivery."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="monitorings")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="monitorings")
    monitored_on = models.DateField(_("実施日"))
    delivery = models.TextField(_("支援の実施状況"))
    person_change = models.TextField(_("本人の状況の変化"), blank=True)
    needs_replan = models.BooleanField(_("プランの見直しが必要"), default=False)
    next_due = models.DateField(_("次回予定日"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("モニタリング")
        verbose_name_plural = _("モニタリング")
        ordering = ["-monitored_on", "-id"]


class Evaluation(models.Model):
    """評価シート, confirmed at a coordination meeting before closure or re-plan."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evaluations")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="evaluations")
    evaluated_on = models.DateField(_("評価日"))
    goals_achieved = models.TextField(_("目標の達成状況"))
    changes = models.TextField(_("本人の変化"), blank=True)
    decision = models.CharField(_("今後の方針"), max_length=16, choices=EvaluationDecision.choices)
    note = models.TextField(_("備考"), blank=True)
    confirmed = models.BooleanField(_("会議で確認済"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("プラン評価")
        verbose_name_plural = _("プラン評価")
        ordering = ["-evaluated_on", "-id"]


class Closure(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="closure")
    closed_on = models.DateField(_("終結日"))
    reason = models.CharField(_("終結理由"), max_length=16, choices=ClosureReason.choices)
    note = models.TextField(_("備考"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("終結")
        verbose_name_plural = _("終結")


class Outcome(models.Model):
    """就労 (started work) or 増収 (income increased): the events the monthly survey counts."""

    class Kind(models.TextChoices):
        EMPLOYED = "employed", _("就労")
        INCOME_INCREASED = "income_increased", _("増収")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(_("種別"), max_length=20, choices=Kind.choices)
    occurred_on = models.DateField(_("日付"))
    note = models.TextField(_("内容"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("就労・増収")
        verbose_name_plural = _("就労・増収")
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["kind", "occurred_on"])]
