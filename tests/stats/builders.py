"""Hand-built case records for survey tests: exactly the rows a definition looks at, nothing more."""
import datetime as dt
import itertools

from django.contrib.auth import get_user_model

from jiritsu.cases.models import Case, Client, Decision, Outcome, Plan
from jiritsu.orgs.models import Body, Organisation

_seq = itertools.count(1)


def recorder():
    user, _ = get_user_model().objects.get_or_create(username="survey_builder")
    return user


def agency_of(body: Body) -> Organisation:
    org = body.organisations.filter(kind=Organisation.Kind.AGENCY).first()
    return org or Organisation.objects.create(prefecture=body.prefecture, kind=Organisation.Kind.AGENCY, body=body,
                                              name=f"{body.name} 機関")


def case(body_code: str, received_on: dt.date) -> Case:
    body = Body.objects.get(code=body_code)
    n = next(_seq)
    client = Client.objects.create(body=body, family_name="統計", given_name=f"太郎{n}")
    return Case.objects.create(body=body, agency=agency_of(body), client=client, case_number=f"T-{n}",
                               received_on=received_on, received_by=recorder(), route="visit",
                               complaints=["income"], main_complaint="income", status="in_support")


def plan(c: Case, number: int, decided_on: dt.date | None, *, services=(), work_support_target=False) -> Plan:
    p = Plan.objects.create(case=c, number=number, drafted_on=c.received_on, wishes="w", problems="p",
                            support_content="s", services=[s.value if hasattr(s, "value") else s for s in services],
                            work_support_target=work_support_target, period_from=c.received_on,
                            period_to=c.received_on + dt.timedelta(days=180), recorded_by=recorder(),
                            state=Plan.State.DECIDED if decided_on else Plan.State.DRAFT)
    if decided_on:
        Decision.objects.create(case=c, plan=p, decided_on=decided_on, decided_by=recorder())
    return p


def outcome(c: Case, kind: str, occurred_on: dt.date) -> Outcome:
    return Outcome.objects.create(case=c, kind=kind, occurred_on=occurred_on, recorded_by=recorder())
