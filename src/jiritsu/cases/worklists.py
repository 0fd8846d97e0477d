"""今日の業務: the lists of what the cases of the worker's body wait for, for the Today page and the full lists.

Each list is a filter and an order on the case row alone (consent and due dates are kept on it by
services.derived), matching one partial index, so its first rows and its total are read from that index in
one query however many cases the body has. The Today page shows the first rows of every list with its
total; the full list pages page through the same querysets. Reads only: callers audit what they show.
"""
import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Q, Window
from django.urls import reverse

from . import policies
from .choices import AFTER_APPLICATION, AgendaKind, ConsentState, MeetingOutcome, Status
from .models import Case, Client, Meeting, MeetingItem
from .steps import NEXT_ACTION

LIMIT = 10  # rows per list on the Today page: a dashboard, the rest one click away
MONITORING_WARN_DAYS = 7
EVALUATION_WARN_DAYS = 14
WAITING = tuple(s for s in Status if s in NEXT_ACTION and s != Status.IN_SUPPORT)  # in the process's order


@dataclass(frozen=True)
class Spec:
    key: str
    title: str
    order: str  # how the rows are ordered, in words
    action: str = ""  # what to do for every row; empty when each case's status says it
    columns: tuple = (("pk", "pk"),)  # (Row field, column of the list's queryset) read for each row
    dated: bool = False  # rows have a due date, and the list counts those overdue

    def cases(self, scope, today: dt.date, *, status: str = ""):
        """The list's rows as a queryset on the scope, in the list's order, with `due` when dated; only those
        at `status` if it narrows this list (takes_status)."""
        rows = _QUERIES[self.key](scope, today)
        return rows.filter(status=status) if self.takes_status(status) else rows

    def takes_status(self, status: str) -> bool:
        """The waiting list narrows to one of the steps it waits at; no other list narrows by status."""
        return self.key == "awaiting" and status in WAITING

    @property
    def slug(self) -> str:
        """The list's anchor on the Today page and its full list's URL."""
        return self.key.replace("_", "-")

    @property
    def rows_template(self) -> str:
        shape = "due" if self.dated else "consent" if self.key == "consent" else "cases"
        return f"cases/_work_rows_{shape}.html"


_DUE = (("pk", "pk"), ("due", "due"))
SPECS = {s.key: s for s in [
    Spec("awaiting", "次の手続きを待っているケース", "受付日の古い順"),
    Spec("monitoring", "モニタリング（1週間以内・期限超過）", "予定日の早い順", "モニタリングを行う", _DUE, True),
    Spec("evaluation", "プラン評価（2週間以内・期限超過）", "予定日の早い順", "プラン評価を行う", _DUE, True),
    Spec("urgent", "急迫（一時生活支援を先行）で支援中のケース", "受付日の新しい順"),
    Spec("consent", "本人同意がない・撤回されたケース", "受付日の古い順",
         columns=(("pk", "pk"), ("consent_state", "consent_state"))),
    Spec("watch_over", "予定日を過ぎた見守り訪問（地域居住支援）", "予定日の早い順", "見守り訪問を行い記録する",
         (("pk", "case_id"), ("due", "due")), True),
]}


def scope(user, *, mine: bool = False):
    """Every case of the user's body (closed ones too: a watch-over may outlast the case), or the user's own."""
    cases = policies.visible_cases(user)
    return cases.filter(assigned_to=user) if mine else cases


def _awaiting(cases, today):
    return cases.filter(status__in=WAITING).order_by("received_on", "pk")


def _monitoring(cases, today):
    horizon = today + dt.timedelta(days=MONITORING_WARN_DAYS)
    return (cases.filter(status=Status.IN_SUPPORT, monitoring_due__lte=horizon)
            .annotate(due=F("monitoring_due")).order_by("monitoring_due", "pk"))


def _evaluation(cases, today):
    horizon = today + dt.timedelta(days=EVALUATION_WARN_DAYS)
    return (cases.filter(status=Status.IN_SUPPORT, evaluation_due__lte=horizon)
            .annotate(due=F("evaluation_due")).order_by("evaluation_due", "pk"))


def _urgent(cases, today):
    return cases.filter(urgent=True).exclude(status=Status.CLOSED).order_by("-received_on", "-pk")


def _consent(cases, today):
    """Past the application without an active consent: never recorded, or withdrawn."""
    return (cases.filter(status__in=sorted(AFTER_APPLICATION)).exclude(consent_state=ConsentState.ACTIVE)
            .order_by("received_on", "pk"))


def _watch_over(cases, today):
    """地域居住支援 visits past their date and not recorded (the rows are visits, `pk` their case's): a source the
    shelter registers (register_source), since cases does not know its visits."""
    return (SOURCES["watch_over"](cases, today).select_related(None).annotate(due=F("due_on"))
            .order_by("due_on", "pk"))


# Sources of lists whose rows live in a domain built on cases, registered in that app's AppConfig.ready():
# key → function (cases queryset, day) → queryset of rows with a `case_id` (then `pk` is read from it).
SOURCES: dict = {}


def register_source(key: str, query) -> None:
    SOURCES[key] = query


