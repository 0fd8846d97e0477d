"""Every write of placements: sites, visits, tasks, profiles, matches, first use and tours. Each is validated,
transactional and audited (with the case when it touches a person), version-checked where two people may edit."""
import secrets
from collections import Counter

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from jiritsu.audit import log
from jiritsu.cases import policies as case_policies
from jiritsu.cases import services as case_services
from jiritsu.cases.choices import ProgressKind
from jiritsu.cases.models import Outcome
from jiritsu.core.versioning import bump_version
from jiritsu.core.wareki import format_wareki
from jiritsu.orgs import geo
from jiritsu.orgs.models import Role, Staff

from . import policies, selectors
from .matching import STAGE_RANK
from .models import (
    FEATURES,
    DevelopmentVisit,
    FirstUse,
    FollowUp,
    Match,
    Profile,
    Site,
    Task,
    Tour,
    TourRegistration,
)

SITE_FIELDS = ("kind", "name", "municipality", "address", "lat", "lon", "contact_name", "contact_phone",
               "contact_email", "certification", "certified_until", "hosting_hours", "active")
TASK_FIELDS = ("title", "description", "min_stage", "hours_per_week", "physical_load", "interpersonal_load",
               "features", "capacity", "available_from", "available_until")


def _locate(site: Site) -> None:
    """Coordinates typed by hand win; otherwise the municipality's centre stands in (and says so)."""
    if (site.lat is None) != (site.lon is None):
        raise ValidationError({"lat": "緯度と経度は両方入力するか、両方空欄にしてください。"})
    site.located_by_centre = site.lat is None
    if site.located_by_centre:
        centre = geo.centre_of(site.municipality)
        site.lat, site.lon = centre if centre else (None, None)


def _check_site(site: Site) -> None:
    if site.certification != Site.Certification.NONE and site.certified_until is None:
        raise ValidationError({"certified_until": "認定を受けている場合は有効期限を入力してください。"})
    if site.certification == Site.Certification.NONE and site.certified_until is not None:
        raise ValidationError({"certified_until": "認定がない場合は有効期限を空欄にしてください。"})


@transaction.atomic
def save_site(*, user, data: dict, site: Site | None = None, expected_version: int | None = None) -> Site:
    policies.require_edit(user)
    creating = site is None
    if creating:
        site = Site()
    else:
        site = Site.objects.select_for_update().get(pk=site.pk)
        bump_version(site, expected_version)
    for name in SITE_FIELDS:
        if name in data:
            setattr(site, name, data[name])
    _locate(site)
    _check_site(site)
    site.full_clean()
    site.save()
    log.record(user=user, action="create" if creating else "update", what=f"就労体験・訓練先：{site.name}")
    return site


@transaction.atomic
def record_visit(*, user, site: Site, visited_on, outcome: str, next_step: str = "", next_on=None
                 ) -> DevelopmentVisit:
    policies.require_edit(user)
    if next_on is not None and next_on < visited_on:
        raise ValidationError({"next_on": "次回予定日は訪問日より後の日付にしてください。"})
    staff = getattr(user, "staff", None)
    visit = DevelopmentVisit(site=site, visited_on=visited_on, visited_by=user, outcome=outcome,
                             next_step=next_step, next_on=next_on,
                             visitor_name=staff.display_name if staff else user.get_username())
    visit.full_clean()
    visit.save()
    log.record(user=user, action="create", what=f"開拓訪問の記録：{site.name}")
    return visit


def _check_task(task: Task) -> None:
    unknown = [f for f in task.features if f not in FEATURES]
    if unknown:
        raise ValidationError({"features": f"不明な特徴です：{'、'.join(unknown)}"})
    if task.available_from and task.available_until and task.available_until < task.available_from:
        raise ValidationError({"available_until": "受入れ終了日は開始日より後の日付にしてください。"})


