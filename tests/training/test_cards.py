"""名刺交換: after the exercise, attendees share a contact card with each other by choice, and can withdraw it."""
import pytest
from django.core.exceptions import ValidationError

from jiritsu.training import services
from jiritsu.training.models import ContactCard

from .builders import complete

CARD = {"name": "日立 相談員", "organisation": "日立市自立相談支援機関", "role": "相談支援員",
        "phone": "0294-22-0000", "email": "soudan@hitachi.example.jp"}


@pytest.fixture
def attendees(world, course):
    complete(world, world.worker_a, *course)
    complete(world, world.worker_b, *course)
    services.enrol(user=world.chief_a, staff=world.chief_a.staff, course=course[0], exercise=course[2],
                   training_role="chief")  # enrolled but absent on the day
    return course[2]


def test_it_shows_a_shared_card_to_the_other_attendees(client, world, attendees):
    client.force_login(world.worker_a)
    client.post(f"/training/exercises/{attendees.pk}/card", CARD)
    client.force_login(world.worker_b)
    cards = client.get(f"/training/exercises/{attendees.pk}").content.decode()
    assert "soudan@hitachi.example.jp" in cards and "0294-22-0000" in cards


def test_it_shares_nothing_until_the_person_opts_in(client, world, attendees):
    client.force_login(world.worker_b)
    page = client.get(f"/training/exercises/{attendees.pk}").content.decode()
    assert "共有された名刺はまだありません。" in page and "日立市自立相談支援機関" not in page


def test_it_hides_a_withdrawn_card_at_once(client, world, attendees):
    client.force_login(world.worker_a)
    client.post(f"/training/exercises/{attendees.pk}/card", CARD)
    client.post(f"/training/exercises/{attendees.pk}/card/withdraw")
    client.force_login(world.worker_b)
    assert "soudan@hitachi.example.jp" not in client.get(f"/training/exercises/{attendees.pk}").content.decode()
    assert ContactCard.objects.get(staff=world.worker_a.staff).withdrawn_at is not None


def test_it_keeps_cards_from_absentees_and_outsiders(client, world, attendees):
    client.force_login(world.worker_a)
    client.post(f"/training/exercises/{attendees.pk}/card", CARD)
    client.force_login(world.chief_a)  # enrolled, absent: sees no cards and cannot share
    assert "soudan@hitachi.example.jp" not in client.get(f"/training/exercises/{attendees.pk}").content.decode()
    with pytest.raises(ValidationError, match="出席した方"):
        services.share_card(user=world.chief_a, exercise=attendees, data=CARD)
    client.force_login(world.shelter_staff)  # not on the exercise at all
    assert client.get(f"/training/exercises/{attendees.pk}").status_code == 404
