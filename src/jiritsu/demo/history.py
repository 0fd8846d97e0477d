"""The demo's past: cases of the last 24 months in every welfare-office body, in proportion to its population,
brought in through the ledger import (`jiritsu import cases`, case-ledger.md) as a prefecture's own past
records would be. Each row follows one of the life stories (stories.py): its complaints, the programs its plan
used, and 就労 / 増収 at realistic rates for those aiming at work.

Deterministic for a seed and a day. Case ids (旧台帳-00001 ...) do not depend on the day, so running the demo
again, even on a later day, finds every row already imported and writes nothing.
"""
import csv
import datetime as dt
import io
import random

from django.db.models import Sum

from jiritsu.cases.choices import ClosureReason, Sex, TriageOutcome
from jiritsu.cases.importing import COLUMNS, TRIAGE, import_ledger
from jiritsu.orgs.models import Municipality
from jiritsu.programs.catalog import SURVEY_SERVICES

from . import texts
from .people import fictitious_client
from .stories import HOMELESS, STORIES, Story

D = dt.timedelta
HISTORY_DAYS = 730
# Bodies whose staff work cases in the demo keep only closed cases from before the app, at least this old.
STAFFED_OLDEST_OPEN = 200
TRIAGE_NAMES = {value: name for name, value in TRIAGE.items()}  # the ledger's wording of each outcome
SURVEY_VALUES = {s.value for s in SURVEY_SERVICES}
CASE_ID = "旧台帳-{:05d}"


def population_by_body() -> dict[str, int]:
    rows = (Municipality.objects.filter(body__isnull=False).values("body__code").annotate(people=Sum("population"))
            .order_by("body__code"))
    return {r["body__code"]: r["people"] or 0 for r in rows}


def shares(total: int, weights: dict[str, int]) -> dict[str, int]:
    """`total` split in proportion to `weights` (largest remainder), every key at least one when total allows."""
    whole = sum(weights.values()) or 1
    exact = {k: total * w / whole for k, w in weights.items()}
    counts = {k: int(v) for k, v in exact.items()}
    for k in sorted(exact, key=lambda k: (counts[k] - exact[k], k))[:total - sum(counts.values())]:
        counts[k] += 1
    return counts


class Row:
    """One ledger row being made: its dates move forward from the day of first contact and never pass today."""

    def __init__(self, rng: random.Random, today: dt.date, received_on: dt.date):
        self.rng, self.today, self.values = rng, today, {"received_on": received_on}

    def after(self, column: str, start: dt.date, lo: int, hi: int) -> dt.date | None:
        day = start + D(days=self.rng.randint(lo, hi))
        if day > self.today:
            return None
        self.values[column] = day
        return day


def _story(rng: random.Random) -> Story:
    pool = [*STORIES[:-1], HOMELESS]
    return rng.choices(pool, weights=[s.weight or 1 for s in pool])[0]


def ledger_row(rng: random.Random, today: dt.date, received_ago: int, postal_codes: list[str], *,
               closed_only: bool) -> dict:
    """One past case as a ledger row (column -> python value)."""
    story = _story(rng)
    person = fictitious_client(rng, postal_codes, today)
    row = Row(rng, today, today - D(days=received_ago))
    v = row.values
    roll = rng.random()
    triage = (TriageOutcome.INFO_ONLY if roll < 0.25 else TriageOutcome.REFERRED if roll < 0.4
              else TriageOutcome.CONTINUE)
    v.update(triage=triage, story=story, person=person, referred_to="")
    if triage == TriageOutcome.REFERRED:
        v["referred_to"] = rng.choice(texts.REFERRALS)
    if triage != TriageOutcome.CONTINUE:
        return v
    consent = row.after("consent_on", v["received_on"], 2, 21) if rng.random() < 0.85 else None
    plan = row.after("plan_decided_on", consent, 20, 60) if consent and rng.random() < 0.8 else None
    employed = None
    if plan and story.works and rng.random() < 0.4:
        employed = row.after("employed_on", plan, 30, 270)
    if employed and rng.random() < 0.45:
        row.after("income_increased_on", employed, 30, 120)
    elif plan and rng.random() < 0.08:
        row.after("income_increased_on", plan, 60, 300)
    _close(row, story, consent, plan, closed_only)
    return v


