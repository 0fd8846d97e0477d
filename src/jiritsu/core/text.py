"""Text rules: folding for search (full/half width, katakana/hiragana, variant kanji, spaces, phone digits),
and the characters no text field accepts."""
import re
import unicodedata

import jaconv
from django.core.exceptions import ValidationError

_SPACES = re.compile(r"[\s\u3000]+")
# Ideographic variation selectors (IVS, e.g. 辻 with one or two dots written 辻󠄀) and the standard ones:
# they pick a glyph, not a different name.
VARIATION_SELECTORS = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef]")

# 異体字 people write for the same name, each folded to one form so that 高橋 finds 髙橋 and 髙橋 finds 高橋.
# The form a group folds to is only a key; what is shown is always what was written. NFKC already folds the
# CJK compatibility ideographs that have a decomposition (隆 U+F9DC, 塚 U+FA10 ...); 﨑 (U+FA11) has none.
_VARIANT_GROUPS = {
    "高": "髙", "崎": "﨑嵜碕", "辺": "邉邊", "斎": "齋齊斉", "浜": "濵濱", "徳": "德", "槙": "槇",
    "島": "嶋嶌", "桜": "櫻", "沢": "澤", "広": "廣", "隆": "\uf9dc", "真": "眞", "国": "國圀", "竜": "龍",
    "蔵": "藏", "恵": "惠", "富": "冨", "篭": "籠", "吉": "\U00020bb7", "野": "埜", "柳": "栁", "桑": "桒",
    "館": "舘", "戸": "戶", "滝": "瀧", "黒": "黑", "条": "條", "寿": "壽", "実": "實", "曽": "曾", "当": "當",
    "弥": "彌", "豊": "豐", "礼": "禮", "静": "靜", "渕": "淵", "瀬": "瀨", "児": "兒", "栄": "榮", "円": "圓",
    "会": "會", "浅": "淺", "穂": "穗", "将": "將", "関": "關", "遥": "遙", "剣": "劍劒", "亀": "龜", "桧": "檜",
    "峰": "峯", "薮": "藪", "衛": "衞", "巌": "巖", "顕": "顯", "恒": "恆", "経": "經", "継": "繼", "満": "滿",
    "与": "與", "寛": "寬", "鉄": "鐵", "凛": "凜", "枡": "桝",
}
VARIANTS = str.maketrans({variant: key for key, variants in _VARIANT_GROUPS.items() for variant in variants})


def fold(text: str | None) -> str:
    """Fold for matching: NFKC (half-width kana and full-width latin), variant kanji, hiragana, no spaces,
    lower case. Every character folds to at most one, so positions can be mapped back (de-identification)."""
    if not text:
        return ""
    s = unicodedata.normalize("NFKC", VARIATION_SELECTORS.sub("", text))
    s = jaconv.kata2hira(s.translate(VARIANTS))
    return _SPACES.sub("", s).lower()


def names_line(*names: str, sep: str = "　") -> str:
    """Names side by side (a body and its agency, an organisation and its staff member), leaving out a name
    that a later one begins with: 「水戸市」 then 「水戸市 自立相談支援機関」 would print the city twice."""
    present = [n.strip() for n in names if n and n.strip()]
    return sep.join(n for i, n in enumerate(present) if not any(later.startswith(n) for later in present[i + 1:]))


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
