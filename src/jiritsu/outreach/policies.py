"""Who may see and record the prefecture's relationship work with the bodies.

- Prefecture policy staff record everything and see every body's records.
- A body's own staff (its administrators and its consultation agency's staff) see their body's visits,
  follow-ups, phases and problems, the meetings their body was invited to or attended, and the surveys
  sent to it; they answer their body's surveys and nothing else is theirs to write.
- Before a survey's results are published, a body sees only its own answers; once they are, every body
  of the prefecture sees the aggregate results.
- Nobody else (providers, the placement developer, the auditor) sees any of it.
A record outside the user's scope is reported as not found (404); a write the user may not make, 403.

The role rules are django-rules predicates (ACTIONS, also registered as `outreach.<action>` permissions);
services and pages call `require(user, action[, obj])`, which raises NotPermitted (403) as cases' and the
shelter's do.
"""
import rules
from django.db.models import Q
from django.http import Http404

from jiritsu.core.actions import Actions
from jiritsu.orgs.models import AGENCY_ROLES, Body, Role
from jiritsu.orgs.policies import staff_of

from .models import FollowUp, Material, Meeting, Survey, Visit

BODY_ROLES = AGENCY_ROLES | {Role.BODY_ADMIN}


@rules.predicate
def is_policy_staff(user) -> bool:
    staff = staff_of(user)
    return staff is not None and staff.role == Role.PREFECTURE_POLICY


def own_body_id(user) -> int | None:
    """The body whose outreach records the user sees as that body's staff, if any."""
    staff = staff_of(user)
    if staff is None or staff.role not in BODY_ROLES:
        return None
    return staff.organisation.body_id


is_body_staff = rules.predicate(lambda user: own_body_id(user) is not None)


@rules.predicate
def may_answer(user, survey: Survey) -> bool:
    body_id = own_body_id(user)
    return (body_id is not None and survey.status == Survey.Status.OPEN
            and survey.bodies.filter(pk=body_id).exists())


ACTIONS = Actions("outreach", {
    "use": (is_policy_staff | is_body_staff, "このページを利用する権限がありません。"),
    "write": (is_policy_staff, "この記録は県の政策担当者だけが登録・編集できます。"),
    "answer": (may_answer, "この調査に回答することはできません（送付先の自治体の職員が、回答受付中にのみ回答できます）。"),
})
require = ACTIONS.require


def can_use(user) -> bool:
    """Role-only check for the menu: no query."""
    return is_policy_staff(user) or own_body_id(user) is not None


def require_writer(user) -> None:
    require(user, "write")


def require_use(user) -> None:
    require(user, "use")


def _prefecture_id(user):
    return staff_of(user).organisation.prefecture_id


def visible_bodies(user):
    if is_policy_staff(user):
        return Body.objects.filter(prefecture_id=_prefecture_id(user))
    body_id = own_body_id(user)
    return Body.objects.filter(pk=body_id) if body_id else Body.objects.none()


def visible_visits(user):
    return Visit.objects.filter(body__in=visible_bodies(user))


def visible_follow_ups(user):
    return FollowUp.objects.filter(visit__body__in=visible_bodies(user))


def visible_meetings(user):
    if is_policy_staff(user):
        return Meeting.objects.filter(recorded_by__staff__organisation__prefecture_id=_prefecture_id(user))
    body_id = own_body_id(user)
    if body_id is None:
        return Meeting.objects.none()
    return Meeting.objects.filter(bodies__body_id=body_id).distinct()


def visible_surveys(user):
    """Policy staff: all; a body: the surveys sent to it, and any whose results were published."""
    if is_policy_staff(user):
        return Survey.objects.filter(created_by__staff__organisation__prefecture_id=_prefecture_id(user))
    body_id = own_body_id(user)
    if body_id is None:
        return Survey.objects.none()
    pref_id = _prefecture_id(user)
    sent = Q(bodies__pk=body_id) & ~Q(status=Survey.Status.DRAFT)
    published = Q(status=Survey.Status.PUBLISHED, created_by__staff__organisation__prefecture_id=pref_id)
    return Survey.objects.filter(sent | published).distinct()


def _get(qs, pk, what: str):
    try:
        return qs.get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404(f"{what}が見つかりません。") from None


def get_body_or_404(user, pk) -> Body:
    return _get(visible_bodies(user), pk, "自治体")


def get_visit_or_404(user, pk) -> Visit:
    return _get(visible_visits(user).select_related("body"), pk, "訪問記録")


def get_follow_up_or_404(user, pk) -> FollowUp:
    return _get(visible_follow_ups(user).select_related("visit__body"), pk, "訪問後の対応")


def get_meeting_or_404(user, pk) -> Meeting:
    return _get(visible_meetings(user), pk, "会議")


def get_material_or_404(user, pk) -> Material:
    return _get(Material.objects.filter(meeting__in=visible_meetings(user)).select_related("meeting"), pk, "資料")


def get_survey_or_404(user, pk) -> Survey:
    return _get(visible_surveys(user), pk, "意向調査")


def require_answer(user, survey: Survey) -> None:
    require(user, "answer", survey)


def sees_all_answers(user) -> bool:
    return is_policy_staff(user)
