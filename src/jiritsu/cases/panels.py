"""What domains built on cases add to the case page's 支援引継ぎ card (the extension point: cases never imports them).

A higher app registers in its AppConfig.ready():
- a Panel: `render(request, case, ctx)` returns HTML shown under the hand-offs (or "" when it has nothing to
  show for this case and user). `ctx` is the case page's context: the hand-offs are `ctx["handoffs"]`, already
  read, so a panel that needs no more than them costs no query when it shows nothing;
- a HandoffAction: `link(case, handoff)` returns (label, url) or None, a button on an active hand-off's row,
  offered to those who may end hand-offs (the agency staff who manage them).
Panels and actions appear in the order registered.
"""
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.html import format_html_join

from .eligibility import latest_plan


@dataclass(frozen=True)
class Panel:
    key: str
    render: Callable  # (request, case, ctx) -> str


@dataclass(frozen=True)
class HandoffAction:
    key: str
    link: Callable  # (case, handoff) -> tuple[str, str] | None


_PANELS: dict[str, Panel] = {}
_ACTIONS: dict[str, HandoffAction] = {}


def case_uses(case, handoffs=(), *, service, program=None) -> bool:
    """The case's newest plan still in force (not superseded) includes `service`, or one of `handoffs` is for
    `program`: read from the plans and hand-offs the case page has already fetched, so a panel asking it costs
    no query."""
    plan = latest_plan(p for p in case.plans.all() if p.state != p.State.SUPERSEDED)
    if plan is not None and service in plan.services:
        return True
    return program is not None and any(h.program == program for h in handoffs)


def register(extension: Panel | HandoffAction) -> None:
    """Add (or replace, on a reload) the panel or action under its key."""
    (_PANELS if isinstance(extension, Panel) else _ACTIONS)[extension.key] = extension


def handoff_card(request, case, ctx) -> dict:
    """The card's rows (each hand-off with the extra buttons on it) and the panels under it."""
    rows = []
    for handoff in ctx["handoffs"]:
        links = []
        if handoff.is_active and ctx.get("can_end_handoff"):
            links = [found for action in _ACTIONS.values() if (found := action.link(case, handoff))]
        rows.append({"handoff": handoff, "links": links})
    parts = [html for panel in _PANELS.values() if (html := panel.render(request, case, ctx))]
    return {"handoff_rows": rows, "handoff_panels": format_html_join("", "{}", ((part,) for part in parts))}
