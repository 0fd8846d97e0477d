"""Recording visits to bodies and the follow-ups they leave."""
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from jiritsu.audit import log
from jiritsu.core.versioning import bump_version
from jiritsu.orgs.models import Body

from .. import policies
from ..models import FollowUp, Visit

VISIT_FIELDS = ("visited_on", "visitors", "met", "topics", "requests")


@transaction.atomic
def save_visit(*, user, body: Body, data: dict, visit: Visit | None = None,
               expected_version: int | None = None) -> Visit:
    policies.require_writer(user)
    creating = visit is None
    if creating:
        visit = Visit(body=body, recorded_by=user)
    else:
        visit = Visit.objects.select_for_update().get(pk=visit.pk)
        bump_version(visit, expected_version)
    for name in VISIT_FIELDS:
        if name in data:
            setattr(visit, name, data[name])
    visit.full_clean()
    visit.save()
    log.record(user=user, action="create" if creating else "update",
               what=f"自治体訪問：{visit.body.name} {visit.visited_on}", body_id=visit.body_id)
    return visit


def _check_follow_up(follow_up: FollowUp) -> None:
    if follow_up.due_on < follow_up.visit.visited_on:
        raise ValidationError({"due_on": "期限は訪問日以降の日付にしてください。"})
    if follow_up.done_on is not None and follow_up.done_on < follow_up.visit.visited_on:
        raise ValidationError({"done_on": "完了日は訪問日以降の日付にしてください。"})


@transaction.atomic
def add_follow_up(*, user, visit: Visit, action: str, due_on: dt.date) -> FollowUp:
    policies.require_writer(user)
    follow_up = FollowUp(visit=visit, action=action, due_on=due_on)
    _check_follow_up(follow_up)
    follow_up.full_clean()
    follow_up.save()
    log.record(user=user, action="create", what=f"訪問後の対応：{visit.body.name} {action}", body_id=visit.body_id)
    return follow_up


@transaction.atomic
def update_follow_up(*, user, follow_up: FollowUp, data: dict, expected_version: int | None) -> FollowUp:
    """Change the action or due date, or mark it done (a done_on) or not done again (none)."""
    policies.require_writer(user)
    follow_up = FollowUp.objects.select_for_update().select_related("visit__body").get(pk=follow_up.pk)
    bump_version(follow_up, expected_version)
    for name in ("action", "due_on", "done_on", "note"):
        if name in data:
            setattr(follow_up, name, data[name])
    _check_follow_up(follow_up)
    follow_up.full_clean()
    follow_up.save()
    state = "完了" if follow_up.done else "更新"
    log.record(user=user, action="update", what=f"訪問後の対応（{state}）：{follow_up.action}",
               body_id=follow_up.visit.body_id)
    return follow_up
