"""The case page's lists as HTML, built here rather than in template loops.

Each tag, condition and look-up in a template loop costs a few dozen Python calls per row: the stepper
alone (ten steps, three conditions each) was a third of the page's template work, and the template was
most of the page's cost. The markup is what the templates held; format_html escapes every value as the
template would, and linebreaksbr is the template's own filter.
"""
from django.template.defaultfilters import linebreaksbr
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from jiritsu.core.choices import choice_label
from jiritsu.core.wareki import format_wareki

_DONE = mark_safe('<span class="visually-hidden">（済）</span>')  # noqa: S308 - constants
_MISSING = mark_safe('<span class="step-missing">未了</span>')  # noqa: S308


def stepper(steps: list[dict]) -> str:
    """The stepper's items: done, current (aria-current) and, on a special path, still missing."""
    return format_html_join("\n", '<li class="{}"{}>{}{}{}</li>', (
        (" ".join(name for name in ("done", "current", "missing") if s.get(name)),
         mark_safe(' aria-current="step"') if s["current"] else "",  # noqa: S308 - a constant
         s["label"], _DONE if s["done"] else "", _MISSING if s.get("missing") else "")
        for s in steps))


def timeline(events: list[dict]) -> str:
    """Everything recorded on the case, one item per event (case_context.timeline)."""
    return format_html_join("\n", "<li><time>{}</time> <strong>{}</strong>{}{}</li>", (
        (_date(e["on"]), e["title"], format_html("：{}", e["detail"]) if e["detail"] else "",
         format_html(' <span class="muted">（{}）</span>', e["who"]) if e["who"] else "")
        for e in events))


def progress(records, who) -> str:
    """The progress records (支援経過), newest first; `who` names the author."""
    return format_html_join("\n", (
        '<li><time datetime="{}">{}</time> <span class="badge">{}</span> {}・{}'
        '<div class="progress-text">{}</div></li>'), (
        (r.occurred_on.isoformat(), _date(r.occurred_on), choice_label(r, "kind"), r.organisation.name,
         who(r.author), linebreaksbr(r.text, autoescape=True))
        for r in records))


def definitions(rows: list[tuple[str, str]]) -> str:
    """Label and value pairs of a <dl> (the assessment sheet), a dash for an empty value."""
    return format_html_join("", "<dt>{}</dt><dd>{}</dd>", (
        (label, linebreaksbr(value or "—", autoescape=True)) for label, value in rows))


def _date(value) -> str:
    return format_wareki(value) if value else ""
