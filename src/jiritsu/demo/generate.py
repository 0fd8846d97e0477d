"""The Ibaraki demo database: organisations, sign-in accounts and a few hundred clearly fictitious
cases spread over every step of the process, several bodies, both special paths and each provider.

Every case is created and moved on through the real services, so the demo holds only states the
process can reach. Deterministic for a given seed and day. Idempotent: organisations and accounts
are upserted, and cases are generated only when no demo case exists yet.
"""
import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from jiritsu.audit.context import via
from jiritsu.budget.demo import load_demo_budgets
from jiritsu.cases import services
from jiritsu.cases.choices import ClosureReason, EvaluationDecision, TriageOutcome
from jiritsu.cases.choices import Status as S
from jiritsu.cases.models import Case
from jiritsu.directory.demo import load_demo_development, load_demo_directory, load_demo_meal_delivery
from jiritsu.housing.demo import load_demo_benefits
from jiritsu.orgs.loader import load_prefecture
from jiritsu.outreach.demo import load_demo_outreach
from jiritsu.placements.demo import load_demo_matching, load_demo_site_visits, load_demo_sites
from jiritsu.prep.demo import load_demo_programme
from jiritsu.programs.demo import load_demo_agreements
from jiritsu.programs.participation import load_ibaraki_history
from jiritsu.shelter.demo import load_demo_stays
from jiritsu.shelter.inventory import load_demo_rooms
from jiritsu.training.demo import load_demo_training

from . import history, texts
from .organisations import DEMO_PASSWORD, build_accounts, build_organisations, demo_logins, demo_usernames
from .people import fictitious_client, postal_codes_by_body
from .steps import Calendar, CaseWalk, TooSoon
from .stories import story_for

User = get_user_model()

DEFAULT_CASES = 3000
DEFAULT_SEED = 2025
# Where the cases walked through the services live: the four cities with their own staff, and the prefecture
# for towns and villages. The rest of the demo's cases are the past of all 33 bodies (history.py).
BODY_WEIGHTS = {"08201": 25, "08202": 20, "08203": 15, "08220": 20, "08000": 20}
# The share of the cases walked through the services (at least every scenario once): the people the demo
# staff open and work on. Each takes a tenth of a second or more, the imported past a thousandth.
LIVE_SHARE = 0.04


def live_count(cases: int) -> int:
    return min(cases, max(len(SCENARIOS), round(cases * LIVE_SHARE)))


def history_counts(cases: int, live: Counter) -> dict[str, int]:
    """How many past cases each body gets: its population's share of all the cases, less its live ones."""
    population = history.population_by_body()
    whole = sum(population.values()) or 1
    due = {code: max(0.0, people * cases / whole - live[code]) for code, people in population.items()}
    return history.shares(cases - sum(live.values()), due)


def _in_support(w: CaseWalk) -> None:
    w.triage()
    w.apply()
    w.assess()
    w.draft()
    w.approve()
    w.decide()
    w.hand_off()


def _special_in_support(start):
    def walk(w: CaseWalk) -> None:
        w.triage()
        w.apply()
        start(w)
        w.assess()
        w.draft()
        w.approve()
        w.decide()
        w.hand_off()
    return walk


_temporary_in_support = _special_in_support(CaseWalk.temporary_use)
_urgent_in_support = _special_in_support(CaseWalk.urgent_shelter)


def _steps(*names, **kwargs):
    """A walk of named CaseWalk steps; kwargs go to the last one."""
    def walk(w: CaseWalk) -> None:
        for name in names[:-1]:
            getattr(w, name)()
        if names:
            getattr(w, names[-1])(**kwargs)
    return walk


def _then(first, *rest):
    def walk(w: CaseWalk) -> None:
        first(w)
        for step in rest:
            step(w)
    return walk


def _support_to(days_ago: int):
    return lambda w: w.support_until(w.today - dt.timedelta(days=days_ago))


def _evaluate(decision, *, recent=False, latest_ago=45):
    def walk(w: CaseWalk) -> None:
        on = w.recent() if recent else w.evaluation_day(90, 180, latest_ago=latest_ago)
        w.evaluate(decision, on)
    return walk


def _close_other(w: CaseWalk) -> None:
    w.triage()
    w.apply()
    stage = w.rng.randint(0, 2)
    if stage >= 1:
        w.assess()
    if stage == 2:
        for step in ("draft", "approve", "decide", "hand_off"):
            getattr(w, step)()
        w.support_until(w.today - dt.timedelta(days=w.rng.randint(30, 200)))
    w.close(w.rng.choice([ClosureReason.LOST_CONTACT, ClosureReason.MOVED, ClosureReason.DECLINED,
                          ClosureReason.OTHER_SYSTEM]))


def _random_evaluation(w: CaseWalk) -> None:
    _evaluate(w.rng.choice([EvaluationDecision.CLOSE, EvaluationDecision.REPLAN]), recent=True)(w)


