"""相談受付 (new consultation) and editing the intake of a case. Writes go through services."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import escape, format_html
from django.views.decorators.http import require_GET, require_http_methods

from jiritsu.audit import log as audit
from jiritsu.core.errors import Conflict
from jiritsu.core.forms import apply_service_errors
from jiritsu.core.ids import parse_id
from jiritsu.core.wareki import DateParseError, parse_date

from .. import policies, selectors, services
from ..forms.intake import IntakeEditForm, NewConsultationForm, birth_note, changed_rows, initial_from
from ..process import InvalidStep
from ..services.intake import CLIENT_FIELDS, INTAKE_FIELDS

CREATE_REFUSED = "新規の相談受付は、自立相談支援機関の職員（相談支援員・主任相談支援員・就労支援員）が行います。"


@require_http_methods(["GET", "POST"])
def case_new(request):
    if not policies.can(request.user, "create_case"):
        raise PermissionDenied(CREATE_REFUSED)
    duplicates = []
    if request.method == "POST":
        form = NewConsultationForm(request.POST, user=request.user)
        if form.is_valid():
            case, duplicates = _create_or_find_duplicates(request, form)
            if case is not None:
                messages.success(request, f"相談を受け付けました（ケース番号 {case.case_number}）。")
                return redirect("case_detail", case.pk)
    else:
        form = NewConsultationForm(user=request.user, initial={"received_on": timezone.localdate(),
                                                               **_known_person(request)})
    return render(request, "cases/intake_new.html", {"form": form, "duplicates": duplicates})


def _known_person(request) -> dict:
    """`?client=<id>` (from a record of someone already known, e.g. a benefit's applicant): the person's
    details filled in and the new case made for that person, so nothing is typed again."""
    pk = parse_id(request.GET.get("client"))
    person = selectors.intake_clients(request.user).filter(pk=pk).first() if pk is not None else None
    if person is None:
        return {}
    audit.record(user=request.user, action="read", body_id=person.body_id,
                 what=f"相談者の基本情報（新規相談受付への引用、相談者ID{person.pk}）")
    return {**{name: getattr(person, name) for name in CLIENT_FIELDS}, "existing_client": person.pk}


def _create_or_find_duplicates(request, form):
    """Create the case, unless likely duplicates must first be shown (returned instead)."""
    data = form.cleaned_data
    existing = None
    if data.get("existing_client"):
        existing = selectors.intake_clients(request.user).filter(pk=data["existing_client"]).first()
        if existing is None:
            form.add_error(None, "選んだ相談者が見つかりません。もう一度確認してください。")
            return None, []
    elif not data.get("confirm_new"):
        duplicates = _duplicates(request, form)
        if duplicates:
            return None, duplicates
    try:
        case = services.create_case(user=request.user, client_data=form.client_data(),
                                    intake_data=form.intake_data(), existing_client=existing)
    except ValidationError as exc:
        apply_service_errors(form, exc)
        return None, []
    except (InvalidStep, policies.NotPermitted) as exc:
        form.add_error(None, exc.message)
        return None, []
    return case, []


def _duplicates(request, form) -> list:
    data = form.cleaned_data
    found = list(services.find_possible_duplicates(
        body_id=request.user.staff.organisation.body_id, family_name=data["family_name"],
        given_name=data["given_name"], kana=form.kana(), birth_date=data.get("birth_date"), phones=form.phones(),
    ))
    if found:
        shown = [case for client in found for case in client.cases.all()]
        audit.record_many(user=request.user, action="read", what="重複の可能性がある相談者（新規受付時の確認）",
                          cases=shown)
    return found


@require_http_methods(["GET", "POST"])
def case_intake_edit(request, pk):
    case = policies.get_case_or_404(request.user, pk)
    if not policies.can(request.user, "edit_case"):
        raise PermissionDenied("相談受付票の修正は、自立相談支援機関の職員が行います。")
    conflict_rows = None
    if request.method == "POST":
        form = _intake_form(request, case, request.POST)
        if form.is_valid():
            try:
                services.update_intake(user=request.user, case=case, expected_version=form.cleaned_data["version"],
                                       data=form.intake_data())
            except Conflict as exc:
                form, conflict_rows = _after_conflict(request, case, form, exc)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            except (InvalidStep, policies.NotPermitted) as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, "相談受付票を更新しました。")
                return redirect("case_detail", case.pk)
    else:
        form = _intake_form(request, case)
        audit.record(user=request.user, action="read", what="相談受付票（修正画面）", case=case)
    return render(request, "cases/intake_edit.html",
                  {"form": form, "case": case, "conflict_rows": conflict_rows})


def _intake_form(request, case, data=None):
    initial = initial_from(case, INTAKE_FIELDS) | {"version": case.version}
    return IntakeEditForm(data, initial=initial, user=request.user, birth_date=case.client.birth_date)


def _after_conflict(request, case, form, exc):
    """Keep what the user typed, show what is stored now, and let a second save be a deliberate one."""
    current = policies.get_case_or_404(request.user, case.pk)
    messages.error(request, exc.message)
    data = request.POST.copy()
    data["version"] = str(current.version)
    fresh = _intake_form(request, current, data)
    fresh.is_valid()
    return fresh, changed_rows(fresh, initial_from(current, INTAKE_FIELDS))


@require_GET
def birth_date_preview(request):
    """The 和暦 and age for a typed birth date (htmx, beside the field). Echoes input; no case data."""
    try:
        birth = parse_date(request.GET.get("birth_date", ""))
        on = parse_date(request.GET["received_on"]) if request.GET.get("received_on") else None
    except DateParseError as exc:
        return HttpResponse(format_html('<span class="field-error">{}</span>', str(exc)))
    return HttpResponse(escape(birth_note(birth, on)))
