"""core.markup escapes as the templates do, so HTML built in Python reads the same as a template's."""
import pytest
from django.template.defaultfilters import linebreaksbr
from django.utils.html import escape

from jiritsu.core.markup import esc, lines

TEXTS = ['<script>alert("x")</script>', "山田 & 'はなこ'", "一行目\r\n二行目\r三行目\n四行目", "", 12345]


@pytest.mark.parametrize("text", TEXTS)
def test_it_escapes_and_breaks_lines_exactly_as_the_templates_filters(text):
    assert esc(text) == escape(text)
    assert lines(text) == linebreaksbr(text, autoescape=True)
