"""衣食 during a stay: meals from a meal service or a food bank, and daily necessities the provider hands over.
Keyword-only, transactional, audited (allergies and diet are health data: the audit row says so)."""
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from jiritsu.audit import log
from jiritsu.core.wareki import format_wareki

from . import rules, selectors
from .models import FoodKind, FoodSupport, Stay, SupplyIssue
from .services import stay_for_either


def _stay_in_use(user, stay: Stay) -> Stay:
    stay = stay_for_either(user, stay)
    if stay.status not in (Stay.Status.CONFIRMED, Stay.Status.ENDED):
        raise ValidationError("食事や日用品を記録できるのは入居が確定した方だけです（" + stay.get_status_display() + "）。")
    return stay


def _within_stay(stay: Stay, day: dt.date, field: str, today: dt.date) -> None:
    """From the move-in day to the move-out day, or to today while the person overstays."""
    last = rules.last_day_in_room(stay, today)
    if not stay.start_on <= day <= last:
        raise ValidationError({field: f"入居期間（{format_wareki(stay.start_on)}〜{format_wareki(last)}）の日付にしてください。"})


@transaction.atomic
def order_food(*, user, stay: Stay, kind: str, partner, start_on: dt.date, end_on: dt.date | None, meals: int,
               allergies: str = "", diet: str = "", note: str = "", today: dt.date | None = None) -> FoodSupport:
    """A meal-service order (配食, from a meal service) or a food-bank parcel (from a food bank)."""
    today = today or timezone.localdate()
    stay = _stay_in_use(user, stay)
    if kind not in FoodKind.values:
        raise ValidationError({"kind": "種別を選んでください。"})
    registered = selectors.food_partners().filter(service_id=partner.pk).values_list("kind", flat=True).first()
    if registered is None:
        raise ValidationError({"partner": "食事の提供先として登録された社会資源（提供中）から選んでください。"})
    if registered != kind:
        raise ValidationError({"partner": f"{partner}は{FoodKind(registered).label}です。"
                                          f"{FoodKind(kind).label}の提供先を選ぶか、種別を合わせてください。"})
    _within_stay(stay, start_on, "start_on", today)
    if end_on is not None:
        if end_on < start_on:
            raise ValidationError({"end_on": "終了日は開始日以降にしてください。"})
        _within_stay(stay, end_on, "end_on", today)
    if meals < 1:
        raise ValidationError({"meals": "食数は1以上にしてください。"})
    food = FoodSupport.objects.create(stay=stay, kind=kind, partner=partner, start_on=start_on, end_on=end_on,
                                      meals=meals, allergies=allergies.strip(), diet=diet.strip(),
                                      note=note.strip(), recorded_by=user)
    log.record(user=user, action="create",
               what=f"一時生活支援の食事の手配（{food.get_kind_display()}、アレルギー・食事制限を含む）", case=stay.case)
    return food


@transaction.atomic
def issue_supplies(*, user, stay: Stay, issued_on: dt.date, item: str, quantity: int,
                   today: dt.date | None = None) -> SupplyIssue:
    today = today or timezone.localdate()
    stay = _stay_in_use(user, stay)
    if issued_on > today:
        raise ValidationError({"issued_on": "支給日に未来の日付は指定できません。"})
    _within_stay(stay, issued_on, "issued_on", today)
    if not item.strip():
        raise ValidationError({"item": "品目を入力してください。"})
    if quantity < 1:
        raise ValidationError({"quantity": "数量は1以上にしてください。"})
    supply = SupplyIssue.objects.create(stay=stay, issued_on=issued_on, item=item.strip(), quantity=quantity,
                                        recorded_by=user)
    log.record(user=user, action="create", what=f"一時生活支援の日用品の支給（{supply.item}）", case=stay.case)
    return supply
