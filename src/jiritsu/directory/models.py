"""The social-resource directory, shaped like Open Referral HSDS 3.1 (see hsds.py for the mapping).

Every object has a UUID primary key, as HSDS requires. Two fields are ours, not HSDS's, and travel in
HSDS's own extension point on export: Service.needs (intake 相談内容 categories, exported as
attributes linked to a jiritsu taxonomy). A location's municipality is HSDS's external_identifier
holding the 全国地方公共団体コード, with external_identifier_type "jp-lg-code".
"""
import uuid

from django.conf import settings
from django.db import models


class Organization(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField("名称", max_length=200)
    alternate_name = models.CharField("別名", max_length=200, blank=True)
    description = models.TextField("説明")
    email = models.CharField("メール", max_length=200, blank=True)
    website = models.CharField("ウェブサイト", max_length=300, blank=True)
    legal_status = models.CharField("法人格", max_length=100, blank=True)
    year_incorporated = models.PositiveIntegerField("設立年", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "組織（社会資源）"
        ordering = ["name"]

    def __str__(self):
        return self.name


class Unit(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField("単位", max_length=100)
    scheme = models.CharField("体系", max_length=100, blank=True)
    identifier = models.CharField("識別子", max_length=100, blank=True)
    uri = models.CharField("URI", max_length=300, blank=True)

    def __str__(self):
        return self.name


class LiveCapacity(models.TextChoices):
    SHELTER_ROOMS = "shelter_rooms", "一時生活支援の居室（空室状況）"
    PLACEMENT_SLOTS = "placement_slots", "就労体験・訓練の受入れ枠"


class Service(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "提供中"
        INACTIVE = "inactive", "休止"
        DEFUNCT = "defunct", "廃止"
        TEMPORARILY_CLOSED = "temporarily closed", "一時休止"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="services")
    name = models.CharField("サービス名", max_length=200)
    alternate_name = models.CharField("別名", max_length=200, blank=True)
    description = models.TextField("説明", blank=True)
    url = models.CharField("URL", max_length=300, blank=True)
    email = models.CharField("メール", max_length=200, blank=True)
    status = models.CharField("状態", max_length=20, choices=Status.choices, default=Status.ACTIVE)
    interpretation_services = models.TextField("通訳", blank=True)
    application_process = models.TextField("利用方法", blank=True)
    fees_description = models.TextField("費用", blank=True)
    eligibility_description = models.TextField("対象者", blank=True)
    minimum_age = models.PositiveIntegerField("下限年齢", null=True, blank=True)
    maximum_age = models.PositiveIntegerField("上限年齢", null=True, blank=True)
    assured_date = models.DateField("情報確認日", null=True, blank=True)
    alert = models.TextField("お知らせ", blank=True)
    # Ours: the intake 相談内容 (cases.choices.Complaint values) this service answers, for search by need.
    needs = models.JSONField("対応する相談内容", default=list, blank=True)
    # Ours: where the availability comes from when another part of jiritsu holds it (shelter rooms,
    # placement slots). Then pages and exports read it at that moment instead of a stored ServiceCapacity.
    live_capacity = models.CharField("空き状況の連携", max_length=20, choices=LiveCapacity.choices, blank=True)
    # HSDS's last_modified: when the service was last written (any import or edit saves the service with its
    # related rows). The HSDS API filters by it (?modified_after=). Live capacity does not count as a change.
    last_modified = models.DateTimeField("最終更新", auto_now=True, db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "サービス（社会資源）"
        ordering = ["name"]

    def __str__(self):
        return self.name


class Location(models.Model):
    class LocationType(models.TextChoices):
        PHYSICAL = "physical", "所在地"
        POSTAL = "postal", "郵送先"
        VIRTUAL = "virtual", "オンライン"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="locations", null=True, blank=True
    )
    location_type = models.CharField("種別", max_length=10, choices=LocationType.choices)
    url = models.CharField("URL", max_length=300, blank=True)
    name = models.CharField("名称", max_length=200, blank=True)
    alternate_name = models.CharField("別名", max_length=200, blank=True)
    description = models.TextField("説明", blank=True)
    transportation = models.TextField("交通", blank=True)
    latitude = models.FloatField("緯度", null=True, blank=True)
    longitude = models.FloatField("経度", null=True, blank=True)
    # HSDS fields; we put the municipality's 全国地方公共団体コード here (type "jp-lg-code") for search by
    # area. A code rather than a foreign key, so a directory imports into a database without Ibaraki loaded.
    external_identifier = models.CharField("外部識別子", max_length=100, blank=True)
    external_identifier_type = models.CharField("外部識別子の種別", max_length=50, blank=True)

    MUNICIPALITY_CODE = "jp-lg-code"

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name or str(self.id)

    @property
    def municipality_code(self) -> str:
        return self.external_identifier if self.external_identifier_type == self.MUNICIPALITY_CODE else ""


class Address(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="addresses")
    attention = models.CharField("宛名", max_length=200, blank=True)
    address_1 = models.CharField("住所1", max_length=200)
    address_2 = models.CharField("住所2", max_length=200, blank=True)
    city = models.CharField("市区町村", max_length=100)
    region = models.CharField("地域", max_length=100, blank=True)
    state_province = models.CharField("都道府県", max_length=100)
    postal_code = models.CharField("郵便番号", max_length=20)
    country = models.CharField("国", max_length=2, default="JP")
    address_type = models.CharField("種別", max_length=10, choices=Location.LocationType.choices)


class Contact(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, null=True, blank=True,
                                     related_name="contacts")
    service = models.ForeignKey(Service, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts")
    name = models.CharField("担当", max_length=200, blank=True)
    title = models.CharField("役職", max_length=200, blank=True)
    department = models.CharField("部署", max_length=200, blank=True)
    email = models.CharField("メール", max_length=200, blank=True)


class Phone(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, null=True, blank=True,
                                     related_name="phones")
    service = models.ForeignKey(Service, on_delete=models.CASCADE, null=True, blank=True, related_name="phones")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, null=True, blank=True, related_name="phones")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, null=True, blank=True, related_name="phones")
    number = models.CharField("電話番号", max_length=40)
    extension = models.PositiveIntegerField("内線", null=True, blank=True)
    type = models.CharField("種別", max_length=20, blank=True)
    description = models.CharField("説明", max_length=200, blank=True)


class ServiceAtLocation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_at_locations")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="service_at_locations")
    description = models.TextField("説明", blank=True)


class ServiceArea(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_areas")
    name = models.CharField("地域名", max_length=200, blank=True)
    description = models.TextField("説明", blank=True)


class Schedule(models.Model):
    class Freq(models.TextChoices):
        WEEKLY = "WEEKLY", "毎週"
        MONTHLY = "MONTHLY", "毎月"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, null=True, blank=True,
                                 related_name="schedules")
    valid_from = models.DateField("有効開始日", null=True, blank=True)
    valid_to = models.DateField("有効終了日", null=True, blank=True)
    freq = models.CharField("頻度", max_length=10, choices=Freq.choices, blank=True)
    interval = models.PositiveIntegerField("間隔", null=True, blank=True)
    byday = models.CharField("曜日 (RRULE BYDAY)", max_length=40, blank=True)
    opens_at = models.TimeField("開始", null=True, blank=True)
    closes_at = models.TimeField("終了", null=True, blank=True)
    description = models.TextField("説明", blank=True)


class Language(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, null=True, blank=True, related_name="languages")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, null=True, blank=True,
                                 related_name="languages")
    name = models.CharField("言語", max_length=100, blank=True)
    code = models.CharField("言語コード (ISO 639)", max_length=10, blank=True)
    note = models.CharField("備考", max_length=200, blank=True)


class ServiceCapacity(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="capacities")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="capacities")
    available = models.PositiveIntegerField("空き")
    maximum = models.PositiveIntegerField("定員", null=True, blank=True)
    description = models.TextField("説明", blank=True)
    updated = models.DateTimeField("更新日時")


