"""Columns of the case that follow from its records, kept on the case row for the work lists.

The work lists ask, for every open case of a body, whether consent is active, when the next monitoring is
due and when the plan ends. Read from the records, that is a subquery per case on every page view; kept on
the case, it is a partial index read. The services that record a consent, a withdrawal, a decision or a
monitoring call `refresh_case`; bulk loaders (the ledger import, the benchmark seed) call `refresh` on the
cases they wrote. The rules, here only:

- consent: active while an unwithdrawn consent exists; else withdrawn if one was withdrawn; else none;
- monitoring due: the latest monitoring's next date (fixed when the monitoring is recorded); before the
  first monitoring, the latest decision's date plus the body's monitoring interval (a system administrator
  changing the interval in the admin moves these dates: orgs.admin refreshes the body's cases);
- evaluation due: the end of the decided plan's period.
"""
import datetime as dt

from django.db import models
from django.db.models import DateField, Exists, OuterRef, Subquery, Value, When
from django.db.models.functions import Cast, Coalesce

from jiritsu.orgs.models import Body

from ..choices import ConsentState
from ..models import Case, Consent, Decision, Monitoring, Plan

FIELDS = ("consent_state", "monitoring_due", "evaluation_due")


def refresh(cases) -> None:
    """Recompute the derived columns of a queryset of cases (one UPDATE per body in it)."""
    consents = Consent.objects.filter(case=OuterRef("pk"))
    latest_monitoring = Monitoring.objects.filter(case=OuterRef("pk")).order_by("-monitored_on", "-id")
    latest_decision = Decision.objects.filter(case=OuterRef("pk")).order_by("-decided_on", "-id")
    decided_plan = Plan.objects.filter(case=OuterRef("pk"), state=Plan.State.DECIDED).order_by("-number")
    bodies = Body.objects.filter(pk__in=cases.values("body_id")).values_list("pk", "monitoring_interval_days")
    for body_id, interval in bodies:
        first_due = Subquery(latest_decision.values("decided_on")[:1]) + dt.timedelta(days=interval)
        cases.filter(body_id=body_id).update(
            consent_state=models.Case(
                When(Exists(consents.filter(withdrawn_on__isnull=True)), then=Value(ConsentState.ACTIVE)),
                When(Exists(consents.filter(withdrawn_on__isnull=False)), then=Value(ConsentState.WITHDRAWN)),
                default=Value(ConsentState.NONE),
            ),
            monitoring_due=Coalesce(Subquery(latest_monitoring.values("next_due")[:1]),
                                    Cast(first_due, DateField())),
            evaluation_due=Subquery(decided_plan.values("period_to")[:1]),
        )


def refresh_body(sender, *, body, **kwargs) -> None:
    """A body's monitoring interval changed (orgs.signals): its cases' due dates follow."""
    refresh(Case.objects.filter(body=body))


def refresh_case(case: Case) -> None:
    """After a service recorded a consent, withdrawal, decision or monitoring of this case (same transaction)."""
    refresh(Case.objects.filter(pk=case.pk))
    case.refresh_from_db(fields=FIELDS)
