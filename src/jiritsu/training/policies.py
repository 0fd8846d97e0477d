"""Who may do what in training.

- Prefecture policy staff run the courses: create lectures and exercises, take attendance, see per body
  who has (not) been trained. Staff names are not a client's personal data; nothing of a case is shown.
- Trainees are the staff of every body (agencies, body offices) and of providers and the placement NPO.
  They enrol themselves; a staff manager (Staff.manages_staff) enrols the staff they manage.
- A lecture's video and materials reach only its audience (by role); the video only within its period.
- Case studies: a draft is seen by its submitter alone; a published study by the exercise's participants
  and the organisers; the link to the source case only by those who may open that case anyway.
Out of scope is 404 (for objects) or 403 (for pages a role never uses).

The role rules are django-rules predicates (ACTIONS, also registered as `training.<action>` permissions);
services and pages call `require(user, action)`, which raises NotPermitted (403) as cases' and the shelter's do.
"""
import rules
from django.http import Http404

from jiritsu.cases import policies as case_policies
from jiritsu.core.actions import Actions
from jiritsu.core.errors import NotPermitted
from jiritsu.orgs import policies as org_policies
from jiritsu.orgs.models import AGENCY_ROLES, Organisation, Role
from jiritsu.orgs.policies import role_of

from .models import CaseStudy, Course, Enrolment, Exercise, Lecture, TrainingRole

TRAINEE_KINDS = (Organisation.Kind.AGENCY, Organisation.Kind.BODY_OFFICE, Organisation.Kind.PROVIDER,
                 Organisation.Kind.PLACEMENT)
# Access roles of the people who take the training (the audience choices of a lecture).
TRAINEE_ROLES = [Role.CHIEF, Role.SUPPORT_WORKER, Role.EMPLOYMENT_WORKER, Role.BODY_ADMIN, Role.PROVIDER_STAFF,
                 Role.PLACEMENT_DEVELOPER]


is_organiser = rules.predicate(lambda user: role_of(user) == Role.PREFECTURE_POLICY)
is_trainee = rules.predicate(lambda user: role_of(user) in TRAINEE_ROLES)
is_manager = rules.predicate(lambda user: org_policies.is_manager(user))
# Only the agency side owns cases to study from (and sees them through the case policy).
is_agency_staff = rules.predicate(lambda user: role_of(user) in AGENCY_ROLES)

ACTIONS = Actions("training", {
    "organise": (is_organiser, "研修を管理する権限がありません。"),
    # The menu entry and the pages: trainees and organisers.
    "use": (is_trainee | is_organiser, "研修のページを利用する権限がありません。"),
    # Training records per body: organisers (all bodies) and staff managers (their own scope).
    "see_body_records": (is_organiser | is_manager, "研修の受講状況を見る権限がありません。"),
    "submit_case_study": (is_agency_staff, "事例を提出できるのは、この演習に申し込んだ自立相談支援機関の職員です。"),
})
can, require = ACTIONS.can, ACTIONS.require


def require_organiser(user) -> None:
    require(user, "organise")


def can_use(user) -> bool:
    return can(user, "use")


def require_use(user) -> None:
    require(user, "use")


def sees_body_records(user) -> bool:
    return can(user, "see_body_records")


def courses(user):
    staff = org_policies.staff_of(user)
    if staff is None or not can_use(user):
        return Course.objects.none()
    return Course.objects.filter(prefecture_id=staff.organisation.prefecture_id)


def get_course_or_404(user, pk) -> Course:
    try:
        return courses(user).get(pk=pk)
    except (Course.DoesNotExist, ValueError, TypeError):
        raise Http404("研修が見つかりません。") from None


def get_lecture_or_404(user, pk) -> Lecture:
    try:
        return Lecture.objects.select_related("course").get(pk=pk, course__in=courses(user))
    except (Lecture.DoesNotExist, ValueError, TypeError):
        raise Http404("講義が見つかりません。") from None


def get_exercise_or_404(user, pk, *, for_update=False) -> Exercise:
    qs = Exercise.objects.filter(course__in=courses(user))
    if for_update:
        qs = qs.select_for_update()
    try:
        return qs.select_related("course").get(pk=pk)
    except (Exercise.DoesNotExist, ValueError, TypeError):
        raise Http404("演習が見つかりません。") from None


def in_audience(user, lecture: Lecture) -> bool:
    role = role_of(user)
    if role not in TRAINEE_ROLES:
        return False
    return not lecture.audience or role in lecture.audience


def may_download(user, lecture: Lecture) -> bool:
    return in_audience(user, lecture) or is_organiser(user)


def shows_video(user, lecture: Lecture, today) -> bool:
    return in_audience(user, lecture) and lecture.is_open_on(today)


