"""就労準備支援 pages: the provider's menu of sessions, a session with its people and the attendance of all of
them at once, and a person's page (enrolment with the one-year limit, schedule, evaluation sheets, the body's
extension, the end). Reads go through selectors and are audited."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from jiritsu.audit import log
from jiritsu.cases import stage_parts
from jiritsu.core.errors import Conflict
from jiritsu.core.forms import apply_service_errors
from jiritsu.programs.catalog import Program

from . import policies, rules, selectors, services
from .forms import BookForm, EndForm, EvaluationForm, ExtendForm, SessionForm, StartForm


def _run(form, save, request, done: str):
    """Validate and save; returns (ok, status) with the service's errors at the form's fields."""
    if not form.is_valid():
        return False, 200
    data = dict(form.cleaned_data)
    version = data.pop("version", None)
    try:
        save(data, version)
    except ValidationError as exc:
        apply_service_errors(form, exc)
        return False, 200
    except Conflict as exc:
        form.add_error(None, exc.message)
        return False, 409
    messages.success(request, done)
    return True, 200


# ---- the provider's menu ----

def menu(request):
    provider_id = policies.require_runs_program(request.user)
    form = SessionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        ok, status = _run(form, lambda d, v: services.save_session(user=request.user, session=None, data=d,
                                                                    version=v), request, "プログラムを追加しました。")
        if ok:
            return redirect("prep_menu")
    today = timezone.localdate()
    sessions = list(selectors.menu(provider_id, today))
    by_stage = [(stage.label, [s for s in sessions if s.stage == stage]) for stage in rules.Stage]
    return render(request, "prep/menu.html", {"by_stage": by_stage, "form": form, "today": today}, status=status)


def _session_context(request, session, **forms):
    bookings = selectors.session_bookings(request.user, session)
    candidates = selectors.bookable(request.user, session)
    shown = [b.enrolment.case for b in bookings] + [e.case for e in candidates]
    if shown:
        log.record_many(user=request.user, action="read", what=f"就労準備支援のプログラム（{session.title}）の参加者",
                        cases=shown)
    context = {"session": session, "bookings": bookings, "candidates": candidates,
               "full": len(bookings) >= session.capacity, "can_take": session.held_on <= timezone.localdate(),
               "session_form": SessionForm(initial={**{n: getattr(session, n) for n in services.SESSION_FIELDS},
                                                    "version": session.version})}
    context.update(forms)
    return context


def session_detail(request, pk):
    session = selectors.session_or_404(request.user, pk)
    return render(request, "prep/session.html", _session_context(request, session))


@require_POST
def session_edit(request, pk):
    session = selectors.session_or_404(request.user, pk)
    form = SessionForm(request.POST)
    ok, status = _run(form, lambda d, v: services.save_session(user=request.user, session=session, data=d,
                                                                version=v), request, "プログラムを更新しました。")
    if ok:
        return redirect("prep_session", session.pk)
    return render(request, "prep/session.html", _session_context(request, session, session_form=form), status=status)


@require_POST
def session_book(request, pk):
    session = selectors.session_or_404(request.user, pk)
    form = BookForm(request.POST)
    chosen = None
    if form.is_valid():
        chosen = next((e for e in selectors.bookable(request.user, session)
                       if e.pk == form.cleaned_data["enrolment"]), None)
    if chosen is None:
        messages.error(request, "予定に入れられる方ではありません（すでに予定済み、期間外、または担当外）。")
        return redirect("prep_session", session.pk)
    try:
        services.book(user=request.user, session=session, enrolment=chosen)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{chosen.case.client.full_name}さんを予定に入れました。")
    return redirect("prep_session", session.pk)


@require_POST
def session_attendance(request, pk):
    """The whole session's attendance from one form: a checkbox per booked person."""
    session = selectors.session_or_404(request.user, pk)
    bookings = selectors.session_bookings(request.user, session)
    present = {b.pk for b in bookings if request.POST.get(f"present_{b.pk}") == "on"}
    try:
        services.take_attendance(user=request.user, session=session, bookings=bookings, present=present)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"出欠を記録しました（出席{len(present)}人、欠席{len(bookings) - len(present)}人）。")
    return redirect("prep_session", session.pk)


