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
from ..forms.meetings import MeetingEditForm, MeetingForm, OutcomeForm
from ..process import InvalidStep


def _forbidden(request, message="この画面を利用する権限がありません。"):
    return render(request, "cases/step_forbidden.html", {"message": message}, status=403)


def _can_manage(user) -> bool:
    return user.has_perm("cases.manage_meetings")


def meeting_list(request):
    if not policies.is_owner_side(request.user):
        return _forbidden(request)
    today = timezone.localdate()
    pending = Count("items", filter=Q(items__outcome=MeetingOutcome.PENDING))
    meetings = selectors.meetings_for(request.user).annotate(item_count=Count("items"), pending_count=pending)
    return render(request, "cases/meeting_list.html", {
        "upcoming": list(meetings.filter(held_on__gte=today).order_by("held_on", "id")),
        "past": list(meetings.filter(held_on__lt=today).order_by("-held_on", "-id")[:50]),
        "can_manage": _can_manage(request.user),
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
    return list(meeting.items.select_related("case__client", "plan", "evaluation__plan", "decided_by__staff"))


def meeting_detail(request, pk):
    meeting = selectors.get_meeting_or_404(request.user, pk)
    items = _agenda(meeting)
    if items:
        log.record_many(user=request.user, action="read", what="支援調整会議の議題", cases=[i.case for i in items])
    can_record = _can_manage(request.user) and meeting.held_on <= timezone.localdate()
    return render(request, "cases/meeting_detail.html", {
        "meeting": meeting, "items": items, "can_manage": _can_manage(request.user), "can_record": can_record,
        "outcome_form": OutcomeForm(),
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


def meeting_item(request, pk):
    """One case on the agenda: what is discussed, and the outcome with the per-person minutes."""
    item = selectors.get_agenda_item_or_404(request.user, pk)
    form = OutcomeForm(request.POST or None)
    refusal, status = "", 200
    if request.method == "POST":
        if not _can_manage(request.user):
            return _forbidden(request, "会議の結果を記録する権限がありません。")
        if form.is_valid():
            try:
                services.record_meeting_outcome(user=request.user, item=item, **form.cleaned_data)
            except InvalidStep as exc:
                refusal, status = exc.message, 409
            except ValidationError as exc:
                apply_service_errors(form, exc)
            except policies.NotPermitted as exc:
                return _forbidden(request, exc.message)
            else:
                messages.success(request, f"{item.case.case_number} の結果（{MeetingOutcome(form.cleaned_data['outcome']).label}）を記録しました。")
                return redirect("meeting_detail", pk=item.meeting_id)
    log.record(user=request.user, action="read", what="支援調整会議の議題（個別）", case=item.case)
    return render(request, "cases/meeting_item.html", {
        "item": item, "meeting": item.meeting, "form": form, "refusal": refusal,
        "can_record": _can_manage(request.user) and item.meeting.held_on <= timezone.localdate(),
        "goals": list(item.plan.goals.all()) if item.plan_id else [],
    }, status=status)
