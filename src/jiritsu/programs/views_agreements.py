"""Contracts with providers and bodies' agreements (協定). The prefecture's policy staff list, create and
edit them; a body's own staff read their body's agreements. No person appears on these pages."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from jiritsu.core.errors import Conflict
from jiritsu.core.forms import apply_service_errors
from jiritsu.orgs.policies import staff_of

from . import selectors
from .agreements import AGREEMENT_PROGRAMS, save_agreement, save_contract
from .forms_agreements import AgreementForm, ContractForm
from .policies import is_policy_staff, own_body, require_policy_staff


def _prefecture(user):
    return staff_of(user).organisation.prefecture


def _save(request, form, save, template, ctx, success):
    """POST handling shared by both edit pages: errors at the fields, a conflict keeps the input (409)."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except Conflict as exc:
            form.add_error(None, exc.message)
            return render(request, template, {**ctx, "form": form}, status=409)
        else:
            messages.success(request, success)
            return redirect(ctx["back"])
    return render(request, template, {**ctx, "form": form})


# ---- agreements ----

def agreement_list(request):
    today = timezone.localdate()
    program = request.GET.get("program", "")
    rows = selectors.agreements(user=request.user,
                                program=program if program in [p.value for p in AGREEMENT_PROGRAMS] else "")
    editable = is_policy_staff(request.user)
    return render(request, "programs/agreement_list.html", {
        "agreements": rows, "editable": editable, "today": today,
        "programs": AGREEMENT_PROGRAMS, "program": program, "own_body": None if editable else own_body(request.user),
    })


def agreement_edit(request, pk=None):
    require_policy_staff(request.user)
    pref = _prefecture(request.user)
    agreement = selectors.prefecture_agreement_or_404(user=request.user, pk=pk) if pk else None
    initial = AgreementForm.initial_from(agreement) if agreement else {}
    form = AgreementForm(request.POST or None, initial=initial, prefecture=pref)

    def save(data):
        save_agreement(user=request.user, agreement=agreement, expected_version=data.pop("version"), **data)

    title = "協定の修正" if agreement else "協定の登録"
    ctx = {"title": title, "back": reverse("agreement_list"), "agreement": agreement}
    return _save(request, form, save, "programs/agreement_edit.html", ctx, "協定を保存しました。")


# ---- contracts ----

def contract_list(request):
    today = timezone.localdate()
    contracts = selectors.contracts_with_gaps(user=request.user, today=today)
    return render(request, "programs/contract_list.html", {"contracts": contracts, "today": today})


def contract_edit(request, pk=None):
    require_policy_staff(request.user)
    pref = _prefecture(request.user)
    contract = selectors.prefecture_contract_or_404(user=request.user, pk=pk) if pk else None
    initial = ContractForm.initial_from(contract) if contract else {}
    form = ContractForm(request.POST or None, initial=initial, prefecture=pref)

    def save(data):
        save_contract(user=request.user, contract=contract, expected_version=data.pop("version"),
                      **{**data, "bodies": list(data["bodies"])})

    title = "委託契約の修正" if contract else "委託契約の登録"
    ctx = {"title": title, "back": reverse("contract_list"), "contract": contract}
    return _save(request, form, save, "programs/contract_edit.html", ctx, "委託契約を保存しました。")
