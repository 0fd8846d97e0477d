"""For `jiritsu setup-demo` (idempotent): each demo body's 住居確保給付金 amounts, and a handful of applications at
different stages (waiting for the decision, paid with this month's job-search record, extended, refused)."""
import datetime as dt

from jiritsu.cases.models import Case

from . import services
from .models import Application, BenefitLimit

# 山武市's one-person figures (DOMAIN.md section 12), then typical larger households.
DEMO_AMOUNTS = {1: (78_000, 37_200), 2: (115_000, 44_000), 3: (140_000, 48_000), 4: (175_000, 52_000)}
DEMO_LANDLORD = {"landlord_name": "デモ不動産管理（架空）", "bank_name": "デモ銀行", "branch_name": "本店",
                 "account_type": "ordinary", "account_number": "0000001", "account_holder": "デモフドウサンカンリ"}
STAGES = ("applied", "granted", "extended", "refused")


def load_demo_benefits(cases, admin_of, today: dt.date) -> int:
    """Amounts for the bodies of `cases`, and one application per stage on open cases without one; `admin_of`
    gives a body's 自治体担当者 by body id. Returns the applications made."""
    open_cases = list(cases.filter(closed_on__isnull=True).exclude(
        pk__in=Application.objects.values("case_id")).select_related("received_by").order_by("pk"))
    wanted = len(STAGES) - Application.objects.filter(case__in=cases).count()
    made = 0
    for case in open_cases:
        if made >= wanted:
            break
        admin = admin_of(case.body_id)
        if admin is None:
            continue
        _amounts(case.body_id, admin)
        _application(case, admin, STAGES[made], today)
        made += 1
    return made


def _amounts(body_id: int, admin) -> None:
    if BenefitLimit.objects.filter(body_id=body_id).exists():
        return
    for size, (base, cap) in DEMO_AMOUNTS.items():
        services.save_limit(user=admin, household_size=size, base_amount=base, rent_cap=cap,
                            valid_from=dt.date(2020, 4, 1))


def _application(case: Case, admin, stage: str, today: dt.date) -> None:
    received = max(case.received_on, today - dt.timedelta(days=20))
    income = 200_000 if stage == "refused" else 60_000
    app = services.apply(user=case.received_by, case=case, data={
        "received_on": received, "household_size": 1, "monthly_income": income, "assets": 80_000, "rent": 42_000,
        "cause": "left_job", "lost_on": received - dt.timedelta(days=45), "hellowork_registered": True,
        **DEMO_LANDLORD})
    if stage == "applied":
        return
    if stage == "refused":
        services.refuse(user=admin, application=app, decided_on=today, reason="", version=None)
        return
    app = services.grant(user=admin, application=app, decided_on=today, first_month=today, version=None)
    services.record_job_search(user=case.received_by, application=app, month=today, interviews=2, hellowork=1,
                               applications=2, note="面談は週1回。体調に波がある。", version=None)
    if stage == "extended":
        services.extend(user=admin, application=app, decided_on=today, version=None)
