"""The demo has a few pseudonymous matching profiles and an upcoming tour, and running it again adds nothing."""
from jiritsu.demo import generate
from jiritsu.placements.demo import DEMO_VISITS
from jiritsu.placements.models import DevelopmentVisit, Profile, Tour


def test_it_loads_demo_profiles_a_tour_and_the_site_visits_once(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    generate.setup_demo(cases=40)
    profiles = list(Profile.objects.values_list("code", "case_id"))
    assert 1 <= len(profiles) <= 5 and Tour.objects.count() == 1
    visits = list(DevelopmentVisit.objects.values_list("site__name", "visited_on", "outcome"))
    assert {name for name, _, _ in visits} == set(DEMO_VISITS) and len(visits) == 6
    assert DevelopmentVisit.objects.filter(next_on__isnull=False).exists()
    generate.setup_demo(cases=40)
    assert list(Profile.objects.values_list("code", "case_id")) == profiles and Tour.objects.count() == 1
    assert list(DevelopmentVisit.objects.values_list("site__name", "visited_on", "outcome")) == visits
