"""JSON API for the support process. Same services, same policy, same audit as the pages.

Every case is looked up through `policies` (404 when out of scope), every write is a service call
(which checks the process and the role), every read of personal data is audited. Domain errors become
HTTP answers in `jiritsu.api.urls` (InvalidStep/Conflict 409, NotPermitted 403, ValidationError 422).
"""
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router, Status

from jiritsu.audit import log as audit
from jiritsu.core.api_paging import page_param, paginate, per_page_param
from jiritsu.core.api_schemas import ERRORS, UPDATE_ERRORS
from jiritsu.core.etags import expected_version, set_etag
from jiritsu.core.ids import parse_id
from jiritsu.orgs.models import AGENCY_ROLES, Organisation, Staff

from . import policies, selectors, serialise, services
from .choices import Status as CaseStatus
from .eligibility import CaseFacts
from .models import Assessment, Handoff, Plan
from .process import allowed_steps
from .schemas import (
    AgendaIn,
    AgendaItemOut,
    AgendaMoveIn,
    AgendaWithdrawIn,
    AllowedStepsOut,
    ApplyIn,
    AssessmentIn,
    AssessmentPatch,
    CaseCreateIn,
    CaseDetail,
    CaseOutcomeIn,
    CasePage,
    ClientOut,
    ClientPatch,
    CloseIn,
    DecisionIn,
    DuplicateOut,
    EndHandoffIn,
    EvaluationIn,
    HandoffIn,
    IntakePatch,
    MeetingIn,
    MeetingOut,
    MeetingPage,
    MeetingPatch,
    MonitoringIn,
    OutcomeIn,
    PlanIn,
    PlanPatch,
    ProgressIn,
    ProgressOut,
    StepOut,
    TemporaryUseIn,
    TriageIn,
    UrgentShelterIn,
    WithdrawConsentIn,
)
from .steps import STEPS, endpoint_for

router = Router(tags=["cases"])

STEP = {201: StepOut, **ERRORS}


# ---------------------------------------------------------------- lookups (all through the policy)

def _case(request, case_id):
    return policies.get_case_or_404(request.user, case_id)


def _plan(request, plan_id) -> Plan:
    return get_object_or_404(Plan.objects.select_related("case"), pk=plan_id,
                             case__in=policies.visible_cases(request.user))


def _assessment(request, assessment_id) -> Assessment:
    return get_object_or_404(Assessment.objects.select_related("case"), pk=assessment_id,
                             case__in=policies.visible_cases(request.user))


def _handoff(request, handoff_id) -> Handoff:
    return get_object_or_404(Handoff.objects.select_related("case"), pk=handoff_id,
                             case__in=policies.visible_cases(request.user))


# Path parameters naming a guarded object, and how to look each one up for the current user. Used
# before a malformed body is reported, so an outsider learns nothing about the object (404 first).
PATH_GUARDS = {
    "case_id": _case,
    "plan_id": _plan,
    "assessment_id": _assessment,
    "handoff_id": _handoff,
    "meeting_id": lambda request, pk: selectors.get_meeting_or_404(request.user, pk),
    "item_id": lambda request, pk: selectors.get_agenda_item_or_404(request.user, pk),
}


def register_path_guard(name: str, lookup) -> None:
    """For a router of a domain built on cases (added to the same API): how to look up the object its path
    parameter `name` names for the current user, raising Http404 outside the scope."""
    PATH_GUARDS[name] = lookup


def check_path_scope(request) -> None:
    """Raise Http404 when a path parameter names an object outside the user's scope."""
    match = getattr(request, "resolver_match", None)
    for name, value in (match.kwargs if match else {}).items():
        if name in PATH_GUARDS:
            if parse_id(value) is None:
                raise Http404  # /api/plans/AAA names no plan
            PATH_GUARDS[name](request, parse_id(value))


def _organisation(pk, field) -> Organisation:
    org = Organisation.objects.filter(pk=pk, kind=Organisation.Kind.PROVIDER).first()
    if org is None:
        raise ValidationError({field: "指定された委託事業者が見つかりません。"})
    return org


def _done(case, record=None, status=201):
    """Where the case stands after a step (re-read: the service worked on its own locked copy)."""
    case.refresh_from_db(fields=["status", "version", "case_number"])
    data = {"id": getattr(record, "pk", None), "case_id": case.pk, "case_number": case.case_number,
            "status": case.status, "status_label": serialise.status_label(case.status),
            "case_version": case.version}
    return Status(status, data)


# ---------------------------------------------------------------- search, create, read, edit

