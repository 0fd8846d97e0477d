"""The one function through which every access to case personal data is recorded."""
from django.utils import timezone

from . import sql
from .context import current_origin
from .models import AccessLog


def record(*, user, action: str, what: str, via: str | None = None, case=None, body_id=None) -> None:
    AccessLog.objects.create(
        **_common(user, via), body_id=case.body_id if case is not None else body_id,
        case_id=case.pk if case is not None else None, case_number=case.case_number if case is not None else "",
        action=action, what=what[:200])


def record_many(*, user, action: str, what: str, cases, via: str | None = None) -> None:
    """One row per case (lists, exports, search results), in one statement."""
    record_rows(user=user, action=action, what=what, via=via,
                rows=((c.pk, c.body_id, c.case_number) for c in cases))


def record_rows(*, user, action: str, what: str, rows, via: str | None = None) -> None:
    """One row per (case id, body id, case number): for pages that read those values, not the cases."""
    common = _common(user, via)
    AccessLog.objects.bulk_create([
        AccessLog(**common, body_id=body_id, case_id=case_id, case_number=number, action=action, what=what[:200])
        for case_id, body_id, number in rows])


def record_query(*, user, action: str, what: str, cases, via: str | None = None) -> None:
    """One row per case of a queryset, whatever the number of cases, in one statement (audit.sql)."""
    sql.insert_per_case({**_common(user, via), "at": timezone.now(), "action": action, "what": what[:200]}, cases)


def _common(user, via: str | None) -> dict:
    """What every row of one call shares: who (id, name, role, organisation), from where, by which token."""
    origin = current_origin()
    staff = getattr(user, "staff", None) if user is not None else None
    org = staff.organisation if staff is not None else None
    return {
        "user_id": user.pk if user is not None and user.is_authenticated else None,
        "username": getattr(user, "username", "") or ("(system)" if user is None else "(未ログイン)"),
        "role": staff.role if staff is not None else "",
        "organisation_name": org.name if org else "", "organisation_id": org.pk if org else None,
        "via": (via or origin.via)[:200], "client_address": origin.client_address, "token_id": origin.token_id,
    }


WRITES = ("create", "update", "delete")


def last_write(body_id) -> int:
    """The id of the latest write recorded for the body's data (0 before any).

    Every service writes its audit row in the transaction of its change, so this number moves whenever a
    service changed something of the body (its cases, people, meetings, staff): a cheap version of the
    body's data for pages that cache what they computed from it."""
    latest = AccessLog.objects.filter(body_id=body_id, action__in=WRITES).order_by("-id").values_list("id", flat=True)
    return latest.first() or 0