@transaction.atomic
def save_task(*, user, data: dict, site: Site | None = None, task: Task | None = None,
              expected_version: int | None = None) -> Task:
    policies.require_edit(user)
    creating = task is None
    if creating:
        task = Task(site=site)
    else:
        task = Task.objects.select_for_update().select_related("site").get(pk=task.pk)
        bump_version(task, expected_version)
    for name in TASK_FIELDS:
        if name in data:
            setattr(task, name, data[name])
    _check_task(task)
    task.full_clean()
    task.save()
    log.record(user=user, action="create" if creating else "update", what=f"切り出し業務：{task}")
    return task


# ---------------------------------------------------------------------------------------------------------
# Profiles: made by the case's agency, seen by the developer under a pseudonym
# ---------------------------------------------------------------------------------------------------------

PROFILE_FIELDS = ("stage", "hours_per_week", "municipality", "max_travel_km", "avoid", "prefers")
# No 0/O, 1/I, 2/Z, 5/S, 8/B: codes are read out on the phone and copied by hand.
CODE_ALPHABET = "ACDEFGHJKLMNPQRTUVWXY34679"


def _new_code() -> str:
    for _ in range(20):
        code = "P-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))
        if not Profile.objects.filter(code=code).exists():
            return code
    raise RuntimeError("could not draw an unused pseudonym")


def _check_profile(profile: Profile, case) -> None:
    errors = {}
    if profile.municipality.body_id != case.body_id:
        errors["municipality"] = f"{case.body.name}の区域の市町村を選んでください。"
    unknown = [f for f in [*profile.avoid, *profile.prefers] if f not in FEATURES]
    if unknown:
        errors["avoid"] = f"不明な作業の特徴です：{'、'.join(unknown)}"
    both = sorted(set(profile.avoid) & set(profile.prefers))
    if both:
        errors["prefers"] = f"「{'、'.join(both)}」が避けたい作業と希望する作業の両方に入っています。"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_profile(*, user, case, data: dict, expected_version: int | None = None) -> Profile:
    """Make or refresh the case's profile. The case must be open and in 就労準備支援."""
    policies.require_agency(user)
    case = case_policies.get_case_or_404(user, case.pk, for_update=True)
    if not case.is_open or not selectors.in_employment_prep(case):
        raise ValidationError("就労準備支援を利用中（プランまたは引継ぎ）の、終結していないケースだけが対象です。")
    profile = Profile.objects.select_for_update().filter(case=case).first()
    creating = profile is None
    if creating:
        profile = Profile(case=case, body_id=case.body_id, code=_new_code(), created_by=user)
    else:
        bump_version(profile, expected_version)
        if profile.status == Profile.Status.CLOSED:
            profile.status = Profile.Status.OPEN
    for name in PROFILE_FIELDS:
        if name in data:
            setattr(profile, name, data[name])
    _check_profile(profile, case)
    profile.lat, profile.lon = geo.centre_of(profile.municipality) or (None, None)
    if profile.lat is None:
        raise ValidationError({"municipality": "この市町村の位置が登録されていません。"})
    profile.full_clean()
    profile.save()
    log.record(user=user, action="create" if creating else "update", what=f"マッチング用プロフィール（{profile.code}）",
               case=case)
    return profile


# ---------------------------------------------------------------------------------------------------------
# Matches: the developer proposes, the agency confirms with the person's consent or declines
# ---------------------------------------------------------------------------------------------------------


def _lock_match(match: Match, *statuses) -> Match:
    locked = (Match.objects.select_for_update().select_related("profile__case", "task__site").get(pk=match.pk))
    if statuses and locked.status not in statuses:
        raise ValidationError(f"このマッチングは「{locked.get_status_display()}」のため、この操作はできません。")
    return locked


