"""Work-experience and training sites, their development-visit log and the tasks carved out for them.

Sites and tasks hold no personal data about clients: agencies across the prefecture see them (情報提供).
"""
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from .matching import STAGES

# The vocabulary the matching engine compares a client's `avoid` / `prefers` with.
FEATURES = ("屋内", "屋外", "農作業", "軽作業", "対人業務", "清掃", "事務", "調理", "力仕事", "立ち仕事", "PC作業")


class Site(models.Model):
    class Kind(models.TextChoices):
        WELFARE_CORP = "welfare_corp", "社会福祉法人"
        COMPANY = "company", "企業"
        FARMER = "farmer", "農業者"
        NPO = "npo", "NPO"
        OTHER = "other", "その他"

    class Certification(models.TextChoices):
        NONE = "none", "認定なし"
        EMPLOYMENT = "employment", "雇用型"
        NON_EMPLOYMENT = "non_employment", "非雇用型"

    kind = models.CharField("種別", max_length=20, choices=Kind.choices)
    name = models.CharField("名称", max_length=100)
    municipality = models.ForeignKey("orgs.Municipality", on_delete=models.PROTECT, related_name="placement_sites",
                                     verbose_name="市町村")
    address = models.CharField("所在地", max_length=200, blank=True)
    lat = models.FloatField("緯度", null=True, blank=True,
                            validators=[MinValueValidator(-90), MaxValueValidator(90)])
    lon = models.FloatField("経度", null=True, blank=True,
                            validators=[MinValueValidator(-180), MaxValueValidator(180)])
    located_by_centre = models.BooleanField("市町村の中心で代用", default=False)
    contact_name = models.CharField("担当者名", max_length=60, blank=True)
    contact_phone = models.CharField("電話番号", max_length=20, blank=True)
    contact_email = models.EmailField("メールアドレス", blank=True)
    certification = models.CharField("認定就労訓練事業", max_length=20, choices=Certification.choices,
                                     default=Certification.NONE)
    certified_until = models.DateField("認定の有効期限", null=True, blank=True)
    hosting_hours = models.TextField("受入れ可能な曜日・時間", blank=True)
    active = models.BooleanField("受入れ中", default=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "就労体験・訓練先"
        verbose_name_plural = "就労体験・訓練先"
        ordering = ["municipality__code", "name"]

    def __str__(self):
        return self.name


class DevelopmentVisit(models.Model):
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="visits", verbose_name="訪問先")
    visited_on = models.DateField("訪問日")
    visited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name="訪問者")
    visitor_name = models.CharField("訪問者名", max_length=60)
    outcome = models.TextField("結果")
    next_step = models.TextField("次の対応", blank=True)
    next_on = models.DateField("次回予定日", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "開拓訪問"
        verbose_name_plural = "開拓訪問"
        ordering = ["-visited_on", "-pk"]


class Task(models.Model):
    class Physical(models.TextChoices):
        LIGHT = "light", "軽"
        MEDIUM = "medium", "中"
        HEAVY = "heavy", "重"

    class Interpersonal(models.TextChoices):
        FEW = "few", "少"
        SOME = "some", "中"
        MANY = "many", "多"

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="tasks", verbose_name="受入れ先")
    title = models.CharField("作業名", max_length=100)
    description = models.TextField("作業内容", blank=True)
    min_stage = models.CharField("必要なステージ", max_length=10, choices=[(s, s) for s in STAGES])
    hours_per_week = models.DecimalField("週あたり時間", max_digits=4, decimal_places=1,
                                         validators=[MinValueValidator(0), MaxValueValidator(60)])
    physical_load = models.CharField("身体的負荷", max_length=10, choices=Physical.choices)
    interpersonal_load = models.CharField("対人負荷", max_length=10, choices=Interpersonal.choices)
    features = models.JSONField("作業の特徴", default=list, blank=True)
    capacity = models.PositiveSmallIntegerField("受入れ人数", default=1,
                                                validators=[MinValueValidator(1), MaxValueValidator(50)])
    available_from = models.DateField("受入れ開始日", null=True, blank=True)
    available_until = models.DateField("受入れ終了日", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "切り出し業務"
        verbose_name_plural = "切り出し業務"
        ordering = ["site__name", "title"]

    def __str__(self):
        return f"{self.site.name}：{self.title}"


class Profile(models.Model):
    """A person in 就労準備支援 as the matching engine and the placement developer see them: no name, no contact.

    Made and refreshed by the case's agency from the assessment and plan. `code` is the pseudonym the developer
    works with; it is random (never derived from the case) and stays the same across refreshes.
    """

    class Status(models.TextChoices):
        OPEN = "open", "マッチング待ち"
        MATCHED = "matched", "マッチング確定"
        CLOSED = "closed", "終了"

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="placement_profile")
    body = models.ForeignKey("orgs.Body", on_delete=models.PROTECT, related_name="+")
    code = models.CharField("仮名コード", max_length=12, unique=True)
    stage = models.CharField("ステージ", max_length=10, choices=[(s, s) for s in STAGES])
    hours_per_week = models.DecimalField("週あたり可能な時間", max_digits=4, decimal_places=1,
                                         validators=[MinValueValidator(0), MaxValueValidator(60)])
    municipality = models.ForeignKey("orgs.Municipality", on_delete=models.PROTECT, related_name="+",
                                     verbose_name="住まいの市町村")
    lat = models.FloatField("緯度")
    lon = models.FloatField("経度")
    max_travel_km = models.DecimalField("移動できる距離（km）", max_digits=5, decimal_places=1,
                                        validators=[MinValueValidator(0), MaxValueValidator(200)])
    avoid = models.JSONField("避けたい作業", default=list, blank=True)
    prefers = models.JSONField("希望する作業", default=list, blank=True)
    status = models.CharField("状態", max_length=10, choices=Status.choices, default=Status.OPEN)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "マッチング用プロフィール"
        verbose_name_plural = "マッチング用プロフィール"
        ordering = ["code"]

    def __str__(self):
        return self.code


