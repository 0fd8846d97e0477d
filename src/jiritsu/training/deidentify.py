"""De-identification of a case's text for group study (事例検討).

Everything that could point at the person is searched for by value, not only by pattern: the person's,
the visitor's and the staff's names (kanji, kana in either script, full or half width, with or without
spaces, common variant kanji), phone numbers in any punctuation, the address and its parts, the postal
code, the birth date and the case number. On top of that every date becomes relative to the first
consultation ("相談から約3か月後"), every municipality of the prefecture "県内の市/町/村", ages a decade,
and any other phone-like number, e-mail address or postal code a placeholder.

Texts are NFKC-normalised first, so width variants are one; matching then folds kana and spacing the
way core.text.fold does, on a map back to the text so the replacement covers exactly what was found.
"""
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

import jaconv

from jiritsu.core.text import VARIANTS, VARIATION_SELECTORS, digits
from jiritsu.core.wareki import DateParseError, parse_date

from . import deid_ner

PERSON, FAMILY, VISITOR, STAFF = "A", "家族", "来談者", "担当職員"
ADDRESS, PHONE, POSTAL, MAIL, CASE_NO, BIRTH = "［住所］", "［電話番号］", "［郵便番号］", "［メール］", "［ケース番号］", "［生年月日］"

_SPACE = re.compile(r"\s")
# A given name after the family name: up to 3 kanji, not an honorific or a relation (山田様, 山田家, 山田の母).
_NOT_GIVEN = "様氏君殿家宅夫妻母父兄姉弟妹息娘祖"
_KANJI_RUN = re.compile(rf"(?![{_NOT_GIVEN}])[\u4e00-\u9fff々](?:(?![{_NOT_GIVEN}])[\u4e00-\u9fff々]){{0,2}}")


@dataclass
class Identifiers:
    anchor: dt.date  # the first consultation: every date becomes relative to it
    full_names: list[str] = field(default_factory=list)  # the person's, in kanji and in kana
    person_names: list[str] = field(default_factory=list)  # the parts of the person's name
    family_names: list[str] = field(default_factory=list)  # followed by a given name: a family member
    visitor_names: list[str] = field(default_factory=list)
    staff_names: list[str] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    postal_code: str = ""
    birth_date: dt.date | None = None
    case_numbers: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    municipalities: list[tuple[str, str]] = field(default_factory=list)  # (name, generalised)


def _fold_char(ch: str) -> str:
    return jaconv.kata2hira(ch.translate(VARIANTS)).lower()


