"""The seed's phase view (準備期 / 開始期 / 支援期) per body and program, with problems and responses."""
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from jiritsu.core.wareki import format_fiscal_year

from .. import policies, selectors
from ..forms import SEED_PROBLEMS, SEED_RESPONSES, PhaseForm, ProblemForm, ResolveForm, ResponseForm
from ..models import Phase, Problem
from ..services import phases as services
from .common import save_or_render


def _fy():
    fy, fallback = selectors.phase_fiscal_year(timezone.localdate())
    return fy, {"fy_label": format_fiscal_year(fy), "fy_fallback": fallback}


def phase_matrix(request):
    policies.require_use(request.user)
    fy, labels = _fy()
    matrix = selectors.phase_matrix(selectors.bodies(user=request.user), fy)
    totals = {p: {ph: 0 for ph in Phase.values} for p in selectors.PHASE_PROGRAMS}
    for _body, cells in matrix:
        for cell in cells:
            totals[cell.program][cell.phase] += 1
    return render(request, "outreach/phase_matrix.html", {
        **labels, "matrix": matrix, "programs": selectors.PHASE_PROGRAMS, "phases": Phase.choices,
        "totals": [(p.label, [totals[p][ph] for ph in Phase.values]) for p in selectors.PHASE_PROGRAMS],
    })


def _program_or_404(program: str) -> str:
    if program not in selectors.PHASE_PROGRAMS:
        raise Http404("事業が見つかりません。")
    return program


def _context(request, body, program) -> dict:
    fy, labels = _fy()
    cell = selectors.phase_for(body, program, fy)
    problems = selectors.problems_of(body=body, program=program)
    today = timezone.localdate()
    record = cell.recorded
    return {
        **labels, "body": body, "program": program, "cell": cell, "problems": problems,
        "can_write": policies.is_policy_staff(request.user),
        "phase_form": PhaseForm(initial={"phase": cell.phase, "recorded_on": today,
                                         "note": record.note if record else "",
                                         "version": record.version if record else None}),
        "problem_form": ProblemForm(initial={"phase": cell.phase, "raised_on": today}),
        "resolve_initial": today, "seed_problems": SEED_PROBLEMS, "seed_responses": SEED_RESPONSES,
    }


def phase_detail(request, body_pk, program):
    policies.require_use(request.user)
    body = policies.get_body_or_404(request.user, body_pk)
    return render(request, "outreach/phase_detail.html", _context(request, body, _program_or_404(program)))


def _writer_target(request, body_pk, program):
    policies.require_writer(request.user)
    return policies.get_body_or_404(request.user, body_pk), _program_or_404(program)


def _back(body, program):
    return redirect("outreach_phase", body.pk, program)


@require_POST
def phase_set(request, body_pk, program):
    body, program = _writer_target(request, body_pk, program)
    saved, page = save_or_render(request, PhaseForm(request.POST), lambda data, version: services.set_phase(
        user=request.user, body=body, program=program, expected_version=version, **data),
        "outreach/phase_detail.html", _context(request, body, program), "段階を記録しました。", form_name="phase_form")
    return _back(body, program) if saved else page


@require_POST
def phase_clear(request, body_pk, program):
    body, program = _writer_target(request, body_pk, program)
    services.clear_phase(user=request.user, body=body, program=program)
    messages.success(request, "記録した段階を取り消し、実施状況から判定した段階に戻しました。")
    return _back(body, program)


@require_POST
def problem_new(request, body_pk, program):
    body, program = _writer_target(request, body_pk, program)
    saved, page = save_or_render(request, ProblemForm(request.POST), lambda data, _v: services.add_problem(
        user=request.user, body=body, program=program, **data),
        "outreach/phase_detail.html", _context(request, body, program), "課題を記録しました。", form_name="problem_form")
    return _back(body, program) if saved else page


def _problem(request, pk) -> Problem:
    policies.require_writer(request.user)
    return selectors.get_problem_or_404(user=request.user, pk=pk)


def _problem_page(request, problem, form, save, done):
    context = {**_context(request, problem.body, problem.program), "error_problem": problem.pk}
    saved, page = save_or_render(request, form, save, "outreach/phase_detail.html", context, done,
                                 form_name="problem_error_form")
    return _back(problem.body, problem.program) if saved else page


@require_POST
def problem_resolve(request, pk):
    problem = _problem(request, pk)
    return _problem_page(request, problem, ResolveForm(request.POST), lambda data, version: services.resolve_problem(
        user=request.user, problem=problem, resolved_on=data["resolved_on"], expected_version=version),
        "課題の状態を更新しました。")


@require_POST
def response_new(request, pk):
    problem = _problem(request, pk)
    return _problem_page(request, problem, ResponseForm(request.POST), lambda data, _v: services.add_response(
        user=request.user, problem=problem, **data), "対応を記録しました。")