@transaction.atomic
def propose_matches(*, user, choices: dict[int, int | None], on_date) -> list[Match]:
    """Propose the chosen person → task pairs. Each must fit, and no task gets more than its free places."""
    policies.require_edit(user)
    chosen = {int(p): int(t) for p, t in choices.items() if t}
    if not chosen:
        raise ValidationError("提案する組み合わせが選ばれていません。")
    # Locking the tasks first makes the free-place count below exact against concurrent proposals/confirmations.
    tasks = {t.pk: t for t in selectors.available_tasks(on_date).select_for_update(of=("self",))
             .filter(pk__in=set(chosen.values()))}
    profiles = {p.pk: p for p in selectors.open_profiles().filter(pk__in=chosen)}
    used = selectors.active_places_used()
    errors = []
    for task_id, wanted in sorted(Counter(chosen.values()).items()):
        task = tasks.get(task_id)
        if task is None:
            errors.append("選ばれた業務は受入れを終了しています。")
        elif used.get(task_id, 0) + wanted > task.capacity:
            free = max(0, task.capacity - used.get(task_id, 0))
            errors.append(f"「{task}」の空きは{free}人です。{wanted}人は提案できません。")
    pairs = []
    for profile_id, task_id in chosen.items():
        profile, task = profiles.get(profile_id), tasks.get(task_id)
        if profile is None:
            errors.append("マッチング待ちではない人が含まれています（すでに提案済みの可能性があります）。")
        elif task is not None:
            why = selectors.explain_pair(profile, task)
            if why["fails"]:
                errors.append(f"{profile.code} は「{task}」に合いません（{'・'.join(why['fails'])}）。")
            pairs.append((profile, task, why))
    if errors:
        raise ValidationError(errors)
    created = []
    for profile, task, why in pairs:
        created.append(Match.objects.create(profile=profile, task=task, cost=why["builtin_cost"], reasons=why,
                                            proposed_by=user))
        log.record(user=user, action="create", what=f"マッチングを提案（{profile.code} → {task}）", case=profile.case)
    return created


@transaction.atomic
def withdraw_match(*, user, match: Match) -> Match:
    """The developer drops a proposal the agency has not answered yet."""
    policies.require_edit(user)
    match = _lock_match(match, Match.Status.PROPOSED)
    match.status, match.version = Match.Status.WITHDRAWN, match.version + 1
    match.save(update_fields=["status", "version"])
    log.record(user=user, action="update", what=f"マッチングの提案を取り下げ（{match.profile.code}）",
               case=match.profile.case)
    return match


def _answer(match: Match, user, status: str, note: str) -> None:
    match.status, match.decision_note, match.decided_by = status, note, user
    match.decided_at, match.version = timezone.now(), match.version + 1
    match.save(update_fields=["status", "decision_note", "decided_by", "decided_at", "consent_on", "version"])


@transaction.atomic
def confirm_match(*, user, match: Match, consent_given: bool, consent_on, note: str = "") -> Match:
    """The agency confirms for its own person, with their consent; the match then holds one of the task's places."""
    policies.require_agency(user)
    selectors.get_match_or_404(user, match.pk)
    if not consent_given:
        raise ValidationError({"consent_given": "本人の同意を確認してから確定してください。"})
    if consent_on is None:
        raise ValidationError({"consent_on": "同意を得た日を入力してください。"})
    if consent_on > timezone.localdate():
        raise ValidationError({"consent_on": "未来の日付は入力できません。"})
    task = Task.objects.select_for_update().get(pk=match.task_id)
    match = _lock_match(match, Match.Status.PROPOSED)
    taken = task.matches.filter(status=Match.Status.CONFIRMED).count()
    if taken >= task.capacity:
        raise ValidationError(f"「{task.title}」は受入れ人数（{task.capacity}人）に達しているため確定できません。")
    match.consent_on = consent_on
    _answer(match, user, Match.Status.CONFIRMED, note)
    Profile.objects.filter(pk=match.profile_id).update(status=Profile.Status.MATCHED, version=F("version") + 1)
    case_services.record_progress(
        user=user, case=match.profile.case, occurred_on=timezone.localdate(), kind=ProgressKind.LIAISON,
        text=f"就労体験・訓練先のマッチングを確定（本人同意 {format_wareki(consent_on)}）：{match.task}")
    log.record(user=user, action="update", what=f"マッチングを確定（{match.profile.code}）", case=match.profile.case)
    return match


