"""Who may see and change what in placements.

- Sites and tasks: the placement developer edits, agencies of every body read (情報提供), the prefecture counts.
- Profiles: the case's own agency makes and refreshes them (the case is reached through cases.policies, so
  out of scope is 404); the developer sees them only under their pseudonym until a match is confirmed, then the
  name and contact needed for the first day of that one match, until the match ends (cases.sharing ends it
  with the case's closure, a withdrawn consent or the end of the 就労準備支援 hand-off).
- Matches: the developer proposes and schedules the first use; the agency confirms or declines for its own people.
- Tours: the developer schedules them and takes attendance; support staff of any body register.
- A person's confirmed placements, as part of their 就労準備支援's 就労自立 stage: the case's agency, and the
  staff of the provider the case is handed to for 就労準備支援 (within the consent, as cases.policies scopes the
  case): the site, the task and the first day, never the matching's pseudonym, scores or reasons.

The rules are django-rules predicates (ACTIONS, also registered as `placements.<action>` permissions); services
and pages call `require(user, action)`, which raises NotPermitted (403) as cases' and the shelter's do.
"""
import rules

from jiritsu.cases import policies as case_policies
from jiritsu.core.actions import Actions
from jiritsu.orgs.models import AGENCY_ROLES, Role
from jiritsu.orgs.policies import role_of
from jiritsu.programs.catalog import Program

READ_ROLES = AGENCY_ROLES | {Role.PLACEMENT_DEVELOPER}
TOUR_GUESTS = AGENCY_ROLES | {Role.BODY_ADMIN, Role.PROVIDER_STAFF}

is_developer = rules.predicate(lambda user: role_of(user) == Role.PLACEMENT_DEVELOPER)
is_agency_staff = rules.predicate(lambda user: role_of(user) in AGENCY_ROLES)
# Agencies of any body see sites and tasks across the prefecture (情報提供).
reads_sites = rules.predicate(lambda user: role_of(user) in READ_ROLES)
is_prefecture_policy = rules.predicate(lambda user: role_of(user) == Role.PREFECTURE_POLICY)
is_tour_guest = rules.predicate(lambda user: role_of(user) in TOUR_GUESTS)

AGENCY_ONLY = "自立相談支援機関の職員だけが行えます。"
ACTIONS = Actions("placements", {
    "edit": (is_developer, "就労体験・訓練先を編集する権限がありません。"),
    "read": (reads_sites, "就労体験・訓練先の情報を見る権限がありません。"),
    "see_counts": (is_prefecture_policy, "集計を見る権限がありません。"),
    "act_for_case": (is_agency_staff, AGENCY_ONLY),
    "use_matching": (is_developer | is_agency_staff, AGENCY_ONLY),
    "see_tours": (is_developer | is_tour_guest, "見学会の情報を見る権限がありません。"),
    "register_for_tours": (is_tour_guest, "見学会に申し込めるのは支援機関・事業者・自治体の職員です。"),
})
can, require = ACTIONS.can, ACTIONS.require


def can_edit(user) -> bool:
    return can(user, "edit")


def require_edit(user) -> None:
    require(user, "edit")


def can_read(user) -> bool:
    return can(user, "read")


def sees_counts_only(user) -> bool:
    return can(user, "see_counts")


def require_read(user) -> None:
    require(user, "read")


def require_counts(user) -> None:
    require(user, "see_counts")


def is_agency(user) -> bool:
    return can(user, "act_for_case")


def require_agency(user) -> None:
    require(user, "act_for_case")


def uses_matching(user) -> bool:
    """The matching pages: the developer proposes, agencies answer for their own people."""
    return can(user, "use_matching")


def can_see_tours(user) -> bool:
    return can(user, "see_tours")


def can_register_for_tours(user) -> bool:
    return can(user, "register_for_tours")


def require_tours(user) -> None:
    require(user, "see_tours")


def require_tour_guest(user) -> None:
    require(user, "register_for_tours")


def shows_identity(match) -> bool:
    """The developer learns who the person is only once the agency confirmed the match with consent, and only
    while it runs: an ended match (use ended, case closed, consent withdrawn, 就労準備支援 ended) is a pseudonym
    again."""
    return match.status == match.Status.CONFIRMED


def sees_case_placements(user, case) -> bool:
    """For a case already read in the user's scope: its agency, or the provider it is handed to for 就労準備支援."""
    role = role_of(user)
    if role in AGENCY_ROLES:
        return True
    return role == Role.PROVIDER_STAFF and Program.EMPLOYMENT_PREP in case_policies.provider_programs(user, case)