def _close(row: Row, story: Story, consent, plan, closed_only: bool) -> None:
    v, rng = row.values, row.rng
    last = max(d for k, d in v.items() if k.endswith("_on") and isinstance(d, dt.date))
    if plan:
        ends = row.after("closed_on", max(last, plan + D(days=120)), 0, 300)
        achieved = v.get("employed_on") or (not story.works and rng.random() < 0.6)
        reason = (ClosureReason.GOAL_ACHIEVED if achieved else
                  rng.choice([ClosureReason.SELF_RELIANT, ClosureReason.OTHER_SYSTEM, ClosureReason.LOST_CONTACT]))
    elif consent:
        ends = row.after("closed_on", last, 30, 90) if rng.random() < 0.8 else None
        reason = rng.choice([ClosureReason.LOST_CONTACT, ClosureReason.OTHER_SYSTEM, ClosureReason.DECLINED])
    else:
        ends = row.after("closed_on", last, 30, 60)
        reason = rng.choice([ClosureReason.LOST_CONTACT, ClosureReason.DECLINED])
    if ends is None and closed_only:
        v["closed_on"] = min(row.today, last + D(days=30))
        ends = v["closed_on"]
    if ends is not None:
        v["closure_reason"] = reason


def _cells(number: int, body_code: str, v: dict) -> dict:
    person, story = v["person"], v["story"]
    plan = v.get("plan_decided_on")
    complaints = [story.main, *story.related[:1]]
    cells = {
        "body_code": body_code, "case_id": CASE_ID.format(number),
        "family_name": person["family_name"], "given_name": person["given_name"],
        "family_name_kana": person["family_name_kana"], "given_name_kana": person["given_name_kana"],
        "sex": str(Sex(person["sex"]).label), "birth_date": person["birth_date"], "postal_code": person["postal_code"],
        "address": person["address"], "phone": person["phone_mobile"],
        "main_complaint": story.main.label, "complaints": "|".join(str(c.label) for c in complaints),
        "triage": TRIAGE_NAMES[v["triage"]], "referred_to": v["referred_to"],
        "programs": "|".join(str(s.label) for s in story.services if s.value in SURVEY_VALUES) if plan else "",
        "work_support_target": "1" if plan and story.works else "",
        "closure_reason": str(ClosureReason(v["closure_reason"]).label) if v.get("closure_reason") else "",
    }
    for column in ("received_on", "consent_on", "plan_decided_on", "employed_on", "income_increased_on", "closed_on"):
        cells[column] = v.get(column)
    return {k: (f"{x:%Y-%m-%d}" if isinstance(x, dt.date) else x or "") for k, x in cells.items()}


def ledger(counts: dict[str, int], *, seed: int, today: dt.date, postal_codes: dict[str, list[str]],
           staffed: set[str]) -> str:
    """The past cases as a ledger CSV: counts[body code] rows for each body, oldest first."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for body_code, count in sorted(counts.items()):
        rng = random.Random(f"{seed}:history:{body_code}")
        oldest = STAFFED_OLDEST_OPEN if body_code in staffed else 0
        ages = sorted((rng.randint(oldest, HISTORY_DAYS - 1) for _ in range(count)), reverse=True)
        for number, ago in enumerate(ages, start=1):
            v = ledger_row(rng, today, ago, postal_codes[body_code], closed_only=body_code in staffed)
            writer.writerow(_cells(number, body_code, v))
    return out.getvalue()


def load_history(counts: dict[str, int], *, seed: int, today: dt.date, postal_codes: dict[str, list[str]],
                 staffed: set[str]) -> int:
    """Import the past cases (rows already imported are left as they are); returns how many were created."""
    text = ledger(counts, seed=seed, today=today, postal_codes=postal_codes, staffed=staffed)
    result = import_ledger(text.encode("utf-8"))
    if result.problems:
        raise ValueError("\n".join(map(str, result.problems[:20])))
    return result.created
