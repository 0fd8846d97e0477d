"""Django's admin for system administrators: organisations yes, case personal data never."""
import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from jiritsu.audit import log as audit
from jiritsu.audit.models import AccessLog
from jiritsu.orgs.models import Body, Municipality, Organisation, Prefecture, Staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def sysadmin(world):
    return get_user_model().objects.create_superuser("sysadmin", password="sys-admin-pass-9876")


def test_it_registers_no_case_model():
    registered = {m._meta.app_label for m in admin.site._registry}
    assert "cases" not in registered
    for model in apps.get_app_config("cases").get_models():
        assert not admin.site.is_registered(model), model


def test_it_does_not_list_cases_or_clients_on_the_admin_index(client, sysadmin):
    client.force_login(sysadmin)
    page = client.get(reverse("admin:index")).content.decode()
    assert "/admin/cases/" not in page
    assert client.get("/admin/cases/case/").status_code == 404
    assert client.get("/admin/cases/client/").status_code == 404


def test_it_registers_every_organisation_model():
    for model in (Prefecture, Body, Municipality, Organisation, Staff):
        assert admin.site.is_registered(model)


def test_it_shows_staff_on_the_user_page(client, sysadmin, world):
    client.force_login(sysadmin)
    page = client.get(reverse("admin:auth_user_change", args=[world.worker_a.pk]))
    assert page.status_code == 200 and "日立 相談員" in page.content.decode()


def test_it_shows_the_access_log_read_only(client, sysadmin, world):
    audit.record(user=world.worker_a, action="read", what="テスト", body_id=world.hitachi.pk)
    row = AccessLog.objects.get()
    client.force_login(sysadmin)
    assert client.get(reverse("admin:audit_accesslog_changelist")).status_code == 200
    assert client.get(reverse("admin:audit_accesslog_add")).status_code == 403
    assert client.post(reverse("admin:audit_accesslog_delete", args=[row.pk]), {"post": "yes"}).status_code == 403
    change = client.post(reverse("admin:audit_accesslog_change", args=[row.pk]), {"what": "改ざん"})
    assert change.status_code == 403
    row.refresh_from_db()
    assert row.what == "テスト"


def test_it_keeps_staff_without_is_staff_out_of_the_admin(client, world):
    client.force_login(world.admin_a)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_it_lists_organisations_in_the_admin(client, sysadmin, world):
    client.force_login(sysadmin)
    page = client.get(reverse("admin:orgs_organisation_changelist"))
    assert page.status_code == 200 and world.agency_a.name in page.content.decode()


def test_a_new_monitoring_interval_moves_the_first_monitoring_due_of_decided_cases(client, sysadmin, world):
    import datetime as dt

    from jiritsu.cases.choices import Status
    from jiritsu.cases.models import Case
    from tests.factories import advance_case, new_case

    case = advance_case(world, new_case(world), Status.IN_SUPPORT)
    body = case.body
    decided_on = case.decisions.latest("decided_on").decided_on
    assert Case.objects.get(pk=case.pk).monitoring_due == decided_on + dt.timedelta(days=body.monitoring_interval_days)
    client.force_login(sysadmin)
    page = client.get(reverse("admin:orgs_body_change", args=[body.pk]))
    form, data = page.context["adminform"].form, {}
    for name in form.fields:
        value = form.initial.get(name)
        data[name] = value.isoformat() if hasattr(value, "isoformat") else ("" if value is None else value)
    data["monitoring_interval_days"] = 14
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update({f"{formset.prefix}-{k}": v for k, v in formset.management_form.initial.items()})
        for sub in formset.forms:
            for name in sub.fields:
                value = sub.initial.get(name)
                data[f"{sub.prefix}-{name}"] = getattr(value, "pk", value) if value is not None else ""
            data[f"{sub.prefix}-id"], data[f"{sub.prefix}-{formset.fk.name}"] = sub.instance.pk, body.pk
    response = client.post(reverse("admin:orgs_body_change", args=[body.pk]), data)
    assert response.status_code == 302, [f.formset.errors for f in response.context["inline_admin_formsets"]]
    assert Case.objects.get(pk=case.pk).monitoring_due == decided_on + dt.timedelta(days=14)