# ---- a person's page ----

def _case_context(request, case, **forms):
    today = timezone.localdate()
    enrolment = selectors.open_enrolment(case)
    context = {"case": case, "enrolments": selectors.enrolments(case), "enrolment": enrolment, "today": today,
               "can_start": enrolment is None and policies.runs_program(request.user),
               "can_extend": enrolment is not None and policies.can_extend(request.user),
               "can_record": enrolment is not None and policies.can_record(request.user),
               "start_form": StartForm(initial={"started_on": today}),
               # The work-experience placements are part of the 就労自立 stage (placements adds them).
               "work_experience": stage_parts.items_for(request.user, case, Program.EMPLOYMENT_PREP,
                                                        rules.Stage.WORK)}
    if enrolment:
        evaluations = selectors.evaluations(enrolment)
        context.update(
            schedule=selectors.schedule(enrolment), counts=selectors.attendance_counts(enrolment),
            evaluations=[(e, [(label, e.scores.get(code)) for code, label in rules.ITEMS[rules.Stage(e.stage)]])
                         for e in evaluations],
            limit_label=rules.limit_label(enrolment.limit_on, today),
            evaluation_due=rules.evaluation_due(enrolment.started_on,
                                                evaluations[-1].evaluated_on if evaluations else None),
            evaluation_form=EvaluationForm(stage=enrolment.stage, initial={"evaluated_on": today}),
            extend_form=ExtendForm(initial={"version": enrolment.version}),
            end_form=EndForm(initial={"version": enrolment.version, "ended_on": today}))
    context.update(forms)
    log.record(user=request.user, action="read", what="就労準備支援（利用・予定・評価）", case=case)
    return context


def case_page(request, pk):
    case = policies.case_or_404(request.user, pk)
    return render(request, "prep/case.html", _case_context(request, case))


def _case_post(request, pk, form_for, name, save, done):
    case = policies.case_or_404(request.user, pk)
    enrolment = selectors.open_enrolment(case)
    form = form_for(enrolment)
    ok, status = _run(form, lambda d, v: save(case, enrolment, form, d, v), request, done)
    if ok:
        return redirect("prep_case", case.pk)
    return render(request, "prep/case.html", _case_context(request, case, **{name: form}), status=status)


@require_POST
def start(request, pk):
    policies.require_runs_program(request.user)
    return _case_post(request, pk, lambda e: StartForm(request.POST), "start_form",
                      lambda c, e, f, d, v: services.start(user=request.user, case=c, **d), "利用を開始しました。")


def _open(enrolment):
    if enrolment is None:
        raise Http404("利用中の記録がありません。")
    return enrolment


@require_POST
def evaluate(request, pk):
    return _case_post(request, pk, lambda e: EvaluationForm(request.POST, stage=_open(e).stage), "evaluation_form",
                      lambda c, e, f, d, v: services.evaluate(
                          user=request.user, enrolment=e, evaluated_on=d["evaluated_on"], scores=f.scores(),
                          note=d["note"], next_stage=d["next_stage"]), "段階評価を記録しました。")


@require_POST
def extend(request, pk):
    policies.case_or_404(request.user, pk)  # out of scope: not found, before any word about the role
    policies.require_extend(request.user)
    return _case_post(request, pk, lambda e: _open(e) and ExtendForm(request.POST), "extend_form",
                      lambda c, e, f, d, v: services.extend(user=request.user, enrolment=e, version=v, **d),
                      "利用期間の延長を記録しました。")


@require_POST
def end(request, pk):
    return _case_post(request, pk, lambda e: _open(e) and EndForm(request.POST), "end_form",
                      lambda c, e, f, d, v: services.end(user=request.user, enrolment=e, version=v, **d),
                      "利用の終了を記録しました。")
