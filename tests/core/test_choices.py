"""choice_label and the |display filter answer what get_FOO_display() does, for every value."""
from django.template import Context, Template
from django.utils import translation

from jiritsu.cases.choices import Status
from jiritsu.cases.models import Case, Client, Handoff
from jiritsu.core.choices import choice_label


def test_it_gives_the_label_of_every_choice_as_get_display_does():
    for status in Status:
        case = Case(status=status)
        assert choice_label(case, "status") == case.get_status_display() == status.label


def test_it_gives_back_a_value_that_has_no_label_and_nothing_for_none():
    assert choice_label(Case(status="no-such-status"), "status") == "no-such-status"
    assert choice_label(Client(sex=""), "sex") == Client(sex="").get_sex_display() == ""
    assert choice_label(Handoff(program=None), "program") is None


def test_it_translates_when_shown_not_when_built():
    with translation.override("en"):
        choice_label(Case(status=Status.CLOSED), "status")  # builds the labels under another language
    with translation.override("ja"):
        assert choice_label(Case(status=Status.CLOSED), "status") == Case(status=Status.CLOSED).get_status_display()


def test_the_display_filter_renders_the_label():
    html = Template('{{ case|display:"status" }}').render(Context({"case": Case(status=Status.IN_SUPPORT)}))
    assert html == str(Status.IN_SUPPORT.label)