def enrollable_staff(user):
    """Whom the user may enrol besides themselves: the staff they manage (never system admins)."""
    return org_policies.manageable_staff(user).filter(organisation__kind__in=TRAINEE_KINDS).select_related(
        "organisation", "user").filter(user__is_active=True)


def enrols_others(user) -> bool:
    """Whether the user manages staff they may enrol (then the course page offers to enrol them)."""
    return enrollable_staff(user).exists()


def require_may_enrol(user, staff) -> None:
    own = org_policies.staff_of(user)
    if own is not None and own.pk == staff.pk and is_trainee(user):
        return
    if not enrollable_staff(user).filter(pk=staff.pk).exists():
        raise NotPermitted("この職員を受講登録する権限がありません。")


def default_training_role(staff) -> str:
    """The post a person is usually trained for, from their access role and organisation."""
    by_role = {Role.CHIEF: TrainingRole.CHIEF, Role.SUPPORT_WORKER: TrainingRole.SUPPORT_WORKER,
               Role.EMPLOYMENT_WORKER: TrainingRole.EMPLOYMENT_WORKER, Role.BODY_ADMIN: TrainingRole.ADMINISTRATOR}
    if staff.role in by_role:
        return by_role[staff.role]
    programs = staff.organisation.programs or []
    if "household_budget" in programs:
        return TrainingRole.HOUSEHOLD_BUDGET
    if "employment_prep" in programs:
        return TrainingRole.EMPLOYMENT_PREP
    return TrainingRole.OTHER


def own_enrolment(user, course) -> Enrolment | None:
    staff = org_policies.staff_of(user)
    if staff is None:
        return None
    return Enrolment.objects.filter(course=course, staff=staff).select_related("exercise").first()


def get_own_enrolment_or_404(user, pk) -> Enrolment:
    staff = org_policies.staff_of(user)
    try:
        return Enrolment.objects.select_related("course", "exercise", "staff__organisation").get(
            pk=pk, staff=staff)
    except (Enrolment.DoesNotExist, ValueError, TypeError):
        raise Http404("受講記録が見つかりません。") from None


def is_participant(user, exercise: Exercise, *, attended: bool = False) -> bool:
    staff = org_policies.staff_of(user)
    qs = Enrolment.objects.filter(exercise=exercise, staff=staff)
    return staff is not None and (qs.filter(attended=True) if attended else qs).exists()


# ---- case studies ----
def may_submit_case_study(user) -> bool:
    return can(user, "submit_case_study")


def require_study_submitter(user, exercise: Exercise) -> None:
    """Case studies are submitted by agency staff enrolled on the exercise."""
    if not (may_submit_case_study(user) and is_participant(user, exercise)):
        raise NotPermitted(ACTIONS.message("submit_case_study"))


def may_review_case_study(user, study: CaseStudy) -> bool:
    """Four eyes: a study waiting for review is checked and published by agency staff of its body other than
    the submitter (they may open the source case to compare)."""
    staff = case_policies.staff_of(user)
    return (may_submit_case_study(user) and study.submitted_by_id != user.pk
            and staff.organisation.body_id == study.body_id and study.state == CaseStudy.State.REVIEW)


def visible_case_studies(user, exercise: Exercise):
    qs = CaseStudy.objects.filter(exercise=exercise)
    published = qs.filter(state=CaseStudy.State.PUBLISHED)
    own = qs.filter(submitted_by=user)
    if may_submit_case_study(user):  # the body's studies waiting for review, for its other agency staff
        own = own | qs.filter(state=CaseStudy.State.REVIEW, body_id=case_policies.staff_of(user).organisation.body_id)
    if is_organiser(user) or is_participant(user, exercise):
        return (published | own).distinct()
    return own.distinct()


def get_case_study_or_404(user, pk) -> CaseStudy:
    try:
        study = CaseStudy.objects.select_related("exercise__course").get(pk=pk, exercise__course__in=courses(user))
    except (CaseStudy.DoesNotExist, ValueError, TypeError):
        raise Http404("事例が見つかりません。") from None
    if not visible_case_studies(user, study.exercise).filter(pk=study.pk).exists():
        raise Http404("事例が見つかりません。")
    return study


def get_own_draft_or_404(user, pk) -> CaseStudy:
    study = get_case_study_or_404(user, pk)
    if study.submitted_by_id != user.pk:
        raise Http404("事例が見つかりません。")
    return study


def shows_source_link(user, study: CaseStudy) -> bool:
    """The source case is named only to those who may open it anyway (its own body's staff)."""
    return case_policies.is_owner_side(user) and case_policies.visible_cases(user).filter(
        pk=study.source_case_id).exists()
