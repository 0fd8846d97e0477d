"""Who may read which part of the access log.

- The chief (主任相談支援員) of a body's agency: the rows about the body's cases and the rows written by
  users of the body's own organisations (offices and agencies).
- The auditor: every body's rows, read-only (nobody can change a row: the database refuses it).
- Everyone else: no log at all, reported as not found (404) like any hidden page.
"""
from django.db.models import Q
from django.http import Http404

from jiritsu.audit.models import AccessLog
from jiritsu.orgs.models import Organisation, Role
from jiritsu.orgs.policies import staff_of


def visible_log(user):
    """The access-log rows the user may read (an empty queryset for everyone else)."""
    staff = staff_of(user)
    if staff is None:
        return AccessLog.objects.none()
    if staff.role == Role.AUDITOR:
        return AccessLog.objects.all()
    body_id = staff.organisation.body_id
    if staff.role == Role.CHIEF and body_id is not None:
        own_orgs = Organisation.objects.filter(body_id=body_id).values("pk")
        return AccessLog.objects.filter(Q(body_id=body_id) | Q(organisation_id__in=own_orgs))
    return AccessLog.objects.none()


def can_read_log(user) -> bool:
    staff = staff_of(user)
    if staff is None:
        return False
    return staff.role == Role.AUDITOR or (staff.role == Role.CHIEF and staff.organisation.body_id is not None)


def require_log_reader(user) -> None:
    if not can_read_log(user):
        raise Http404("ページが見つかりません。")


def sees_every_body(user) -> bool:
    staff = staff_of(user)
    return staff is not None and staff.role == Role.AUDITOR
