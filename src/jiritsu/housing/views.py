"""住居確保給付金 pages: the body's list of applications, the application form, the application page (check,
decision, periods, payments, job-search months with warnings), the body's amounts, the month's payment CSV
and the printed notices. Every page reads through selectors and records its read of people."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from jiritsu.audit import log
from jiritsu.cases import policies as case_policies
from jiritsu.core.errors import Conflict
from jiritsu.core.exports import csv_download
from jiritsu.core.forms import apply_service_errors, save_or_render
from jiritsu.core.text import names_line
from jiritsu.documents.views import print_response
from jiritsu.programs.forms import YearForm, current_fiscal_year

from . import auditing, policies, rules, selectors, services
from .forms import (
    ApplicantForm,
    ApplicationForm,
    CaseNumberForm,
    ExtendForm,
    GrantForm,
    JobSearchForm,
    LimitForm,
    LinkForm,
    MonthForm,
    RefuseForm,
    SearchForm,
    StopForm,
)
from .models import AccountType, Application

STATUS_FILTERS = [("", "すべて"), *Application.Status.choices]


def application_list(request):
    """Every application the user may open, with a case or without (a person who only applies): by status,
    and by name, ふりがな or case number."""
    if not policies.can_use(request.user):
        raise Http404("ページが見つかりません。")
    status = request.GET.get("status", "")
    if status not in Application.Status.values:
        status = ""
    search = SearchForm(request.GET if "q" in request.GET else None)
    query = search.cleaned_data["q"] if search.is_bound and search.is_valid() else ""
    applications = list(selectors.body_applications(request.user, status or None, query)[:200])
    if applications:
        auditing.record_many(user=request.user, action="read", what="住居確保給付金の申請一覧",
                             applications=applications)
    return render(request, "housing/list.html", {
        "applications": applications, "status": status, "filters": STATUS_FILTERS, "search": search,
        "query": query, "find_form": CaseNumberForm(request.GET if "case_number" in request.GET else None),
        "can_decide": policies.can_decide(request.user)})


def apply_without_case(request):
    """The application of a person who only applies for the benefit (no consultation case): the person, then
    the application. People of the body who may be the same are shown first (as the intake does), to choose
    one or to confirm a new person; what was typed stays in the form."""
    if not policies.can_use(request.user):
        raise Http404("ページが見つかりません。")
    form = ApplicantForm(request.POST or None, initial={"received_on": timezone.localdate(),
                                                       "account_type": AccountType.ORDINARY})
    candidates = []
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        existing = None
        if data.get("existing_client"):
            existing = selectors.body_person_or_none(request.user, data["existing_client"])
            if existing is None:
                form.add_error(None, "選んだ相談者が見つかりません。もう一度確認してください。")
        elif not data.get("confirm_new"):
            candidates = selectors.possible_people(request.user, form.person())
            if candidates:
                _audit_candidates(request, candidates)
        if not form.errors and not candidates:
            try:
                application = services.apply_without_case(user=request.user, person=form.person(), data=data,
                                                          existing=existing)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, "住居確保給付金の申請を受け付けました。")
                return redirect("housing_application", application.pk)
    return render(request, "housing/apply.html", {"form": form, "candidates": candidates})


def _audit_candidates(request, people):
    """The possible duplicates shown: their cases, and (without a case) the person's id."""
    cases = [c for person in people for c in person.cases.all()]
    if cases:
        log.record_many(user=request.user, action="read", what="同じ人かもしれない相談者（給付金の申請時の確認）",
                        cases=cases)
    for person in people:
        if not person.cases.all():
            log.record(user=request.user, action="read", body_id=person.body_id,
                       what=f"同じ人かもしれない相談者（給付金の申請時の確認、相談者ID{person.pk}、ケースなし）")


