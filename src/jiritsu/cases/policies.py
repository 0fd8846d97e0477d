"""Who may see and do what with case data. Pages, API, exports and search all go through here.

Scopes (DESIGN.md "Roles and scopes"):
- agency staff and the body's administrator: every case of their own welfare-office body;
- provider staff: cases with an active hand-off to their organisation while an active consent names
  it, and only the sections their programs need;
- everyone else (prefecture policy, placement developer, auditor): no case at all.
A case outside the scope is reported as not found (404), never as forbidden.
"""

import rules
from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from jiritsu.core.errors import NotPermitted
from jiritsu.core.ids import parse_id
from jiritsu.orgs.models import AGENCY_ROLES, Organisation, Role
from jiritsu.orgs.policies import role_of, staff_of
from jiritsu.programs.catalog import Program

from .models import Case, Consent, Handoff
from .steps import STEPS, Step


def _provider_scope(org_id):
    active_handoff = Handoff.objects.filter(case=OuterRef("pk"), provider_id=org_id, ended_on__isnull=True)
    active_consent = Consent.objects.filter(case=OuterRef("pk"), withdrawn_on__isnull=True, scope=org_id)
    return Q(Exists(active_handoff)) & Q(Exists(active_consent))


def _scope(user) -> tuple:
    """What decides which cases the user may open: visible_cases depends on this and nothing else, so a
    look-up compiled for one scope (get_case_or_404) serves every user with the same scope."""
    staff = staff_of(user)
    if staff is None:
        return ("none",)
    if staff.role in AGENCY_ROLES or staff.role == Role.BODY_ADMIN:
        return ("body", staff.organisation.body_id)
    if staff.role == Role.PROVIDER_STAFF:
        return ("provider", staff.organisation_id)
    return ("none",)


def visible_cases(user):
    """All cases the user may open, as a queryset (no personal data is read here)."""
    return _cases_in(_scope(user))


def _cases_in(scope: tuple):
    kind, *ids = scope
    if kind == "body":
        return Case.objects.filter(body_id=ids[0])
    if kind == "provider":
        return Case.objects.filter(_provider_scope(ids[0]))
    return Case.objects.none()


def get_case_or_404(user, pk, *, for_update=False, related: tuple = (), joined: bool = True) -> Case:
    """The case if the user may open it, else 404. With its person, body and agency (and `related`) unless
    `joined` is False: the case page reads those with the case's records instead."""
    cases = _joined(visible_cases(user), joined, related)
    if for_update:
        cases = cases.select_for_update(of=("self",))
    return _one_or_404(cases, pk)


def _joined(cases, joined: bool, related: tuple):
    return cases.select_related("client", "body", "agency", *related) if joined else cases


def get_case_fields_or_404(user, pk, fields: tuple, **annotations) -> Case:
    """Only these fields of a case in the user's scope (others load when read), with the caller's annotations
    computed in the same query; 404 outside the scope. For frequent writes that need the case's identity,
    not the person: get_case_or_404 also reads the client, the body and the agency."""
    return _one_or_404(visible_cases(user).only(*fields).annotate(**annotations), pk)


def _one_or_404(cases, pk) -> Case:
    if parse_id(pk) is None:  # not a whole number, or past the database's integers: no case
        raise Http404("ケースが見つかりません。")
    try:
        return cases.get(pk=pk)
    except (Case.DoesNotExist, ValueError, TypeError):
        raise Http404("ケースが見つかりません。") from None


def opens_cases(user) -> bool:
    """Whether the user's role opens any case at all (their own body's, or those handed to their provider)."""
    return _scope(user)[0] != "none"


def sees_several_bodies(user) -> bool:
    """Whether the cases the user may open can come from more than one body (a shared provider's): then a
    case number alone is ambiguous and every list shows it with its body (Body.case_label)."""
    return _scope(user)[0] == "provider"


def case_number_for(user, case) -> str:
    """The case number as this user needs it: with the body's name when their cases span several bodies."""
    return case.label if sees_several_bodies(user) else case.case_number


def is_owner_side(user) -> bool:
    return role_of(user) in AGENCY_ROLES or role_of(user) == Role.BODY_ADMIN


def today_page(user) -> str:
    """Which 今日の業務 the user's role gets: "owner" (their body's work lists), "provider" (the cases handed to
    their organisation), "prefecture" (the prefecture's overview instead) or "none" (a page saying that their
    role opens no case)."""
    if is_owner_side(user):
        return "owner"
    return {Role.PROVIDER_STAFF: "provider", Role.PREFECTURE_POLICY: "prefecture"}.get(role_of(user), "none")


