"""Study, review and operations meetings: the prefecture records them; an invited body reads its own."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from jiritsu.core.forms import apply_service_errors

from .. import policies, selectors
from ..forms import AttendanceForm, MaterialForm, MeetingForm
from ..services import meetings as services
from .common import save_or_render, versioned


def meeting_list(request):
    policies.require_use(request.user)
    return render(request, "outreach/meeting_list.html", {
        "meetings": selectors.meetings(user=request.user), "can_write": policies.is_policy_staff(request.user),
    })


def meeting_detail(request, pk):
    policies.require_use(request.user)
    meeting = policies.get_meeting_or_404(request.user, pk)
    return render(request, "outreach/meeting_detail.html", {
        "meeting": meeting, "rows": selectors.meeting_rows(user=request.user, meeting=meeting),
        "materials": selectors.meeting_materials(meeting=meeting),
        "can_write": policies.is_policy_staff(request.user), "material_form": MaterialForm(),
    })


def _meeting_form(request, data=None, initial=None):
    form = MeetingForm(data, initial=initial)
    form.fields["invited"].queryset = selectors.bodies(user=request.user)
    return form


def meeting_edit(request, pk=None):
    policies.require_writer(request.user)
    meeting = policies.get_meeting_or_404(request.user, pk) if pk else None
    context = {"meeting": meeting}
    if request.method != "POST":
        initial = {"held_on": timezone.localdate()}
        if meeting:
            invited = selectors.invited_body_ids(meeting=meeting)
            initial = {**model_to_dict(meeting), **versioned(meeting), "invited": invited}
        return render(request, "outreach/meeting_form.html", {**context, "form": _meeting_form(request, initial=initial)})

    def save(data, version):
        invited = data.pop("invited")
        return services.save_meeting(user=request.user, data=data, invited=invited, meeting=meeting,
                                     expected_version=version if meeting else None)

    saved, page = save_or_render(request, _meeting_form(request, request.POST), save, "outreach/meeting_form.html",
                                 context, "会議を保存しました。")
    return redirect("outreach_meeting", saved.pk) if saved else page


def attendance_edit(request, pk):
    policies.require_writer(request.user)
    meeting = policies.get_meeting_or_404(request.user, pk)
    rows = selectors.meeting_rows_by_body(meeting=meeting)
    bodies = selectors.bodies(user=request.user)
    # Invited bodies first, then the others (a body may attend without an invitation).
    bodies = sorted(bodies, key=lambda b: (not (b.pk in rows and rows[b.pk].invited), b.code))
    invited = {i for i, r in rows.items() if r.invited}
    context = {"meeting": meeting}
    if request.method != "POST":
        initial = {f"b{i}": r.attendees for i, r in rows.items() if r.attended}
        form = AttendanceForm(initial={**initial, **versioned(meeting)}, bodies=bodies, invited=invited)
        return render(request, "outreach/attendance_form.html", {**context, "form": form})
    form = AttendanceForm(request.POST, bodies=bodies, invited=invited)
    saved, page = save_or_render(request, form, lambda _data, version: services.record_attendance(
        user=request.user, meeting=meeting, attendance=form.attendance(), expected_version=version),
        "outreach/attendance_form.html", context, "出席状況を保存しました。")
    return redirect("outreach_meeting", meeting.pk) if saved else page


@require_POST
def material_new(request, pk):
    policies.require_writer(request.user)
    meeting = policies.get_meeting_or_404(request.user, pk)
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_material(user=request.user, meeting=meeting, title=form.cleaned_data["title"],
                                  upload=form.cleaned_data["file"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "資料を登録しました。")
            return redirect("outreach_meeting", meeting.pk)
    return render(request, "outreach/meeting_detail.html", {
        "meeting": meeting, "rows": selectors.meeting_rows(user=request.user, meeting=meeting),
        "materials": selectors.meeting_materials(meeting=meeting), "can_write": True, "material_form": form,
    }, status=400)


def material_download(request, pk):
    """The only way to a material: signed in, and allowed to see its meeting (never a public URL)."""
    policies.require_use(request.user)
    material = policies.get_material_or_404(request.user, pk)
    try:
        handle = material.file.open("rb")
    except FileNotFoundError:
        raise Http404("資料のファイルが見つかりません。") from None
    response = FileResponse(handle, as_attachment=True, filename=material.original_name)
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def material_delete(request, pk):
    policies.require_writer(request.user)
    material = policies.get_material_or_404(request.user, pk)
    meeting_id = material.meeting_id
    services.remove_material(user=request.user, material=material)
    messages.success(request, "資料を削除しました。")
    return redirect("outreach_meeting", meeting_id)
