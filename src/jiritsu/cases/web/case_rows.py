"""The case page's lists as HTML, built here rather than in template loops.

Each tag, condition and look-up in a template loop costs a few dozen Python calls per row: the stepper
alone (ten steps, three conditions each) was a third of the page's template work, and the template was
most of the page's cost. The markup is what the templates held, every value escaped as
the templates escape (core.markup).
"""
from functools import cache

from django.utils.safestring import mark_safe

from jiritsu.core.choices import choice_label
from jiritsu.core.markup import esc, lines
from jiritsu.core.text import names_line
from jiritsu.core.wareki import age_on, format_wareki

_CURRENT = ' aria-current="step"'
_DONE = '<span class="visually-hidden">（済）</span>'
_MISSING = '<span class="step-missing">未了</span>'
_SKIPPED = '<span class="step-skipped">（なし）</span>'
_WHO = ' <span class="muted">（{}）</span>'


def stepper(steps: list[dict]) -> str:
    """The stepper's items: done, current (aria-current), skipped on a closed case and, on a special path,
    still missing."""
    return _stepper(tuple((s["label"], s["done"], s["current"], s.get("missing", False), s.get("skipped", False))
                          for s in steps))


@cache
def _stepper(steps: tuple) -> str:
    """A handful of stepper states occur (one per status, and the special paths' gaps): each is built once."""
    items = []
    for label, done, current, missing, skipped in steps:
        flags = (("done", done), ("current", current), ("missing", missing), ("skipped", skipped))
        classes = " ".join(name for name, on in flags if on)
        items.append(f'<li class="{classes}"{_CURRENT if current else ""}>{esc(label)}'
                     f'{_DONE if done else ""}{_MISSING if missing else ""}{_SKIPPED if skipped else ""}</li>')
    return mark_safe("\n".join(items))  # noqa: S308 - every value escaped above


def timeline(events: list[dict]) -> str:
    """Everything recorded on the case, one item per event (case_context.timeline)."""
    return mark_safe("\n".join(  # noqa: S308 - every value escaped
        f"<li><time>{_date(e['on'])}</time> <strong>{esc(e['title'])}</strong>"
        f"{'：' + esc(e['detail']) if e['detail'] else ''}"
        f"{_WHO.format(esc(e['who'])) if e['who'] else ''}</li>"
        for e in events))


def progress(records, who) -> str:
    """The progress records (支援経過), newest first; `who` names the author."""
    return mark_safe("\n".join(  # noqa: S308 - every value escaped
        f'<li><time datetime="{r.occurred_on.isoformat()}">{_date(r.occurred_on)}</time> '
        f'<span class="badge">{esc(choice_label(r, "kind"))}</span> {esc(names_line(r.organisation.name, who(r.author), sep="・"))}'
        f'<div class="progress-text">{lines(r.text)}</div></li>'
        for r in records))


def person(client, sections, household: str, today) -> str:
    """本人: only the parts of the person the user may see (policies.sections)."""
    rows = []
    if "identity" in sections:
        birth = client.birth_date
        rows += [("氏名", client.full_name), ("ふりがな", client.full_kana),
                 ("生年月日", f"{format_wareki(birth)}（{age_on(birth, today)}歳）" if birth else ""),
                 ("性別", choice_label(client, "sex"))]
    if "contact" in sections:
        phones = [f"{kind} {number}" for kind, number in (("自宅", client.phone_home), ("携帯", client.phone_mobile))
                  if number]
        rows += [("電話", " ".join(phones)),
                 ("住所", f"〒{client.postal_code} {client.address or '—'}" if client.postal_code else client.address)]
        if client.email:
            rows.append(("E-mail", client.email))
    if "assessment_background" in sections:
        rows.append(("世帯", household or "（アセスメント前）"))
    return definitions(rows)


def intake(case, who) -> str:
    """相談受付: the intake form's answers (triage and closure follow in the template)."""
    rows = [("受付日", format_wareki(case.received_on)), ("受付者", who(case.received_by)),
            ("担当者", who(case.assigned_to)), ("相談経路", choice_label(case, "route"))]
    if case.visitor_name:
        rows.append(("来談者", f"{case.visitor_name}（{case.visitor_relation}）{case.visitor_phone}"))
    b_items = "／".join(f"{label}：{choice_label(case, field) or '—'}" for label, field in _B_ITEMS)
    rows += [("主訴", choice_label(case, "main_complaint")), ("相談内容", "、".join(case.complaint_labels())),
             ("相談内容（自由記述）", case.consultation_note, "consultation-note"), ("B票", b_items)]
    return definitions(rows)


_B_ITEMS = (("仕事", "work_status"), ("住居", "housing_status"), ("健康保険", "health_insurance"), ("年金", "pension"))


def definitions(rows: list[tuple]) -> str:
    """(label, value[, class of the value]) rows of a <dl>, a dash for an empty value."""
    return mark_safe("".join(  # noqa: S308 - every value escaped
        f"<dt>{esc(label)}</dt><dd{_class(css)}>{lines(value or '—')}</dd>"
        for label, value, *css in rows))


def _class(css: list) -> str:
    return f' class="{esc(css[0])}"' if css else ""


def _date(value) -> str:
    return format_wareki(value) if value else ""