class Scenario(NamedTuple):
    """`received_ago` (days before today, min and max) leaves room for every step of the walk: up to
    41 days to a draft plan, a month to the next meeting (two if the plan is sent back), a week to the
    decision; so a walk normally ends where it is meant to, not early on a date after today."""

    reaches: str  # the status the walk ends in
    weight: int
    received_ago: tuple[int, int]
    walk: object


_confirm = _steps("confirm_evaluation")
_replan = _steps("draft", "approve", "decide", "hand_off")
_upcoming = {"upcoming": True}
_intake = ("triage", "apply")
SCENARIOS = {
    "received": Scenario(S.RECEIVED, 4, (0, 12), lambda w: None),
    "info_only": Scenario(S.CLOSED, 6, (3, 530), _steps("triage", outcome=TriageOutcome.INFO_ONLY)),
    "referred": Scenario(S.CLOSED, 5, (3, 530), _steps("triage", outcome=TriageOutcome.REFERRED)),
    "continuing": Scenario(S.CONTINUING, 3, (4, 25), _steps("triage")),
    "applied": Scenario(S.APPLIED, 3, (12, 30), _steps(*_intake)),
    "applied_temporary": Scenario(S.APPLIED, 2, (18, 35), _steps(*_intake, "temporary_use")),
    "urgent_applied": Scenario(S.APPLIED, 10, (13, 25), _steps(*_intake, "urgent_shelter")),
    "assessed": Scenario(S.ASSESSED, 3, (28, 45), _steps(*_intake, "assess")),
    "assessed_temporary": Scenario(S.ASSESSED, 2, (33, 50), _steps(*_intake, "temporary_use", "assess")),
    "plan_drafted": Scenario(S.PLAN_DRAFTED, 3, (42, 60), _steps(*_intake, "assess", "draft")),
    "plan_on_agenda": Scenario(S.PLAN_DRAFTED, 3, (42, 60),
                               _steps(*_intake, "assess", "draft", "on_agenda", **_upcoming)),
    "urgent_plan_on_agenda": Scenario(S.PLAN_DRAFTED, 7, (42, 60),
                                      _steps(*_intake, "urgent_shelter", "assess", "draft", "on_agenda", **_upcoming)),
    "plan_approved": Scenario(S.PLAN_APPROVED, 3, (75, 110), _steps(*_intake, "assess", "draft", "approve")),
    "in_support": Scenario(S.IN_SUPPORT, 16, (120, 330), _then(_in_support, _support_to(0))),
    "in_support_overdue": Scenario(S.IN_SUPPORT, 5, (120, 330), _then(_in_support, _support_to(60))),
    "temporary_regularised": Scenario(S.IN_SUPPORT, 3, (125, 300), _then(_temporary_in_support, _support_to(0))),
    "urgent_regularised": Scenario(S.IN_SUPPORT, 3, (120, 300), _then(_urgent_in_support, _support_to(0))),
    "consent_withdrawn": Scenario(S.IN_SUPPORT, 1, (150, 300),
                                  _then(_in_support, _support_to(30), _steps("withdraw_consent"))),
    "continued": Scenario(S.IN_SUPPORT, 3, (250, 420),
                          _then(_in_support, _evaluate(EvaluationDecision.CONTINUE, latest_ago=60), _confirm,
                                _steps("continue_plan"), _support_to(0))),
    "evaluated": Scenario(S.EVALUATED, 3, (200, 400), _then(_in_support, _random_evaluation)),
    "evaluated_on_agenda": Scenario(S.EVALUATED, 3, (200, 400),
                                    _then(_in_support, _random_evaluation, _steps("on_agenda", **_upcoming))),
    "evaluation_confirmed": Scenario(S.EVALUATION_CONFIRMED, 2, (250, 420),
                                     _then(_in_support, _evaluate(EvaluationDecision.CLOSE), _confirm)),
    "replanned": Scenario(S.IN_SUPPORT, 3, (330, 500),
                          _then(_in_support, _evaluate(EvaluationDecision.REPLAN, latest_ago=150), _confirm, _replan,
                                _support_to(0))),
    "closed_achieved": Scenario(S.CLOSED, 12, (280, 540),
                                _then(_in_support, _evaluate(EvaluationDecision.CLOSE), _confirm, _steps("close"))),
    "urgent_closed": Scenario(S.CLOSED, 2, (280, 540),
                              _then(_urgent_in_support, _evaluate(EvaluationDecision.CLOSE), _confirm,
                                    _steps("close"))),
    "closed_other": Scenario(S.CLOSED, 6, (150, 540), _close_other),
}


class Spec(NamedTuple):
    received_on: dt.date
    index: int
    scenario: str
    body_code: str


