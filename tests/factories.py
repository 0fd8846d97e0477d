"""Test data: organisations, staff of every role, and cases advanced to any step of the process
through the real services (so tests never build states the process could not reach)."""
import datetime as dt
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.utils import timezone

from jiritsu.cases import services
from jiritsu.cases.choices import EvaluationDecision, MeetingOutcome, Status, TriageOutcome
from jiritsu.orgs.models import Body, Organisation, Role, Staff
from jiritsu.programs.agreements import save_contract
from jiritsu.programs.catalog import HANDOFF_PROGRAMS, PlanService, Program
from jiritsu.programs.models import Agreement

PASSWORD = "test-pass-123456"


def make_user(username, org, role, *, manages_staff=False, name=None):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    Staff.objects.create(user=user, organisation=org, role=role, display_name=name or username,
                         manages_staff=manages_staff)
    return user


def make_agency(body, name=None):
    return Organisation.objects.create(prefecture=body.prefecture, kind=Organisation.Kind.AGENCY, body=body,
                                       name=name or f"{body.name}自立相談支援機関",
                                       operation=Organisation.Operation.DIRECT)


def make_provider(pref, name, programs):
    return Organisation.objects.create(prefecture=pref, kind=Organisation.Kind.PROVIDER, name=name,
                                       programs=[p.value for p in programs])


def build_world():
    hitachi, tsuchiura = Body.objects.get(code="08202"), Body.objects.get(code="08203")
    pref = hitachi.prefecture
    w = SimpleNamespace(hitachi=hitachi, tsuchiura=tsuchiura, pref=pref)
    w.agency_a = make_agency(hitachi)
    w.agency_b = make_agency(tsuchiura)
    w.office_a = Organisation.objects.create(prefecture=pref, kind=Organisation.Kind.BODY_OFFICE, body=hitachi,
                                             name="日立市 社会福祉課")
    w.prep_provider = make_provider(pref, "就労準備・家計改善 広域事業者", [Program.EMPLOYMENT_PREP, Program.HOUSEHOLD_BUDGET])
    w.shelter_provider = make_provider(pref, "一時生活支援 広域事業者", [Program.TEMPORARY_SHELTER])
    w.contracts = join_wide_area(w, [w.prep_provider, w.shelter_provider])
    w.worker_a = make_user("worker_a", w.agency_a, Role.SUPPORT_WORKER, name="日立 相談員")
    w.chief_a = make_user("chief_a", w.agency_a, Role.CHIEF, name="日立 主任")
    w.admin_a = make_user("admin_a", w.office_a, Role.BODY_ADMIN, manages_staff=True, name="日立 担当")
    w.worker_b = make_user("worker_b", w.agency_b, Role.SUPPORT_WORKER, name="土浦 相談員")
    w.prep_staff = make_user("prep_staff", w.prep_provider, Role.PROVIDER_STAFF)
    w.shelter_staff = make_user("shelter_staff", w.shelter_provider, Role.PROVIDER_STAFF)
    policy_org = Organisation.objects.get(kind=Organisation.Kind.PREFECTURE)
    w.policy = make_user("policy", policy_org, Role.PREFECTURE_POLICY)
    audit_org = Organisation.objects.create(prefecture=pref, kind=Organisation.Kind.AUDIT, name="監査室")
    w.auditor = make_user("auditor", audit_org, Role.AUDITOR)
    placement_org = Organisation.objects.create(prefecture=pref, kind=Organisation.Kind.PLACEMENT, name="開拓NPO")
    w.developer = make_user("developer", placement_org, Role.PLACEMENT_DEVELOPER)
    return w


# Long enough for any date a test hands off on (tests travel in time).
WIDE_TERM = (dt.date(2000, 4, 1), dt.date(2099, 3, 31))


def join_wide_area(w, providers, term=WIDE_TERM):
    """Every body of the prefecture joins every hand-off program (協定) and each provider holds a contract
    covering them all, so hand-offs are allowed unless a test removes them."""
    bodies = list(w.pref.bodies.all())
    Agreement.objects.bulk_create(
        Agreement(body=b, program=p, term_from=term[0], term_to=term[1], signed_on=term[0]) for b in bodies
        for p in HANDOFF_PROGRAMS)
    return [save_contract(user=None, provider=v, title=f"{v.name} 委託契約", programs=v.programs,
                          term_from=term[0], term_to=term[1], amount=10_000_000, bodies=bodies)
            for v in providers]


