"""The one function through which every access to case personal data is recorded."""
from .context import current_via
from .models import AccessLog


def record(*, user, action: str, what: str, via: str | None = None, case=None, body_id=None) -> None:
    via = via or current_via()
    staff = getattr(user, "staff", None) if user is not None else None
    org = staff.organisation if staff is not None else None
    AccessLog.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        username=getattr(user, "username", "") or "(system)",
        organisation_name=org.name if org else "",
        organisation_id=org.pk if org else None,
        body_id=case.body_id if case is not None else body_id,
        case_id=case.pk if case is not None else None,
        case_number=case.case_number if case is not None else "",
        action=action,
        what=what[:200],
        via=via[:200],
    )


def record_many(*, user, action: str, what: str, cases, via: str | None = None) -> None:
    """One row per case, in one query (lists, exports, search results)."""
    via = via or current_via()
    staff = getattr(user, "staff", None) if user is not None else None
    org = staff.organisation if staff is not None else None
    AccessLog.objects.bulk_create(
        AccessLog(
            user=user, username=user.username, organisation_name=org.name if org else "",
            organisation_id=org.pk if org else None, body_id=c.body_id, case_id=c.pk,
            case_number=c.case_number, action=action, what=what[:200], via=via[:200],
        )
        for c in cases
    )
