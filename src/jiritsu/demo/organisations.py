"""Demo organisations and sign-in accounts for Ibaraki. Upserts by name, so re-running changes nothing.

Agencies exist for all 33 welfare-office bodies; the bodies that carry demo cases also get a
body office (the prefecture's own welfare offices, whose names and catchments our sources do not give,
are illustrative: data/ibaraki-welfare-offices.csv, loaded as `jiritsu import organisations` would)
and staff of every role.
"""
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from jiritsu.core.csvfiles import read_rows
from jiritsu.orgs.imports import import_organisations
from jiritsu.orgs.models import Body, Organisation, Prefecture, Role, Staff
from jiritsu.programs.catalog import Program

DEMO_PASSWORD = "jiritsu-demo-2025"
WELFARE_OFFICES = Path(__file__).resolve().parent / "data" / "ibaraki-welfare-offices.csv"

# Bodies with demo cases and staff: (body code, username prefix, 委託先 or "" for 直営).
CASE_BODIES = [
    ("08201", "mito", ""),
    ("08202", "hitachi", "日立市社会福祉協議会"),
    ("08203", "tsuchiura", "土浦市社会福祉協議会"),
    ("08220", "tsukuba", ""),
    ("08000", "pref", ""),  # the seed: 自立相談支援事業 直営
]
PROVIDERS = {
    "prep": ("就労・家計サポートセンターいばらき（デモ）", [Program.EMPLOYMENT_PREP, Program.HOUSEHOLD_BUDGET]),
    "shelter": ("一時生活支援センターいばらき（デモ）", [Program.TEMPORARY_SHELTER]),
    "housing": ("住まいサポートいばらき（デモ）", [Program.COMMUNITY_LIVING]),
}
PLACEMENT_NAME = "NPO法人 しごと体験ネットいばらき（デモ）"
AUDIT_NAME = "茨城県 福祉部 監査担当（デモ）"
AGENCY_ROLES = [("worker", Role.SUPPORT_WORKER), ("chief", Role.CHIEF), ("employment", Role.EMPLOYMENT_WORKER)]


@dataclass
class BodyTeam:
    body: Body
    agency: Organisation
    office: Organisation
    worker: object = None
    chief: object = None
    employment: object = None
    admin: object = None


@dataclass
class DemoOrgs:
    pref: Prefecture
    teams: dict = field(default_factory=dict)  # body code -> BodyTeam
    providers: dict = field(default_factory=dict)  # key -> Organisation
    provider_staff: dict = field(default_factory=dict)  # key -> user

    def provider_for(self, program: str) -> Organisation:
        return next(p for p in self.providers.values() if program in p.programs)


def _upsert_org(pref, kind, name, **defaults) -> Organisation:
    org, _ = Organisation.objects.update_or_create(prefecture=pref, kind=kind, name=name, defaults=defaults)
    return org


def _agency(pref, body, operator: str) -> Organisation:
    operation = Organisation.Operation.CONTRACTED if operator else Organisation.Operation.DIRECT
    return _upsert_org(pref, Organisation.Kind.AGENCY, f"{body.name} 自立相談支援機関", body=body,
                       operation=operation, operator_name=operator)


def _default_operator(index: int, body: Body) -> str:
    """For bodies without demo cases: every other agency contracted to the local 社協."""
    return f"{body.name}社会福祉協議会" if index % 2 else ""


def load_welfare_offices(pref: Prefecture) -> None:
    """The prefecture's (illustrative) welfare offices for its towns and villages, with their catchments."""
    header, records = read_rows(WELFARE_OFFICES.read_text(encoding="utf-8"))
    result = import_organisations(header, records, prefecture=pref)
    if result.problems:
        raise ValueError("\n".join(map(str, result.problems)))