@require_POST
def link(request, pk):
    """Link an application made without a case to the person's case, by the case's number."""
    application, _case = selectors.application_or_404(request.user, pk)
    form = LinkForm(request.POST)
    if form.is_valid():
        case = selectors.case_by_number(request.user, form.cleaned_data["case_number"])
        if case is None:
            form.add_error("case_number", "そのケース番号のケースは見つかりません。")
        else:
            try:
                services.link_to_case(user=request.user, application=application, case=case,
                                      version=form.cleaned_data["version"])
            except ValidationError as exc:
                apply_service_errors(form, exc)
            except Conflict as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, f"申請をケース {case.case_number} に紐づけました。")
                return redirect("housing_application", application.pk)
    application, case = selectors.application_or_404(request.user, pk)
    return render(request, "housing/application.html", _detail_context(request, application, case, link_form=form))


def find_case(request):
    """From the list: the apply page of the case with the typed number (the user's own body's cases)."""
    if not policies.can_use(request.user):
        raise Http404("ページが見つかりません。")
    form = CaseNumberForm(request.GET)
    case = selectors.case_by_number(request.user, form.cleaned_data["case_number"]) if form.is_valid() else None
    if case is None:
        messages.error(request, "そのケース番号のケースは見つかりません。")
        return redirect("housing_list")
    return redirect("housing_case", case.pk)


def case_page(request, pk):
    """The case's applications, and the form for a new one when none is open."""
    case = policies.case_or_404(request.user, pk)
    form = ApplicationForm(request.POST or None, initial={"received_on": timezone.localdate(),
                                                          "account_type": AccountType.ORDINARY})

    def context():
        log.record(user=request.user, action="read", what="住居確保給付金（ケースの申請）", case=case)
        return {"case": case, "applications": list(selectors.case_applications(case)),
                "unlinked": list(selectors.unlinked_applications(case)), "open": selectors.open_application(case)}

    if request.method == "POST":
        saved, page = save_or_render(
            request, form, lambda data, version: services.apply(user=request.user, case=case, data=data),
            "housing/case.html", context, "住居確保給付金の申請を受け付けました。")
        return page or redirect("housing_application", saved.pk)
    return render(request, "housing/case.html", {**context(), "form": form})


def _detail_context(request, application, case, **forms):
    today = timezone.localdate()
    records = selectors.job_search(application)
    checked = selectors.check(application)
    periods = selectors.periods(application)
    payments = selectors.payments(application)
    version = {"version": application.version}
    decide = policies.can_decide(request.user)
    status = Application.Status
    context = {
        "application": application, "case": case, "check": checked, "periods": periods, "payments": payments,
        "scheduled_total": sum(p.amount for p in payments if p.status == p.Status.SCHEDULED),
        "records": records, "warnings": selectors.job_search_warnings(application, records, today),
        "can_decide": decide, "months_left": rules.MAX_MONTHS - sum(p.months for p in periods),
        "grant_form": GrantForm(initial={**version, "decided_on": today,
                                         "first_month": rules.add_months(rules.first_of_month(today), 1)}),
        "refuse_form": RefuseForm(initial={**version, "decided_on": today}),
        "extend_form": ExtendForm(initial={**version, "decided_on": today}),
        "stop_form": StopForm(initial={**version, "stopped_on": today}),
        "job_form": JobSearchForm(initial={"month": rules.first_of_month(today)}),
        "can_edit": application.status == status.APPLIED,
        "can_extend": decide and application.status == status.GRANTED and len(periods) < rules.MAX_PERIODS,
        "can_record": application.status != status.APPLIED and application.status != status.REFUSED,
        "client": application.client,
    }
    if case is None:
        context.update({
            "link_form": LinkForm(initial=version), "person_cases": list(selectors.person_cases(request.user, application)),
            "can_open_case": case_policies.can(request.user, "create_case")})
    context.update(forms)
    auditing.record(user=request.user, action="read", what="住居確保給付金の申請", application=application)
    return context


def application_detail(request, pk):
    application, case = selectors.application_or_404(request.user, pk)
    return render(request, "housing/application.html", _detail_context(request, application, case))


