"""一時生活支援 rooms in prefectural housing and the stays booked in them.

Dates: a stay covers the nights from `start_on` up to, but not including, `end_on` (end is exclusive: the
planned move-out day; after the move-out, the day the person left). So a stay ending on the 10th and another
starting on the 10th do not overlap. A confirmed stay whose planned move-out day has passed with no move-out
recorded is 超過 (overstayed): the person is still in the room, which it holds from its first night until
the move-out is recorded (rules.is_overstay).

The database refuses (migrations 0002 and 0007; PostgreSQL exclusion constraints and a trigger, SQLite
triggers):
- two active stays (requested or confirmed) of one room on the same night;
- two active stays of one case on the same night (a household is one stay with its number of people);
- an active stay on a night after an overstay's start, in its room or for its case, as of the day the
  request or confirmation is made (requested_on, confirmed_on): the day is written with the row, so the
  check needs no clock of the database's own.
Availability windows and out-of-service periods are inclusive of both days.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiritsu.cases.models import Case, Handoff
from jiritsu.core.choices import labels_of
from jiritsu.orgs.models import Municipality


class Feature(models.TextChoices):
    BARRIER_FREE = "barrier_free", "バリアフリー"
    GROUND_FLOOR = "ground_floor", "1階"
    WOMEN_ONLY = "women_only", "女性専用"
    PETS = "pets", "ペット可"
    FAMILY = "family", "世帯向け"


class Building(models.Model):
    """A site (拠点): a prefectural-housing building some of whose flats the program uses, from the day it
    joined the program (the seed: 龍ケ崎 from R3.1, 下妻 from R4.5) until the day it left, if it has."""

    name = models.CharField(_("名称"), max_length=80)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="shelter_buildings",
                                     verbose_name=_("市町村"))
    address = models.CharField(_("所在地"), max_length=200, blank=True)
    available_from = models.DateField(_("事業への参加日"), help_text=_("この日から部屋を使えます。"))
    available_until = models.DateField(_("事業からの離脱日"), null=True, blank=True,
                                       help_text=_("この日まで部屋を使えます。続けて使う場合は空欄。"))
    cleaning_days = models.PositiveSmallIntegerField(
        _("退去後の清掃・点検日数"), default=3,
        help_text=_("退去日からこの日数のあいだ、部屋は次の方に貸し出せません。"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("拠点（県営住宅）")
        verbose_name_plural = _("拠点（県営住宅）")
        ordering = ["municipality__code", "name"]
        constraints = [models.CheckConstraint(
            condition=Q(available_until__isnull=True) | Q(available_until__gte=models.F("available_from")),
            name="shelter_building_window_in_order")]

    def __str__(self):
        return self.name


class Room(models.Model):
    building = models.ForeignKey(Building, on_delete=models.PROTECT, related_name="rooms")
    label = models.CharField(_("部屋番号"), max_length=20)
    capacity = models.PositiveSmallIntegerField(_("定員"), default=1)
    features = models.JSONField(_("設備・条件"), default=list, blank=True)
    available_from = models.DateField(_("利用開始日"), null=True, blank=True, help_text=_("拠点の参加日と同じなら空欄。"))
    available_until = models.DateField(_("利用終了日"), null=True, blank=True, help_text=_("続けて使う場合は空欄。"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("居室")
        verbose_name_plural = _("居室")
        ordering = ["building__municipality__code", "building__name", "label"]
        constraints = [
            models.UniqueConstraint(fields=["building", "label"], name="shelter_room_label_unique"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="shelter_room_capacity_positive"),
        ]

    def __str__(self):
        return f"{self.building.name} {self.label}"

    @property
    def feature_labels(self) -> list[str]:
        return labels_of(Feature, self.features)


class OutOfService(models.Model):
    """A period (both days included) in which a room cannot be used: repairs, cleaning, checks."""

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="out_of_service")
    start_on = models.DateField(_("開始日"))
    end_on = models.DateField(_("終了日"))
    reason = models.CharField(_("理由"), max_length=100, help_text=_("例：修繕、退去後の清掃・点検"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        verbose_name = _("使用停止")
        verbose_name_plural = _("使用停止")
        constraints = [models.CheckConstraint(condition=Q(end_on__gte=models.F("start_on")),
                                              name="shelter_oos_dates_in_order")]


class Stay(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", "依頼中"
        CONFIRMED = "confirmed", "確定"
        CANCELLED = "cancelled", "取消"
        ENDED = "ended", "終了"

    class LateReason(models.TextChoices):
        """Why a stay is recorded as having begun on an earlier day (rules.LATE_DAYS at most)."""

        HOLIDAY = "holiday", "土日・祝日の入居（開庁日に記録）"
        NIGHT = "night", "夜間・時間外の緊急入居"
        OTHER = "other", "その他"

    ACTIVE = (Status.REQUESTED, Status.CONFIRMED)

    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="stays")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="shelter_stays")
    handoff = models.ForeignKey(Handoff, on_delete=models.PROTECT, related_name="shelter_stays")
    start_on = models.DateField(_("入居日"))
    end_on = models.DateField(_("退去予定日"), help_text=_("この日は含みません（次の方はこの日から入居できます）。"))
    people = models.PositiveSmallIntegerField(_("人数"), default=1, help_text=_("一緒に入居する世帯の人数（本人を含む）"))
    women_only_reason = models.CharField(
        _("女性専用の部屋を使う理由"), max_length=200, blank=True,
        help_text=_("記録上の性別が女性でない方が女性専用の部屋を使う場合に必須（例：母子での入居）"))
    late_reason = models.CharField(_("入居日が過去の理由"), max_length=12, choices=LateReason.choices, blank=True)
    late_note = models.CharField(_("理由の詳細"), max_length=200, blank=True)
    status = models.CharField(_("状態"), max_length=12, choices=Status.choices, default=Status.REQUESTED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    requested_on = models.DateField(_("依頼日"))
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    confirmed_on = models.DateField(_("確定日"), null=True, blank=True)

    class Meta:
        verbose_name = _("入居")
        verbose_name_plural = _("入居")
        ordering = ["start_on", "id"]
        indexes = [
            models.Index(fields=["room", "start_on"]),
            # The free-room search's "no active stay in these nights" reads this index alone (an index-only
            # scan on PostgreSQL): the exclusion constraint's GiST index answers it several times slower.
            models.Index(fields=["room", "start_on", "end_on"], condition=Q(status__in=["requested", "confirmed"]),
                         name="shelter_stay_active_idx"),
        ]
        constraints = [
            # A move-out on the day of the move-in leaves a stay of no nights.
            models.CheckConstraint(condition=Q(end_on__gt=models.F("start_on"))
                                   | Q(status="ended", end_on=models.F("start_on")),
                                   name="shelter_stay_dates_in_order"),
            models.CheckConstraint(condition=Q(people__gte=1), name="shelter_stay_people_positive"),
        ]

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def nights(self) -> int:
        return (self.end_on - self.start_on).days


class Extension(models.Model):
    """The recorded decision that lets a stay run past 3 months (never past 6 from its start)."""

    stay = models.ForeignKey(Stay, on_delete=models.PROTECT, related_name="extensions")
    decided_on = models.DateField(_("決定日"))
    decided_by = models.CharField(_("決定した者"), max_length=80, help_text=_("例：支援調整会議、所長名"))
    reason = models.TextField(_("延長の理由"))
    previous_end_on = models.DateField(_("延長前の退去予定日"))
    new_end_on = models.DateField(_("延長後の退去予定日"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("入居の延長決定")
        verbose_name_plural = _("入居の延長決定")
        ordering = ["stay", "decided_on", "id"]


class MoveOut(models.Model):
    """転居: where the person went, when, and whether 住居確保給付金 pays the new home. The stay ends, and so
    does the 一時生活支援 hand-off; `handoff` is the 地域居住支援 hand-off started in the same step when the
    person agreed to it (else the agency's own watch-over continues)."""

    stay = models.OneToOneField(Stay, on_delete=models.PROTECT, related_name="move_out")
    moved_on = models.DateField(_("退去日"))
    postal_code = models.CharField(_("転居先の郵便番号"), max_length=8, blank=True)
    address = models.CharField(_("転居先の住所"), max_length=200)
    municipality = models.ForeignKey(Municipality, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("転居先の市町村"),
                                     help_text=_("県外の場合は空欄にしてください。"))
    housing_benefit = models.BooleanField(_("住居確保給付金を利用する"), default=False)
    handoff = models.ForeignKey(Handoff, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("地域居住支援の引継ぎ"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("転居")
        verbose_name_plural = _("転居")


# ---- 衣食: meals and daily necessities during a stay (health data: allergies and diet) ----

class FoodKind(models.TextChoices):
    MEAL_SERVICE = "meal_service", "配食サービス"
    FOOD_BANK = "food_bank", "フードバンク"


class FoodPartner(models.Model):
    """A resource-directory service the shelter orders meals from, and which kind of partner it is: meal
    deliveries come from a meal service, food parcels from a food bank (FoodSupport.kind must match)."""

    service = models.OneToOneField("directory.Service", on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("社会資源のサービス"))
    kind = models.CharField(_("種別"), max_length=12, choices=FoodKind.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = _("食事の提供先")
        ordering = ["kind", "service__name"]

class FoodSupport(models.Model):
    """A meal-service order (配食) or a food-bank delivery for a stay, from a partner in the resource directory."""

    Kind = FoodKind

    stay = models.ForeignKey(Stay, on_delete=models.PROTECT, related_name="food_supports")
    kind = models.CharField(_("種別"), max_length=12, choices=Kind.choices)
    partner = models.ForeignKey("directory.Service", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("提供先（社会資源）"))
    start_on = models.DateField(_("開始日（お届け日）"))
    end_on = models.DateField(_("終了日"), null=True, blank=True, help_text=_("1回だけのお届けは空欄。"))
    meals = models.PositiveSmallIntegerField(_("食数"))
    allergies = models.CharField(_("アレルギー"), max_length=200, blank=True)
    diet = models.CharField(_("食事制限・配慮"), max_length=200, blank=True, help_text=_("例：減塩、刻み食、ハラール"))
    note = models.CharField(_("備考"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = _("食事の手配")
        ordering = ["stay", "start_on", "id"]
        constraints = [models.CheckConstraint(condition=Q(end_on__isnull=True) | Q(end_on__gte=models.F("start_on")),
                                              name="shelter_food_dates_in_order")]


class SupplyIssue(models.Model):
    """Daily necessities the provider handed over during a stay: one item and how many, on a day."""

    stay = models.ForeignKey(Stay, on_delete=models.PROTECT, related_name="supplies")
    issued_on = models.DateField(_("支給日"))
    item = models.CharField(_("品目"), max_length=80)
    quantity = models.PositiveSmallIntegerField(_("数量"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = _("日用品の支給")
        ordering = ["stay", "issued_on", "id"]


# ---- 地域居住支援: watch-over for up to a year after the move-out, and places to belong ----

class WatchVisit(models.Model):
    """A scheduled 見守り visit after the move-out; `visited_on` set once the visit is recorded."""

    class Condition(models.TextChoices):
        STABLE = "stable", "安定している"
        SOME_WORRY = "some_worry", "やや心配"
        NEEDS_ACTION = "needs_action", "対応が必要"
        NOT_MET = "not_met", "会えなかった"

    move_out = models.ForeignKey(MoveOut, on_delete=models.PROTECT, related_name="visits")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="watch_visits")
    due_on = models.DateField(_("予定日"))
    visited_on = models.DateField(_("訪問日"), null=True, blank=True)
    visitor = models.CharField(_("訪問した者"), max_length=80, blank=True)
    condition = models.CharField(_("本人の様子"), max_length=12, choices=Condition.choices, blank=True)
    notes = models.TextField(_("様子の記録"), blank=True)
    concerns = models.TextField(_("気になること・対応"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("見守り訪問")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["visited_on", "due_on"])]

    @property
    def done(self) -> bool:
        return self.visited_on is not None


class PlaceLink(models.Model):
    """A place to belong (居場所) from the resource directory that the person is connected to."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="places")
    place = models.ForeignKey("directory.Service", on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("居場所（社会資源）"))
    linked_on = models.DateField(_("つないだ日"))
    note = models.CharField(_("メモ"), max_length=200, blank=True)
    ended_on = models.DateField(_("終了日"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = _("居場所へのつなぎ")
        ordering = ["case", "linked_on", "id"]
