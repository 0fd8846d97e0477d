"""Seed a large case base quickly for benchmarks (bulk inserts; states mirror what the services produce).

Not used by the test suite's assertions: benchmarks only. The demo and tests create cases through the
services; here 100,000 cases must load in a minute or two, so rows are written in bulk.
"""
import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.db import transaction

from jiritsu.cases.choices import Complaint, HandoffMode, ProgressKind, Status
from jiritsu.cases.models import (
    Assessment,
    Case,
    Client,
    Consent,
    Decision,
    Handoff,
    Monitoring,
    Plan,
    PlanGoal,
    ProgressRecord,
)
from jiritsu.cases.services import derived
from jiritsu.orgs.loader import load_prefecture
from jiritsu.orgs.models import Body, Organisation, Role, Staff
from jiritsu.programs.catalog import Program

FAMILY = ["見本", "試験", "仮名", "例示", "架空", "模擬", "検証", "練習"]
GIVEN = ["太郎", "花子", "一郎", "桜", "健", "葵", "翔", "陽菜"]
KANA_F = ["みほん", "しけん", "かめい", "れいじ", "かくう", "もぎ", "けんしょう", "れんしゅう"]
KANA_G = ["たろう", "はなこ", "いちろう", "さくら", "けん", "あおい", "しょう", "ひな"]
BENCH_PASSWORD = "bench-pass-12345"


def _orgs():
    load_prefecture()
    pref_body = Body.objects.get(code="08202")
    agencies = {}
    for body in Body.objects.all():
        agencies[body.pk], _ = Organisation.objects.get_or_create(
            prefecture=body.prefecture, kind=Organisation.Kind.AGENCY, body=body,
            defaults={"name": f"{body.name} 自立相談支援機関（ベンチ）", "operation": "direct"},
        )
    provider, _ = Organisation.objects.get_or_create(
        prefecture=pref_body.prefecture, kind=Organisation.Kind.PROVIDER, name="ベンチ用 広域事業者",
        defaults={"programs": [Program.EMPLOYMENT_PREP.value, Program.HOUSEHOLD_BUDGET.value]},
    )
    user = get_user_model().objects.filter(username="bench_worker").first()
    if user is None:
        user = get_user_model().objects.create_user("bench_worker", password=BENCH_PASSWORD)
        Staff.objects.create(user=user, organisation=agencies[pref_body.pk], role=Role.SUPPORT_WORKER,
                             display_name="ベンチ 相談員")
    return agencies, provider, user


@transaction.atomic
def seed(n_cases: int, *, seed_value: int = 7, batch: int = 5000) -> dict:
    rng = random.Random(seed_value)
    agencies, provider, user = _orgs()
    bodies = list(Body.objects.all())
    today = dt.date.today()
    statuses = list(Status)
    start_id = Case.objects.count()
    for offset in range(0, n_cases, batch):
        size = min(batch, n_cases - offset)
        clients = [
            _client(rng, bodies, i) for i in range(start_id + offset, start_id + offset + size)
        ]
        Client.objects.bulk_create(clients, batch_size=batch)
        cases = [
            _case(rng, c, agencies, user, today, statuses, i)
            for i, c in zip(range(start_id + offset, start_id + offset + size), clients, strict=True)
        ]
        Case.objects.bulk_create(cases, batch_size=batch)
        _children(rng, cases, provider, user)
        derived.refresh(Case.objects.filter(pk__in=[c.pk for c in cases]))  # as the services would keep them
    return {"cases": Case.objects.count(), "bench_user": user.username, "password": BENCH_PASSWORD}


def _client(rng, bodies, i):
    f, g = rng.randrange(len(FAMILY)), rng.randrange(len(GIVEN))
    c = Client(body=rng.choice(bodies), family_name=FAMILY[f], given_name=f"{GIVEN[g]}{i}",
               family_name_kana=KANA_F[f], given_name_kana=KANA_G[g], sex="unknown",
               birth_date=dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(20000)),
               phone_mobile=f"000-{i // 10000:04d}-{i % 10000:04d}", address="茨城県（架空）")
    c.refresh_search_fields()
    return c


def _case(rng, client, agencies, user, today, statuses, i):
    received = today - dt.timedelta(days=rng.randrange(3650))
    status = rng.choice(statuses)
    return Case(
        body_id=client.body_id, agency=agencies[client.body_id], client=client, case_number=f"B-{i:07d}",
        received_on=received, received_by=user, assigned_to=user, route="visit",
        complaints=["income", "job_search"], main_complaint=rng.choice([Complaint.INCOME, Complaint.JOB_SEARCH]),
        status=status, closed_on=received + dt.timedelta(days=100) if status == Status.CLOSED else None,
        closure_reason="lost_contact" if status == Status.CLOSED else "",
    )


def _children(rng, cases, provider, user):
    after_apply = {Status.APPLIED, Status.ASSESSED, Status.PLAN_DRAFTED, Status.PLAN_APPROVED,
                   Status.IN_SUPPORT, Status.EVALUATED, Status.CLOSED}
    consents, assessments, plans, progress = [], [], [], []
    for c in cases:
        if c.status in after_apply:
            consents.append(Consent(case=c, applied_on=c.received_on, rules_explained=True, share_agreed=True,
                                    recorded_by=user))
            assessments.append(Assessment(case=c, assessed_on=c.received_on, household="単身", recorded_by=user))
        if c.status in (Status.IN_SUPPORT, Status.EVALUATED):
            plans.append(Plan(case=c, number=1, state=Plan.State.DECIDED, drafted_on=c.received_on,
                              wishes="働きたい", problems="収入", support_content="就労準備",
                              services=[Program.EMPLOYMENT_PREP.value], period_from=c.received_on,
                              period_to=c.received_on + dt.timedelta(days=180), recorded_by=user))
        for k in range(rng.randrange(1, 6)):
            progress.append(ProgressRecord(case=c, organisation_id=c.agency_id, author=user,
                                           occurred_on=c.received_on + dt.timedelta(days=k),
                                           kind=ProgressKind.INTERVIEW, text="面談（ベンチ用の記録）"))
    Consent.objects.bulk_create(consents)
    Consent.scope.through.objects.bulk_create(
        Consent.scope.through(consent_id=x.pk, organisation_id=provider.pk) for x in consents
    )
    Assessment.objects.bulk_create(assessments)
    Plan.objects.bulk_create(plans)
    PlanGoal.objects.bulk_create(PlanGoal(plan=p, goal="就職") for p in plans)
    Decision.objects.bulk_create(Decision(case=p.case, plan=p, decided_on=p.drafted_on, decided_by=user) for p in plans)
    Monitoring.objects.bulk_create(
        Monitoring(case=p.case, plan=p, monitored_on=p.drafted_on, delivery="順調", recorded_by=user,
                   next_due=p.drafted_on + dt.timedelta(days=30)) for p in plans
    )
    Handoff.objects.bulk_create(
        Handoff(case=p.case, plan=p, provider=provider, program=Program.EMPLOYMENT_PREP, mode=HandoffMode.REGULAR,
                started_on=p.drafted_on, recorded_by=user) for p in plans
    )
    ProgressRecord.objects.bulk_create(progress, batch_size=5000)
