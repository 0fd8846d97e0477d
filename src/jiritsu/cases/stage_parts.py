"""What other apps add to a stage of a program a case uses (the extension point: the program's app and the app
adding to it are on the same level and never import each other).

An app registers a Part in its AppConfig.ready(): `items(user, case)` returns the case's records that belong
to `program`'s `stage` as StageItems, only those the user's role may see (none when its policy says the user
may not), in a fixed number of queries, and audits what it returns. The program's page asks `items_for`.
For example placements adds the person's confirmed work-experience placements to 就労準備支援's 就労自立 stage.
"""
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class StageItem:
    title: str
    state: str
    on: dt.date | None = None  # the day it starts (or started)
    detail: str = ""
    url: str = ""  # a page the user may open, or ""


@dataclass(frozen=True)
class Part:
    key: str
    program: str
    stage: str
    items: Callable  # (user, case) -> list[StageItem]


_PARTS: dict[str, Part] = {}


def register(part: Part) -> None:
    """Add (or replace, on a reload) the part under its key."""
    _PARTS[part.key] = part


def items_for(user, case, program: str, stage: str) -> list[StageItem]:
    """What the registered apps add to this stage of the program for the case, in the order registered."""
    return [item for part in _PARTS.values() if part.program == program and part.stage == stage
            for item in part.items(user, case)]
