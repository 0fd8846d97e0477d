"""Sections that domains built on cases add to 今日の業務 (the extension point: cases never imports them).

A higher app registers its sections in its AppConfig.ready(). For each signed-in user the Today page asks every
section for its rows: `rows(user, day)` returns None when the section has nothing to do with the user (their
role, their organisation's programs), else a dict for the section's template with `case_ids`, the cases it
shows, which the page audits with the rest of the page (one access-log row per case shown). Each row should
link to the form that does its work. Sections follow the page's own lists, in the order registered.
"""
from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.html import format_html_join


@dataclass(frozen=True)
class Section:
    key: str
    template: str
    rows: Callable  # (user, day) -> dict | None


_SECTIONS: dict[str, Section] = {}


def register(section: Section) -> None:
    """Add (or replace, on a reload) the section under its key."""
    _SECTIONS[section.key] = section


def render(user, day, request=None) -> tuple[str, set[int]]:
    """The user's sections as HTML, and the ids of the cases they show."""
    parts, shown = [], set()
    for section in _SECTIONS.values():
        data = section.rows(user, day)
        if data is None:
            continue
        shown |= set(data.get("case_ids", ()))
        parts.append(render_to_string(section.template, {**data, "today": day}, request=request))
    return format_html_join("", "{}", ((part,) for part in parts)), shown
