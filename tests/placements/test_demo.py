"""The demo has a few pseudonymous matching profiles and an upcoming tour, and running it again adds nothing."""
from jiritsu.demo import generate
from jiritsu.placements.models import Profile, Tour


def test_it_loads_demo_profiles_and_a_tour_once(db):
    generate.setup_demo(cases=40)
    profiles = list(Profile.objects.values_list("code", "case_id"))
    assert 1 <= len(profiles) <= 5 and Tour.objects.count() == 1
    generate.setup_demo(cases=40)
    assert list(Profile.objects.values_list("code", "case_id")) == profiles and Tour.objects.count() == 1