@router.get("/cases", response={200: CasePage, **ERRORS}, summary="ケース検索")
def list_cases(request, q: str = "", status: str = "", page: int = page_param(), per_page: int = per_page_param()):
    """氏名（漢字・かな、全角・半角）、電話番号、生年月日（和暦可）、ケース番号で検索します。"""
    if status and status not in CaseStatus.values:
        raise ValidationError({"status": "状況の指定が正しくありません。"})
    meta, rows = paginate(request, selectors.search_cases(request.user, q, status=status), page, per_page)
    audit.record_many(user=request.user, action="search", what=f"ケース検索（API）：{q}" if q else "ケース一覧（API）",
                      cases=rows)
    return {**meta, "items": [serialise.case_list_item(c) for c in rows]}


@router.post("/cases", response={201: StepOut, 409: DuplicateOut, **{k: v for k, v in ERRORS.items() if k != 409}},
             summary="相談受付（新規ケース登録）")
def create_case(request, payload: CaseCreateIn):
    """同じ自治体に同一人物の可能性がある相談者がいれば 409 `possible_duplicate` と候補を返します。
    別人と確認した場合は `confirm_new_person: true`、同じ人の新しい相談は `existing_client_id` を指定します。"""
    user = request.user
    policies.require_permission(user, "create_case")
    existing = _existing_client(user, payload.existing_client_id)
    if existing is None and payload.client is None:
        raise ValidationError({"client": "相談者の情報を入力するか、既存の相談者を指定してください。"})
    if existing is None and not payload.confirm_new_person:
        duplicates = _duplicates(user, payload.client)
        if duplicates:
            return Status(409, duplicates)
    client_data = payload.client.dict() if existing is None else {"birth_date": existing.birth_date}
    case = services.create_case(user=user, client_data=client_data, intake_data=payload.intake.dict(),
                                existing_client=existing)
    return _done(case, case)


def _existing_client(user, client_id):
    if client_id is None:
        return None
    client = selectors.intake_clients(user).filter(pk=parse_id(client_id) or 0).first()
    if client is None:
        raise ValidationError({"existing_client_id": "指定された相談者が見つかりません。"})
    return client


def _duplicates(user, client):
    found = list(services.find_possible_duplicates(
        body_id=user.staff.organisation.body_id, family_name=client.family_name, given_name=client.given_name,
        kana=client.family_name_kana + client.given_name_kana, birth_date=client.birth_date,
        phones=(client.phone_home, client.phone_mobile),
    ))
    if not found:
        return None
    cases = [c for person in found for c in person.cases.all()]
    audit.record_many(user=user, action="read", what="重複の可能性がある相談者の候補（API）", cases=cases)
    return {
        "reason": "possible_duplicate",
        "message": "同一人物の可能性がある相談者が登録されています。候補を確認してください。",
        "candidates": [{"client_id": p.pk, "name": p.full_name, "birth_date": p.birth_date,
                        "case_ids": [c.pk for c in p.cases.all()]} for p in found],
    }


@router.get("/cases/{case_id}", response={200: CaseDetail, **ERRORS}, summary="ケース詳細")
def case_detail(request, case_id: int, response: HttpResponse):
    """利用者が見てよい区分（sections）だけを返します。`ETag` はケースの版（`version`）です。"""
    case = _case(request, case_id)
    data = serialise.case_detail(request.user, case)
    audit.record(user=request.user, action="read", what="ケース詳細（API）", case=case)
    set_etag(response, case)
    return data


@router.get("/cases/{case_id}/allowed-steps", response={200: AllowedStepsOut, **ERRORS}, summary="今できる手続き")
def case_allowed_steps(request, case_id: int):
    """支援の流れ・各手続きの条件（steps.py）と利用者の権限のすべてが今許している手続きと、その API。
    議題・引継ぎが一つに決まる場合はその番号を埋め、決まらない部分は `{meeting_id}` のように残します。"""
    case = _case(request, case_id)
    facts = CaseFacts(case)
    steps = [s for s in allowed_steps(case, facts) if policies.STEP_PERMISSIONS[s](request.user)]
    ids = {"case_id": case.pk}
    if facts.pending_item is not None:
        ids["item_id"] = facts.pending_item.pk
    if len(facts.active_handoffs) == 1:
        ids["handoff_id"] = facts.active_handoffs[0].pk
    return {"status": case.status, "status_label": serialise.status_label(case.status),
            "steps": [{"step": s.value, "label": STEPS[s].label, "endpoint": endpoint_for(s, **ids)} for s in steps]}