def application_edit(request, pk):
    application, case = selectors.application_or_404(request.user, pk)
    if application.status != Application.Status.APPLIED:
        messages.error(request, "決定済みの申請は修正できません。")
        return redirect("housing_application", application.pk)
    initial = {name: getattr(application, name) for name in services.APPLICATION_FIELDS}
    form = ApplicationForm(request.POST or None, initial={**initial, "version": application.version})

    def context():
        auditing.record(user=request.user, action="read", what="住居確保給付金の申請（修正）", application=application)
        return {"case": case, "application": application, "client": application.client}

    if request.method == "POST":
        saved, page = save_or_render(
            request, form, lambda data, version: services.update_application(
                user=request.user, application=application, data=data, version=version),
            "housing/edit.html", context, "申請の内容を修正しました。")
        return page or redirect("housing_application", application.pk)
    return render(request, "housing/edit.html", {**context(), "form": form})


def _act(request, pk, form_class, form_name, save, done, *, deciding: bool = True):
    """A form of the application page: saved and back to the page, or the page with the errors at the form's
    fields and the input kept (409 when someone saved the application since the page was opened). Decisions
    are the 自治体担当者's; the job-search record (`deciding` False) is anyone's who works on the benefit."""
    application, case = selectors.application_or_404(request.user, pk)
    if deciding:
        policies.require_decide(request.user)
    form = form_class(request.POST)
    status = 200
    if form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version", None)
        try:
            save(application, data, version)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except Conflict as exc:
            form.add_error(None, exc.message)
            status = 409
        else:
            messages.success(request, done)
            return redirect("housing_application", application.pk)
    application, case = selectors.application_or_404(request.user, pk)  # as saved by whoever was first
    return render(request, "housing/application.html",
                  _detail_context(request, application, case, **{form_name: form}), status=status)


@require_POST
def grant(request, pk):
    return _act(request, pk, GrantForm, "grant_form", lambda a, d, v: services.grant(
        user=request.user, application=a, decided_on=d["decided_on"], first_month=d["first_month"], version=v),
        "支給を決定しました。")


@require_POST
def refuse(request, pk):
    return _act(request, pk, RefuseForm, "refuse_form", lambda a, d, v: services.refuse(
        user=request.user, application=a, decided_on=d["decided_on"], reason=d["reason"], version=v),
        "不支給を決定しました。")


@require_POST
def extend(request, pk):
    return _act(request, pk, ExtendForm, "extend_form", lambda a, d, v: services.extend(
        user=request.user, application=a, decided_on=d["decided_on"], version=v), "支給期間の延長を決定しました。")


@require_POST
def stop(request, pk):
    return _act(request, pk, StopForm, "stop_form", lambda a, d, v: services.stop(
        user=request.user, application=a, end=d["end"] == "end", stopped_on=d["stopped_on"], reason=d["reason"],
        version=v), "支給の中止・終了を記録しました。")


@require_POST
def job_search(request, pk):
    return _act(request, pk, JobSearchForm, "job_form", lambda a, d, v: services.record_job_search(
        user=request.user, application=a, month=d["month"], interviews=d["interviews"], hellowork=d["hellowork"],
        applications=d["applications"], note=d["note"], version=v), "求職活動を記録しました。", deciding=False)


def job_search_edit(request, pk, month_pk):
    """The form to correct a recorded month, holding the record's version."""
    application, case = selectors.application_or_404(request.user, pk)
    record = next((r for r in selectors.job_search(application) if r.pk == int(month_pk)), None)
    if record is None:
        raise Http404("記録が見つかりません。")
    form = JobSearchForm(initial={"month": record.month, "interviews": record.interviews,
                                  "hellowork": record.hellowork, "applications": record.applications,
                                  "note": record.note, "version": record.version})
    return render(request, "housing/application.html",
                  _detail_context(request, application, case, job_form=form, editing_month=record.month))