def _folded(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the index of the original character."""
    chars, where = [], []
    for i, ch in enumerate(text):
        if _SPACE.match(ch) or VARIATION_SELECTORS.match(ch):
            continue
        chars.append(_fold_char(ch))
        where.append(i)
    return "".join(chars), where


def _fold(text: str) -> str:
    return _folded(unicodedata.normalize("NFKC", text or ""))[0]


class _Spans:
    """Replacements found so far; a longer (or earlier) find wins over one it overlaps."""

    def __init__(self):
        self.items: list[tuple[int, int, str, str]] = []

    def add(self, start: int, end: int, replacement: str, what: str) -> None:
        for s, e, _r, _w in self.items:
            if start < e and s < end:
                return
        self.items.append((start, end, replacement, what))

    def apply(self, text: str) -> str:
        out, last = [], 0
        for start, end, replacement, _what in sorted(self.items):
            out.append(text[last:start])
            out.append(replacement)
            last = end
        out.append(text[last:])
        return "".join(out)


def _find_values(text, folded, where, needles, replacement, what, spans, *, then_given=False):
    for needle in sorted({_fold(n) for n in needles if n and n.strip()}, key=len, reverse=True):
        for m in re.finditer(re.escape(needle), folded):
            start, end = where[m.start()], where[m.end() - 1] + 1
            while end < len(text) and VARIATION_SELECTORS.match(text[end]):  # the glyph choice goes with it
                end += 1
            if then_given:  # 山田太郎 in a household note: the family member's given name goes too
                given = _KANJI_RUN.match(text, end)
                if given:
                    spans.add(start, given.end(), FAMILY, "氏名")
                    continue
            spans.add(start, end, replacement, what)


_NUMBER = re.compile(r"\d(?:[-‐−ー－()（）. ]{0,2}\d)+")
_MAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_ERA = r"(?:令和|平成|昭和|大正|明治|[RHSTM])"
_YEAR = rf"(?:{_ERA}\s*(?:元|\d{{1,2}})|(?<!\d)(?:19|20)\d{{2}})"  # not the middle of a phone number
_FULL_DATE = re.compile(rf"{_YEAR}\s*[年./-]\s*\d{{1,2}}\s*[月./-]\s*\d{{1,2}}(?!\d)\s*日?")
_YEAR_MONTH = re.compile(rf"{_YEAR}\s*年\s*\d{{1,2}}\s*月(?!\s*\d)")
_MONTH_DAY = re.compile(r"(?<![\d年./-])(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_AGE = re.compile(r"(\d{1,3})\s*歳")


def relative(day: dt.date, anchor: dt.date) -> str:
    """相談当日 / 相談から約3か月後 / 相談の約2年前: near enough to follow the story, not to find anyone."""
    delta = (day - anchor).days
    if delta == 0:
        return "相談当日"
    span = abs(delta)
    if span < 14:
        amount = f"{span}日"
    elif span < 60:
        amount = f"約{round(span / 7)}週間"
    elif span < 730:
        amount = f"約{round(span / 30.44)}か月"
    else:
        amount = f"約{round(span / 365.25)}年"
    return f"相談から{amount}後" if delta > 0 else f"相談の{amount}前"


def _date_in(text: str) -> dt.date | None:
    try:
        return parse_date(text)
    except DateParseError:
        return None


def _find_dates(text, ids: Identifiers, spans: _Spans) -> None:
    for m in _FULL_DATE.finditer(text):
        day = _date_in(m.group())
        if day is not None:
            spans.add(m.start(), m.end(), BIRTH if day == ids.birth_date else relative(day, ids.anchor), "日付")
    for m in _YEAR_MONTH.finditer(text):
        day = _date_in(m.group() + "1日")
        if day is not None:
            spans.add(m.start(), m.end(), relative(day, ids.anchor), "日付")
    for m in _MONTH_DAY.finditer(text):
        day = _nearest_year(int(m[1]), int(m[2]), ids.anchor)
        if day is not None:
            spans.add(m.start(), m.end(), relative(day, ids.anchor), "日付")


def _nearest_year(month: int, day: int, anchor: dt.date) -> dt.date | None:
    """A month and day without a year: the one nearest the consultation (a story rarely spans more)."""
    found = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            found.append(dt.date(year, month, day))
        except ValueError:
            continue
    return min(found, key=lambda d: abs((d - anchor).days)) if found else None


def _find_numbers(text, ids: Identifiers, spans: _Spans) -> None:
    phones = {digits(p) for p in ids.phones if len(digits(p)) >= 6}
    postal = digits(ids.postal_code)
    for m in _NUMBER.finditer(text):
        number = digits(m.group())
        if any(p in number for p in phones) or (len(number) >= 10 and number.startswith("0")):
            spans.add(m.start(), m.end(), PHONE, "電話番号")
        elif (postal and number == postal) or re.fullmatch(r"\d{3}-\d{4}", m.group()):
            spans.add(m.start(), m.end(), POSTAL, "郵便番号")
    for m in _MAIL.finditer(text):
        spans.add(m.start(), m.end(), MAIL, "メール")
    for m in _AGE.finditer(text):
        spans.add(m.start(), m.end(), f"{int(m[1]) // 10 * 10}代", "年齢")


def _spans(text: str, ids: Identifiers, *, model: bool = True) -> _Spans:
    spans = _Spans()
    folded, where = _folded(text)
    # Longest and most specific first: a case number or an address before the names inside them.
    _find_values(text, folded, where, ids.case_numbers, CASE_NO, "ケース番号", spans)
    _find_values(text, folded, where, ids.addresses, ADDRESS, "住所", spans)
    _find_values(text, folded, where, ids.emails, MAIL, "メール", spans)
    _find_dates(text, ids, spans)
    _find_numbers(text, ids, spans)
    # Places before names: 日立市 is a place even when a staff member is called 日立.
    for name, general in sorted(ids.municipalities, key=lambda m: len(m[0]), reverse=True):
        _find_values(text, folded, where, [name], general, "市町村名", spans)
    _find_values(text, folded, where, ids.full_names, PERSON, "氏名", spans)
    _find_values(text, folded, where, ids.family_names, PERSON, "氏名", spans, then_given=True)
    _find_values(text, folded, where, ids.person_names, PERSON, "氏名", spans)
    _find_values(text, folded, where, ids.visitor_names, VISITOR, "氏名", spans)
    _find_values(text, folded, where, ids.staff_names, STAFF, "氏名", spans)
    # What the record does not hold (other people, schools, workplaces, house numbers): the model and rules.
    for found in deid_ner.find(text) if model else ():
        spans.add(found.start, found.end, found.replacement, found.kind)
    return spans


def scrub(text: str, ids: Identifiers) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    return _spans(text, ids).apply(text)


def leaks(text: str, ids: Identifiers) -> list[str]:
    """What identifying kinds of the case's own values a (reviewed, edited) text still contains, for a clear
    refusal (what the model suspects is shown to the reviewer instead: `suspicious`)."""
    text = unicodedata.normalize("NFKC", text or "")
    return sorted({what for _s, _e, _r, what in _spans(text, ids, model=False).items if what != "年齢"})


# ---- what the reviewer sees before publishing ----

# What the scrubber writes in place of an identifier (relative dates and age decades included).
PLACEHOLDER = re.compile(r"［[^］\n]{1,10}］|県内の[市町村]|相談(?:当日|から[^、。\s）)]{1,8}後|の[^、。\s）)]{1,8}前)"
                         r"|\d0代|(?<![A-Za-z])A(?![A-Za-z])|家族|来談者|担当職員")


def replacements(text: str, ids: Identifiers) -> list[tuple[str, str, str]]:
    """Each identifier the scrubber replaces in the text: (original, replacement, what), in text order."""
    text = unicodedata.normalize("NFKC", text or "")
    return [(text[s:e], r, w) for s, e, r, w in sorted(_spans(text, ids).items)]


def marked(text: str, ids: Identifiers) -> list[tuple[str, str]]:
    """The text in pieces for the reviewer: ("replaced" for what the scrubber wrote, "suspect" for anything
    that still looks like an identifier — a value of the case or what the model and rules find — else "")."""
    text = unicodedata.normalize("NFKC", text or "")
    marks = [(m.start(), m.end(), "replaced") for m in PLACEHOLDER.finditer(text)]
    for s, e, _r, _w in _spans(text, ids).items:
        if not any(s < me and ms < e for ms, me, _k in marks):
            marks.append((s, e, "suspect"))
    pieces, last = [], 0
    for s, e, kind in sorted(marks):
        if s < last:
            continue
        pieces += [(text[last:s], ""), (text[s:e], kind)]
        last = e
    pieces.append((text[last:], ""))
    return [(piece, kind) for piece, kind in pieces if piece]
