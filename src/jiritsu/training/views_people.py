"""Exercise day (attendance), a person's record and certificate, per-body records, case studies, 名刺交換."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from jiritsu.audit import log
from jiritsu.core.errors import Conflict
from jiritsu.core.forms import apply_service_errors
from jiritsu.core.wareki import fiscal_year
from jiritsu.documents import pdf
from jiritsu.orgs.policies import staff_of

from . import policies, selectors, services, studies
from .forms import CardForm, CaseStudyEditForm, CaseStudyNewForm, CaseStudyPublishForm, CaseStudyReturnForm


def exercise_detail(request, pk):
    user = request.user
    exercise = policies.get_exercise_or_404(user, pk)
    organiser = policies.is_organiser(user)
    participant = policies.is_participant(user, exercise)
    attended = policies.is_participant(user, exercise, attended=True)
    if not (organiser or participant):
        raise Http404("演習が見つかりません。")
    own_card = selectors.own_card(user=user, exercise=exercise)
    card_form = CardForm(initial=_card_initial(user, own_card)) if attended else None
    return render(request, "training/exercise_detail.html", {
        "exercise": exercise, "organiser": organiser, "participant": participant, "attended": attended,
        "roster": selectors.roster(exercise=exercise) if organiser else [],
        "can_take_attendance": organiser and exercise.held_on <= timezone.localdate(),
        "studies": selectors.case_studies(user=user, exercise=exercise),
        "may_submit": policies.may_submit_case_study(user) and participant,
        "cards": selectors.shared_cards(exercise=exercise, besides=user) if attended else [],
        "own_card": own_card, "card_form": card_form})


def _card_initial(user, card):
    if card is not None:
        return {f: getattr(card, f) for f in ("name", "organisation", "role", "phone", "email")}
    staff = staff_of(user)
    return {"name": staff.display_name, "organisation": staff.organisation.name,
            "role": staff.get_role_display(), "phone": staff.organisation.phone}


@require_POST
def take_attendance(request, pk):
    exercise = policies.get_exercise_or_404(request.user, pk)
    present = {int(v) for v in request.POST.getlist("present") if v.isdigit()}
    try:
        count = services.take_attendance(user=request.user, exercise=exercise, present=present)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"出席を記録しました（出席{count}名）。")
    return redirect("training_exercise", exercise.pk)


@require_POST
def share_card(request, pk):
    exercise = policies.get_exercise_or_404(request.user, pk)
    form = CardForm(request.POST)
    if form.is_valid():
        try:
            services.share_card(user=request.user, exercise=exercise, data=form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "名刺を参加者と共有しました。")
    else:
        messages.error(request, "名刺の内容を確認してください：" + " ".join(
            f"{form.fields[f].label}：{' '.join(e)}" for f, e in form.errors.items()))
    return redirect("training_exercise", exercise.pk)


@require_POST
def withdraw_card(request, pk):
    exercise = policies.get_exercise_or_404(request.user, pk)
    services.withdraw_card(user=request.user, exercise=exercise)
    messages.success(request, "名刺の共有を取りやめました。他の参加者には表示されません。")
    return redirect("training_exercise", exercise.pk)


def my_record(request):
    policies.require_use(request.user)
    staff = staff_of(request.user)
    return render(request, "training/my_record.html", {"record": selectors.my_record(staff), "staff": staff})


def certificate(request, pk):
    """修了証書 (A4, 和暦) for a completed course: the person's own, as PDF where the machine can make one."""
    enrolment = policies.get_own_enrolment_or_404(request.user, pk)
    progress = selectors.progress(enrolment)
    if not progress.complete:
        raise Http404("修了していない研修の修了証書は発行できません。")
    staff = enrolment.staff
    ctx = {"enrolment": enrolment, "staff": staff, "completed_on": progress.completed_on,
           "issued_on": timezone.localdate(), "prefecture": enrolment.course.prefecture,
           "title": "修了証書", "pdf_available": pdf.available(),
           "number": f"{enrolment.course.fiscal_year}-{enrolment.course_id:03d}-{enrolment.pk:05d}"}
    want_pdf = request.GET.get("format") == "pdf" and ctx["pdf_available"]
    if want_pdf:
        ctx["inline_css"] = pdf.print_css()
    html = render_to_string("training/certificate.html", ctx, request=request)
    log.record(user=request.user, action="print", what=f"修了証書：{enrolment.course.title}")
    if not want_pdf:
        return HttpResponse(html)
    response = HttpResponse(pdf.render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, f"certificate-{ctx['number']}.pdf")
    return response


