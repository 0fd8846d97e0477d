"""Staff pages of the social-resource directory: search and detail for every signed-in role, and a
case's referrals page for the agency that owns the case.

The directory itself holds no personal data; only the referrals page reads a case and is audited.
"""
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from jiritsu.audit import log as audit
from jiritsu.cases import policies as case_policies
from jiritsu.cases.choices import Complaint
from jiritsu.core.errors import NotPermitted
from jiritsu.core.exports import csv_download
from jiritsu.core.forms import TextField, WarekiDateField, apply_service_errors

from . import csvio, live, policies, selectors, services
from .models import Referral


class SearchForm(forms.Form):
    need = forms.ChoiceField(label="相談内容", required=False, choices=[("", "すべて"), *Complaint.choices])
    municipality = forms.ModelChoiceField(
        label="地域（市町村）", required=False, empty_label="すべて",
        queryset=selectors.municipalities(), to_field_name="code",
    )
    language = forms.ChoiceField(label="対応言語", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", "すべて"), *selectors.language_choices()]


def directory_search(request):
    policies.require_staff(request.user)
    form = SearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    services = live.attach(selectors.search_services(
        need=filters.get("need", ""), municipality=filters.get("municipality"),
        language=filters.get("language", ""),
    ))
    labels, places = dict(Complaint.choices), selectors.municipality_names()
    for service in services:
        service.need_labels = [labels[n] for n in service.needs if n in labels]
        service.places = [places.get(sal.location.municipality_code) or sal.location.name
                          for sal in service.service_at_locations.all()]
    publication = selectors.publication_of(request.user)
    return render(request, "directory/search.html", {
        "form": form, "services": services, "public": bool(publication and publication.public),
        "can_publish": policies.can_publish(request.user)})


def directory_csv(request):
    """The whole directory as the documented CSV table (no personal data in it)."""
    policies.require_staff(request.user)
    return csv_download("directory.csv", csvio.COLUMNS, csvio.export_rows())


def service_detail(request, pk):
    policies.require_staff(request.user)
    service = selectors.get_service_or_404(pk)
    labels = dict(Complaint.choices)
    context = {
        "service": service,
        "needs": [labels[n] for n in service.needs if n in labels],
        **selectors.service_page(service=service),
        "capacities": live.capacities([service])[service.id],
        # How many referrals, never who: counts by fiscal year and outcome only.
        "referral_counts": selectors.referral_counts(service),
        "referral_outcomes": Referral.Outcome.labels,
    }
    return render(request, "directory/service_detail.html", context)


# ---- referrals from a case (case data: scope via cases.policies, writes via services, audited) ----

class ReferForm(forms.Form):
    # Submitted by the clicked row's button (name="service"), so one click records the referral.
    service = forms.UUIDField(error_messages={"required": "紹介先のサービスを選んでください。"})
    referred_on = WarekiDateField(label="紹介日")
    note = TextField(label="メモ", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class OutcomeForm(forms.Form):
    referral = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label="結果", choices=Referral.Outcome.choices)
    outcome_on = WarekiDateField(label="確認日")


def _case_search_form(request, case):
    if "need" in request.GET or "municipality" in request.GET or "language" in request.GET:
        return SearchForm(request.GET)
    municipality = selectors.person_municipality(case)
    return SearchForm({"need": case.main_complaint, "municipality": municipality.code if municipality else ""})


def case_referrals(request, pk):
    case = case_policies.get_case_or_404(request.user, pk)
    if not case_policies.is_owner_side(request.user):
        raise Http404  # providers see the case through their hand-off only, not its referrals
    can_refer = policies.can_refer(request.user, case)
    refer_form = ReferForm(initial={"referred_on": timezone.localdate()})
    outcome_forms = {}
    if request.method == "POST":
        policies.require_refer(request.user, case)
        done, bound = _handle_post(request, case)
        if done:
            return redirect(request.get_full_path())
        if isinstance(bound, ReferForm):
            refer_form = bound
        else:
            outcome_forms[bound.data.get("referral")] = bound
    search = _case_search_form(request, case)
    filters = search.cleaned_data if search.is_valid() else {}
    services = live.attach(selectors.search_services(
        need=filters.get("need", ""), municipality=filters.get("municipality"), language=filters.get("language", "")))
    referrals = selectors.case_referrals(case)
    for r in referrals:
        r.form = outcome_forms.get(str(r.pk)) or OutcomeForm(initial={
            "referral": r.pk, "outcome": r.outcome, "outcome_on": r.outcome_on or timezone.localdate()})
    audit.record(user=request.user, action="read", what="社会資源への紹介", case=case)
    return render(request, "directory/case_referrals.html", {
        "case": case, "search": search, "services": services, "refer_form": refer_form,
        "referrals": referrals, "can_refer": can_refer,
    })


def _handle_post(request, case):
    """Run the posted action; (True, None) when saved, else (False, the bound form with its errors)."""
    is_outcome = "outcome" in request.POST
    form = (OutcomeForm if is_outcome else ReferForm)(request.POST)
    if not form.is_valid():
        return False, form
    data = form.cleaned_data
    try:
        if is_outcome:
            services.record_referral_outcome(user=request.user, case=case, referral_id=data["referral"],
                                             outcome=data["outcome"], outcome_on=data["outcome_on"])
            messages.success(request, "紹介の結果を記録しました。")
        else:
            service = selectors.find_service(pk=data["service"])
            if service is None:
                form.add_error(None, "サービスが見つかりません。")
                return False, form
            services.refer(user=request.user, case=case, service=service, referred_on=data["referred_on"],
                           note=data["note"])
            messages.success(request, f"「{service.name}」への紹介を記録しました。")
    except ValidationError as exc:
        apply_service_errors(form, exc)
        return False, form
    except NotPermitted as exc:
        form.add_error(None, exc.message)
        return False, form
    return True, None
