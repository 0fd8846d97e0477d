"""The case's 住居確保給付金 application on the case page: its state with a link to it, for the agency and the
body's 自治体担当者 only; a provider of the case sees no link."""
from django.urls import reverse

from jiritsu.housing import services
from tests.budget.conftest import handed

from .conftest import application_data, granted


def test_the_case_page_shows_the_application_and_its_state_with_links(client, world, limits, today):
    case = handed(world)
    application = services.apply(user=world.worker_a, case=case, data=application_data(today))
    granted(world, application, today)
    for user in (world.worker_a, world.admin_a):
        client.force_login(user)
        html = client.get(reverse("case_detail", args=[case.pk])).content.decode()
        assert 'id="housing-panel"' in html and "住居確保給付金：支給中" in html
        assert reverse("housing_application", args=[application.pk]) in html
    client.force_login(world.prep_staff)  # the case's provider: the case page, no benefit
    html = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert 'id="budget-panel"' in html and 'id="housing-panel"' not in html
    assert client.get(reverse("housing_application", args=[application.pk])).status_code == 404
    client.force_login(world.worker_b)
    assert client.get(reverse("housing_application", args=[application.pk])).status_code == 404
