"""The shelter's lists on 今日の業務 (registered with cases.today_sections in apps.py).

- 一時生活支援 provider staff: requests waiting for confirmation (oldest first), arrivals today, overstays, stays
  ending within 14 days, extension decisions due, and meals and supplies to deliver;
- 地域居住支援 provider staff: watch-over visits due within a week, and overdue;
- agency staff: their body's stays that are overstayed, ending soon or past 3 months without a decision.
Each row links to the form that does the work. Only stays and visits of cases the user may open, and of the
user's own organisation's hand-offs for providers; the Today page audits every case shown.
"""
import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from jiritsu.cases import policies as case_policies
from jiritsu.core.today_rows import WorkList
from jiritsu.core.wareki import format_wareki
from jiritsu.orgs.models import AGENCY_ROLES
from jiritsu.orgs.policies import role_of
from jiritsu.programs.catalog import Program

from . import policies, rules, selectors
from .models import FoodKind, FoodSupport, Stay, SupplyIssue, WatchVisit


@dataclass
class Row:
    case_number: str
    name: str
    what: str  # the room, the period ...
    when: dt.date | None
    action: str  # what to do, the link's text
    url: str
    overdue: bool = False
    confirm_url: str = ""  # a request the provider may confirm from the list


def _row(stay: Stay, what: str, when, action: str, anchor: str = "", *, one_body: bool = False, **extra) -> Row:
    """A provider's rows hold several bodies' cases: their numbers go with the body (Body.case_label)."""
    case = stay.case
    return Row(case.case_number if one_body else case.label, f"{case.client.family_name} {case.client.given_name}",
               what, when, action, reverse("shelter_stay", args=[stay.pk]) + anchor, **extra)


def _period(stay: Stay) -> str:
    return f"{stay.room}（{format_wareki(stay.start_on)}〜{format_wareki(stay.end_on)}、{stay.people}人）"


def _provider_stays(user):
    staff = case_policies.staff_of(user)
    return (selectors.with_extension_flag(Stay.objects.filter(
        handoff__provider_id=staff.organisation_id, handoff__ended_on__isnull=True,
        case__in=case_policies.visible_cases(user)))
        .select_related("room__building", "case__client", "case__body").order_by("start_on", "pk"))


def shelter_provider_lists(user, day: dt.date) -> dict | None:
    if not policies.provides(user, Program.TEMPORARY_SHELTER):
        return None
    stays = list(_provider_stays(user).filter(status__in=Stay.ACTIVE).annotate(
        supplied=Exists(SupplyIssue.objects.filter(stay=OuterRef("pk")))))
    pending = sorted((s for s in stays if s.status == Stay.Status.REQUESTED), key=lambda s: (s.requested_at, s.pk))
    confirmed = [s for s in stays if s.status == Stay.Status.CONFIRMED]
    horizon = day + dt.timedelta(days=rules.WARN_DAYS)
    lists = [
        WorkList("pending", "確認待ちの依頼（古い順）", "確認待ちの依頼はありません。", [
            _row(s, _period(s), s.requested_on, "依頼の内容を見る", overdue=s.end_on < day,
                 confirm_url=reverse("shelter_confirm", args=[s.pk])) for s in pending]),
        WorkList("arrivals", "本日の入居", "本日入居の予定はありません。", [
            _row(s, _period(s), s.start_on, "日用品の支給・食事の手配を記録する", "#supplies")
            for s in confirmed if s.start_on == day]),
        WorkList("overstays", "超過（退去予定日を過ぎて入居中）", "超過している入居はありません。", [
            _row(s, _period(s), s.end_on, "転居を記録する（または延長の決定を確認する）", "#move-out", overdue=True)
            for s in confirmed if rules.is_overstay(s, day)]),
        WorkList("ending", f"{rules.WARN_DAYS}日以内に退去予定", f"{rules.WARN_DAYS}日以内に退去予定の入居はありません。", [
            _row(s, _period(s), s.end_on, "転居の準備・記録をする", "#move-out")
            for s in sorted(confirmed, key=lambda s: s.end_on) if day <= s.end_on <= horizon]),
        WorkList("extension", "延長の決定が必要（3か月）", "延長の決定が必要な入居はありません。", [
            _row(s, _period(s), rules.principle_end(s.start_on), "延長の決定を確認する（相談支援機関が記録）", "#extend",
                 overdue=rules.principle_end(s.start_on) < day)
            for s in confirmed if rules.needs_extension(s, day, extended=s.extended)]),
        WorkList("deliveries", "本日のお届け（食事・日用品）", "本日お届けする食事や、まだ支給していない日用品はありません。",
                 _deliveries(confirmed, day)),
    ]
    return {"lists": lists, "case_ids": {s.case_id for s in stays}}


