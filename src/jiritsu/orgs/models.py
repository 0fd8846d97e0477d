"""Organisations and staff. Ibaraki is data (loaded by orgs.loader), never a constant in logic."""
import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin

from jiritsu.core.choices import labels_of
from jiritsu.programs.catalog import Program


class Prefecture(models.Model):
    code = models.CharField(_("都道府県コード"), max_length=2, unique=True)
    name = models.CharField(_("名称"), max_length=20)

    class Meta:
        verbose_name = _("都道府県")
        verbose_name_plural = _("都道府県")

    def __str__(self):
        return self.name

    @property
    def body_code(self) -> str:
        """The code the prefecture uses as welfare-office body for its towns and villages (08000)."""
        return f"{self.code}000"


class Body(models.Model):
    """A welfare-office body (福祉事務所設置自治体): a city, or the prefecture for its towns and villages."""

    class Kind(models.TextChoices):
        CITY = "city", _("市")
        TOWN = "town", _("町村（福祉事務所設置）")
        PREFECTURE = "prefecture", _("県（町村部）")

    class SurveyUnit(models.TextChoices):
        GENERAL = "general", _("一般市等（都道府県分に含む）")
        CORE_CITY = "core_city", _("中核市")
        DESIGNATED_CITY = "designated_city", _("指定都市")

    prefecture = models.ForeignKey(Prefecture, on_delete=models.PROTECT, related_name="bodies")
    code = models.CharField(_("団体コード"), max_length=5, unique=True)
    name = models.CharField(_("名称"), max_length=40)
    kind = models.CharField(_("種別"), max_length=16, choices=Kind.choices)
    survey_unit = models.CharField(
        _("統計上の報告単位"), max_length=16, choices=SurveyUnit.choices, default=SurveyUnit.GENERAL
    )
    survey_unit_since = models.DateField(_("単独報告の開始日"), null=True, blank=True)
    active_from = models.DateField(_("設置日"), default=dt.date(2000, 4, 1))
    active_until = models.DateField(_("廃止日"), null=True, blank=True)
    # Local practice (DOMAIN.md section 2): how often plans are monitored and evaluated.
    monitoring_interval_days = models.PositiveSmallIntegerField(_("モニタリング間隔（日）"), default=30)
    evaluation_interval_days = models.PositiveSmallIntegerField(_("プラン評価の間隔（日）"), default=90)

    class Meta:
        verbose_name = _("福祉事務所設置自治体")
        verbose_name_plural = _("福祉事務所設置自治体")
        ordering = ["code"]

    def __str__(self):
        return self.name

    @property
    def code6(self) -> str:
        return with_check_digit(self.code)

    @staticmethod
    def case_label(body_name: str, case_number: str) -> str:
        """A case number as it identifies the case among several bodies' cases. Numbers are unique within a
        body only (every body has a 2026-00038), so wherever more than one body's cases appear (providers,
        printed forms that travel) the number goes with its body's name."""
        return f"{body_name} {case_number}"

    def population(self) -> int:
        return self.municipalities.aggregate(p=Sum("population"))["p"] or 0

    @classmethod
    def active_in_fiscal_year(cls, fy: int):
        start, end = dt.date(fy, 4, 1), dt.date(fy + 1, 3, 31)
        return cls.objects.filter(active_from__lte=end).filter(
            Q(active_until__isnull=True) | Q(active_until__gte=start)
        )


class Municipality(models.Model):
    class Kind(models.TextChoices):
        CITY = "市", _("市")
        TOWN = "町", _("町")
        VILLAGE = "村", _("村")

    prefecture = models.ForeignKey(Prefecture, on_delete=models.PROTECT, related_name="municipalities")
    code = models.CharField(_("団体コード"), max_length=5, unique=True)
    name = models.CharField(_("名称"), max_length=40)
    kind = models.CharField(_("種別"), max_length=2, choices=Kind.choices)
    county = models.CharField(_("郡"), max_length=20, blank=True)
    region = models.CharField(_("地域"), max_length=20, blank=True)
    population = models.PositiveIntegerField(_("人口（国勢調査）"), default=0)
    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("福祉事務所設置自治体")
    )

    class Meta:
        verbose_name = _("市町村")
        verbose_name_plural = _("市町村")
        ordering = ["code"]

    def __str__(self):
        return self.name


