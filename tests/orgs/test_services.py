"""Staff services: scope re-checked without any page, one transaction each, an audit row each."""
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jiritsu.audit.models import AccessLog
from jiritsu.orgs import services
from jiritsu.orgs.models import Role, Staff

pytestmark = pytest.mark.django_db


def test_it_writes_an_audit_row_for_every_staff_change(world):
    staff, _ = services.create_staff_account(user=world.admin_a, organisation=world.agency_a, username="w9",
                                             display_name="新任", role=Role.EMPLOYMENT_WORKER)
    services.update_staff(user=world.admin_a, staff=staff, organisation=world.agency_a, role=Role.CHIEF,
                          display_name="新任", manages_staff=False)
    services.reset_password(user=world.admin_a, staff=staff)
    services.deactivate_account(user=world.admin_a, staff=staff)
    services.reactivate_account(user=world.admin_a, staff=staff)
    rows = list(AccessLog.objects.filter(username="admin_a").order_by("id"))
    assert [r.what.split("：")[0] for r in rows] == [
        "職員アカウント作成", "職員情報更新", "パスワード再設定", "職員アカウント停止", "職員アカウント再開"]
    assert all(r.body_id == world.hitachi.pk and r.case_id is None for r in rows)
    assert [r.action for r in rows] == ["create", "update", "update", "update", "update"]
    assert "w9" in rows[0].what and rows[0].organisation_name == world.office_a.name


def test_it_never_stores_the_temporary_password_in_the_audit_log(world):
    staff, password = services.create_staff_account(user=world.admin_a, organisation=world.agency_a,
                                                    username="w9", display_name="新任", role=Role.SUPPORT_WORKER)
    again = services.reset_password(user=world.admin_a, staff=staff)
    assert not AccessLog.objects.filter(what__contains=password).exists()
    assert not AccessLog.objects.filter(what__contains=again).exists()


def test_it_refuses_another_bodys_organisation_even_without_the_page(world):
    with pytest.raises(PermissionDenied):
        services.create_staff_account(user=world.admin_a, organisation=world.agency_b, username="w9",
                                      display_name="x", role=Role.SUPPORT_WORKER)
    with pytest.raises(PermissionDenied):
        services.reset_password(user=world.admin_a, staff=world.worker_b.staff)
    assert not AccessLog.objects.exists()


def test_it_refuses_users_without_the_management_right(world):
    with pytest.raises(PermissionDenied):
        services.create_staff_account(user=world.chief_a, organisation=world.agency_a, username="w9",
                                      display_name="x", role=Role.SUPPORT_WORKER)


def test_it_refuses_a_provider_role_in_an_agency_and_leaves_nothing_behind(world):
    with pytest.raises(ValidationError) as exc:
        services.create_staff_account(user=world.admin_a, organisation=world.agency_a, username="w9",
                                      display_name="x", role=Role.PROVIDER_STAFF)
    assert "role" in exc.value.message_dict
    assert not Staff.objects.filter(user__username="w9").exists()


def test_it_refuses_a_taken_username_whatever_its_case(world):
    with pytest.raises(ValidationError) as exc:
        services.create_staff_account(user=world.admin_a, organisation=world.agency_a, username="Worker_A",
                                      display_name="x", role=Role.SUPPORT_WORKER)
    assert "既に使われています" in exc.value.message_dict["username"][0]


def test_it_lets_the_prefectures_office_admin_manage_all_four_welfare_offices(world, pref_office_admin):
    from jiritsu.orgs import policies

    managed = policies.manageable_organisations(pref_office_admin)
    assert managed.count() == 4
    assert not managed.filter(body=world.hitachi).exists()


def test_it_makes_temporary_passwords_that_pass_the_validators(world):
    from django.contrib.auth.password_validation import validate_password

    for _ in range(20):
        validate_password(services.temporary_password(), world.worker_a)
