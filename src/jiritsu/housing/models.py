"""住居確保給付金: the body's amounts, the application and its decision, the periods, the payments to the
landlord by month, and the monthly job-search record. The rules are in rules.py; writes in services.py."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiritsu.cases.models import Case, Client
from jiritsu.orgs.models import Body

from . import rules


class BenefitLimit(models.Model):
    """The body's 基準額 and 家賃上限 for one household size, from a date (a new row when the amounts change).
    A household larger than every configured size uses the largest one's amounts (「6人以上」 in most tables)."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="housing_limits")
    household_size = models.PositiveSmallIntegerField(_("世帯人数"))
    base_amount = models.PositiveIntegerField(_("基準額（月額）"))
    rent_cap = models.PositiveIntegerField(_("家賃上限額（月額）"))
    valid_from = models.DateField(_("適用開始日"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("住居確保給付金の基準額")
        verbose_name_plural = _("住居確保給付金の基準額")
        constraints = [models.UniqueConstraint(fields=["body", "household_size", "valid_from"],
                                               name="housing_limit_once_per_day")]

    def as_rule(self) -> rules.Limits:
        return rules.Limits(self.household_size, self.base_amount, self.rent_cap)


class Cause(models.TextChoices):
    LEFT_JOB = "left_job", _("離職（2年以内）")
    CLOSED_BUSINESS = "closed_business", _("廃業（2年以内）")
    INCOME_DROP = "income_drop", _("休業等による収入の減少（離職・廃業と同程度）")
    CHEAPER_HOME = "cheaper_home", _("家計改善のための転居（2025年度から）")


class AccountType(models.TextChoices):
    ORDINARY = "ordinary", _("普通")
    CURRENT = "current", _("当座")


class Application(models.Model):
    """One application, from receipt to the end of the benefit, of a person (cases.Client, the body's person).

    Linked to the person's case, or on its own for someone who only applies for the benefit (no case):
    then the body's agency staff and 自治体担当者 work on it, and it is linked to a case once the person
    consults (the same Client: the intake's duplicate check finds them). Only one application per person is
    open (審査中・支給中) at a time: a second one, or the same form sent twice, is refused by the database."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("審査中")
        GRANTED = "granted", _("支給中")
        REFUSED = "refused", _("不支給")
        SUSPENDED = "suspended", _("支給中止")
        ENDED = "ended", _("支給終了")

    OPEN = (Status.APPLIED, Status.GRANTED)

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="housing_applications", null=True,
                             blank=True)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="housing_applications")
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="+")
    received_on = models.DateField(_("申請日"))
    household_size = models.PositiveSmallIntegerField(_("世帯人数"))
    monthly_income = models.PositiveIntegerField(_("世帯の収入月額"))
    assets = models.BigIntegerField(_("世帯の金融資産"))
    rent = models.PositiveIntegerField(_("家賃額（月額）"))
    cause = models.CharField(_("申請の理由"), max_length=20, choices=Cause.choices)
    lost_on = models.DateField(_("離職・廃業・収入減少の日"), null=True, blank=True)
    hellowork_registered = models.BooleanField(_("ハローワークに求職申込み済み"), default=False)
    landlord_name = models.CharField(_("貸主（住宅の所有者・管理会社）"), max_length=100)
    bank_name = models.CharField(_("振込先金融機関"), max_length=40)
    branch_name = models.CharField(_("支店"), max_length=40)
    account_type = models.CharField(_("口座種別"), max_length=10, choices=AccountType.choices,
                                    default=AccountType.ORDINARY)
    account_number = models.CharField(_("口座番号"), max_length=7)
    account_holder = models.CharField(_("口座名義（カナ）"), max_length=60)
    status = models.CharField(_("状態"), max_length=10, choices=Status.choices, default=Status.APPLIED)
    decided_on = models.DateField(_("決定日"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    monthly_amount = models.PositiveIntegerField(_("支給額（月額）"), null=True, blank=True)
    refusal_reason = models.TextField(_("不支給の理由"), blank=True)
    stopped_on = models.DateField(_("中止・終了日"), null=True, blank=True)
    stop_reason = models.TextField(_("中止・終了の理由"), blank=True)
    version = models.PositiveIntegerField(default=1)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("住居確保給付金の申請")
        verbose_name_plural = _("住居確保給付金の申請")
        constraints = [models.UniqueConstraint(fields=["client"], condition=Q(status__in=["applied", "granted"]),
                                               name="housing_one_open_application_a_person")]
        indexes = [models.Index(fields=["body", "status"])]

    def __str__(self):
        return f"住居確保給付金（{self.received_on}）"

    def figures(self) -> rules.Figures:
        return rules.Figures(self.received_on, self.household_size, self.monthly_income, self.assets, self.rent,
                             self.cause, self.lost_on, self.hellowork_registered)


class Period(models.Model):
    """A decided period of 3 months: the first (number 1) with the grant, then each extension."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="periods")
    number = models.PositiveSmallIntegerField(_("期間"))
    first_month = models.DateField(_("支給開始月"))
    months = models.PositiveSmallIntegerField(_("月数"), default=rules.PERIOD_MONTHS)
    decided_on = models.DateField(_("決定日"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["application", "number"], name="housing_period_once"),
            models.CheckConstraint(condition=Q(number__gte=1, number__lte=rules.MAX_PERIODS),
                                   name="housing_period_at_most_nine_months"),
        ]

    @property
    def last_month(self):
        return rules.add_months(self.first_month, self.months - 1)


class Payment(models.Model):
    """The month's payment to the landlord: scheduled by the decision, cancelled by a suspension or end."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("支給予定")
        CANCELLED = "cancelled", _("取消")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="payments")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="payments")
    month = models.DateField(_("対象月"))
    amount = models.PositiveIntegerField(_("支給額"))
    status = models.CharField(_("状態"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)

    class Meta:
        ordering = ["month"]
        constraints = [models.UniqueConstraint(fields=["application", "month"], name="housing_payment_once_a_month")]


class JobSearchMonth(models.Model):
    """The month's job-search activity (求職活動状況報告): counted by the 相談支援員 each month of the benefit."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="job_search")
    month = models.DateField(_("対象月"))
    interviews = models.PositiveSmallIntegerField(_("相談支援員との面談（回）"))
    hellowork = models.PositiveSmallIntegerField(_("ハローワークでの職業相談（回）"))
    applications = models.PositiveSmallIntegerField(_("応募・面接（回）"))
    note = models.TextField(_("備考"), blank=True)
    version = models.PositiveIntegerField(default=1)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["month"]
        constraints = [models.UniqueConstraint(fields=["application", "month"], name="housing_job_search_once")]

    def shortfalls(self) -> list[str]:
        return rules.shortfalls(self.month, interviews=self.interviews, hellowork=self.hellowork,
                                applications=self.applications)
