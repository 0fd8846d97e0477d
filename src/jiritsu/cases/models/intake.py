"""First contact, the person, triage and the application with consent."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from jiritsu.core.choices import labels_of
from jiritsu.core.text import digits, fold
from jiritsu.orgs.models import Body, Organisation

from ..choices import (
    AFTER_APPLICATION,
    ClosureReason,
    Complaint,
    ConsentState,
    ContactRoute,
    HealthInsurance,
    HousingStatus,
    Pension,
    Sex,
    Status,
    TriageOutcome,
    WorkStatus,
)


class Client(models.Model):
    """The person (相談者). Belongs to one welfare-office body; a person may have several cases."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="clients")
    family_name = models.CharField(_("氏"), max_length=40)
    given_name = models.CharField(_("名"), max_length=40)
    family_name_kana = models.CharField(_("ふりがな（氏）"), max_length=60, blank=True)
    given_name_kana = models.CharField(_("ふりがな（名）"), max_length=60, blank=True)
    sex = models.CharField(_("性別"), max_length=8, choices=Sex.choices, blank=True)
    birth_date = models.DateField(_("生年月日"), null=True, blank=True)
    postal_code = models.CharField(_("郵便番号"), max_length=8, blank=True)
    address = models.CharField(_("住所"), max_length=200, blank=True)
    phone_home = models.CharField(_("電話（自宅）"), max_length=20, blank=True)
    phone_mobile = models.CharField(_("電話（携帯）"), max_length=20, blank=True)
    email = models.EmailField(_("E-mail"), blank=True)
    # Folded copies for search (width, kana, spaces); kept in step by save().
    name_folded = models.CharField(max_length=80, editable=False, db_index=True)
    kana_folded = models.CharField(max_length=120, editable=False, db_index=True)
    phone_digits = models.CharField(max_length=45, editable=False, db_index=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["name_folded", "kana_folded", "phone_digits"])

    class Meta:
        verbose_name = _("相談者")
        verbose_name_plural = _("相談者")
        # Search tests every person of a body for name, kana, phone or birth date: with those columns in the
        # index it never visits the table's pages, which a body's people share with every other body's.
        indexes = [models.Index(fields=["body", "birth_date"], include=["id", "name_folded", "kana_folded", "phone_digits"],
                                name="client_body_search")]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.refresh_search_fields()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_folded", "kana_folded", "phone_digits"}
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        return self.name_of(self.family_name, self.given_name)

    @property
    def full_kana(self) -> str:
        return self.kana_of(self.family_name_kana, self.given_name_kana)

    # As shown, for names read without their Client (e.g. a result list's values_list).
    @staticmethod
    def name_of(family: str, given: str) -> str:
        return f"{family} {given}"

    @staticmethod
    def kana_of(family_kana: str, given_kana: str) -> str:
        return f"{family_kana} {given_kana}".strip()

    def refresh_search_fields(self):
        self.name_folded = fold(self.family_name + self.given_name)
        self.kana_folded = fold(self.family_name_kana + self.given_name_kana)
        self.phone_digits = " ".join(p for p in (digits(self.phone_home), digits(self.phone_mobile)) if p)


