"""Text folding for search: full/half width, katakana/hiragana, spaces, phone digits."""
import re
import unicodedata

import jaconv

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
