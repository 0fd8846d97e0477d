"""支援調整会議: the body's meetings, their agenda (cases on it), the outcome per case and the minutes.

Meetings are read through `selectors.meetings_for` (the user's own body, owner side only); managing
them needs `cases.manage_meetings` (chief, body administrator). Showing the agenda shows names, so
it is audited per case with `record_many`.
"""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone

from jiritsu.audit import log
from jiritsu.core.errors import Conflict
from jiritsu.core.forms import apply_service_errors

from .. import policies, selectors, services
from ..choices import MeetingOutcome
from ..forms.meetings import MeetingEditForm, MeetingForm, MoveItemForm, OutcomeForm, WithdrawItemForm
from ..process import InvalidStep, Step


def _forbidden(request, message="この画面を利用する権限がありません。"):
    return render(request, "cases/step_forbidden.html", {"message": message}, status=403)


def _can_manage(user) -> bool:
    return user.has_perm("cases.manage_meetings")


def meeting_list(request):
    if not policies.is_owner_side(request.user):
        return _forbidden(request)
    today = timezone.localdate()
    pending = Count("items", filter=Q(items__outcome=MeetingOutcome.PENDING))
    # Items withdrawn or moved away before the meeting are not on its agenda any more.
    tabled = Count("items", filter=~Q(items__outcome__in=[MeetingOutcome.WITHDRAWN, MeetingOutcome.MOVED]))
    meetings = selectors.meetings_for(request.user).annotate(item_count=tabled, pending_count=pending)
    upcoming = list(meetings.filter(held_on__gte=today).order_by("held_on", "id"))
    return render(request, "cases/meeting_list.html", {
        "upcoming": upcoming,
        "past": list(meetings.filter(held_on__lt=today).order_by("-held_on", "-id")[:50]),
        "can_manage": _can_manage(request.user), "today": today,
        "held_today": any(m.held_on == today for m in upcoming),
    })


def meeting_new(request):
    if not (policies.is_owner_side(request.user) and _can_manage(request.user)):
        return _forbidden(request)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.create_meeting(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "支援調整会議を登録しました。")
            return redirect("meeting_detail", pk=meeting.pk)
    return render(request, "cases/meeting_form.html", {"form": form, "title": "支援調整会議の登録"})


def _agenda(meeting):
    return list(meeting.items.select_related("case__client", "plan", "evaluation__plan", "decided_by__staff",
                                             "moved_from__meeting", "moved_to__meeting"))


def meeting_detail(request, pk):
    meeting = selectors.get_meeting_or_404(request.user, pk)
    items = _agenda(meeting)
    if items:
        log.record_many(user=request.user, action="read", what="支援調整会議の議題", cases=[i.case for i in items])
    can_record = _can_manage(request.user) and meeting.held_on <= timezone.localdate()
    return render(request, "cases/meeting_detail.html", {
        "meeting": meeting, "items": items, "can_manage": _can_manage(request.user), "can_record": can_record,
        "can_change_agenda": _can_change_agenda(request.user), "outcome_form": OutcomeForm(),
        "pending_count": sum(i.outcome == MeetingOutcome.PENDING for i in items),
    })


def meeting_edit(request, pk):
    meeting = selectors.get_meeting_or_404(request.user, pk)
    if not _can_manage(request.user):
        return _forbidden(request)
    form = MeetingEditForm(request.POST or None, initial=MeetingEditForm.initial_from(meeting))
    status = 200
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.update_meeting(user=request.user, meeting=meeting, expected_version=version, data=data)
        except Conflict as exc:
            form.add_error(None, exc.message)
            status = 409
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "支援調整会議の内容を保存しました。")
            return redirect("meeting_detail", pk=meeting.pk)
    return render(request, "cases/meeting_form.html",
                  {"form": form, "meeting": meeting, "title": "支援調整会議の内容・会議録"}, status=status)


def meeting_extraordinary(request):
    """Open a 臨時 meeting today (or go to the body's meeting of today, if it has one)."""
    if not (policies.is_owner_side(request.user) and _can_manage(request.user)):
        return _forbidden(request)
    if request.method != "POST":
        return redirect("meeting_list")
    meeting = services.extraordinary_meeting_today(user=request.user)
    messages.success(request, f"{meeting.title}を開きました。ケースの議題を移すか、ケースの画面から付議してください。")
    return redirect("meeting_detail", pk=meeting.pk)


