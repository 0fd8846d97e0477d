"""The person's 就労準備支援 on the case page: a link to their schedule with the stage they are at, for those
who may open it."""
from django.urls import reverse

from jiritsu.prep import rules, services


def test_the_case_page_links_to_the_schedule_with_the_current_stage(client, world, case, enrolment):
    services.evaluate(user=world.prep_staff, enrolment=enrolment, evaluated_on=enrolment.started_on,
                      scores={code: 3 for code, _label in rules.ITEMS[rules.Stage.DAILY]}, note="", next_stage="social")
    for user in (world.prep_staff, world.worker_a, world.admin_a):
        client.force_login(user)
        html = client.get(reverse("case_detail", args=[case.pk])).content.decode()
        assert 'id="prep-panel"' in html and "社会生活自立 段階" in html
        assert reverse("prep_case", args=[case.pk]) in html


def test_no_schedule_link_for_another_provider_and_another_bodys_case_is_not_found(client, world, case,
                                                                                   enrolment):
    client.force_login(world.shelter_staff)  # a provider the case is not handed to
    assert client.get(reverse("prep_case", args=[case.pk])).status_code == 404
    client.force_login(world.worker_b)
    assert client.get(reverse("case_detail", args=[case.pk])).status_code == 404
    assert client.get(reverse("prep_case", args=[case.pk])).status_code == 404