@router.patch("/cases/{case_id}/client", response={200: ClientOut, **UPDATE_ERRORS}, summary="相談者の基本情報の修正")
def patch_client(request, case_id: int, payload: ClientPatch, response: HttpResponse):
    """送った項目だけを変更します。`version`（または If-Match に相談者の版）が古ければ 409 `edit_conflict`
    （If-Match のときは 412 `precondition_failed`）。"""
    case = _case(request, case_id)
    data = payload.dict(exclude_unset=True)
    version = expected_version(request, case.client, data.pop("version", None))
    client = services.update_client(user=request.user, case=case, expected_version=version, data=data)
    set_etag(response, client)
    return serialise.client_fields(client)


@router.patch("/cases/{case_id}/intake", response={200: StepOut, **UPDATE_ERRORS}, summary="相談受付票の修正")
def patch_intake(request, case_id: int, payload: IntakePatch):
    """`version` または If-Match はケースの版（ケース詳細の ETag）です。"""
    case = _case(request, case_id)
    data = payload.dict(exclude_unset=True)
    version = expected_version(request, case, data.pop("version", None))
    if "assigned_to_id" in data:
        data["assigned_to"] = _assignee(case, data.pop("assigned_to_id"))
    services.update_intake(user=request.user, case=case, expected_version=version, data=data)
    return _done(case, case, status=200)


def _assignee(case, user_id):
    if user_id is None:
        return None
    staff = Staff.objects.select_related("user").filter(
        user_id=user_id, user__is_active=True, organisation__body_id=case.body_id, role__in=AGENCY_ROLES
    ).first()
    if staff is None:
        raise ValidationError({"assigned_to_id": "このケースの担当者に指定できない職員です。"})
    return staff.user


# ---------------------------------------------------------------- the steps

@router.post("/cases/{case_id}/triage", response=STEP, summary="振り分け")
def triage(request, case_id: int, payload: TriageIn):
    case = services.triage(user=request.user, case=_case(request, case_id), **payload.dict())
    return _done(case, case.triage)


@router.post("/cases/{case_id}/apply", response=STEP, summary="利用申込・本人同意（再同意を含む）")
def apply(request, case_id: int, payload: ApplyIn):
    case = _case(request, case_id)
    consent = services.apply_with_consent(user=request.user, case=case, **_consent_args(payload))
    return _done(case, consent)


def _consent_args(payload) -> dict:
    data = payload.dict()
    ids = set(data.pop("scope"))
    scope = list(Organisation.objects.filter(pk__in=ids))
    if len(scope) != len(ids):
        raise ValidationError({"scope": "情報共有先に見つからない組織が含まれています。"})
    return data | {"scope": scope}


@router.post("/cases/{case_id}/withdraw-consent", response=STEP, summary="本人同意の撤回")
def withdraw_consent(request, case_id: int, payload: WithdrawConsentIn):
    case = _case(request, case_id)
    return _done(case, services.withdraw_consent(user=request.user, case=case, **payload.dict()))


@router.post("/cases/{case_id}/assessments", response=STEP, summary="アセスメント")
def record_assessment(request, case_id: int, payload: AssessmentIn):
    case = _case(request, case_id)
    return _done(case, services.record_assessment(user=request.user, case=case, data=payload.dict()))


@router.patch("/assessments/{assessment_id}", response={200: StepOut, **UPDATE_ERRORS}, summary="アセスメントの修正")
def patch_assessment(request, assessment_id: int, payload: AssessmentPatch):
    """`version` または If-Match はアセスメントの版です。"""
    assessment = _assessment(request, assessment_id)
    data = payload.dict(exclude_unset=True)
    version = expected_version(request, assessment, data.pop("version", None))
    services.update_assessment(user=request.user, assessment=assessment, expected_version=version, data=data)
    return _done(assessment.case, assessment, status=200)


def _plan_args(payload):
    data = payload.dict()
    data.pop("version", None)
    goals = [(g["goal"], g["target_date"]) for g in data.pop("goals")]
    return data, goals


@router.post("/cases/{case_id}/plans", response=STEP, summary="プラン（案）策定・再プラン策定")
def draft_plan(request, case_id: int, payload: PlanIn):
    """アセスメント後はプラン（案）、支援中・評価後（再プランと確認された場合）は新しい版を作成します。"""
    case = _case(request, case_id)
    data, goals = _plan_args(payload)
    return _done(case, services.draft_plan(user=request.user, case=case, data=data, goals=goals))


@router.patch("/plans/{plan_id}", response={200: StepOut, **UPDATE_ERRORS}, summary="プラン（案）の修正")
def patch_plan(request, plan_id: int, payload: PlanPatch):
    """`version` または If-Match はプランの版です。"""
    plan = _plan(request, plan_id)
    data, goals = _plan_args(payload)
    version = expected_version(request, plan, payload.version)
    services.update_plan(user=request.user, plan=plan, expected_version=version, data=data, goals=goals)
    return _done(plan.case, plan, status=200)


