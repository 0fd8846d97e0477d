"""core.links gives the same addresses as reverse(), for pages addressed by integer ids."""
import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from jiritsu.core.links import link


@pytest.mark.parametrize(("name", "ids"), [("today", ()), ("case_detail", (7,)), ("case_detail", (12345678,)),
                                           ("case_end_handoff", (3, 41)), ("case_plan_edit", (41, 3))])
def test_a_link_is_the_address_reverse_gives(name, ids):
    assert link(name, *ids) == reverse(name, args=ids)


def test_a_link_follows_the_script_prefix_the_site_is_served_under():
    try:
        set_script_prefix("/jiritsu/")
        assert link("case_detail", 5) == "/jiritsu/cases/5/" == reverse("case_detail", args=[5])
    finally:
        set_script_prefix("/")


def test_an_id_that_is_not_a_number_is_refused_rather_than_put_into_the_address():
    with pytest.raises(ValueError):
        link("case_detail", "5/../../admin")


def test_an_unknown_page_is_refused_as_reverse_refuses_it():
    with pytest.raises(NoReverseMatch):
        link("no_such_page", 1)