# ---- sections of a case a provider may see, by the programs of its active hand-offs ----
ALL_SECTIONS = frozenset(
    {"identity", "contact", "intake", "consent", "assessment_work", "assessment_health",
     "assessment_money", "assessment_background", "plan", "handoffs", "progress", "meetings", "history",
     "monitoring", "evaluation"}
)
PROVIDER_BASE = {"identity", "contact", "plan", "handoffs", "progress"}
PROVIDER_BY_PROGRAM = {
    Program.EMPLOYMENT_PREP: {"assessment_work", "assessment_health"},
    Program.HOUSEHOLD_BUDGET: {"assessment_money"},
    Program.TEMPORARY_SHELTER: {"assessment_health"},
    Program.COMMUNITY_LIVING: {"assessment_health"},
}


def provider_programs(user, case, handoffs=None) -> set[str]:
    """The programs the case is handed to the user's provider for now. `handoffs`: the case's hand-offs
    already read (the case page's), spared the query."""
    staff = staff_of(user)
    if handoffs is not None:
        return {h.program for h in handoffs if h.provider_id == staff.organisation_id and h.is_active}
    return set(
        case.handoffs.filter(provider_id=staff.organisation_id, ended_on__isnull=True).values_list(
            "program", flat=True
        )
    )


def sections(user, case) -> frozenset:
    if is_owner_side(user):
        return ALL_SECTIONS
    if role_of(user) == Role.PROVIDER_STAFF:
        allowed = set(PROVIDER_BASE)
        for program in provider_programs(user, case):
            allowed |= PROVIDER_BY_PROGRAM.get(program, set())
        return frozenset(allowed)
    return frozenset()


def consent_windows(case, org_id):
    """(from, until) periods in which an active consent named this organisation."""
    return [
        (c.recorded_at, c.withdrawn_at)
        for c in case.consents.filter(scope=org_id).order_by("recorded_at")
    ]


def visible_progress(user, case, *, records=None):
    """Progress records the user may read. Providers see nothing recorded outside their consent windows.

    `records`: the case's records already read (the case page reads them with everything else)."""
    if records is None:
        records = case.progress_records.select_related("organisation", "author__staff")
    if is_owner_side(user):
        return list(records)
    staff = staff_of(user)
    windows = consent_windows(case, staff.organisation_id)
    return [
        r for r in records
        if r.organisation_id == staff.organisation_id
        or any(start <= r.recorded_at and (end is None or r.recorded_at <= end) for start, end in windows)
    ]


# ---- who may take which step (after the case is in scope) ----
_agency = rules.predicate(lambda user, case=None: role_of(user) in AGENCY_ROLES)
_chief = rules.predicate(lambda user, case=None: role_of(user) == Role.CHIEF)
_body_admin = rules.predicate(lambda user, case=None: role_of(user) == Role.BODY_ADMIN)


def _role_in(roles: frozenset):
    return rules.predicate(lambda user, case=None: role_of(user) in roles)


# Who may take each step: the roles its declaration (steps.py) names.
STEP_PERMISSIONS = {step: _role_in(declared.who) for step, declared in STEPS.items()}
for _step, _pred in STEP_PERMISSIONS.items():
    rules.add_perm(f"cases.{_step.value}", _pred)
rules.add_perm("cases.create_case", _agency)
rules.add_perm("cases.edit_case", _agency)
rules.add_perm("cases.manage_meetings", _chief | _body_admin)


def require_step_permission(user, step: Step) -> None:
    if not STEP_PERMISSIONS[step](user):
        raise NotPermitted(f"この操作（{STEPS[step].label}）を行う権限がありません。")


def who_takes(step: Step) -> str:
    """Who may take a step, in words ("自治体担当者", "主任相談支援員または自治体担当者"), from its declared roles:
    for pages that tell a user who cannot take the next step who will."""
    roles = [r for r in Role if r in STEPS[step].who]  # in the roles' own order
    names = [str(r.label) for r in roles if r not in AGENCY_ROLES]
    if AGENCY_ROLES <= set(roles):
        names.insert(0, "自立相談支援機関の職員")
    else:
        names[:0] = [str(r.label) for r in roles if r in AGENCY_ROLES]
    return "または".join(names)


def require_permission(user, perm: str) -> None:
    if not user.has_perm(f"cases.{perm}"):
        raise NotPermitted()


def can(user, perm: str) -> bool:
    return user.has_perm(f"cases.{perm}")


def consent_scope_choices(case):
    """Organisations a consent may name: the body's own offices and agencies, and providers."""
    return Organisation.objects.filter(
        Q(body_id=case.body_id) | Q(kind=Organisation.Kind.PROVIDER, prefecture_id=case.body.prefecture_id)
    ).order_by("kind", "name")