def case_specs(count: int, seed: int, today: dt.date) -> list[Spec]:
    """Every scenario once, then weighted picks; sorted by date so case numbers follow the calendar."""
    rng = random.Random(seed)
    names = list(SCENARIOS)
    weights = [s.weight for s in SCENARIOS.values()]
    picks = names + rng.choices(names, weights=weights, k=max(0, count - len(names)))
    bodies = list(BODY_WEIGHTS)
    specs = []
    for i, name in enumerate(picks[:count]):
        lo, hi = SCENARIOS[name].received_ago
        body = bodies[i % len(bodies)] if i < len(names) else rng.choices(bodies, list(BODY_WEIGHTS.values()))[0]
        specs.append(Spec(today - dt.timedelta(days=rng.randint(lo, hi)), i, name, body))
    return sorted(specs)


def run_case(orgs, calendar: Calendar, spec: Spec, seed: int, postal_codes: dict | None = None) -> Case:
    postal_codes = postal_codes or postal_codes_by_body()
    rng = random.Random(f"{seed}:{spec.index}")
    team = orgs.teams[spec.body_code]
    worker = team.worker if rng.random() < 0.75 else team.employment
    story = story_for(rng, spec.scenario)
    case = services.create_case(user=worker, client_data=fictitious_client(rng, postal_codes[spec.body_code], calendar.today),
                                intake_data=texts.intake(rng, spec.received_on, story))
    walk = CaseWalk(orgs=orgs, team=team, calendar=calendar, rng=rng, case=case, worker=worker, story=story)
    try:
        SCENARIOS[spec.scenario].walk(walk)
    except TooSoon:
        pass  # the case stays at the step it reached by today
    walk.case.refresh_from_db()
    return walk.case


def load_demo_program_work(orgs, today: dt.date) -> None:
    """The programs' own work (issue 22): 住居確保給付金 applications decided by each body's 自治体担当者, the
    家計改善 sheets and the 就労準備支援 menu, schedules and attendance of the shared provider."""
    admins = {team.body.pk: team.admin for team in orgs.teams.values()}
    load_demo_benefits(demo_cases(), admins.get, today)
    load_demo_budgets(demo_cases(), orgs.provider_staff["prep"], today)
    load_demo_programme(demo_cases(), orgs.provider_staff["prep"], today)


def demo_cases():
    return Case.objects.filter(received_by__username__in=demo_usernames())


@dataclass
class DemoResult:
    logins: list
    created: int
    statuses: Counter

    @property
    def password(self) -> str:
        return DEMO_PASSWORD


def setup_demo(*, cases: int = DEFAULT_CASES, seed: int = DEFAULT_SEED, progress=None) -> DemoResult:
    """Load Ibaraki, upsert demo organisations and accounts, and generate cases unless present. `progress`,
    if given, is called with one line per stage."""
    say = progress or (lambda line: None)
    today = timezone.localdate()
    with via("command: setup-demo"), transaction.atomic():
        orgs = build_organisations(load_prefecture())
        build_accounts(orgs)
        say("組織とデモ用アカウント")
        load_ibaraki_history()  # the seed's implementation-status table (R元–R4)
        load_demo_agreements(providers=list(orgs.providers.values()), case_bodies=list(orgs.teams), today=today)
        load_demo_directory()  # fictitious Ibaraki social resources (HSDS directory)
        load_demo_rooms()  # 一時生活支援: fictitious prefectural-housing rooms per seed city
        load_demo_sites()  # 就労体験: fictitious sites and carved-out tasks
        load_demo_outreach()  # visits, meetings, an intention survey and phases (needs the accounts)
        load_demo_development()  # 社会資源の開拓: the prefecture's and the NPO's development log
        load_demo_training()  # 人材養成研修: this year's lectures, exercises and some enrolments
        say("協定・契約、社会資源、研修、連携会議")
        created = 0
        postal_codes = postal_codes_by_body()
        specs = case_specs(live_count(cases), seed, today)
        if not demo_cases().exists():
            calendar = Calendar(today)
            for n, spec in enumerate(specs, start=1):
                run_case(orgs, calendar, spec, seed, postal_codes)
                created += 1
                if n % 20 == 0 or n == len(specs):
                    say(f"ケース {n}/{cases}（担当者が受け付けて支援中のケース）")
        created += history.load_history(history_counts(cases, Counter(s.body_code for s in specs)), seed=seed,
                                        today=today, postal_codes=postal_codes, staffed=set(orgs.teams))
        say(f"ケース {Case.objects.count()}/{cases}（過去のケースを旧台帳から取込）")
        developer = User.objects.get(username="developer")
        load_demo_site_visits(developer)  # 就労体験: how the developer found each site
        load_demo_matching(demo_cases(), developer)  # 就労体験: profiles, a tour
        load_demo_meal_delivery()  # the meal-delivery service the shelter orders from
        load_demo_stays(today=today, shelter_staff=orgs.provider_staff["shelter"],  # 一時生活支援 at work
                        housing_provider=orgs.providers["housing"], policy=User.objects.get(username="policy"))
        say("一時生活支援の居室、就労体験の紹介")
        load_demo_program_work(orgs, today)
        say("住居確保給付金、家計改善支援、就労準備支援のプログラム")
    statuses = Counter(Case.objects.values_list("status", flat=True))
    return DemoResult(logins=demo_logins(), created=created, statuses=statuses)
