import datetime as dt

from jiritsu.shelter import selectors
from jiritsu.shelter.inventory import load_demo_rooms
from jiritsu.shelter.models import Building, Room


def test_it_loads_the_seed_cities_rooms_once_with_their_start_dates(ibaraki):
    created = load_demo_rooms()
    assert created == 7 * 3 and load_demo_rooms() == 0
    cities = set(Building.objects.values_list("municipality__name", flat=True))
    assert cities == {"日立市", "水戸市", "鹿嶋市", "土浦市", "古河市", "龍ケ崎市", "下妻市"}
    assert Building.objects.get(municipality__name="下妻市").available_from == dt.date(2022, 5, 1)
    # Before 2021 龍ケ崎 and 下妻 are not offered; in 2023 every city is.
    early = {r.building.municipality.name for r in selectors.free_rooms(dt.date(2020, 6, 1), dt.date(2020, 6, 8))}
    late = {r.building.municipality.name for r in selectors.free_rooms(dt.date(2023, 6, 1), dt.date(2023, 6, 8))}
    assert "龍ケ崎市" not in early and "下妻市" not in early and late == cities
    assert Room.objects.filter(features__isnull=False).count() == created