class Referral(models.Model):
    """A worker's referral of a case's person to a directory service (つなぎ), and what came of it.

    Not part of HSDS: it holds case data, so it never travels in the directory's export.
    """

    class Outcome(models.TextChoices):
        UNCONFIRMED = "unconfirmed", "未確認"
        USED = "used", "利用につながった"
        NOT_USED = "not_used", "利用に至らず"
        UNKNOWN = "unknown", "不明"

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="referrals")
    # PROTECT: a service that received referrals is retired (status defunct), never deleted.
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="referrals")
    referred_on = models.DateField("紹介日")
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name="紹介者")
    note = models.TextField("メモ", blank=True)
    outcome = models.CharField("結果", max_length=12, choices=Outcome.choices, default=Outcome.UNCONFIRMED)
    outcome_on = models.DateField("結果確認日", null=True, blank=True)
    outcome_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   null=True, blank=True, verbose_name="結果記録者")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "社会資源への紹介"
        ordering = ["-referred_on", "-pk"]
        indexes = [models.Index(fields=["service", "referred_on"])]

    def __str__(self):
        return f"{self.case_id} → {self.service_id}"


class ResourceKind(models.TextChoices):
    """Kinds of social resource the prefecture develops across regions (社会資源の広域的な開拓)."""

    FOOD = "food", "食料支援（フードバンク・食堂・配食）"
    HOUSING = "housing", "住まい（居住支援法人など）"
    EMPLOYMENT = "employment", "就労支援（ハローワークなど）"
    MONEY = "money", "家計・貸付（社協など）"
    SHELTER = "shelter", "一時生活支援の居室"
    PLACEMENT = "placement", "就労体験・訓練先"
    OTHER = "other", "その他"


class DevelopmentRecord(models.Model):
    """A resource the prefecture or the placement NPO opened up: when, where, what, with whom, by whom."""

    opened_on = models.DateField("開拓日")
    municipality = models.ForeignKey("orgs.Municipality", on_delete=models.PROTECT, related_name="+",
                                     verbose_name="市町村")
    kind = models.CharField("資源の種類", max_length=12, choices=ResourceKind.choices)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="development_records", verbose_name="ディレクトリの組織")
    partner_name = models.CharField("相手先", max_length=200, help_text="ディレクトリに未登録の場合も名称を記録します。")
    notes = models.TextField("経過・メモ", blank=True)
    opened_by = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+",
                                  verbose_name="開拓した組織")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name="記録者")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "社会資源の開拓記録"
        ordering = ["-opened_on", "-pk"]

    def __str__(self):
        return f"{self.opened_on} {self.partner_name}"


class Publication(models.Model):
    """Whether a prefecture publishes its directory: the HSDS API (/hsds/) then answers anyone; otherwise only
    signed-in staff and API tokens. One row per prefecture, changed by its policy staff."""

    prefecture = models.OneToOneField("orgs.Prefecture", on_delete=models.CASCADE, related_name="+",
                                      verbose_name="都道府県")
    public = models.BooleanField("ディレクトリを公開する", default=False)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="変更者")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "ディレクトリの公開"

    def __str__(self):
        return f"{self.prefecture}：{'公開' if self.public else '非公開'}"