def _deliveries(confirmed: list[Stay], day: dt.date) -> list[Row]:
    """Meals to deliver today (a meal service's running order, a food-bank parcel due today), and people in a
    room who have had no daily necessities yet."""
    in_room = {s.pk: s for s in confirmed if s.start_on <= day}
    today_food = (FoodSupport.objects.filter(stay_id__in=in_room, start_on__lte=day)
                  .filter(Q(end_on__gte=day) | Q(end_on__isnull=True, start_on=day))
                  .select_related("partner").order_by("stay_id", "pk"))
    rows = [_row(in_room[f.stay_id], f"{f.get_kind_display()}：{f.partner.name}（{f.meals}食"
                 + (f"、アレルギー：{f.allergies}" if f.allergies else "") + "）",
                 day, "配食を確認する" if f.kind == FoodKind.MEAL_SERVICE else "食品をお届けする", "#food")
            for f in today_food]
    rows += [_row(s, f"{s.room}：日用品の支給がまだありません", s.start_on, "日用品の支給を記録する", "#supplies")
             for s in in_room.values() if not s.supplied]
    return rows


def watch_visit_lists(user, day: dt.date) -> dict | None:
    """Visits of the people handed to this 地域居住支援 provider at their move-out, due within a week or overdue."""
    if not policies.provides(user, Program.COMMUNITY_LIVING):
        return None
    staff = case_policies.staff_of(user)
    visits = list(WatchVisit.objects.filter(
        visited_on__isnull=True, due_on__lte=day + dt.timedelta(days=rules.VISIT_WARN_DAYS),
        move_out__handoff__provider_id=staff.organisation_id, move_out__handoff__ended_on__isnull=True,
        case__in=case_policies.visible_cases(user)).select_related("case__client", "case__body").order_by("due_on", "pk"))
    rows = [Row(v.case.label, f"{v.case.client.family_name} {v.case.client.given_name}",
                "見守り訪問", v.due_on, "訪問を記録する", reverse("shelter_watch", args=[v.move_out_id]) + f"?visit={v.pk}#record",
                overdue=v.due_on < day) for v in visits]
    lists = [WorkList("visits", f"見守り訪問（{rules.VISIT_WARN_DAYS}日以内・期限超過）", "予定が近い見守り訪問はありません。", rows)]
    return {"lists": lists, "case_ids": {v.case_id for v in visits}}


def agency_stay_lists(user, day: dt.date) -> dict | None:
    """The body's stays to act on: overstayed, ending soon, past 3 months without an extension decision."""
    if role_of(user) not in AGENCY_ROLES:
        return None
    warnings = selectors.stay_warnings(case_policies.visible_cases(user), day)
    if not warnings:
        return None
    rows = [_row(w.stay, _period(w.stay), w.stay.end_on,
                 "転居または延長を記録する" if w.overdue else "転居の準備・延長の検討をする",
                 "#extend" if w.overdue and not rules.is_overstay(w.stay, day) else "#move-out", overdue=w.overdue,
                 one_body=True)
            for w in warnings]
    return {"lists": [WorkList("stays", "一時生活支援：期限の確認が必要な入居", "", rows)],
            "case_ids": {w.stay.case_id for w in warnings}}
