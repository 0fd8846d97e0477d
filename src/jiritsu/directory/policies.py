"""Who may use which directory pages. The directory itself holds no personal data: every staff member
may search it. The resource development log is the prefecture's and the placement NPO's work
(社会資源の広域的な開拓); agencies read it to know where resources are missing. Referrals hold case data
and go through `cases.policies` (see services.py): a case out of the user's scope is 404 there, and within it
referring is the case's own agency's work (`directory.refer`).

The rules are django-rules predicates (ACTIONS, also registered as `directory.<action>` permissions); services
and pages call `require(user, action[, obj])`, which raises NotPermitted (403) as cases' and the shelter's do.
"""
import rules
from django.http import Http404

from jiritsu.core.actions import Actions
from jiritsu.orgs.models import AGENCY_ROLES, Role
from jiritsu.orgs.policies import role_of, staff_of

from .models import Publication

LOG_WRITE_ROLES = {Role.PREFECTURE_POLICY, Role.PLACEMENT_DEVELOPER}
LOG_READ_ROLES = LOG_WRITE_ROLES | AGENCY_ROLES

writes_log = rules.predicate(lambda user: role_of(user) in LOG_WRITE_ROLES)
reads_log = rules.predicate(lambda user: role_of(user) in LOG_READ_ROLES)
is_prefecture_policy = rules.predicate(lambda user: role_of(user) == Role.PREFECTURE_POLICY)


@rules.predicate
def opened_record(user, record) -> bool:
    """A log entry is corrected by the organisation that wrote it."""
    staff = staff_of(user)
    return staff is not None and record.opened_by_id == staff.organisation_id


@rules.predicate
def refers_for_case(user, case) -> bool:
    """Referring is the agency's work, not the body administrator's nor a provider's: agency staff of the case's
    body (the case itself reached through cases.policies, so already in the user's scope)."""
    staff = staff_of(user)
    return staff is not None and staff.role in AGENCY_ROLES and staff.organisation.body_id == case.body_id


ACTIONS = Actions("directory", {
    "read_log": (reads_log, "開拓記録を見る権限がありません。"),
    "write_log": (writes_log, "開拓記録を書く権限がありません（県と開拓事業者が記録します）。"),
    "edit_record": (opened_record, "他の組織の開拓記録は修正できません。"),
    "refer": (refers_for_case, "社会資源への紹介は相談支援機関の職員が記録します。"),
    "publish": (is_prefecture_policy, "ディレクトリの公開は県の政策担当者だけが設定できます。"),
})
require = ACTIONS.require


def require_staff(user) -> None:
    """The directory is for signed-in staff; to anyone else its pages do not exist."""
    if staff_of(user) is None:
        raise Http404


def can_write_log(user) -> bool:
    return writes_log(user)


def can_read_log(user) -> bool:
    return reads_log(user)


def require_write_log(user) -> None:
    require(user, "write_log")


def require_read_log(user) -> None:
    require(user, "read_log")


def require_edit_record(user, record) -> None:
    require_write_log(user)
    require(user, "edit_record", record)


def can_refer(user, case) -> bool:
    return refers_for_case(user, case)


def require_refer(user, case) -> None:
    require(user, "refer", case)


def directory_is_public() -> bool:
    """The HSDS API answers without sign-in only once a prefecture has published its directory."""
    return Publication.objects.filter(public=True).exists()


def can_publish(user) -> bool:
    """Publishing the directory is the prefecture's policy staff's decision."""
    return role_of(user) == Role.PREFECTURE_POLICY


def require_publisher(user) -> None:
    require(user, "publish")