@transaction.atomic
def decline_match(*, user, match: Match, note: str) -> Match:
    policies.require_agency(user)
    selectors.get_match_or_404(user, match.pk)
    if not note.strip():
        raise ValidationError({"note": "見送りの理由を入力してください。"})
    match = _lock_match(match, Match.Status.PROPOSED)
    _answer(match, user, Match.Status.DECLINED, note)
    log.record(user=user, action="update", what=f"マッチングを見送り（{match.profile.code}）", case=match.profile.case)
    return match


# ---------------------------------------------------------------------------------------------------------
# First use (初回利用時の同行) and what follows it on the case
# ---------------------------------------------------------------------------------------------------------


def accompanying_staff(match: Match):
    """Who may be assigned to accompany: the developer's own staff and the staff of the person's agency."""
    return (Staff.objects.filter(Q(role=Role.PLACEMENT_DEVELOPER) | Q(organisation_id=match.profile.case.agency_id))
            .filter(user__is_active=True).select_related("organisation").order_by("organisation__kind", "pk"))


@transaction.atomic
def schedule_first_use(*, user, match: Match, scheduled_on, meet_at, accompanied_by: Staff, site_contact: str,
                       expected_version: int | None = None) -> FirstUse:
    policies.require_edit(user)
    match = _lock_match(match, Match.Status.CONFIRMED)
    if not accompanying_staff(match).filter(pk=accompanied_by.pk).exists():
        raise ValidationError({"accompanied_by": "同行できるのは開拓事業者または担当機関の職員です。"})
    if scheduled_on < match.consent_on:
        raise ValidationError({"scheduled_on": "初回利用日は本人同意の日以降にしてください。"})
    first = FirstUse.objects.select_for_update().filter(match=match).first()
    creating = first is None
    if creating:
        first = FirstUse(match=match, recorded_by=user)
    else:
        bump_version(first, expected_version)
    first.scheduled_on, first.meet_at, first.accompanied_by = scheduled_on, meet_at, accompanied_by
    first.site_contact = site_contact
    first.full_clean()
    first.save()
    log.record(user=user, action="create" if creating else "update",
               what=f"初回利用の同行を予定（{format_wareki(scheduled_on)}）", case=match.profile.case)
    return first


def scheduled_first_use(match: Match) -> FirstUse:
    """The match's first day, which must be scheduled before its outcome can be recorded."""
    first = FirstUse.objects.filter(match=match).first()
    if first is None:
        raise ValidationError({"outcome": "先に初回利用を予定してください。"})
    return first


@transaction.atomic
def record_first_use_outcome(*, user, first_use: FirstUse, outcome: str, note: str,
                             expected_version: int | None = None) -> FirstUse:
    policies.require_edit(user)
    first = FirstUse.objects.select_for_update().select_related("match__profile__case").get(pk=first_use.pk)
    if outcome not in FirstUse.Outcome.values or outcome == FirstUse.Outcome.PENDING:
        raise ValidationError({"outcome": "結果を選んでください。"})
    if first.scheduled_on > timezone.localdate():
        raise ValidationError({"outcome": "初回利用日より前に結果は記録できません。"})
    bump_version(first, expected_version)
    first.outcome, first.outcome_note = outcome, note
    first.save(update_fields=["outcome", "outcome_note", "updated_at"])
    log.record(user=user, action="update", what=f"初回利用の結果：{first.get_outcome_display()}",
               case=first.match.profile.case)
    return first


