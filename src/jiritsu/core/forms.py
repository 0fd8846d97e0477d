"""Form pieces shared by every domain: dates typed as 和暦 or Western, and error mapping."""
import datetime as dt
import re
import unicodedata
from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import render

from .errors import Conflict
from .text import refuse_control_characters
from .wareki import Bound, DateParseError, check_range, format_wareki, parse_date


class TextField(forms.CharField):
    """Every form's text box: as CharField (which refuses NUL), and no other control character either."""

    default_validators = [refuse_control_characters]


class YenField(TextField):
    """Whole yen, typed as 10000, 10,000, 10,000円 or in full-width digits (１０，０００円); at most `max_yen`, so a
    slip of the keyboard (a dozen zeros) is refused at the field rather than stored or overflowing a column."""

    _DIGITS = re.compile(r"[0-9]+")

    def __init__(self, *, what: str, max_yen: int = 999_999_999_999, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "class": "narrow",
                                                           "placeholder": "例：50000"}))
        kwargs.setdefault("label", f"{what}（円）")
        super().__init__(**kwargs)
        self.what, self.max_yen = what, max_yen

    def to_python(self, value):
        value = super().to_python(value)
        if value in (None, ""):
            return None
        s = unicodedata.normalize("NFKC", value).strip().replace(",", "").removesuffix("円").strip()
        if not self._DIGITS.fullmatch(s):
            raise forms.ValidationError(f"{self.what}は0以上の整数（円）で入力してください。")
        if len(s) > len(str(self.max_yen)) or int(s) > self.max_yen:
            raise forms.ValidationError(f"{self.what}は{self.max_yen:,}円以下で入力してください。")
        return int(s)


class WarekiDateInput(forms.TextInput):
    """A text box (not a date picker) so that R4.4.1 and 令和4年4月1日 can be typed as on paper."""

    def __init__(self, attrs=None):
        base = {"class": "narrow", "inputmode": "text", "placeholder": "例：R6.4.1 または 2024-04-01",
                "autocomplete": "off"}
        super().__init__({**base, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, dt.date):
            return value.isoformat()
        return value


class WarekiDateField(forms.Field):
    """A date typed as 和暦 or Western, between `earliest` and `latest` (dates or functions of none, such as
    timezone.localdate); by default 明治元年 to twenty years ahead (core.wareki.check_range)."""

    widget = WarekiDateInput
    default_error_messages = {"required": "日付を入力してください。"}

    def __init__(self, *, earliest: Bound = None, latest: Bound = None, latest_message: str = "", **kwargs):
        self.bounds = {"earliest": earliest, "latest": latest, "latest_message": latest_message}
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in (None, ""):
            return None
        try:
            if isinstance(value, dt.date):
                return check_range(value, **self.bounds)
            return parse_date(str(value), **self.bounds)
        except DateParseError as exc:
            raise ValidationError(str(exc), code="invalid") from exc


def wareki_help(day: dt.date | None) -> str:
    return format_wareki(day) if day else ""


def apply_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Attach a service's ValidationError to the form's fields (unknown fields go to the top)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def save_or_render(request, form, save, template: str, context: dict | Callable[[], dict], done: str | Callable,
                   *, form_name: str = "form", invalid_status: int = 200):
    """Run a form's service: `save(data, version)` returns what it saved. Returns (saved, None) after a
    success message, or (None, the page again) with the service's errors at the fields, the input kept,
    and 409 when someone else saved the record since the form was opened.

    `context` may be a function, called only when the page comes back: building some pages records an
    audited read, which a successful save (it redirects) must not leave behind. `done` may be a function
    of what was saved, for a message naming something the service made (a new record's code)."""
    status = invalid_status
    if form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version", None)
        try:
            saved = save(data, version)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except Conflict as exc:
            form.add_error(None, exc.message)
            status = 409
        else:
            messages.success(request, done(saved) if callable(done) else done)
            return saved, None
    context = context() if callable(context) else context
    return None, render(request, template, {**context, form_name: form}, status=status)
