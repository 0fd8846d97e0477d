"""Forms and pages at the edges: a control character is refused at the field with the input kept; ids and
page numbers that name nothing answer 404 or the list, never 500 (SQLite's integers end at 2**63)."""
import importlib
import pkgutil

import pytest
from django import forms
from django.urls import reverse

import jiritsu
from jiritsu.core.text import refuse_control_characters
from tests.cases.web.test_intake_edit import intake_data
from tests.factories import new_case


@pytest.mark.parametrize("note", ["借金\x00の相談", "借金\x01の相談", "\x1b"])
def test_the_intake_form_refuses_a_control_character_and_keeps_the_rest(client, world, note):
    case = new_case(world)
    client.force_login(world.worker_a)
    response = client.post(reverse("case_intake_edit", args=[case.pk]),
                           intake_data(case, consultation_note=note, visitor_name="山田一郎"))
    html = response.content.decode()
    assert response.status_code == 200 and ("制御文字" in html or "ヌル文字" in html)
    assert 'value="山田一郎"' in html
    case.refresh_from_db()
    assert case.consultation_note == "家賃の支払いが難しい" and case.version == 1


def _form_classes():
    for module in pkgutil.walk_packages(jiritsu.__path__, "jiritsu."):
        if ".migrations" not in module.name and not module.name.endswith(("wsgi", "cli")):
            importlib.import_module(module.name)
    seen, todo = set(), [forms.Form]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)
    return [cls for cls in seen if cls.__module__.startswith("jiritsu.")]


# Their own format already refuses every control character.
FORMATTED = (forms.EmailField, forms.UUIDField, forms.GenericIPAddressField)


def test_every_text_field_of_every_form_refuses_control_characters():
    missing = [f"{cls.__module__}.{cls.__name__}.{name}" for cls in _form_classes()
               for name, field in cls.base_fields.items()
               if isinstance(field, forms.CharField) and not isinstance(field, FORMATTED)
               and refuse_control_characters not in field.validators]
    assert missing == []


@pytest.mark.parametrize("field", [forms.EmailField(), forms.UUIDField(), forms.GenericIPAddressField()])
def test_the_formatted_fields_refuse_control_characters_by_their_format(field):
    for value in ("a\x01@example.jp", "12345678-1234-1234-1234-12345678901\x01", "127.0.0.1\x01"):
        with pytest.raises(forms.ValidationError):
            field.clean(value)


@pytest.mark.parametrize("url", ["/cases/99999999999999999999/", "/cases/99999999999999999999/history/",
                                 "/meetings/99999999999999999999/", "/print/cases/99999999999999999999/plan/"])
def test_an_id_past_any_integer_is_not_found(client, world, url):
    client.force_login(world.worker_a)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("page", ["99999999999999999999", "-1", "abc", "1e9"])
def test_a_page_number_past_the_end_shows_a_page_of_the_list(client, world, page):
    new_case(world)
    client.force_login(world.worker_a)
    assert client.get(reverse("case_search"), {"page": page}).status_code == 200
    assert client.get(reverse("meeting_list"), {"page": page}).status_code == 200
