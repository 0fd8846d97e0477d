"""家計改善支援 records of a case: the household-budget sheets (相談時家計表, 家計計画表 and the monitoring's
actual month), the キャッシュフロー表 with its ライフイベント, the debts list and the 家計再生プラン.

Sheets, cash flows and plans are versioned: each save is a new numbered version, the earlier ones kept for the
before/after comparison; a save made from a page showing an older latest version is refused (no silent
overwrite). Debts are one row each, edited in place under a version field."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from jiritsu.cases.models import Case

from . import rules


class Versioned(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField(_("版"))
    made_on = models.DateField(_("作成日"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class Sheet(Versioned):
    class Kind(models.TextChoices):
        CONSULTATION = "consultation", _("相談時家計表")
        PLAN = "plan", _("家計計画表")
        MONITORING = "monitoring", _("モニタリング時家計表（実績）")

    kind = models.CharField(_("種類"), max_length=12, choices=Kind.choices)
    month = models.DateField(_("対象月"))
    amounts = models.JSONField(_("金額（科目別・月額）"), default=dict)
    note = models.TextField(_("メモ"), blank=True)

    class Meta:
        verbose_name = _("家計表")
        verbose_name_plural = _("家計表")
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["case", "kind", "number"], name="budget_sheet_version_once")]

    @property
    def totals(self):
        return rules.totals(self.amounts)

    def lines(self):
        return [(label, int(self.amounts.get(code) or 0)) for code, label in rules.CATEGORIES]


class CashFlow(Versioned):
    start_year = models.PositiveSmallIntegerField(_("開始年"))
    years = models.PositiveSmallIntegerField(_("年数"))
    savings = models.BigIntegerField(_("開始時の貯蓄"))
    income = models.BigIntegerField(_("年間の収入"))
    spending = models.BigIntegerField(_("年間の支出"))
    events = models.JSONField(_("ライフイベント"), default=list)

    class Meta:
        verbose_name = _("キャッシュフロー表")
        verbose_name_plural = _("キャッシュフロー表")
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="budget_cash_flow_version_once")]

    def rows(self):
        return rules.cash_flow(start_year=self.start_year, years=self.years, savings=self.savings,
                               income=self.income, spending=self.spending,
                               events=[rules.Event(**e) for e in self.events])


class RecoveryPlan(Versioned):
    goals = models.TextField(_("目標"))
    actions = models.TextField(_("取り組むこと（本人・支援員）"))
    next_monitoring_on = models.DateField(_("次回モニタリング予定日"), null=True, blank=True)

    class Meta:
        verbose_name = _("家計再生プラン")
        verbose_name_plural = _("家計再生プラン")
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="budget_plan_version_once")]


class Debt(models.Model):
    class Kind(models.TextChoices):
        TAX = "tax", _("税・保険料")
        UTILITIES = "utilities", _("公共料金")
        RENT = "rent", _("家賃")
        LOAN = "loan", _("借入（カード・消費者金融など）")
        OTHER = "other", _("その他")

    class State(models.TextChoices):
        ARREARS = "arrears", _("滞納中")
        NEGOTIATING = "negotiating", _("交渉中")
        INSTALMENTS = "instalments", _("分納合意")
        LEGAL = "legal", _("債務整理・法律相談へ")
        SETTLED = "settled", _("完済")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    creditor = models.CharField(_("債権者"), max_length=100)
    kind = models.CharField(_("種類"), max_length=12, choices=Kind.choices)
    arrears = models.BigIntegerField(_("滞納額・残高"))
    monthly_repayment = models.PositiveIntegerField(_("月々の返済額"))
    state = models.CharField(_("状況"), max_length=12, choices=State.choices, default=State.ARREARS)
    arrangement = models.TextField(_("合意した内容"), blank=True)
    version = models.PositiveIntegerField(default=1)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)
    # Edited in place: each change is kept field by field for the case's 変更履歴 (budget.history).
    history = HistoricalRecords(excluded_fields=["version", "recorded_at"])

    class Meta:
        verbose_name = _("債務")
        verbose_name_plural = _("債務一覧")
        ordering = ["pk"]
