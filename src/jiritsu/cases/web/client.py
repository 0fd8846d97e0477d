"""Editing the person (相談者の基本情報) of a case. Writes go through services.update_client."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from jiritsu.audit import log as audit
from jiritsu.core.errors import Conflict
from jiritsu.core.forms import apply_service_errors

from .. import policies, services
from ..forms.intake import ClientEditForm, changed_rows, initial_from
from ..process import InvalidStep
from ..services.intake import CLIENT_FIELDS


@require_http_methods(["GET", "POST"])
def case_client_edit(request, pk):
    case = policies.get_case_or_404(request.user, pk)
    if not policies.can(request.user, "edit_case"):
        raise PermissionDenied("相談者の基本情報の修正は、自立相談支援機関の職員が行います。")
    conflict_rows = None
    if request.method == "POST":
        form = ClientEditForm(request.POST, initial=_initial(case.client))
        if form.is_valid():
            try:
                services.update_client(user=request.user, case=case, expected_version=form.cleaned_data["version"],
                                       data=form.client_data())
            except Conflict as exc:
                form, conflict_rows = _after_conflict(request, case, exc)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            except (InvalidStep, policies.NotPermitted) as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, "相談者の基本情報を更新しました。")
                return redirect("case_detail", case.pk)
    else:
        form = ClientEditForm(initial=_initial(case.client))
        audit.record(user=request.user, action="read", what="相談者の基本情報（修正画面）", case=case)
    return render(request, "cases/client_edit.html", {"form": form, "case": case, "conflict_rows": conflict_rows})


def _initial(client) -> dict:
    return initial_from(client, CLIENT_FIELDS) | {"version": client.version}


def _after_conflict(request, case, exc):
    """Keep what the user typed, show what is stored now, and let a second save be a deliberate one."""
    current = policies.get_case_or_404(request.user, case.pk).client
    messages.error(request, exc.message)
    data = request.POST.copy()
    data["version"] = str(current.version)
    form = ClientEditForm(data, initial=_initial(current))
    form.is_valid()
    return form, changed_rows(form, initial_from(current, CLIENT_FIELDS))