def new_case(w, *, user=None, received_on=None, family_name="山田", given_name="花子", kana=("やまだ", "はなこ"),
             birth=dt.date(1985, 6, 1), phone="090-1234-5678", complaints=("income", "job_search"), main="income",
             sex="female"):
    user = user or w.worker_a
    received_on = received_on or timezone.localdate() - dt.timedelta(days=120)
    return services.create_case(
        user=user,
        client_data={"family_name": family_name, "given_name": given_name, "family_name_kana": kana[0],
                     "given_name_kana": kana[1], "sex": sex, "birth_date": birth, "phone_mobile": phone,
                     "postal_code": "317-0073", "address": "茨城県日立市幸町1-1"},
        intake_data={"received_on": received_on, "route": "visit", "complaints": list(complaints),
                     "main_complaint": main, "consultation_note": "家賃の支払いが難しい", "work_status": "unemployed",
                     "housing_status": "rented"},
    )


def advance_case(w, case, to: str, *, services_used=(PlanService.EMPLOYMENT_PREP, PlanService.HOUSEHOLD_BUDGET),
                 scope=None, user=None):
    """Move a case through the real services until it reaches `to` (a Status value)."""
    user = user or w.worker_a
    start = case.received_on
    d = lambda n: start + dt.timedelta(days=n)  # noqa: E731
    order = [s.value for s in Status]
    target = order.index(to) if to != Status.CLOSED else len(order)

    case.refresh_from_db()
    current = order.index(case.status)

    def reached(status):
        return current < order.index(status) <= target

    if reached(Status.CONTINUING):
        case = services.triage(user=user, case=case, outcome=TriageOutcome.CONTINUE, decided_on=d(0))
    if reached(Status.APPLIED):
        scope = scope if scope is not None else [w.prep_provider, w.shelter_provider]
        services.apply_with_consent(user=user, case=case, applied_on=d(1), rules_explained=True,
                                    share_agreed=True, scope=scope)
    if reached(Status.ASSESSED):
        services.record_assessment(user=user, case=case, data={"assessed_on": d(5), "household": "単身",
                                                               "income": "無収入", "monthly_income": 0,
                                                               "assets_debts": "消費者金融 50万円", "health": "腰痛"})
    if reached(Status.PLAN_DRAFTED):
        services.draft_plan(user=user, case=case, data=plan_data(d(10), services_used), goals=[("就職する", d(100))])
    if reached(Status.PLAN_APPROVED):
        meeting = services.create_meeting(user=w.chief_a, held_on=d(20), members="主任、担当、事業者")
        # Tests choose the plan's services; one that leaves out a program in use is tabled as confirmed.
        item = services.add_to_agenda(user=user, meeting=meeting, case=case, accept_omissions=True)
        services.record_meeting_outcome(user=w.chief_a, item=item, outcome=MeetingOutcome.APPROVED, note="了承")
    if reached(Status.IN_SUPPORT):
        services.decide(user=w.admin_a, case=case, decided_on=d(21))
    if reached(Status.EVALUATED):
        services.record_evaluation(user=user, case=case, evaluated_on=d(90), goals_achieved="就職した",
                                   decision=EvaluationDecision.CLOSE)
    if reached(Status.EVALUATION_CONFIRMED):
        meeting = services.create_meeting(user=w.chief_a, held_on=d(95))
        item = services.add_to_agenda(user=user, meeting=meeting, case=case)
        services.record_meeting_outcome(user=w.chief_a, item=item, outcome=MeetingOutcome.APPROVED)
    if to == Status.CLOSED and case.status != Status.CLOSED:
        services.close_case(user=user, case=case, closed_on=d(96), reason="goal_achieved")
    case.refresh_from_db()
    return case


def plan_data(drafted_on, services_used):
    return {"drafted_on": drafted_on, "wishes": "働きたい", "problems": "収入がない", "support_content": "就労準備支援",
            "points_to_watch": "体調に配慮", "services": [s.value for s in services_used],
            "work_support_target": True, "period_from": drafted_on, "period_to": drafted_on + dt.timedelta(days=180)}
