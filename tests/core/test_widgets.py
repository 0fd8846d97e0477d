"""core.widgets write the same HTML as Django's own widgets, without the form templates."""
import pytest
from django import forms
from django.test.html import parse_html

from jiritsu.core.widgets import PlainSelect, PlainTextInput

CHOICES = [("", "すべて"), ("a", "あ<い>"), ("b", "う&え")]


def _same(plain_field, django_field, data):
    class Plain(forms.Form):
        f = plain_field

    class Stock(forms.Form):
        f = django_field

    for form_class in (Plain, Stock):
        form = form_class(data)
        form.is_valid()
        yield parse_html(str(form["f"]))


@pytest.mark.parametrize("data", [None, {"f": ""}, {"f": "b"}, {"f": "zz"}])
def test_a_drop_down_shows_the_same_options_and_choice(data):
    plain, stock = _same(forms.ChoiceField(choices=CHOICES, required=False, widget=PlainSelect),
                         forms.ChoiceField(choices=CHOICES, required=False), data)
    assert plain == stock


@pytest.mark.parametrize("data", [None, {"f": ""}, {"f": 'み"<&>ほん'}, {"f": "x" * 200}])
def test_a_text_box_keeps_what_was_typed_escaped_and_the_fields_attributes(data):
    attrs = {"type": "search", "autocomplete": "off"}
    plain, stock = _same(forms.CharField(max_length=100, help_text="説明", widget=PlainTextInput(attrs=attrs)),
                         forms.CharField(max_length=100, help_text="説明", widget=forms.TextInput(attrs=attrs)), data)
    assert plain == stock