@router.post("/cases/{case_id}/decision", response=STEP, summary="支援決定")
def decide(request, case_id: int, payload: DecisionIn):
    case = _case(request, case_id)
    return _done(case, services.decide(user=request.user, case=case, **payload.dict()))


@router.post("/cases/{case_id}/handoffs", response=STEP, summary="支援引継ぎ（委託事業者へ）")
def hand_off(request, case_id: int, payload: HandoffIn):
    """引継ぎ日に、ケースの自治体の協定と事業者の委託契約がその事業を対象としていなければ 409
    （`no_agreement` 協定なし / `agreement_not_in_force` 協定期間外 / `no_contract` 委託契約の対象外）。"""
    case = _case(request, case_id)
    data = payload.dict()
    provider = _organisation(data.pop("provider_id"), "provider_id")
    return _done(case, services.hand_off(user=request.user, case=case, provider=provider, **data))


@router.post("/cases/{case_id}/temporary-use", response=STEP, summary="アセスメント段階での一時的利用")
def temporary_use(request, case_id: int, payload: TemporaryUseIn):
    case = _case(request, case_id)
    data = payload.dict()
    provider = _organisation(data.pop("provider_id"), "provider_id")
    return _done(case, services.start_temporary_use(user=request.user, case=case, provider=provider, **data))


@router.post("/cases/{case_id}/urgent-shelter", response=STEP, summary="急迫時の一時生活支援")
def urgent_shelter(request, case_id: int, payload: UrgentShelterIn):
    """相談受付の段階（本人同意なし）からは `consent`（利用申込・本人同意と情報共有先）を一緒に送ります。
    振り分け（継続支援）・申込・引継ぎを一度に記録し、どれかが拒否されれば何も記録しません。"""
    case = _case(request, case_id)
    data = payload.dict(exclude={"consent"})
    provider = _organisation(data.pop("provider_id"), "provider_id")
    consent = _consent_args(payload.consent) if payload.consent is not None else None
    return _done(case, services.start_urgent_shelter(user=request.user, case=case, provider=provider,
                                                     consent=consent, **data))


@router.post("/handoffs/{handoff_id}/end", response={200: StepOut, **ERRORS}, summary="引継ぎの終了")
def end_handoff(request, handoff_id: int, payload: EndHandoffIn):
    handoff = _handoff(request, handoff_id)
    services.end_handoff(user=request.user, handoff=handoff, **payload.dict())
    return _done(handoff.case, handoff, status=200)


@router.get("/cases/{case_id}/progress", response={200: list[ProgressOut], **ERRORS}, summary="支援経過記録の一覧")
def list_progress(request, case_id: int):
    """委託事業者には、同意の範囲内で記録されたもの（と自らの記録）だけを返します。"""
    case = _case(request, case_id)
    if "progress" not in policies.sections(request.user, case):
        return []
    records = [serialise.progress(r) for r in policies.visible_progress(request.user, case)]
    audit.record(user=request.user, action="read", what="支援経過記録（API）", case=case)
    return records


@router.post("/cases/{case_id}/progress", response=STEP, summary="支援経過の記録")
def record_progress(request, case_id: int, payload: ProgressIn):
    case = _case(request, case_id)
    return _done(case, services.record_progress(user=request.user, case=case, **payload.dict()))


@router.post("/cases/{case_id}/outcomes", response=STEP, summary="就労・増収の記録")
def record_case_outcome(request, case_id: int, payload: CaseOutcomeIn):
    case = _case(request, case_id)
    return _done(case, services.record_outcome(user=request.user, case=case, **payload.dict()))


@router.post("/cases/{case_id}/monitoring", response=STEP, summary="モニタリング")
def record_monitoring(request, case_id: int, payload: MonitoringIn):
    case = _case(request, case_id)
    return _done(case, services.record_monitoring(user=request.user, case=case, **payload.dict()))


@router.post("/cases/{case_id}/evaluations", response=STEP, summary="プラン評価")
def record_evaluation(request, case_id: int, payload: EvaluationIn):
    case = _case(request, case_id)
    return _done(case, services.record_evaluation(user=request.user, case=case, **payload.dict()))


@router.post("/cases/{case_id}/continue", response={200: StepOut, **ERRORS}, summary="現プランで継続")
def continue_plan(request, case_id: int):
    case = _case(request, case_id)
    services.continue_plan(user=request.user, case=case)
    return _done(case, status=200)


