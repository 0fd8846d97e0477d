"""The seed's room inventory: fictitious buildings and rooms in the cities whose housing the program uses."""
import datetime as dt

from jiritsu.orgs.models import Municipality

from .models import Building, Feature, Room

# City → the date its housing became available to the program (DOMAIN seed: 龍ケ崎 2021-01, 下妻 2022-05).
SEED_CITIES = {
    "日立市": dt.date(2019, 4, 1),
    "水戸市": dt.date(2019, 4, 1),
    "鹿嶋市": dt.date(2019, 4, 1),
    "土浦市": dt.date(2019, 4, 1),
    "古河市": dt.date(2019, 4, 1),
    "龍ケ崎市": dt.date(2021, 1, 1),
    "下妻市": dt.date(2022, 5, 1),
}
# (label, capacity, features) for each demo building: a few flats per site, as the seed's 県営住宅 are.
DEMO_ROOMS = [
    ("101", 1, [Feature.GROUND_FLOOR, Feature.BARRIER_FREE]),
    ("102", 2, [Feature.GROUND_FLOOR, Feature.PETS, Feature.FAMILY]),
    ("203", 2, [Feature.WOMEN_ONLY]),
]


def load_demo_rooms() -> int:
    """Create (idempotently) one fictitious building with three rooms per seed city; returns rooms created."""
    created = 0
    for town in Municipality.objects.filter(name__in=SEED_CITIES):
        city = town.name.removesuffix("市")
        building, _ = Building.objects.get_or_create(
            municipality=town, name=f"県営{city}第一団地（一時生活支援用）",
            defaults={"address": f"茨城県{town.name}（架空）", "available_from": SEED_CITIES[town.name]},
        )
        for label, capacity, features in DEMO_ROOMS:
            _, made = Room.objects.get_or_create(
                building=building, label=label,
                defaults={"capacity": capacity, "features": [f.value for f in features]},
            )
            created += made
    return created
