"""Text rules: folding for search (full/half width, katakana/hiragana, spaces, phone digits), and the
characters no text field accepts."""
import re
import unicodedata

import jaconv
from django.core.exceptions import ValidationError

_SPACES = re.compile(r"[\s\u3000]+")


def fold(text: str | None) -> str:
    """Fold for matching: NFKC (half-width kana and full-width latin), hiragana, no spaces, lower case."""
    if not text:
        return ""
    s = unicodedata.normalize("NFKC", text)
    s = jaconv.kata2hira(s)
    return _SPACES.sub("", s).lower()


def digits(text: str | None) -> str:
    if not text:
        return ""
    return re.sub(r"\D", "", unicodedata.normalize("NFKC", text))


def is_kana(text: str) -> bool:
    s = fold(text)
    return bool(s) and all("\u3041" <= ch <= "\u309f" or ch == "ー" for ch in s)


# Control characters other than tab and line breaks (NUL included: PostgreSQL refuses it in text; Excel
# files refuse the rest), and lone surrogates (no database can encode them). Refused by every form's text
# field (core.forms.TextField) and every API input (api.inputs).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
CONTROL_MESSAGE = "制御文字（NUL など画面に表示できない文字）は入力できません。"


def has_control_characters(text: str) -> bool:
    return bool(_CONTROL.search(text))


def refuse_control_characters(value) -> None:
    """A validator: the Japanese message at the field when the text holds a control character."""
    if isinstance(value, str) and has_control_characters(value):
        raise ValidationError(CONTROL_MESSAGE, code="control_characters")