class CaseNumberCounter(models.Model):
    """Per body and fiscal year sequence for case numbers; rows are locked while numbering."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE)
    fiscal_year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["body", "fiscal_year"], name="uniq_counter")]


class Case(models.Model):
    """A consultation case (相談受付・申込票 and everything after it)."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="cases")
    agency = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="cases", verbose_name=_("自立相談支援機関")
    )
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="cases")
    case_number = models.CharField(_("ケース番号"), max_length=30)
    received_on = models.DateField(_("受付日"))
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("受付者")
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("担当者"),
    )
    route = models.CharField(_("相談経路"), max_length=16, choices=ContactRoute.choices)
    visitor_name = models.CharField(_("来談者氏名"), max_length=60, blank=True)
    visitor_phone = models.CharField(_("来談者電話"), max_length=20, blank=True)
    visitor_relation = models.CharField(_("本人との続柄"), max_length=30, blank=True)
    complaints = models.JSONField(_("相談内容"), default=list)
    main_complaint = models.CharField(_("主訴"), max_length=20, choices=Complaint.choices)
    consultation_note = models.TextField(_("相談内容（自由記述）"), blank=True)
    work_status = models.CharField(_("仕事"), max_length=16, choices=WorkStatus.choices, blank=True)
    housing_status = models.CharField(_("住居"), max_length=16, choices=HousingStatus.choices, blank=True)
    health_insurance = models.CharField(_("健康保険"), max_length=16, choices=HealthInsurance.choices, blank=True)
    pension = models.CharField(_("年金"), max_length=16, choices=Pension.choices, blank=True)
    status = models.CharField(_("状況"), max_length=16, choices=Status.choices, default=Status.RECEIVED)
    urgent = models.BooleanField(_("急迫"), default=False)
    closed_on = models.DateField(_("終結日"), null=True, blank=True)
    closure_reason = models.CharField(_("終結理由"), max_length=16, choices=ClosureReason.choices, blank=True)
    # Kept from the case's consents, monitorings and decided plans by services.derived whenever those are
    # recorded, so the work lists filter, order and count on the case row (partial indexes below) instead of
    # running a subquery for every case of the body. Not part of the case's change history: they follow
    # from records that have their own.
    consent_state = models.CharField(_("本人同意"), max_length=10, choices=ConsentState.choices,
                                     default=ConsentState.NONE, db_default=ConsentState.NONE, editable=False)
    monitoring_due = models.DateField(_("次回モニタリング予定日"), null=True, blank=True, editable=False)
    evaluation_due = models.DateField(_("プラン評価予定日"), null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["consent_state", "monitoring_due", "evaluation_due"])

    class Meta:
        verbose_name = _("相談ケース")
        verbose_name_plural = _("相談ケース")
        constraints = [
            models.UniqueConstraint(fields=["body", "case_number"], name="uniq_case_number_per_body"),
            models.CheckConstraint(
                condition=Q(status="closed", closed_on__isnull=False) | ~Q(status="closed"),
                name="closed_case_has_date",
            ),
        ]
        indexes = [
            # Work lists count and rank a body's cases by status and date; with the id in the index they
            # are answered from the index alone, without visiting a body's cases scattered over the table.
            models.Index(fields=["body", "status", "received_on", "id"], include=["client", "case_number"],
                         name="case_body_status_received"),
            # Search and lists read a body's cases newest first and test status, number and person on each:
            # with those in the index, a search that matches few cases (the usual one) scans index entries
            # only instead of visiting every case of the body in the table.
            models.Index(fields=["body", "received_on", "id"],
                         include=["status", "client", "case_number", "urgent", "assigned_to"],
                         name="case_body_received_search"),
            # Each case's body beside its id, for joins that only need a record's body (the survey's outcomes
            # by body): read from this narrow index instead of the wide case rows (BENCHMARKS.md).
            models.Index(fields=["id"], include=["body"], name="case_id_body"),
            # One partial index per work list, holding just the cases on it in the list's order: the first
            # rows and the count read only those entries, however many cases the body has.
            models.Index(fields=["body", "received_on", "id"], condition=Q(urgent=True) & ~Q(status=Status.CLOSED),
                         name="case_urgent_open"),
            models.Index(fields=["body", "monitoring_due", "id"], condition=Q(status=Status.IN_SUPPORT),
                         name="case_monitoring_due"),
            models.Index(fields=["body", "evaluation_due", "id"], condition=Q(status=Status.IN_SUPPORT),
                         name="case_evaluation_due"),
            models.Index(fields=["body", "received_on", "id"],
                         condition=Q(status__in=sorted(AFTER_APPLICATION)) & ~Q(consent_state=ConsentState.ACTIVE),
                         name="case_consent_missing"),
        ]

    def __str__(self):
        return self.case_number

    @property
    def label(self) -> str:
        """The number with its body (Body.case_label), for lists that hold several bodies' cases."""
        return Body.case_label(self.body.name, self.case_number)

    @property
    def is_open(self) -> bool:
        return self.status != Status.CLOSED

    def complaint_labels(self) -> list[str]:
        return labels_of(Complaint, self.complaints)

    @property
    def urgency_signs(self) -> list[str]:
        """What in the intake says the person may have nowhere to sleep tonight or nothing to eat: the signs
        for which the case page offers 急迫時の一時生活支援 as the next step."""
        signs = [
            (self.housing_status == HousingStatus.HOMELESS, "住居：住居なし"),
            (Complaint.NO_FOOD in self.complaints, "相談内容：食べるものがない"),
            (self.main_complaint == Complaint.HOUSING, "主訴：住まい"),
        ]
        return [text for present, text in signs if present]


class Triage(models.Model):
    """振り分け after the comprehensive consultation."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="triage")
    outcome = models.CharField(_("振り分け結果"), max_length=16, choices=TriageOutcome.choices)
    referred_to = models.CharField(_("つなぎ先"), max_length=100, blank=True)
    note = models.TextField(_("メモ"), blank=True)
    decided_on = models.DateField(_("振り分け日"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("振り分け")
        verbose_name_plural = _("振り分け")
        constraints = [
            models.CheckConstraint(
                condition=~Q(outcome="referred") | ~Q(referred_to=""), name="referral_names_destination"
            )
        ]


class Consent(models.Model):
    """利用申込 with 本人同意: which bodies and providers may receive the person's information."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents")
    applied_on = models.DateField(_("申込日"))
    rules_explained = models.BooleanField(_("個人情報の取扱い規程の説明を受けた"))
    share_agreed = models.BooleanField(_("関係機関との情報共有に同意"))
    scope = models.ManyToManyField(
        Organisation, blank=True, related_name="consents", verbose_name=_("情報共有先")
    )
    note = models.TextField(_("メモ"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_on = models.DateField(_("撤回日"), null=True, blank=True)
    withdrawal_note = models.TextField(_("撤回の内容"), blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("利用申込・同意")
        verbose_name_plural = _("利用申込・同意")
        ordering = ["-applied_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rules_explained=True, share_agreed=True), name="consent_is_explicit"
            )
        ]
        # "Which cases have no active consent" probes every open case of a body: a partial index of the
        # active ones answers each probe from the index alone.
        indexes = [models.Index(fields=["case"], condition=Q(withdrawn_on__isnull=True), name="consent_active_by_case")]

    @property
    def is_active(self) -> bool:
        return self.withdrawn_on is None
