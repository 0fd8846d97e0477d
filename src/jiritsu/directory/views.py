"""Staff pages of the social-resource directory: read-only search and detail, for every signed-in role.

The directory holds no personal data, so nothing here is audited per case.
"""
from django import forms
from django.http import Http404
from django.shortcuts import render

from jiritsu.cases.choices import Complaint
from jiritsu.orgs.models import Municipality
from jiritsu.orgs.policies import staff_of

from . import selectors
from .models import Address, Location


class SearchForm(forms.Form):
    need = forms.ChoiceField(label="相談内容", required=False, choices=[("", "すべて"), *Complaint.choices])
    municipality = forms.ModelChoiceField(
        label="地域（市町村）", required=False, empty_label="すべて",
        queryset=Municipality.objects.order_by("code"), to_field_name="code",
    )
    language = forms.ChoiceField(label="対応言語", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", "すべて"), *selectors.language_choices()]


def _require_staff(request):
    if staff_of(request.user) is None:
        raise Http404


def directory_search(request):
    _require_staff(request)
    form = SearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    services = list(selectors.search_services(
        need=filters.get("need", ""), municipality=filters.get("municipality"),
        language=filters.get("language", ""),
    ))
    labels, places = dict(Complaint.choices), selectors.municipality_names()
    for service in services:
        service.need_labels = [labels[n] for n in service.needs if n in labels]
        service.places = [places.get(sal.location.municipality_code) or sal.location.name
                          for sal in service.service_at_locations.all()]
    return render(request, "directory/search.html", {"form": form, "services": services})


def service_detail(request, pk):
    _require_staff(request)
    service = selectors.get_service_or_404(pk)
    locations = Location.objects.filter(service_at_locations__service=service)
    labels = dict(Complaint.choices)
    context = {
        "service": service,
        "needs": [labels[n] for n in service.needs if n in labels],
        "locations": [(loc, list(Address.objects.filter(location=loc))) for loc in locations.order_by("name")],
        "phones": list(service.phones.all()) + list(service.organization.phones.all()),
        "contacts": list(service.contacts.all()),
        "schedules": list(service.schedules.all()),
        "areas": list(service.service_areas.order_by("name")),
        "languages": list(service.languages.order_by("code")),
        "capacities": list(service.capacities.select_related("unit")),
    }
    return render(request, "directory/service_detail.html", context)