def build_organisations(pref: Prefecture) -> DemoOrgs:
    orgs = DemoOrgs(pref=pref)
    load_welfare_offices(pref)
    special = {code: operator for code, _, operator in CASE_BODIES}
    for i, body in enumerate(Body.objects.filter(prefecture=pref).order_by("code")):
        operator = special[body.code] if body.code in special else _default_operator(i, body)
        agency = _agency(pref, body, operator)
        if body.code in special:
            orgs.teams[body.code] = BodyTeam(body=body, agency=agency, office=_office(pref, body))
    for key, (name, programs) in PROVIDERS.items():
        orgs.providers[key] = _upsert_org(pref, Organisation.Kind.PROVIDER, name,
                                          programs=[p.value for p in programs])
    return orgs


def _office(pref, body) -> Organisation:
    if body.kind == Body.Kind.PREFECTURE:  # the prefecture's welfare offices: load_welfare_offices
        offices = Organisation.objects.filter(kind=Organisation.Kind.BODY_OFFICE, body=body)
        first_town = body.municipalities.order_by("code").first()
        return offices.filter(catchment=first_town).first() or offices.order_by("name").first()
    return _upsert_org(pref, Organisation.Kind.BODY_OFFICE, f"{body.name} 福祉事務所 生活支援担当", body=body)


class _Accounts:
    """Creates or refreshes accounts; one password hash for all (hashing is deliberately slow)."""

    def __init__(self):
        self.hashed = make_password(DEMO_PASSWORD)

    def make(self, username, org, role, display_name, manages_staff=False):
        user, _ = get_user_model().objects.update_or_create(
            username=username, defaults={"password": self.hashed, "is_active": True})
        Staff.objects.update_or_create(user=user, defaults={
            "organisation": org, "role": role, "display_name": display_name, "manages_staff": manages_staff})
        return user


def build_accounts(orgs: DemoOrgs) -> None:
    accounts = _Accounts()
    for code, prefix, _ in CASE_BODIES:
        team = orgs.teams[code]
        place = team.body.name.replace("（町村部）", "町村部")
        for suffix, role in AGENCY_ROLES:
            setattr(team, suffix, accounts.make(f"{prefix}_{suffix}", team.agency, role,
                                                f"{place} {Role(role).label}（デモ）"))
        team.admin = accounts.make(f"{prefix}_admin", team.office, Role.BODY_ADMIN,
                                   f"{place} 担当者（デモ）", manages_staff=True)
    for key, org in orgs.providers.items():
        orgs.provider_staff[key] = accounts.make(f"{key}_staff", org, Role.PROVIDER_STAFF, f"{org.name} 職員")
    pref = orgs.pref
    policy_org = Organisation.objects.get(prefecture=pref, kind=Organisation.Kind.PREFECTURE)
    accounts.make("policy", policy_org, Role.PREFECTURE_POLICY, "県 政策担当（デモ）")
    audit_org = _upsert_org(pref, Organisation.Kind.AUDIT, AUDIT_NAME)
    accounts.make("auditor", audit_org, Role.AUDITOR, "監査担当（デモ）")
    placement_org = _upsert_org(pref, Organisation.Kind.PLACEMENT, PLACEMENT_NAME)
    accounts.make("developer", placement_org, Role.PLACEMENT_DEVELOPER, "就労体験開拓員（デモ）")


def demo_usernames() -> list[str]:
    names = [f"{prefix}_{s}" for _, prefix, _ in CASE_BODIES for s in ("worker", "chief", "employment", "admin")]
    return names + [f"{k}_staff" for k in PROVIDERS] + ["policy", "auditor", "developer"]


def demo_logins() -> list[dict]:
    """The demo accounts as they are in the database, in a stable order: username, role, organisation."""
    order = {name: i for i, name in enumerate(demo_usernames())}
    staff = Staff.objects.filter(user__username__in=order).select_related("user", "organisation")
    rows = [{"username": s.user.username, "role": s.get_role_display(), "organisation": s.organisation.name}
            for s in staff]
    return sorted(rows, key=lambda row: order[row["username"]])
