"""Keeping the inventory: sites (拠点) with the day each joined the program and left it, their rooms with
capacity and features, out-of-service periods, and the partners meals come from. By the prefecture's policy
staff and the 一時生活支援 provider's staff (policies.can_maintain); no personal data. Two people editing one
site or room: the second is told (optimistic version), never overwritten silently. A change that would leave
a booked or occupied night outside the inventory is refused with the stays' dates, so nobody is dropped from
a room by an edit."""
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from jiritsu.core.versioning import bump_version
from jiritsu.core.wareki import format_wareki

from . import policies, rules, selectors
from .models import Building, Feature, FoodKind, FoodPartner, OutOfService, Room, Stay

MAX_CLEANING_DAYS = 30
MAX_CAPACITY = 10


def _active_stays(rooms, today: dt.date):
    return Stay.objects.filter(room__in=rooms, status__in=Stay.ACTIVE).order_by("start_on").select_related("room")


def _outside(stays, first: dt.date | None, last: dt.date | None, today: dt.date) -> list[Stay]:
    """Stays with a night before `first` or after `last` (an overstay's nights run on past today)."""
    found = []
    for stay in stays:
        held_to = rules.held_until(stay, today)
        final = None if held_to is None else held_to - dt.timedelta(days=1)
        if (first and stay.start_on < first) or (last and (final is None or final > last)):
            found.append(stay)
    return found


def _dates(stays, today) -> str:
    return "、".join(f"{s.room.label}：{format_wareki(s.start_on)}〜{format_wareki(s.end_on)}"
                     f"{'（超過）' if rules.is_overstay(s, today) else ''}" for s in stays[:5])


@transaction.atomic
def save_site(*, user, site: Building | None = None, expected_version: int | None = None, name: str, municipality,
              address: str = "", available_from: dt.date, available_until: dt.date | None = None,
              cleaning_days: int = 3) -> Building:
    policies.require_maintain(user)
    today = timezone.localdate()
    errors = {}
    if not name.strip():
        errors["name"] = "名称を入力してください。"
    if available_until is not None and available_until < available_from:
        errors["available_until"] = f"離脱日は参加日（{format_wareki(available_from)}）以降にしてください。"
    if not 0 <= cleaning_days <= MAX_CLEANING_DAYS:
        errors["cleaning_days"] = f"清掃・点検日数は0日から{MAX_CLEANING_DAYS}日までにしてください。"
    if site is not None and not errors:
        site = Building.objects.select_for_update().get(pk=site.pk)
        bump_version(site, expected_version)
        outside = _outside(_active_stays(site.rooms.all(), today), available_from, available_until, today)
        if outside:
            errors["available_until" if available_until else "available_from"] = (
                "この期間の外に入居・依頼があります（" + _dates(outside, today) + "）。先に入居の予定を変更してください。")
    if errors:
        raise ValidationError(errors)
    site = site or Building()
    site.name, site.municipality, site.address = name.strip(), municipality, address.strip()
    site.available_from, site.available_until, site.cleaning_days = available_from, available_until, cleaning_days
    site.save()
    return site


def _room_errors(label: str, capacity: int, features, available_from, available_until) -> dict:
    errors = {}
    if not label.strip():
        errors["label"] = "部屋番号を入力してください。"
    if not 1 <= capacity <= MAX_CAPACITY:
        errors["capacity"] = f"定員は1人から{MAX_CAPACITY}人までにしてください。"
    if any(f not in Feature.values for f in features):
        errors["features"] = "設備・条件に選べない項目があります。"
    if available_from and available_until and available_until < available_from:
        errors["available_until"] = "利用終了日は利用開始日以降にしてください。"
    return errors


@transaction.atomic
def save_room(*, user, site: Building, room: Room | None = None, expected_version: int | None = None, label: str,
              capacity: int, features=(), available_from: dt.date | None = None,
              available_until: dt.date | None = None) -> Room:
    policies.require_maintain(user)
    today = timezone.localdate()
    features = list(dict.fromkeys(features))
    errors = _room_errors(label, capacity, features, available_from, available_until)
    if room is not None and not errors:
        room = Room.objects.select_for_update().get(pk=room.pk, building=site)
        bump_version(room, expected_version)
        stays = list(_active_stays([room], today))
        crowded = [s for s in stays if s.people > capacity]
        if crowded:
            errors["capacity"] = f"定員より多い人数の入居・依頼があります（{_dates(crowded, today)}）。"
        outside = _outside(stays, available_from, available_until, today)
        if outside:
            errors["available_until"] = "この期間の外に入居・依頼があります（" + _dates(outside, today) + "）。"
    if errors:
        raise ValidationError(errors)
    room = room or Room(building=site)
    room.label, room.capacity, room.features = label.strip(), capacity, features
    room.available_from, room.available_until = available_from, available_until
    try:
        with transaction.atomic():
            room.save()
    except IntegrityError:
        raise ValidationError({"label": f"{site.name}には部屋番号「{room.label}」がすでにあります。"}) from None
    return room


@transaction.atomic
def add_out_of_service(*, user, room: Room, start_on: dt.date, end_on: dt.date, reason: str) -> OutOfService:
    """A period (both days included) the room cannot be used: refused over a night someone holds it."""
    policies.require_maintain(user)
    today = timezone.localdate()
    if end_on < start_on:
        raise ValidationError({"end_on": "終了日は開始日以降にしてください。"})
    if not reason.strip():
        raise ValidationError({"reason": "理由を入力してください。"})
    holding = [s for s in _active_stays([room], today)
               if s.start_on <= end_on and (rules.held_until(s, today) is None or rules.held_until(s, today) > start_on)]
    if holding:
        raise ValidationError({"start_on": "この期間に入居・依頼があります（" + _dates(holding, today) + "）。"})
    return OutOfService.objects.create(room=room, start_on=start_on, end_on=end_on, reason=reason.strip(),
                                       recorded_by=user)


@transaction.atomic
def remove_out_of_service(*, user, period: OutOfService) -> None:
    policies.require_maintain(user)
    OutOfService.objects.filter(pk=period.pk).delete()


@transaction.atomic
def register_food_partner(*, user, service, kind: str) -> FoodPartner:
    policies.require_maintain(user)
    if kind not in FoodKind.values:
        raise ValidationError({"kind": "種別を選んでください。"})
    if not selectors.food_candidates().filter(pk=service.pk).exists():
        raise ValidationError({"service": "社会資源のうち「食べるものがない」に対応する提供中のサービスで、"
                                          "まだ登録していないものを選んでください。"})
    return FoodPartner.objects.create(service=service, kind=kind, recorded_by=user)


@transaction.atomic
def remove_food_partner(*, user, partner: FoodPartner) -> None:
    """Past orders keep their partner (they name the directory service); new orders can no longer choose it."""
    policies.require_maintain(user)
    FoodPartner.objects.filter(pk=partner.pk).delete()