def meeting_item(request, pk):
    """One case on the agenda: what is discussed, and the outcome with the per-person minutes."""
    item = selectors.get_agenda_item_or_404(request.user, pk)
    forms = _item_forms(request, item)
    if request.method == "POST":
        if not _can_manage(request.user):
            return _forbidden(request, "会議の結果を記録する権限がありません。")
        form = forms["form"] = OutcomeForm(request.POST)
        outcome = MeetingOutcome(form.cleaned_data["outcome"]).label if form.is_valid() else ""
        return _item_action(request, item, forms, form, f"{item.case.case_number} の結果（{outcome}）を記録しました。",
                            lambda: services.record_meeting_outcome(user=request.user, item=item, **form.cleaned_data))
    return _item_page(request, item, forms)


def meeting_item_withdraw(request, pk):
    """取り下げ: the item leaves the agenda before the meeting decides it (its row stays, marked so)."""
    def withdraw(user, item, form):
        return services.withdraw_agenda_item(user=user, item=item, **form.cleaned_data)

    return _change_agenda(request, pk, "withdraw_form", lambda request, item: WithdrawItemForm(request.POST),
                          withdraw, lambda item, _result: f"{item.case.case_number} の議題を取り下げました。")


def meeting_item_move(request, pk):
    """Move the item to another meeting of the body, or to a 臨時 meeting opened today; then show that meeting."""
    def move(user, item, form):
        return services.move_agenda_item(user=user, item=item, to=form.cleaned_data["meeting"],
                                         reason=form.cleaned_data["reason"])

    return _change_agenda(request, pk, "move_form", lambda request, item: _move_form(request, item, request.POST),
                          move, lambda item, moved: f"{item.case.case_number} の議題を{moved.meeting.title}へ移しました。",
                          go_to=lambda moved: moved.meeting_id)


def _change_agenda(request, pk, name, build, act, done, go_to=None):
    """A change to an undecided item by those who table cases (its page's `name` form, built by `build`)."""
    item = selectors.get_agenda_item_or_404(request.user, pk)
    forms = _item_forms(request, item)
    if request.method != "POST":
        return redirect("meeting_item", pk=item.pk)
    if not _can_change_agenda(request.user):
        return _forbidden(request, "議題を取り下げたり移したりする権限がありません。")
    form = forms[name] = build(request, item)
    return _item_action(request, item, forms, form, lambda result: done(item, result),
                        lambda: act(request.user, item, form), go_to=go_to)


def _can_change_agenda(user) -> bool:
    return user.has_perm(f"cases.{Step.PUT_ON_AGENDA.value}")


def _move_form(request, item, data=None):
    meetings = selectors.upcoming_meetings(request.user).exclude(pk=item.meeting_id)
    return MoveItemForm(data, meetings=meetings, may_open_extraordinary=_can_manage(request.user))


def _item_forms(request, item) -> dict:
    return {"form": OutcomeForm(), "withdraw_form": WithdrawItemForm(), "move_form": _move_form(request, item)}


def _item_action(request, item, forms, form, done, act, go_to=None):
    """Run one of the item page's forms: success goes back to the meeting (or where `go_to` says); a refusal,
    a field error or a missing permission shows the item page again with the input kept."""
    refusal, status = "", 200
    if form.is_valid():
        try:
            result = act()
        except InvalidStep as exc:
            refusal, status = exc.message, 409
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except policies.NotPermitted as exc:
            return _forbidden(request, exc.message)
        else:
            messages.success(request, done(result) if callable(done) else done)
            return redirect("meeting_detail", pk=go_to(result) if go_to else item.meeting_id)
    return _item_page(request, item, forms, refusal=refusal, status=status)


def _item_page(request, item, forms, *, refusal="", status=200):
    log.record(user=request.user, action="read", what="支援調整会議の議題（個別）", case=item.case)
    today = timezone.localdate()
    return render(request, "cases/meeting_item.html", {
        "item": item, "meeting": item.meeting, "refusal": refusal, **forms,
        "can_record": _can_manage(request.user) and item.meeting.held_on <= today,
        "can_change_agenda": _can_change_agenda(request.user), "not_yet_held": item.meeting.held_on > today,
        "goals": list(item.plan.goals.all()) if item.plan_id else [],
    }, status=status)