@transaction.atomic
def record_follow_up(*, user, match: Match, kind: str, occurred_on, note: str = "", stage: str = "") -> Match:
    """Continued use, a stage change, a move to work or the end of use, recorded on the case through the
    case services: a progress record each time, and for 就労 the Outcome the monthly survey counts."""
    policies.require_agency(user)
    selectors.get_match_or_404(user, match.pk)
    match = _lock_match(match, Match.Status.CONFIRMED)
    case, profile = match.profile.case, Profile.objects.select_for_update().get(pk=match.profile_id)
    if kind not in FollowUp.values:
        raise ValidationError({"kind": "記録する内容を選んでください。"})
    text = f"就労体験（{match.task}）：{FollowUp(kind).label}"
    if kind == FollowUp.STAGE:
        if stage not in STAGE_RANK or stage == profile.stage:
            raise ValidationError({"stage": "変化後のステージ（今と異なるもの）を選んでください。"})
        text += f"（{profile.stage} → {stage}）"
        profile.stage = stage
    case_services.record_progress(user=user, case=case, occurred_on=occurred_on, kind=ProgressKind.SERVICE,
                                  text=f"{text}{'　' + note if note.strip() else ''}")
    if kind == FollowUp.WORK:
        case_services.record_outcome(user=user, case=case, kind=Outcome.Kind.EMPLOYED, occurred_on=occurred_on,
                                     note=note or f"就労体験（{match.task}）を経て就労")
    if kind in (FollowUp.WORK, FollowUp.ENDED):
        match.status, match.ended_on, match.version = Match.Status.ENDED, occurred_on, match.version + 1
        match.save(update_fields=["status", "ended_on", "version"])
        profile.status = Profile.Status.CLOSED if kind == FollowUp.WORK else Profile.Status.OPEN
    profile.version += 1
    profile.save(update_fields=["stage", "status", "version", "updated_at"])
    return match


# ---------------------------------------------------------------------------------------------------------
# Site tours (見学会)
# ---------------------------------------------------------------------------------------------------------


@transaction.atomic
def create_tour(*, user, site: Site, held_on, starts_at, capacity: int, note: str = "") -> Tour:
    policies.require_edit(user)
    if held_on < timezone.localdate():
        raise ValidationError({"held_on": "過去の日付には見学会を設定できません。"})
    tour = Tour(site=site, held_on=held_on, starts_at=starts_at, capacity=capacity, note=note, created_by=user)
    tour.full_clean()
    tour.save()
    log.record(user=user, action="create", what=f"見学会：{site.name} {format_wareki(held_on)}")
    return tour


@transaction.atomic
def register_for_tour(*, user, tour: Tour) -> TourRegistration:
    """Places go first come, first served: the tour row is locked while counting, so two people can never
    take the last place together."""
    policies.require_tour_guest(user)
    tour = Tour.objects.select_for_update().select_related("site").get(pk=tour.pk)
    if tour.held_on < timezone.localdate():
        raise ValidationError("終了した見学会には申し込めません。")
    if tour.registrations.filter(staff=user.staff).exists():
        raise ValidationError("この見学会にはすでに申し込んでいます。")
    if tour.registrations.count() >= tour.capacity:
        raise ValidationError(f"この見学会は定員（{tour.capacity}名）に達したため、申し込めません。")
    registration = TourRegistration.objects.create(tour=tour, staff=user.staff)
    log.record(user=user, action="create", what=f"見学会に申込み：{tour.site.name} {format_wareki(tour.held_on)}")
    return registration


@transaction.atomic
def cancel_registration(*, user, tour: Tour) -> None:
    policies.require_tour_guest(user)
    deleted, _ = TourRegistration.objects.filter(tour=tour, staff=user.staff, attended__isnull=True).delete()
    if not deleted:
        raise ValidationError("取り消せる申込みがありません。")
    log.record(user=user, action="delete", what=f"見学会の申込みを取消し：{tour.site.name}")


@transaction.atomic
def record_attendance(*, user, tour: Tour, present: set[int]) -> int:
    """Mark every registration of the tour present or absent; returns how many attended."""
    policies.require_edit(user)
    tour = Tour.objects.select_for_update().get(pk=tour.pk)
    if tour.held_on > timezone.localdate():
        raise ValidationError("出欠は開催日以降に記録してください。")
    registrations = tour.registrations.all()
    registrations.filter(pk__in=present).update(attended=True)
    registrations.exclude(pk__in=present).update(attended=False)
    log.record(user=user, action="update", what=f"見学会の出欠：{tour.site.name} {format_wareki(tour.held_on)}")
    return registrations.filter(attended=True).count()
