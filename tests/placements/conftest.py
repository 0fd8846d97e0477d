"""People in 就労準備支援 with matching profiles, and sites with tasks near them."""
import pytest

from jiritsu.cases.choices import Status
from jiritsu.orgs.models import Municipality
from jiritsu.placements import services
from jiritsu.placements.models import Site
from tests.factories import advance_case, new_case


def in_prep(world, **kwargs):
    """A 日立 case in support whose plan uses 就労準備支援 (the factories' default plan does)."""
    return advance_case(world, new_case(world, **kwargs), Status.IN_SUPPORT)


def profile_for(world, case, user=None, **overrides):
    data = {"stage": "社会生活自立", "hours_per_week": 10, "municipality": Municipality.objects.get(code="08202"),
            "max_travel_km": 10, "avoid": ["対人業務"], "prefers": ["屋外"], **overrides}
    return services.save_profile(user=user or world.worker_a, case=case, data=data)


def site_with_task(world, code="08202", name="日立の農園", **task):
    site = services.save_site(user=world.developer, data={
        "kind": Site.Kind.FARMER, "name": name, "municipality": Municipality.objects.get(code=code),
        "lat": None, "lon": None, "contact_name": "農園 次郎", "contact_phone": "0294-00-1111"})
    data = {"title": "収穫", "min_stage": "日常生活自立", "hours_per_week": 6, "physical_load": "medium",
            "interpersonal_load": "few", "features": ["屋外", "農作業"], "capacity": 1, **task}
    return site, services.save_task(user=world.developer, site=site, data=data)


@pytest.fixture
def person(world):
    return in_prep(world)