@router.post("/cases/{case_id}/close", response=STEP, summary="終結")
def close_case(request, case_id: int, payload: CloseIn):
    case = _case(request, case_id)
    return _done(case, services.close_case(user=request.user, case=case, **payload.dict()))


# ---------------------------------------------------------------- coordination meetings

@router.get("/meetings", response={200: MeetingPage, **ERRORS}, summary="支援調整会議の一覧", tags=["meetings"])
def list_meetings(request, page: int = page_param(), per_page: int = per_page_param()):
    meta, rows = paginate(request, selectors.meetings_for(request.user).order_by("-held_on", "-id"), page, per_page)
    serialise.prefetch_meetings(rows)
    cases = list({i.case_id: i.case for m in rows for i in m.items.all()}.values())
    audit.record_many(user=request.user, action="read", what="支援調整会議の議題（API）", cases=cases)
    return {**meta, "items": [serialise.meeting(m) for m in rows]}


@router.post("/meetings", response={201: MeetingOut, **ERRORS}, summary="支援調整会議の登録", tags=["meetings"])
def create_meeting(request, payload: MeetingIn):
    meeting = services.create_meeting(user=request.user, **payload.dict())
    return Status(201, {**serialise.meeting(meeting), "items": []})


@router.patch("/meetings/{meeting_id}", response={200: MeetingOut, **UPDATE_ERRORS},
              summary="支援調整会議の修正（会議録）", tags=["meetings"])
def patch_meeting(request, meeting_id: int, payload: MeetingPatch, response: HttpResponse):
    """`version` または If-Match は会議の版です。"""
    meeting = selectors.get_meeting_or_404(request.user, meeting_id)
    data = payload.dict(exclude_unset=True)
    version = expected_version(request, meeting, data.pop("version", None))
    meeting = services.update_meeting(user=request.user, meeting=meeting, expected_version=version, data=data)
    set_etag(response, meeting)
    serialise.prefetch_meetings([meeting])
    return serialise.meeting(meeting)


@router.post("/meetings/{meeting_id}/agenda", response={201: AgendaItemOut, **ERRORS}, summary="支援調整会議への付議",
             tags=["meetings"])
def add_to_agenda(request, meeting_id: int, payload: AgendaIn):
    """プラン（案）が利用中の事業（一時的利用・急迫時）を含まなければ 409 `plan_omits_program_in_use`。
    確認のうえ付議するときは `accept_omissions: true`。"""
    meeting = selectors.get_meeting_or_404(request.user, meeting_id)
    case = _case(request, payload.case_id)
    item = services.add_to_agenda(user=request.user, meeting=meeting, case=case,
                                  accept_omissions=payload.accept_omissions)
    return Status(201, serialise.agenda_item(item))


@router.post("/agenda-items/{item_id}/outcome", response={200: AgendaItemOut, **ERRORS},
             summary="支援調整会議の結果（ケースごと）", tags=["meetings"])
def record_outcome(request, item_id: int, payload: OutcomeIn):
    item = selectors.get_agenda_item_or_404(request.user, item_id)
    item = services.record_meeting_outcome(user=request.user, item=item, **payload.dict())
    return serialise.agenda_item(item)


@router.post("/agenda-items/{item_id}/withdraw", response={200: AgendaItemOut, **ERRORS},
             summary="議題の取り下げ（会議の結果の前）", tags=["meetings"])
def withdraw_agenda_item(request, item_id: int, payload: AgendaWithdrawIn):
    """議題は記録として残り、結果が「取り下げ」になります。結果の記録後は 409 `agenda_item_decided`。"""
    item = selectors.get_agenda_item_or_404(request.user, item_id)
    return serialise.agenda_item(services.withdraw_agenda_item(user=request.user, item=item, **payload.dict()))


@router.post("/agenda-items/{item_id}/move", response={201: AgendaItemOut, **ERRORS},
             summary="議題を別の会議へ移す（会議の結果の前）", tags=["meetings"])
def move_agenda_item(request, item_id: int, payload: AgendaMoveIn):
    """移動元の議題は「他の会議へ移動」となり、移動先に新しい議題（`moved_from_id` 付き）を返します。
    `meeting_id` を省略すると本日の臨時の支援調整会議（なければ開く。主任・自治体担当者のみ）へ移します。"""
    item = selectors.get_agenda_item_or_404(request.user, item_id)
    to = selectors.get_meeting_or_404(request.user, payload.meeting_id) if payload.meeting_id is not None else None
    moved = services.move_agenda_item(user=request.user, item=item, to=to, reason=payload.reason)
    return Status(201, serialise.agenda_item(moved))
