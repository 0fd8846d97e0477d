"""Who may use which directory pages. The directory itself holds no personal data: every staff member
may search it. The resource development log is the prefecture's and the placement NPO's work
(社会資源の広域的な開拓); agencies read it to know where resources are missing. Referrals hold case data
and go through `cases.policies` (see services.py)."""
from django.core.exceptions import PermissionDenied

from jiritsu.orgs.models import AGENCY_ROLES, Role
from jiritsu.orgs.policies import role_of, staff_of

from .models import Publication

LOG_WRITE_ROLES = {Role.PREFECTURE_POLICY, Role.PLACEMENT_DEVELOPER}
LOG_READ_ROLES = LOG_WRITE_ROLES | AGENCY_ROLES


def can_write_log(user) -> bool:
    return role_of(user) in LOG_WRITE_ROLES


def can_read_log(user) -> bool:
    return role_of(user) in LOG_READ_ROLES


def require_write_log(user) -> None:
    if not can_write_log(user):
        raise PermissionDenied("開拓記録を書く権限がありません（県と開拓事業者が記録します）。")


def require_read_log(user) -> None:
    if not can_read_log(user):
        raise PermissionDenied("開拓記録を見る権限がありません。")


def require_edit_record(user, record) -> None:
    """A log entry is corrected by the organisation that wrote it."""
    require_write_log(user)
    if record.opened_by_id != staff_of(user).organisation_id:
        raise PermissionDenied("他の組織の開拓記録は修正できません。")


def directory_is_public() -> bool:
    """The HSDS API answers without sign-in only once a prefecture has published its directory."""
    return Publication.objects.filter(public=True).exists()


def can_publish(user) -> bool:
    """Publishing the directory is the prefecture's policy staff's decision."""
    return role_of(user) == Role.PREFECTURE_POLICY


def require_publisher(user) -> None:
    if not can_publish(user):
        raise PermissionDenied("ディレクトリの公開は県の政策担当者だけが設定できます。")
