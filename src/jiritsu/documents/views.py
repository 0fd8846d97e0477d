"""Printed standard forms: one A4 HTML page each (the browser prints it), or PDF with ?format=pdf.

Every form reads the case through the policy layer (404 outside the user's scope), prints only the
sections the user may read, and leaves an access-log row with action "print".
"""
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from jiritsu.audit import log
from jiritsu.cases import policies
from jiritsu.cases import selectors as case_selectors
from jiritsu.core.text import names_line

from . import pdf, sheets


def _case(request, pk, *needed):
    """The case if in scope and the user may read at least one of the needed sections; else 404."""
    case = policies.get_case_or_404(request.user, pk)
    allowed = policies.sections(request.user, case)
    if not any(section in allowed for section in needed):
        raise Http404("ケースが見つかりません。")
    return case, allowed


def _header(case, title: str) -> dict:
    return {"case": case, "client": case.client, "title": title, "body_name": case.body.name,
            "organisation_line": names_line(case.body.name, case.agency.name)}


def print_response(request, template: str, ctx: dict, *, slug: str, audit):
    """Render the form as HTML or PDF; `audit(what)` records the print once the document is built."""
    want_pdf = request.GET.get("format") == "pdf"
    ctx.update(printed_on=timezone.localdate(), pdf_available=pdf.available(), pdf_url=_pdf_url(request))
    if want_pdf and not ctx["pdf_available"]:
        want_pdf, ctx["pdf_unavailable"] = False, True
    if want_pdf:
        ctx["inline_css"] = pdf.print_css()
    html = render_to_string(template, ctx, request=request)
    if not want_pdf:
        audit(f"{ctx['title']}を印刷")
        return HttpResponse(html)
    document = pdf.render_pdf(html)
    audit(f"{ctx['title']}を印刷（PDF）")
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, f"{slug}.pdf")
    return response


def _pdf_url(request) -> str:
    query = request.GET.copy()
    query["format"] = "pdf"
    return f"{request.path}?{query.urlencode()}"


def _print_case(request, case, template, ctx, slug):
    def audit(what):
        log.record(user=request.user, action="print", what=what, case=case)

    return print_response(request, template, ctx, slug=f"{slug}-{case.body.code}-{case.case_number}", audit=audit)


@require_GET
def print_intake(request, pk):
    """相談受付・申込票: the owner's form (providers never see the intake or the consent record)."""
    case, allowed = _case(request, pk, "intake")
    ctx = _header(case, "相談受付・申込票") | sheets.intake(case)
    return _print_case(request, case, "documents/intake.html", ctx, "intake")


@require_GET
def print_assessment(request, pk):
    case, allowed = _case(request, pk, *sheets.ASSESSMENT_PARTS)
    assessment = case_selectors.latest_assessment(case)
    ctx = _header(case, "インテーク・アセスメントシート") | {
        "assessment": assessment,
        "rows": sheets.assessment_rows(assessment, allowed) if assessment else [],
        "partial": allowed != policies.ALL_SECTIONS,
    }
    return _print_case(request, case, "documents/assessment.html", ctx, "assessment")


@require_GET
def print_plan(request, pk):
    case, allowed = _case(request, pk, "plan")
    plan = sheets.choose_plan(case, request.GET.get("version"))
    ctx = _header(case, "プラン兼事業等利用申込書") | sheets.plan(case, plan)
    return _print_case(request, case, "documents/plan.html", ctx, "plan")


@require_GET
def print_progress(request, pk):
    case, allowed = _case(request, pk, "progress")
    ctx = _header(case, "支援経過記録シート") | {"records": sheets.progress(request.user, case)}
    return _print_case(request, case, "documents/progress.html", ctx, "progress")


@require_GET
def print_evaluation(request, pk):
    case, allowed = _case(request, pk, "evaluation")
    ctx = _header(case, "評価シート") | sheets.evaluation(case, request.GET.get("version"))
    return _print_case(request, case, "documents/evaluation.html", ctx, "evaluation")


@require_GET
def print_caselist(request):
    """支援ケース一覧: every row in one query, one audit INSERT, whatever the caseload's size."""
    status = request.GET.get("status", "open")
    if status not in sheets.CASELIST_STATUS:
        status = "open"
    cases = sheets.caselist_cases(request.user, status)
    staff = policies.staff_of(request.user)
    org = staff.organisation
    sheet_rows = sheets.caselist_sheets(cases)
    ctx = {
        "title": "支援ケース一覧", "organisation_line": names_line(org.body.name if org.body_id else "", org.name),
        "sheets": sheet_rows, "total": sum(len(s) for s in sheet_rows), "status": status,
        "status_label": sheets.CASELIST_STATUS[status], "status_choices": sheets.CASELIST_STATUS.items(),
        "rows_per_sheet": sheets.ROWS_PER_SHEET,
    }

    def audit(what):
        log.record_query(user=request.user, action="print", what=what, cases=cases)

    return print_response(request, "documents/caselist.html", ctx, slug="caselist", audit=audit)