def records(request):
    """Per body: who has been trained for which post this year; the organisers see everyone not yet trained."""
    policies.require(request.user, "see_body_records")
    try:
        fy = int(request.GET.get("fy", ""))
    except ValueError:
        fy = fiscal_year(timezone.localdate())
    untrained_only = request.GET.get("untrained") == "1"
    groups = selectors.records_by_body(request.user, fy, untrained_only=untrained_only)
    return render(request, "training/records.html", {
        "groups": groups, "fy": fy, "untrained_only": untrained_only,
        "untrained_total": sum(g.untrained for g in groups), "organiser": policies.is_organiser(request.user)})


# ---- case studies ----
def study_new(request, pk):
    exercise = policies.get_exercise_or_404(request.user, pk)
    policies.require_study_submitter(request.user, exercise)
    form = CaseStudyNewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            study = studies.draft_case_study(user=request.user, exercise=exercise, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "匿名化した事例の下書きを作りました。内容を確認してから公開してください。")
            return redirect("training_study", study.pk)
    return render(request, "training/study_new.html", {"exercise": exercise, "form": form})


def study_detail(request, pk):
    study = policies.get_case_study_or_404(request.user, pk)
    if study.submitted_by_id == request.user.pk and study.state == study.State.DRAFT:
        return _own_draft(request, study)
    if policies.may_review_case_study(request.user, study):
        return _review(request, study)
    return _study_page(request, study, {})


def _study_page(request, study, extra: dict, status: int = 200):
    return render(request, "training/study_detail.html", {
        "study": study, "source_link": policies.shows_source_link(request.user, study), **extra}, status=status)


def _own_draft(request, study):
    form = CaseStudyEditForm(request.POST or None, initial={
        "title": study.title, "text": study.text, "version": study.version})
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if "review" in request.POST:
                studies.request_review(user=request.user, study=study, title=data["title"], text=data["text"],
                                       expected_version=data["version"])
                messages.success(request, "確認を依頼しました。同じ機関の別の職員が確認して公開します。")
            else:
                studies.edit_case_study(user=request.user, study=study, title=data["title"], text=data["text"],
                                        expected_version=data["version"])
                messages.success(request, "事例を保存しました（まだ公開していません）。")
            return redirect("training_study", study.pk)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except Conflict as exc:
            form.add_error(None, exc.message)
            status = 409
    return _study_page(request, study, {"form": form, "own_draft": True,
                                        **studies.review_material(request.user, study)}, status)


def _review(request, study):
    publish_form = CaseStudyPublishForm(request.POST if "publish" in request.POST else None)
    return_form = CaseStudyReturnForm(request.POST if "return" in request.POST else None)
    if request.method == "POST":
        try:
            if "return" in request.POST and return_form.is_valid():
                studies.return_for_edit(user=request.user, study=study, note=return_form.cleaned_data["note"])
                messages.success(request, "作成者に差し戻しました。")
                return redirect("training_exercise", study.exercise_id)
            if "publish" in request.POST and publish_form.is_valid():
                studies.publish_case_study(user=request.user, study=study,
                                           checked=publish_form.cleaned_data["checked"])
                messages.success(request, "事例を演習の参加者に公開しました。")
                return redirect("training_study", study.pk)
        except ValidationError as exc:
            apply_service_errors(return_form if "return" in request.POST else publish_form, exc)
    return _study_page(request, study, {"reviewing": True, "publish_form": publish_form, "return_form": return_form,
                                        **studies.review_material(request.user, study)},
                       400 if request.method == "POST" else 200)