class Organisation(models.Model):
    """Any organisation whose staff sign in."""

    class Kind(models.TextChoices):
        PREFECTURE = "prefecture", _("県（政策担当課）")
        BODY_OFFICE = "body_office", _("自治体担当課・福祉事務所")
        AGENCY = "agency", _("自立相談支援機関")
        PROVIDER = "provider", _("広域実施委託事業者")
        PLACEMENT = "placement", _("就労体験・訓練先開拓事業者")
        AUDIT = "audit", _("監査")

    class Operation(models.TextChoices):
        DIRECT = "direct", _("直営")
        CONTRACTED = "contracted", _("委託")

    prefecture = models.ForeignKey(Prefecture, on_delete=models.PROTECT, related_name="organisations")
    kind = models.CharField(_("種別"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("名称"), max_length=80)
    body = models.ForeignKey(
        Body, null=True, blank=True, on_delete=models.PROTECT, related_name="organisations",
        verbose_name=_("福祉事務所設置自治体"),
    )
    operation = models.CharField(_("運営形態"), max_length=16, choices=Operation.choices, blank=True)
    operator_name = models.CharField(_("受託法人名"), max_length=80, blank=True)
    programs = models.JSONField(_("提供事業"), default=list, blank=True)
    catchment = models.ManyToManyField(
        Municipality, blank=True, related_name="welfare_offices", verbose_name=_("所管区域")
    )
    phone = models.CharField(_("電話"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("組織")
        verbose_name_plural = _("組織")
        ordering = ["kind", "body__code", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["body_office", "agency"], body__isnull=False)
                | ~Q(kind__in=["body_office", "agency"]),
                name="org_body_required_for_body_kinds",
            )
        ]

    def __str__(self):
        return self.name

    def program_labels(self) -> list[str]:
        return labels_of(Program, self.programs)


class Role(models.TextChoices):
    SUPPORT_WORKER = "support_worker", _("相談支援員")
    CHIEF = "chief", _("主任相談支援員")
    EMPLOYMENT_WORKER = "employment_worker", _("就労支援員")
    BODY_ADMIN = "body_admin", _("自治体担当者")
    PROVIDER_STAFF = "provider_staff", _("委託事業者職員")
    PLACEMENT_DEVELOPER = "placement_developer", _("就労体験開拓員")
    PREFECTURE_POLICY = "prefecture_policy", _("県政策担当者")
    AUDITOR = "auditor", _("監査担当者")


AGENCY_ROLES = {Role.SUPPORT_WORKER, Role.CHIEF, Role.EMPLOYMENT_WORKER}
# Roles that see a person's data (cases.policies, the placement NPO's matches, the access log's names): in
# production they sign in with a second factor (orgs.second_factor). The prefecture's policy staff see only
# aggregates and de-identified studies.
PERSONAL_DATA_ROLES = AGENCY_ROLES | {Role.BODY_ADMIN, Role.PROVIDER_STAFF, Role.PLACEMENT_DEVELOPER, Role.AUDITOR}
# Which roles fit which organisation kind; staff management refuses other pairs.
ROLES_BY_KIND = {
    Organisation.Kind.AGENCY: [Role.SUPPORT_WORKER, Role.CHIEF, Role.EMPLOYMENT_WORKER],
    Organisation.Kind.BODY_OFFICE: [Role.BODY_ADMIN],
    Organisation.Kind.PROVIDER: [Role.PROVIDER_STAFF],
    Organisation.Kind.PLACEMENT: [Role.PLACEMENT_DEVELOPER],
    Organisation.Kind.PREFECTURE: [Role.PREFECTURE_POLICY],
    Organisation.Kind.AUDIT: [Role.AUDITOR],
}


class Staff(models.Model):
    """A signed-in person's place: one organisation, one role."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="staff")
    role = models.CharField(_("役割"), max_length=24, choices=Role.choices)
    display_name = models.CharField(_("氏名"), max_length=40)
    manages_staff = models.BooleanField(_("職員アカウントの管理"), default=False)
    # Set when a manager gave the account a temporary password: the next sign-in leads to the password page
    # and nowhere else until the person has chosen their own (orgs.middleware).
    must_change_password = models.BooleanField(_("仮パスワード（次回ログイン時に変更）"), default=False)

    class Meta:
        verbose_name = _("職員")
        verbose_name_plural = _("職員")

    def __str__(self):
        return f"{self.display_name}（{self.organisation.name}）"

    @property
    def body_id(self):
        return self.organisation.body_id


class RecoveryCodeDevice(ThrottlingMixin, Device):
    """A user's set of one-time recovery codes for the second factor (django-otp device): each code signs in
    once, and only its salted SHA-256 is stored, so the codes are seen once, when they are made. A code is
    ten characters of a 31-letter alphabet (about 50 bits), and wrong guesses are throttled like TOTP codes."""

    salt = models.CharField(max_length=32, default="")

    class Meta(Device.Meta):
        verbose_name = _("復旧コード")
        verbose_name_plural = _("復旧コード")

    def digest(self, code: str) -> str:
        normalised = "".join(code.split()).replace("-", "").upper()
        return hashlib.sha256(f"{self.salt}:{normalised}".encode()).hexdigest()

    def get_throttle_factor(self):
        return getattr(settings, "OTP_TOTP_THROTTLE_FACTOR", 1)

    def verify_token(self, token):
        allowed, _info = self.verify_is_allowed()
        if not allowed:
            return False
        # A conditional update: the same code used twice at once signs in once.
        used = self.codes.filter(code_hash=self.digest(str(token)), used_at__isnull=True).update(
            used_at=timezone.now())
        if used:
            self.throttle_reset()
            return True
        self.throttle_increment()
        return False

    @staticmethod
    def new_salt() -> str:
        return secrets.token_hex(16)


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("復旧コード")
        verbose_name_plural = _("復旧コード")


def with_check_digit(code5: str) -> str:
    """JIS X 0402 six-digit code: check digit = (11 - sum(d_i * (6 - i)) % 11) % 10."""
    total = sum(int(d) * w for d, w in zip(code5, (6, 5, 4, 3, 2), strict=True))
    remainder = total % 11
    check = (11 - remainder) % 10 if remainder else 0
    return f"{code5}{check}"


def normalise_body_code(code: str) -> str:
    """Accept 5 digits, or 6 with a valid check digit; return 5. Raises ValueError in Japanese."""
    s = (code or "").strip()
    if len(s) == 5 and s.isdigit():
        return s
    if len(s) == 6 and s.isdigit():
        if with_check_digit(s[:5]) != s:
            raise ValueError(f"団体コード「{s}」の検査数字が正しくありません。")
        return s[:5]
    raise ValueError(f"団体コード「{s}」は5桁または検査数字付き6桁で入力してください。")
