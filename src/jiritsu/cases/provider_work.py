"""A provider's 今日の業務: what each hand-off to the provider needs next, and the form that does it.

- 新しい引継ぎ: hand-offs on which the provider has recorded nothing yet (not started);
- 記録の遅れ: no progress record from the provider for longer than the hand-off's report frequency
  (Handoff.report_every_days, set with the hand-off: the rhythm the plan asks the provider to report in); due on
  the last record's day plus that many days, late from the day after;
- モニタリング前の報告: the case's monitoring is due within a week (or overdue) and the provider has recorded
  nothing since the agency's last monitoring (or the plan's decision): the agency monitors with what the
  provider records.
Every row opens the progress form (支援経過の記録), the provider's own work on a case. Reads only: the view audits
every case shown.
"""
import datetime as dt
from dataclasses import dataclass

from django.db.models import Max, OuterRef, Subquery
from django.urls import reverse

from jiritsu.core.wareki import format_wareki

from .choices import Status
from .models import Decision, Handoff, Monitoring, ProgressRecord
from .selectors import provider_caseload

MONITORING_WARN_DAYS = 7
NEW, LATE, MONITORING, ON_TRACK = "new", "late", "monitoring", "on_track"
LISTS = (
    (NEW, "新しい引継ぎ（まだ記録がない）", "新しく引き継がれて、まだ記録のないケースはありません。"),
    (LATE, "支援経過の記録が遅れているケース", "記録が遅れているケースはありません。"),
    (MONITORING, f"モニタリング前の報告（{MONITORING_WARN_DAYS}日以内）", "報告が必要なモニタリングはありません。"),
)


@dataclass
class Row:
    handoff: Handoff
    kind: str
    action: str  # what to do, the link's text
    url: str
    due: dt.date | None = None
    overdue: bool = False


def _latest(records, day_field: str, **match):
    return Subquery(records.filter(case=OuterRef("case_id"), **match).values("case_id")
                    .annotate(last=Max(day_field)).values("last"))


def with_last_record(handoffs, org_id):
    """Each hand-off with the day of its provider's latest progress record since it started, and the day the
    current monitoring period began (the last monitoring, else the plan's decision)."""
    return handoffs.annotate(
        last_record=_latest(ProgressRecord.objects, "occurred_on", organisation_id=org_id,
                            occurred_on__gte=OuterRef("started_on")),
        last_monitoring=_latest(Monitoring.objects, "monitored_on"),
        decided=_latest(Decision.objects, "decided_on"))


def row_for(handoff, day: dt.date) -> Row:
    """What the hand-off needs next; every row opens the progress form."""
    case, last = handoff.case, handoff.last_record
    interval = dt.timedelta(days=handoff.report_every_days)
    url = reverse("case_progress_new", args=[case.pk])
    if last is None:
        return Row(handoff, NEW, "初回の支援経過を記録する", url, handoff.started_on, handoff.started_on + interval < day)
    if last + interval < day:
        return Row(handoff, LATE, f"支援経過を記録する（前回 {format_wareki(last)}）", url, last + interval, True)
    monitoring, period_start = case.monitoring_due, handoff.last_monitoring or handoff.decided
    if (case.status == Status.IN_SUPPORT and monitoring and monitoring <= day + dt.timedelta(days=MONITORING_WARN_DAYS)
            and period_start and last < period_start):
        return Row(handoff, MONITORING, f"モニタリング（{format_wareki(monitoring)}）に向けて経過を報告する", url,
                   monitoring, monitoring < day)
    return Row(handoff, ON_TRACK, "支援経過を記録する", url, last + interval)


def provider_work(user, day: dt.date) -> dict:
    """The provider's lists and its whole caseload, each hand-off with its next step."""
    staff_org = user.staff.organisation_id
    rows = [row_for(h, day) for h in with_last_record(provider_caseload(user), staff_org)]
    lists = [{"key": key, "title": title, "empty": empty,
              "rows": sorted((r for r in rows if r.kind == key), key=lambda r: (r.due or day, r.handoff.pk))}
             for key, title, empty in LISTS]
    return {"lists": lists, "caseload": rows}