_QUERIES = {"awaiting": _awaiting, "monitoring": _monitoring, "evaluation": _evaluation, "urgent": _urgent,
            "consent": _consent, "watch_over": _watch_over}


@dataclass
class Row:
    """A case on a list: what the list picked (`pk`, `due`, ...), then what the page shows of it (`load`)."""

    pk: int
    due: dt.date | None = None
    overdue: bool = False
    consent_state: str = ""
    kind: str = ""  # of an agenda item
    case_number: str = ""
    received_on: dt.date | None = None
    status: str = ""
    urgent: bool = False
    name: str = ""
    staff: str = ""
    url: str = ""
    status_label: str = ""
    next_action: str = ""

    @property
    def withdrawn(self) -> bool:
        return self.consent_state == ConsentState.WITHDRAWN


def rows_of(spec: Spec, values, today: dt.date) -> list[Row]:
    """Rows from a list queryset's `values_list(*columns)` (the first fields of each tuple)."""
    names = [name for name, _ in spec.columns]
    rows = [Row(**dict(zip(names, v, strict=False))) for v in values]
    for row in rows:
        row.overdue = row.due is not None and row.due < today
    return rows


def full_list(*, spec: Spec, user, day: dt.date, mine: bool = False, status: str = ""):
    """One list in full in its order, within the Today page's scope (the user's body, or own cases): the values
    of its columns, for a paginator (rows_of turns a page of them into rows)."""
    cases = spec.cases(scope(user, mine=mine), day, status=status)
    return cases.values_list(*(column for _, column in spec.columns))


def first_rows(spec: Spec, cases, today: dt.date, limit: int = LIMIT) -> dict:
    """The list's first rows with its exact total (and, if dated, how many are overdue), in one query.

    The waiting cases are counted by status instead (`awaiting_counts`): with no total to count here, their
    first rows are the first entries of an index in their order."""
    windows = {"total": Window(Count("*"))} if spec.key != "awaiting" else {}
    if spec.dated:
        windows["n_overdue"] = Window(Count("pk", filter=Q(due__lt=today)))
    found = list(spec.cases(cases, today).annotate(**windows)
                 .values_list(*(column for _, column in spec.columns), *windows)[:limit])
    rows = rows_of(spec, found, today)
    total = found[0][len(spec.columns)] if found and windows else len(rows)
    return {"spec": spec, "rows": rows, "total": total, "more": total > len(rows),
            "overdue": found[0][-1] if found and spec.dated else 0}


def today(user, day: dt.date, *, mine: bool = False) -> dict:
    """The Today page: the first rows and totals of every list, the next meeting's agenda, and `shown`,
    every row on the page with its case loaded. A fixed number of queries whatever the lists' lengths."""
    cases = scope(user, mine=mine)
    lists = {key: first_rows(spec, cases, day) for key, spec in SPECS.items()}
    waiting = awaiting_counts(cases)
    total = sum(waiting.values())
    lists["awaiting"].update(total=total, more=total > len(lists["awaiting"]["rows"]), by_status=[
        {"status": s, "label": s.label, "action": NEXT_ACTION[s], "total": waiting[s]} for s in WAITING if s in waiting
    ])
    meeting = next_meeting(user, day)
    shown = [row for one in lists.values() for row in one["rows"]] + (meeting["rows"] if meeting else [])
    load(shown)
    return {"lists": lists, "meeting": meeting, "shown": shown}


def awaiting_counts(cases) -> dict:
    """Cases waiting for their next step, by status (from the (body, status, ...) index alone)."""
    return dict(_awaiting(cases, None).order_by().values_list("status").annotate(n=Count("*")))


def next_meeting(user, today: dt.date) -> dict | None:
    """The body's next coordination meeting and the cases still on its agenda."""
    staff = policies.staff_of(user)
    meeting = (Meeting.objects.filter(body_id=staff.organisation.body_id, held_on__gte=today)
               .order_by("held_on").values("pk", "held_on", "place").first())
    if meeting is None:
        return None
    items = MeetingItem.objects.filter(meeting_id=meeting["pk"], outcome=MeetingOutcome.PENDING).order_by("pk")
    return {"meeting": meeting, "rows": [Row(case_id, kind=AgendaKind(kind).label)
                                         for case_id, kind in items.values_list("case_id", "kind")]}


def load(rows: list[Row]) -> None:
    """Fill in what the page shows of each picked case: one query for every list on the page."""
    shown = {r.pk for r in rows}
    if not shown:
        return
    found = {
        pk: (number, received, status, urgent, Client.name_of(family, given), staff or "", reverse("case_detail", args=[pk]))
        for pk, number, received, status, urgent, family, given, staff in Case.objects.filter(pk__in=shown)
        .values_list("pk", "case_number", "received_on", "status", "urgent", "client__family_name",
                     "client__given_name", "assigned_to__staff__display_name")
    }
    for row in rows:
        (row.case_number, row.received_on, row.status, row.urgent, row.name, row.staff,
         row.url) = found[row.pk]
        row.status_label, row.next_action = Status(row.status).label, NEXT_ACTION.get(row.status, "")
