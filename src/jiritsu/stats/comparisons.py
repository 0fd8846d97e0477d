"""Comparisons between welfare-office bodies: per-100k-per-month figures beside the 目安値, trends by month and
the funnel of the support process, all from the same counts as the monthly survey.

Here every body stands for itself (Mito included in every month): the comparison is between bodies, not the
ministry's reporting units. The funnel follows the cases received in the range (a cohort) through the steps
they have reached by today: 新規相談 → 利用申込 → プラン（支援決定） → 事業者への引継ぎ → 就労・増収.
"""
import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, Sum

from jiritsu.cases.models import Case, Consent, Decision, Handoff, Outcome
from jiritsu.orgs.models import Body, Municipality, Prefecture

from .models import SurveyTarget
from .survey import COUNT_KEYS, RATE_COLUMNS, Targets, counts_by_body_month, month_end, per_100k

FUNNEL = [
    ("received", "新規相談"),
    ("applied", "利用申込"),
    ("planned", "プラン（支援決定）"),
    ("handed_off", "事業者への引継ぎ"),
    ("outcome", "就労・増収"),
]
FUNNEL_KEYS = [k for k, _ in FUNNEL]
FUNNEL_LABELS = dict(FUNNEL)
# The per-100k figures compared with the 目安値: (count key, target item, short label).
RATES = [(key, item, str(SurveyTarget.Item(item).label)) for key, item, _fig, _target in RATE_COLUMNS]


def _reached():
    case = OuterRef("pk")
    return {
        "applied": Exists(Consent.objects.filter(case=case)),
        "planned": Exists(Decision.objects.filter(case=case)),
        "handed_off": Exists(Handoff.objects.filter(case=case)),
        "outcome": Exists(Outcome.objects.filter(case=case)),
    }


def cohort(body_ids, first: dt.date, last: dt.date):
    return Case.objects.filter(body_id__in=body_ids, received_on__range=(first, month_end(last)))


def funnel_counts(body_ids, first: dt.date, last: dt.date) -> dict[int, dict[str, int]]:
    """Per body: the cases received in the range, and how many of them reached each later step."""
    rows = (cohort(body_ids, first, last).annotate(**_reached()).values("body_id")
            .annotate(received=Count("pk"), **{k: Count("pk", filter=Q(**{k: True})) for k in FUNNEL_KEYS[1:]})
            .order_by())
    out = {b: dict.fromkeys(FUNNEL_KEYS, 0) for b in body_ids}
    for r in rows:
        out[r.pop("body_id")].update(r)
    return out


def funnel_cases(body: Body, first: dt.date, last: dt.date, stage: str):
    """The cases behind one step of a body's funnel (for the drill-down)."""
    qs = cohort([body.pk], first, last)
    if stage == "received":
        return qs
    return qs.filter(_reached()[stage])


@dataclass
class BodyRow:
    body: Body
    population: int
    counts: dict[str, int]
    rates: dict[str, str]  # per 100,000 population per month, by count key
    funnel: dict[str, int]


@dataclass
class Comparison:
    prefecture: Prefecture
    months: list[dt.date]
    rows: list[BodyRow]
    by_month: dict[dt.date, dict[int, dict[str, int]]]  # month → body id → counts
    targets: dict[str, str]  # 目安値 by count key, for the range

    def row_of(self, body: Body) -> BodyRow:
        return next(r for r in self.rows if r.body.pk == body.pk)

    def trend(self, key: str, body: Body | None = None) -> list[int]:
        """A count month by month, of one body or of all bodies together."""
        return [sum(c[key] for b, c in self.by_month[m].items() if body is None or b == body.pk) for m in self.months]

    def funnel_total(self) -> dict[str, int]:
        return {k: sum(r.funnel[k] for r in self.rows) for k in FUNNEL_KEYS}


def compare(prefecture: Prefecture, months: list[dt.date]) -> Comparison:
    bodies = list(prefecture.bodies.order_by("code"))
    ids = tuple(b.pk for b in bodies)
    first, last = months[0], months[-1]
    cells = counts_by_body_month([(ids, first, month_end(last))])
    by_month = {m: {} for m in months}
    totals = {b.pk: dict.fromkeys(COUNT_KEYS, 0) for b in bodies}
    for (body_id, month), counts in cells.items():
        by_month[month][body_id] = counts
        for k, n in counts.items():
            totals[body_id][k] += n
    pops = _populations(Municipality.objects.filter(body_id__in=ids), "body_id")
    funnels = funnel_counts(ids, first, last)
    rows = []
    for b in bodies:
        person_months = pops.get(b.pk, 0) * len(months)
        rates = {key: per_100k(totals[b.pk][key], person_months) for key, _item, _label in RATES}
        rows.append(BodyRow(b, pops.get(b.pk, 0), totals[b.pk], rates, funnels[b.pk]))
    targets = Targets()
    return Comparison(prefecture, months, rows, by_month,
                      {key: targets.for_months(item, months) for key, item, _label in RATES})


def body_populations(prefecture: Prefecture) -> dict[str, int]:
    """Each body's population (census), by body code."""
    return _populations(Municipality.objects.filter(body__prefecture=prefecture), "body__code")


def _populations(municipalities, key: str) -> dict:
    return dict(municipalities.values(key).annotate(p=Sum("population")).values_list(key, "p"))
