"""地域居住支援 after the move-out: the watch-over schedule, visit records, places to belong. Kept by the case's
agency staff, or by the provider the person was handed over to at the move-out (policies.opens_watch).
Keyword-only, transactional, audited."""
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from jiritsu.audit import log
from jiritsu.cases import policies
from jiritsu.core.wareki import format_wareki

from . import policies as shelter_policies
from . import rules, selectors
from .models import MoveOut, PlaceLink, WatchVisit


def move_out_for(user, move_out: MoveOut) -> MoveOut:
    """The move-out locked, with its stay, case and hand-over, for those who keep its watch-over (404 outside
    the case's scope, refused to others in scope)."""
    case_id = MoveOut.objects.filter(pk=move_out.pk).values_list("stay__case_id", flat=True).first()
    policies.get_case_or_404(user, case_id)
    locked = (MoveOut.objects.select_for_update(of=("self",)).select_related("stay__case", "handoff")
              .get(pk=move_out.pk))
    if not shelter_policies.opens_watch(user, locked):
        raise policies.NotPermitted("見守りを記録できるのは、ケースの自立相談支援機関の職員と地域居住支援の引継ぎ先の職員です。")
    return locked


def _check_due(move_out: MoveOut, due_on: dt.date) -> None:
    last = rules.watch_period_end(move_out.moved_on)
    if not move_out.moved_on < due_on <= last:
        raise ValidationError({"due_on": f"見守りは転居後1年以内です（{format_wareki(move_out.moved_on)}の翌日から"
                                         f"{format_wareki(last)}まで）。"})


@transaction.atomic
def add_visit(*, user, move_out: MoveOut, due_on: dt.date) -> WatchVisit:
    move_out = move_out_for(user, move_out)
    _check_due(move_out, due_on)
    visit = WatchVisit.objects.create(move_out=move_out, case=move_out.stay.case, due_on=due_on)
    log.record(user=user, action="create", what="地域居住支援の見守り予定を追加", case=move_out.stay.case)
    return visit


def _open_visit(user, visit: WatchVisit) -> WatchVisit:
    move_out = move_out_for(user, visit.move_out)
    visit = WatchVisit.objects.select_for_update().get(pk=visit.pk, move_out=move_out)
    visit.move_out = move_out
    if visit.done:
        raise ValidationError("この見守りはすでに記録されています（他の方が記録した可能性があります）。")
    return visit


@transaction.atomic
def reschedule_visit(*, user, visit: WatchVisit, due_on: dt.date) -> WatchVisit:
    visit = _open_visit(user, visit)
    _check_due(visit.move_out, due_on)
    visit.due_on = due_on
    visit.save(update_fields=["due_on"])
    log.record(user=user, action="update", what="地域居住支援の見守り予定を変更", case=visit.move_out.stay.case)
    return visit


@transaction.atomic
def remove_visit(*, user, visit: WatchVisit) -> None:
    visit = _open_visit(user, visit)
    case = visit.move_out.stay.case
    visit.delete()
    log.record(user=user, action="delete", what="地域居住支援の見守り予定を削除", case=case)


@transaction.atomic
def record_visit(*, user, visit: WatchVisit, visited_on: dt.date, visitor: str, condition: str, notes: str = "",
                 concerns: str = "", today: dt.date | None = None) -> WatchVisit:
    today = today or timezone.localdate()
    visit = _open_visit(user, visit)
    errors = {}
    if not visit.move_out.moved_on <= visited_on <= today:
        errors["visited_on"] = (f"訪問日は転居日（{format_wareki(visit.move_out.moved_on)}）から今日までの日付に"
                                "してください。")
    if not visitor.strip():
        errors["visitor"] = "訪問した者を入力してください。"
    if condition not in WatchVisit.Condition.values:
        errors["condition"] = "本人の様子を選んでください。"
    if errors:
        raise ValidationError(errors)
    visit.visited_on, visit.visitor, visit.condition = visited_on, visitor.strip(), condition
    visit.notes, visit.concerns = notes.strip(), concerns.strip()
    visit.recorded_by, visit.recorded_at = user, timezone.now()
    visit.save()
    log.record(user=user, action="update", what="地域居住支援の見守り訪問を記録", case=visit.move_out.stay.case)
    return visit


@transaction.atomic
def link_place(*, user, move_out: MoveOut, place, linked_on: dt.date, note: str = "",
               today: dt.date | None = None) -> PlaceLink:
    today = today or timezone.localdate()
    move_out = move_out_for(user, move_out)
    if not selectors.places_to_belong().filter(pk=place.pk).exists():
        raise ValidationError({"place": "居場所の社会資源（提供中）から選んでください。"})
    if linked_on > today:
        raise ValidationError({"linked_on": "つないだ日に未来の日付は指定できません。"})
    case = move_out.stay.case
    if PlaceLink.objects.filter(case=case, place=place, ended_on__isnull=True).exists():
        raise ValidationError({"place": "この居場所にはすでにつないでいます。"})
    link = PlaceLink.objects.create(case=case, place=place, linked_on=linked_on, note=note.strip(), recorded_by=user)
    log.record(user=user, action="create", what=f"地域居住支援：居場所につないだ（{place}）", case=case)
    return link
