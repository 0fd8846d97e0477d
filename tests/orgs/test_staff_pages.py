"""Staff management pages: scope, roles fitting the organisation kind, temporary passwords."""
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from jiritsu.orgs.models import Role, Staff

pytestmark = pytest.mark.django_db


def create(client, org, *, username="new_worker", role=Role.SUPPORT_WORKER, name="新任 相談員", manages=False):
    data = {"organisation": org.pk, "username": username, "display_name": name, "role": role}
    if manages:
        data["manages_staff"] = "on"
    return client.post(reverse("staff_new"), data)


def test_it_lets_a_body_admin_create_a_worker_in_their_agency(client, world):
    client.force_login(world.admin_a)
    response = create(client, world.agency_a)
    staff = Staff.objects.get(user__username="new_worker")
    assert response.status_code == 302 and response.url == reverse("staff_edit", args=[staff.pk])
    assert (staff.organisation, staff.role, staff.display_name) == (world.agency_a, Role.SUPPORT_WORKER, "新任 相談員")
    page = client.get(response.url)
    password = page.context["temporary_password"]
    assert password and password in page.content.decode()
    assert get_user_model().objects.get(username="new_worker").check_password(password)


def test_it_shows_the_temporary_password_only_once(client, world):
    client.force_login(world.admin_a)
    url = create(client, world.agency_a).url
    assert client.get(url).context["temporary_password"]
    again = client.get(url)
    assert again.context["temporary_password"] is None
    assert "仮パスワード</h2>" not in again.content.decode()


def test_it_offers_only_organisations_of_the_admins_body(client, world):
    client.force_login(world.admin_a)
    page = client.get(reverse("staff_new"))
    offered = set(page.context["form"].fields["organisation"].queryset)
    assert offered == {world.agency_a, world.office_a}


def test_it_refuses_to_create_in_another_bodys_agency(client, world):
    client.force_login(world.admin_a)
    assert client.get(reverse("staff_new") + f"?org={world.agency_b.pk}").status_code == 404
    response = create(client, world.agency_b)
    assert response.status_code == 200
    assert response.context["form"].errors["organisation"]
    assert not Staff.objects.filter(user__username="new_worker").exists()


def test_it_hides_another_bodys_staff(client, world):
    client.force_login(world.admin_a)
    assert client.get(reverse("staff_edit", args=[world.worker_b.staff.pk])).status_code == 404
    response = client.post(reverse("staff_deactivate", args=[world.worker_b.staff.pk]))
    assert response.status_code == 404
    world.worker_b.refresh_from_db()
    assert world.worker_b.is_active


def test_it_refuses_a_role_that_does_not_fit_the_organisation(client, world):
    client.force_login(world.admin_a)
    response = create(client, world.agency_a, role=Role.BODY_ADMIN)
    assert response.status_code == 200
    assert "自立相談支援機関の職員に設定できる役割" in response.context["form"].errors["role"][0]
    assert response.context["form"]["username"].value() == "new_worker"  # what was typed is kept
    assert not Staff.objects.filter(user__username="new_worker").exists()


def test_it_refuses_an_agency_role_for_a_provider(client, world, prep_manager):
    client.force_login(prep_manager)
    response = create(client, world.prep_provider, role=Role.SUPPORT_WORKER)
    assert response.status_code == 200
    assert response.context["form"].errors["role"]
    assert create(client, world.prep_provider, role=Role.PROVIDER_STAFF).status_code == 302


def test_it_lets_a_provider_manager_manage_only_their_own_organisation(client, world, prep_manager):
    client.force_login(prep_manager)
    listed = {s.user.username for s in client.get(reverse("staff_list")).context["rows"]}
    assert listed == {"prep_staff", "prep_manager"}
    assert client.get(reverse("staff_edit", args=[world.shelter_staff.staff.pk])).status_code == 404
    assert client.get(reverse("staff_edit", args=[world.worker_a.staff.pk])).status_code == 404
    assert create(client, world.shelter_provider, role=Role.PROVIDER_STAFF).status_code == 200
    assert not Staff.objects.filter(user__username="new_worker").exists()


@pytest.mark.parametrize("who", ["worker_a", "chief_a", "policy", "auditor", "prep_staff"])
def test_it_refuses_staff_pages_to_users_who_do_not_manage_staff(client, world, who):
    client.force_login(getattr(world, who))
    assert client.get(reverse("staff_list")).status_code == 403
    assert client.get(reverse("staff_new")).status_code == 403
    assert create(client, world.agency_a).status_code == 403
    assert client.get(reverse("staff_edit", args=[world.worker_a.staff.pk])).status_code == 404
    assert client.post(reverse("staff_reset_password", args=[world.worker_a.staff.pk])).status_code == 404


def test_it_sends_anonymous_visitors_to_the_login_page(client, world):
    response = client.get(reverse("staff_list"))
    assert response.status_code == 302 and reverse("login") in response.url