def notice(request, pk):
    """支給決定通知書 / 不支給決定通知書 / 中止・終了の通知 on A4 (HTML to print, or PDF)."""
    application, case = selectors.application_or_404(request.user, pk)
    if application.status == Application.Status.APPLIED:
        raise Http404("決定前の申請には通知書がありません。")
    titles = {Application.Status.GRANTED: "住居確保給付金支給決定通知書",
              Application.Status.REFUSED: "住居確保給付金不支給決定通知書",
              Application.Status.SUSPENDED: "住居確保給付金支給中止通知書",
              Application.Status.ENDED: "住居確保給付金支給終了通知書"}
    periods = selectors.periods(application)
    body = application.body
    ctx = {"case": case, "client": application.client, "title": titles[application.status], "body_name": body.name,
           "organisation_line": names_line(body.name), "identity_in_form": True, "application": application,
           "periods": periods, "payments": [p for p in selectors.payments(application) if p.status == p.Status.SCHEDULED],
           "last_month": periods[-1].last_month if periods else None}

    def audit(what):
        auditing.record(user=request.user, action="print", what=what, application=application)

    number = case.case_number if case is not None else "nocase"
    return print_response(request, "housing/notice.html", ctx, audit=audit,
                          slug=f"housing-notice-{body.code}-{number}-{application.pk}")


def limits(request):
    """The body's 基準額 and 家賃上限 by household size (the 自治体担当者 sets them; agency staff read them)."""
    if not policies.can_use(request.user):
        raise Http404("ページが見つかりません。")
    body_id = policies.body_id_of(request.user)
    form = LimitForm(request.POST or None)
    if request.method == "POST":
        policies.require_decide(request.user)
        saved, page = save_or_render(
            request, form, lambda data, version: services.save_limit(user=request.user, **data),
            "housing/limits.html", lambda: _limits_context(request, body_id), "基準額を保存しました。")
        return page or redirect("housing_limits")
    return render(request, "housing/limits.html", {**_limits_context(request, body_id), "form": form})


def _limits_context(request, body_id):
    today = timezone.localdate()
    in_force = selectors.limits_in_force(body_id, today)
    return {"in_force": [in_force[size] for size in sorted(in_force)], "history": selectors.limits_history(body_id),
            "can_decide": policies.can_decide(request.user), "today": today}


def payments_csv(request):
    """The month's payments to landlords for the city's payment system (the 自治体担当者 only)."""
    policies.require_decide(request.user)
    form = MonthForm(request.GET)
    if not form.is_valid():
        messages.error(request, "支給月を正しく入力してください（例：R8.4.1）。")
        return redirect("housing_list")
    month = rules.first_of_month(form.cleaned_data["month"])
    payments = list(selectors.month_payments(policies.body_id_of(request.user), month))
    if payments:
        auditing.record_many(user=request.user, action="export", what=f"住居確保給付金の支払データ（{month:%Y-%m}）",
                             applications=[p.application for p in payments])
    header = ["支給月", "ケース番号", "申請者", "貸主", "金融機関", "支店", "口座種別", "口座番号", "口座名義", "支給額"]
    rows = ([f"{month:%Y-%m}", p.application.case.case_number if p.application.case_id else "",
             p.application.client.full_name,
             p.application.landlord_name, p.application.bank_name, p.application.branch_name,
             p.application.get_account_type_display(), p.application.account_number, p.application.account_holder,
             p.amount] for p in payments)
    return csv_download(f"housing-payments-{month:%Y-%m}.csv", header, rows)




def counts(request):
    """Counts by body and fiscal year: the prefecture for every body, a body's 自治体担当者 for their own."""
    bodies = policies.count_bodies(request.user)
    form = YearForm(request.GET or None)
    fy = (form.cleaned_data["fy"] if form.is_valid() else None) or current_fiscal_year()
    rows = selectors.counts_by_body(bodies, fy)
    return render(request, "housing/counts.html", {"form": form, "fy": fy, "rows": rows,
                                                   "total_paid": sum(r.paid_total for r in rows),
                                                   "total_received": sum(r.received for r in rows)})