class Match(models.Model):
    """A person–task pairing: proposed by the developer, confirmed (with the person's consent) or declined by
    the agency. A confirmed match holds one of the task's places until it ends."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "提案中（機関の確認待ち）"
        CONFIRMED = "confirmed", "確定（本人同意）"
        DECLINED = "declined", "見送り"
        WITHDRAWN = "withdrawn", "提案取り下げ"
        ENDED = "ended", "利用終了"

    ACTIVE = (Status.PROPOSED, Status.CONFIRMED)

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="matches")
    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="matches", verbose_name="業務")
    status = models.CharField("状態", max_length=10, choices=Status.choices, default=Status.PROPOSED)
    cost = models.FloatField("コスト")
    reasons = models.JSONField("提案の理由", default=dict)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)
    consent_on = models.DateField("本人同意日", null=True, blank=True)
    decision_note = models.TextField("確認・見送りのメモ", blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    ended_on = models.DateField("利用終了日", null=True, blank=True)
    # Set when the case's sharing ended it (closure, consent withdrawn, 就労準備支援 hand-off ended).
    end_reason = models.CharField("終了の理由", max_length=40, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "マッチング"
        verbose_name_plural = "マッチング"
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["profile"], condition=models.Q(status__in=["proposed", "confirmed"]),
                                    name="one_active_match_per_profile"),
            models.CheckConstraint(condition=~models.Q(status="confirmed") | models.Q(consent_on__isnull=False),
                                   name="confirmed_match_has_consent"),
        ]


class FollowUp(models.TextChoices):
    """What the agency records on the case after the first day (each becomes a progress record there)."""

    CONTINUING = "continuing", "継続利用"
    STAGE = "stage", "ステージの変化"
    WORK = "work", "就労（一般就労へ）"
    ENDED = "ended", "利用終了"


class FirstUse(models.Model):
    """初回利用時の同行: the first day at the site, who accompanies, the site's contact, and how it went."""

    class Outcome(models.TextChoices):
        PENDING = "pending", "予定"
        CONTINUING = "continuing", "実施（継続利用へ）"
        NOT_CONTINUING = "not_continuing", "実施（継続しない）"
        ABSENT = "absent", "欠席・延期"

    match = models.OneToOneField(Match, on_delete=models.CASCADE, related_name="first_use")
    scheduled_on = models.DateField("初回利用日")
    meet_at = models.TimeField("集合時刻")
    accompanied_by = models.ForeignKey("orgs.Staff", on_delete=models.PROTECT, related_name="+",
                                       verbose_name="同行する職員")
    site_contact = models.CharField("受入れ先の担当者・連絡先", max_length=120)
    outcome = models.CharField("結果", max_length=16, choices=Outcome.choices, default=Outcome.PENDING)
    outcome_note = models.TextField("結果の内容", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "初回利用・同行"
        verbose_name_plural = "初回利用・同行"


class Tour(models.Model):
    """見学会 at a site for support staff of any body."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="tours", verbose_name="見学先")
    held_on = models.DateField("開催日")
    starts_at = models.TimeField("開始時刻")
    capacity = models.PositiveSmallIntegerField("定員", validators=[MinValueValidator(1), MaxValueValidator(100)])
    note = models.TextField("内容・集合場所", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "見学会"
        verbose_name_plural = "見学会"
        ordering = ["-held_on", "-starts_at", "-pk"]

    def __str__(self):
        return f"{self.site.name} 見学会"


class TourRegistration(models.Model):
    tour = models.ForeignKey(Tour, on_delete=models.CASCADE, related_name="registrations")
    staff = models.ForeignKey("orgs.Staff", on_delete=models.PROTECT, related_name="+", verbose_name="参加者")
    registered_at = models.DateTimeField(auto_now_add=True)
    attended = models.BooleanField("出席", null=True, blank=True)

    class Meta:
        verbose_name = "見学会の申込み"
        verbose_name_plural = "見学会の申込み"
        ordering = ["registered_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["tour", "staff"], name="one_registration_per_staff")]