def test_it_updates_role_and_name(client, world):
    client.force_login(world.admin_a)
    staff = world.worker_a.staff
    url = reverse("staff_edit", args=[staff.pk])
    form = client.get(url).context["form"]
    response = client.post(url, {"organisation": world.agency_a.pk, "display_name": "日立 主任（新）",
                                 "role": Role.CHIEF, "manages_staff": "on", "version": form.initial["version"]})
    assert response.status_code == 302
    staff.refresh_from_db()
    assert (staff.role, staff.display_name, staff.manages_staff) == (Role.CHIEF, "日立 主任（新）", True)


def test_it_reports_a_conflict_when_someone_else_saved_first(client, world):
    client.force_login(world.admin_a)
    staff = world.worker_a.staff
    url = reverse("staff_edit", args=[staff.pk])
    version = client.get(url).context["form"].initial["version"]
    Staff.objects.filter(pk=staff.pk).update(display_name="別の管理者が変更")
    response = client.post(url, {"organisation": world.agency_a.pk, "display_name": "私の変更",
                                 "role": Role.SUPPORT_WORKER, "version": version})
    assert response.status_code == 409
    assert "他の職員がこの記録を先に更新しました" in response.content.decode()
    assert response.context["form"]["display_name"].value() == "私の変更"
    staff.refresh_from_db()
    assert staff.display_name == "別の管理者が変更"


def test_it_moves_a_worker_between_the_bodys_organisations_only(client, world):
    client.force_login(world.admin_a)
    staff = world.worker_a.staff
    url = reverse("staff_edit", args=[staff.pk])
    version = client.get(url).context["form"].initial["version"]
    response = client.post(url, {"organisation": world.agency_b.pk, "display_name": staff.display_name,
                                 "role": Role.SUPPORT_WORKER, "version": version})
    assert response.status_code == 200 and response.context["form"].errors["organisation"]
    staff.refresh_from_db()
    assert staff.organisation == world.agency_a


def test_it_keeps_a_manager_from_removing_their_own_management_right(client, world):
    client.force_login(world.admin_a)
    staff = world.admin_a.staff
    url = reverse("staff_edit", args=[staff.pk])
    version = client.get(url).context["form"].initial["version"]
    response = client.post(url, {"organisation": world.office_a.pk, "display_name": staff.display_name,
                                 "role": Role.BODY_ADMIN, "version": version})
    assert response.status_code == 200
    assert "自分自身の職員アカウント管理の権限は外せません" in response.context["form"].errors["manages_staff"][0]
    staff.refresh_from_db()
    assert staff.manages_staff


def test_it_keeps_a_manager_from_deactivating_themselves(client, world):
    client.force_login(world.admin_a)
    response = client.post(reverse("staff_deactivate", args=[world.admin_a.staff.pk]), follow=True)
    assert "自分自身のアカウントは停止できません" in response.content.decode()
    world.admin_a.refresh_from_db()
    assert world.admin_a.is_active


def test_it_deactivates_and_reactivates_an_account(client, world):
    client.force_login(world.admin_a)
    staff = world.worker_a.staff
    client.post(reverse("staff_deactivate", args=[staff.pk]))
    world.worker_a.refresh_from_db()
    assert not world.worker_a.is_active
    assert staff.pk not in [s.pk for s in client.get(reverse("staff_list")).context["rows"]]
    assert staff.pk in [s.pk for s in client.get(reverse("staff_list") + "?inactive=1").context["rows"]]
    client.post(reverse("staff_reactivate", args=[staff.pk]))
    world.worker_a.refresh_from_db()
    assert world.worker_a.is_active


def test_it_resets_a_password_and_shows_the_new_one_once(client, world):
    client.force_login(world.admin_a)
    staff = world.worker_a.staff
    response = client.post(reverse("staff_reset_password", args=[staff.pk]), follow=True)
    password = response.context["temporary_password"]
    world.worker_a.refresh_from_db()
    assert world.worker_a.check_password(password)
    assert client.get(reverse("staff_edit", args=[staff.pk])).context["temporary_password"] is None


def test_it_never_lets_a_body_admin_touch_a_system_administrator(client, world):
    world.chief_a.is_staff = True
    world.chief_a.save(update_fields=["is_staff"])
    client.force_login(world.admin_a)
    assert client.get(reverse("staff_edit", args=[world.chief_a.staff.pk])).status_code == 404
    assert client.post(reverse("staff_reset_password", args=[world.chief_a.staff.pk])).status_code == 404


def test_it_lists_staff_in_a_constant_number_of_queries(client, world, django_assert_max_num_queries):
    from tests.factories import make_user

    for i in range(15):
        make_user(f"extra_{i}", world.agency_a, Role.SUPPORT_WORKER)
    client.force_login(world.admin_a)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("staff_list"))
    assert len(response.context["rows"]) == 18
