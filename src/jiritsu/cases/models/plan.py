"""Assessment, plan versions, coordination meetings and the body's decision."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from jiritsu.core.choices import labels_of
from jiritsu.core.wareki import format_wareki
from jiritsu.orgs.models import Body
from jiritsu.programs.catalog import PlanService

from ..choices import AgendaKind, MeetingKind, MeetingOutcome
from ..field_history import save_changed
from .intake import Case


class Assessment(models.Model):
    """インテーク・アセスメントシート. A case may be re-assessed; the latest one is current."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assessments")
    assessed_on = models.DateField(_("アセスメント日"))
    household = models.TextField(_("世帯構成"), blank=True)
    health = models.TextField(_("健康・障害・介護"), blank=True)
    work_school = models.TextField(_("就労・就学の状況"), blank=True)
    income = models.TextField(_("収入の状況"), blank=True)
    monthly_income = models.PositiveIntegerField(_("世帯の月収（円）"), null=True, blank=True)
    assets_debts = models.TextField(_("資産・債務"), blank=True)
    debt_total = models.PositiveIntegerField(_("債務総額（円）"), null=True, blank=True)
    benefits = models.TextField(_("利用中の制度・給付"), blank=True)
    background = models.TextField(_("生活歴・課題の背景"), blank=True)
    summary = models.TextField(_("課題の整理（見立て）"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("アセスメント")
        verbose_name_plural = _("アセスメント")
        ordering = ["-assessed_on", "-id"]


class Plan(models.Model):
    """プラン兼事業等利用申込書. Re-planning creates a new version; earlier ones are superseded."""

    class State(models.TextChoices):
        DRAFT = "draft", _("案")
        APPROVED = "approved", _("支援調整会議で了承")
        DECIDED = "decided", _("支援決定済")
        SUPERSEDED = "superseded", _("再プランにより終了")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="plans")
    number = models.PositiveSmallIntegerField(_("プラン版"))
    state = models.CharField(_("状態"), max_length=16, choices=State.choices, default=State.DRAFT)
    drafted_on = models.DateField(_("作成日"))
    wishes = models.TextField(_("本人の意向"))
    problems = models.TextField(_("解決すべき課題"))
    support_content = models.TextField(_("支援の種類・内容"))
    points_to_watch = models.TextField(_("留意事項"), blank=True)
    services = models.JSONField(_("事業等利用申込"), default=list, blank=True)
    work_support_target = models.BooleanField(_("就労支援対象者"), default=False)
    period_from = models.DateField(_("プラン期間（開始）"))
    period_to = models.DateField(_("プラン期間（終了）"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("プラン")
        verbose_name_plural = _("プラン")
        ordering = ["case", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="uniq_plan_version"),
            models.CheckConstraint(condition=Q(period_to__gte=models.F("period_from")), name="plan_period_order"),
        ]

    def __str__(self):
        return f"{self.case.case_number} 第{self.number}版"

    def service_labels(self) -> list[str]:
        return labels_of(PlanService, self.services)


class PlanGoal(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    order = models.PositiveSmallIntegerField(default=0)
    goal = models.CharField(_("目標"), max_length=200)
    target_date = models.DateField(_("達成時期"), null=True, blank=True)

    class Meta:
        ordering = ["order", "id"]


class Meeting(models.Model):
    """支援調整会議 of a body: closed, about monthly; minutes kept per case on the agenda."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField(_("開催日"))
    kind = models.CharField(_("種別"), max_length=16, choices=MeetingKind.choices, default=MeetingKind.REGULAR)
    place = models.CharField(_("場所"), max_length=100, blank=True)
    members = models.TextField(_("出席者"), blank=True)
    minutes = models.TextField(_("会議録（全体）"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("支援調整会議")
        verbose_name_plural = _("支援調整会議")
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return f"支援調整会議 {self.held_on}"

    @property
    def is_extraordinary(self) -> bool:
        return self.kind == MeetingKind.EXTRAORDINARY

    @property
    def title(self) -> str:
        """How messages and the audit name the meeting: 「臨時の支援調整会議（令和8年12月7日）」."""
        return f"{'臨時の' if self.is_extraordinary else ''}支援調整会議（{format_wareki(self.held_on)}）"


class MeetingItem(models.Model):
    """One case on a meeting's agenda: the plan to approve or the evaluation to confirm.

    Items are never deleted or re-used: a plan sent back and tabled again (even at the same meeting), an
    item withdrawn or moved to another meeting each leave their row, so the agenda keeps its history. The
    database allows one undecided item per case at a time."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="meeting_items")
    kind = models.CharField(_("議題"), max_length=16, choices=AgendaKind.choices)
    plan = models.ForeignKey(Plan, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    evaluation = models.ForeignKey(
        "cases.Evaluation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    outcome = models.CharField(
        _("結果"), max_length=16, choices=MeetingOutcome.choices, default=MeetingOutcome.PENDING
    )
    note = models.TextField(_("個別の会議録"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # The item this one continues when an item is moved from another meeting (that item reads 他の会議へ移動).
    moved_from = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="moved_to")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("会議の議題")
        verbose_name_plural = _("会議の議題")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=Q(outcome="pending"), name="one_pending_agenda_item"),
            models.CheckConstraint(
                condition=Q(kind="plan", plan__isnull=False) | Q(kind="evaluation", evaluation__isnull=False),
                name="agenda_item_has_subject",
            ),
        ]

    def settle(self, outcome: str, note: str, user) -> None:
        """Record what became of the item (the meeting's decision, or its withdrawal or move); the caller
        holds the item's row lock in its transaction."""
        self.outcome, self.note, self.decided_by, self.decided_at = outcome, note, user, timezone.now()
        save_changed(self, user, "outcome", "note", "decided_by", "decided_at")


class Decision(models.Model):
    """支援決定: the body's public act on an approved plan."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="decisions")
    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="decision")
    decided_on = models.DateField(_("支援決定日"))
    decision_number = models.CharField(_("決定番号"), max_length=40, blank=True)
    note = models.TextField(_("備考"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("支援決定")
        verbose_name_plural = _("支援決定")


class FirstPlan(models.Model):
    """The case's first decided plan (the decided plan with the lowest number): the plan the monthly survey
    counts as プラン作成 and whose work-support flag decides the "うち就労支援対象プラン作成者分" columns.

    Kept by the database itself (triggers of migration 0005, on PostgreSQL and SQLite) whenever a decision,
    a plan's counted fields or a case's body change, so every writer — services, import, admin, bulk
    loads — keeps it true. Django never writes it; the survey reads it instead of finding each case's first
    decision among all decisions on every run.
    """

    case = models.OneToOneField(Case, on_delete=models.DO_NOTHING, primary_key=True, db_constraint=False,
                                related_name="first_plan")
    body = models.ForeignKey(Body, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    plan = models.OneToOneField(Plan, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    decided_on = models.DateField()
    work_support_target = models.BooleanField()
    # The plan's services as JSON text, not JSON: the survey groups by it, and text groups and compares
    # several times faster than jsonb (BENCHMARKS.md). A quoted code in it cannot match another code.
    services = models.TextField()

    class Meta:
        indexes = [models.Index(fields=["body", "decided_on"], name="firstplan_body_decided")]

    def __str__(self):
        return f"{self.case_id}: {self.decided_on}"
