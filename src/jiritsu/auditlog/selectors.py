"""Reads of the access log, already scoped by auditlog.policies; filters as the log page offers them."""
import datetime as dt
from dataclasses import dataclass
from itertools import groupby

from django.utils import timezone

from jiritsu.audit.models import AccessLog
from jiritsu.orgs.models import Role

from . import policies


def _day_start(day: dt.date) -> dt.datetime:
    """Midnight in Asia/Tokyo (the project's TIME_ZONE): dates typed by staff are Japanese days."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def filtered_log(user, filters: dict):
    """The user's log rows narrowed by date range, user, case number, action, client address and (auditor) body."""
    rows = policies.visible_log(user)
    if filters.get("date_from"):
        rows = rows.filter(at__gte=_day_start(filters["date_from"]))
    if filters.get("date_to"):
        rows = rows.filter(at__lt=_day_start(filters["date_to"] + dt.timedelta(days=1)))
    if filters.get("username"):
        rows = rows.filter(username__iexact=filters["username"].strip())
    if filters.get("case_number"):
        rows = rows.filter(case_number__iexact=filters["case_number"].strip())
    if filters.get("action"):
        rows = rows.filter(action=filters["action"])
    if filters.get("client_address"):
        rows = rows.filter(client_address=filters["client_address"])
    if filters.get("body") and policies.sees_every_body(user):
        rows = rows.filter(body_id=filters["body"].pk)
    return rows.order_by("-at", "-id")


# A burst: this many refusals of one user within the window (a person mistyping a link is refused once or
# twice; someone walking through case numbers is refused dozens of times a minute).
BURST_COUNT = 10
BURST_WINDOW = dt.timedelta(minutes=10)
BURST_LOOKBACK = dt.timedelta(days=30)


@dataclass
class Burst:
    username: str
    role: str  # its label
    organisation_name: str
    client_address: str | None
    started: dt.datetime  # the densest window's first refusal
    ended: dt.datetime
    in_window: int  # refusals in that window
    total: int  # refusals in the period looked at


def log_until_now(user, filters: dict):
    """filtered_log as it stands now: rows written after this call (an export's own row) stay out."""
    rows = filtered_log(user, filters)
    last = rows.values_list("pk", flat=True).first()
    return rows.filter(pk__lte=last) if last is not None else rows.none()


def role_label(code: str) -> str:
    """The Japanese name of the role a row recorded ("" for none; an unknown code as it is)."""
    return Role(code).label if code in Role.values else code


def refusal_bursts(user, filters: dict) -> list[Burst]:
    """Users refused BURST_COUNT times or more within BURST_WINDOW, most refusals first.

    Looked for in the filtered period (default the last 30 days) of the rows the user may read. Rows
    without a user (a bad API token) are told apart by the client's address."""
    rows = filtered_log(user, {k: v for k, v in filters.items() if k in ("date_from", "date_to", "username", "body")})
    if not filters.get("date_from"):
        rows = rows.filter(at__gte=timezone.now() - BURST_LOOKBACK)
    rows = rows.filter(action=AccessLog.Action.DENIED).order_by("username", "client_address", "at").values_list(
        "user_id", "username", "role", "organisation_name", "client_address", "at")
    bursts = []
    for _key, group in groupby(rows.iterator(chunk_size=5000), key=lambda r: (r[1], r[4] if r[0] is None else None)):
        burst = _densest(list(group))
        if burst is not None:
            bursts.append(burst)
    return sorted(bursts, key=lambda b: (-b.in_window, b.username))


def _densest(rows) -> Burst | None:
    """The window of BURST_WINDOW holding most of the rows (sorted by time), if it holds BURST_COUNT."""
    best, best_start, start = 0, 0, 0
    for end, row in enumerate(rows):
        while row[5] - rows[start][5] > BURST_WINDOW:
            start += 1
        if end - start + 1 > best:
            best, best_start = end - start + 1, start
    if best < BURST_COUNT:
        return None
    first, last = rows[best_start], rows[best_start + best - 1]
    return Burst(username=first[1], role=role_label(first[2]), organisation_name=first[3], client_address=last[4],
                 started=first[5], ended=last[5], in_window=best, total=len(rows))
