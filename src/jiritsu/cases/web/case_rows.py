"""The case page's lists as HTML, built here rather than in template loops.

Each tag, condition and look-up in a template loop costs a few dozen Python calls per row: the stepper
alone (ten steps, three conditions each) was a third of the page's template work, and the template was
most of the page's cost. The markup is what the templates held; every value is escaped as the template
would (conditional_escape), and linebreaksbr is the template's own filter.
"""
from functools import cache

from django.template.defaultfilters import linebreaksbr
from django.utils.html import conditional_escape as esc
from django.utils.safestring import mark_safe

from jiritsu.core.choices import choice_label
from jiritsu.core.wareki import format_wareki

_CURRENT = ' aria-current="step"'
_DONE = '<span class="visually-hidden">（済）</span>'
_MISSING = '<span class="step-missing">未了</span>'
_WHO = ' <span class="muted">（{}）</span>'


def stepper(steps: list[dict]) -> str:
    """The stepper's items: done, current (aria-current) and, on a special path, still missing."""
    return _stepper(tuple((s["label"], s["done"], s["current"], s.get("missing", False)) for s in steps))


@cache
def _stepper(steps: tuple) -> str:
    """A handful of stepper states occur (one per status, and the special paths' gaps): each is built once."""
    items = []
    for label, done, current, missing in steps:
        classes = " ".join(name for name, on in (("done", done), ("current", current), ("missing", missing)) if on)
        items.append(f'<li class="{classes}"{_CURRENT if current else ""}>{esc(label)}'
                     f'{_DONE if done else ""}{_MISSING if missing else ""}</li>')
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
        f'<span class="badge">{esc(choice_label(r, "kind"))}</span> {esc(r.organisation.name)}・{esc(who(r.author))}'
        f'<div class="progress-text">{linebreaksbr(r.text, autoescape=True)}</div></li>'
        for r in records))


def definitions(rows: list[tuple[str, str]]) -> str:
    """Label and value pairs of a <dl> (the assessment sheet), a dash for an empty value."""
    return mark_safe("".join(  # noqa: S308 - every value escaped
        f"<dt>{esc(label)}</dt><dd>{linebreaksbr(value or '—', autoescape=True)}</dd>" for label, value in rows))


def _date(value) -> str:
    return format_wareki(value) if value else ""
