"""Request and response shapes of the case API (django-ninja / pydantic).

Input schemas only turn JSON into values (dates typed as ISO or 和暦, choices by code); every rule of
the process lives in the services, which the API calls exactly as the pages do.
"""
import datetime as dt
from typing import Annotated, Any, Literal

from ninja import Field, Schema

from jiritsu.core.api_paging import PageMeta
from jiritsu.core.api_schemas import BirthDate, ErrorOut, WarekiDate  # noqa: F401 (the API's shared shapes)
from jiritsu.programs.catalog import PlanService, Program

from .choices import (
    ClosureReason,
    Complaint,
    ContactRoute,
    EvaluationDecision,
    HealthInsurance,
    HousingStatus,
    MeetingKind,
    MeetingOutcome,
    Pension,
    ProgressKind,
    Sex,
    TriageOutcome,
    WorkStatus,
)
from .models import REPORT_EVERY_DAYS, REPORT_EVERY_DAYS_MAX


def choice(enum, *, blank: bool = False):
    """A code of one of the standard forms' vocabularies (choices.py / catalog.py)."""
    values = tuple(enum.values) + (("",) if blank else ())
    return Literal[values]  # type: ignore[valid-type]


Text = Annotated[str, Field(max_length=10000)]
# An update's optimistic check: the version the caller read, here or as the If-Match header (core.etags).
VERSION = Field(None, ge=0, description="読み込んだ版。省略する場合は If-Match ヘッダー（ETag）で指定します。",
                examples=[3])

# ---------------------------------------------------------------- inputs

class ClientIn(Schema):
    family_name: str = Field(..., min_length=1, max_length=40, description="氏")
    given_name: str = Field(..., min_length=1, max_length=40, description="名")
    family_name_kana: str = Field("", max_length=60)
    given_name_kana: str = Field("", max_length=60)
    sex: choice(Sex, blank=True) = ""
    birth_date: BirthDate | None = None
    postal_code: str = Field("", max_length=8)
    address: str = Field("", max_length=200)
    phone_home: str = Field("", max_length=20)
    phone_mobile: str = Field("", max_length=20)
    email: str = Field("", max_length=254)


class ClientPatch(Schema):
    """Only the fields sent are changed; `version` is the one the caller read."""

    version: int | None = VERSION
    family_name: str = Field(None, min_length=1, max_length=40)
    given_name: str = Field(None, min_length=1, max_length=40)
    family_name_kana: str = Field(None, max_length=60)
    given_name_kana: str = Field(None, max_length=60)
    sex: choice(Sex, blank=True) = None
    birth_date: BirthDate | None = None
    postal_code: str = Field(None, max_length=8)
    address: str = Field(None, max_length=200)
    phone_home: str = Field(None, max_length=20)
    phone_mobile: str = Field(None, max_length=20)
    email: str = Field(None, max_length=254)


class IntakeIn(Schema):
    received_on: WarekiDate
    route: choice(ContactRoute)
    visitor_name: str = Field("", max_length=60, description="来談者（本人以外の場合）")
    visitor_phone: str = Field("", max_length=20)
    visitor_relation: str = Field("", max_length=30)
    complaints: list[choice(Complaint)] = Field(..., description="相談内容（16分類のコード）")
    main_complaint: choice(Complaint) = Field(..., description="主訴（complaints の中から1つ）")
    consultation_note: Text = ""
    work_status: choice(WorkStatus, blank=True) = ""
    housing_status: choice(HousingStatus, blank=True) = ""
    health_insurance: choice(HealthInsurance, blank=True) = ""
    pension: choice(Pension, blank=True) = ""


class IntakePatch(Schema):
    version: int | None = VERSION
    received_on: WarekiDate = None
    route: choice(ContactRoute) = None
    visitor_name: str = Field(None, max_length=60)
    visitor_phone: str = Field(None, max_length=20)
    visitor_relation: str = Field(None, max_length=30)
    complaints: list[choice(Complaint)] = None
    main_complaint: choice(Complaint) = None
    consultation_note: Text = None
    work_status: choice(WorkStatus, blank=True) = None
    housing_status: choice(HousingStatus, blank=True) = None
    health_insurance: choice(HealthInsurance, blank=True) = None
    pension: choice(Pension, blank=True) = None
    assigned_to_id: int | None = Field(None, description="担当者（同じ自治体の自立相談支援機関の職員の利用者ID）")


class CaseCreateIn(Schema):
    client: ClientIn | None = Field(None, description="新しい相談者（existing_client_id を指定しない場合）")
    intake: IntakeIn
    existing_client_id: int | None = Field(None, description="既に登録されている相談者の新しい相談")
    confirm_new_person: bool = Field(False, description="重複の可能性を確認したうえで別人として登録する")


class TriageIn(Schema):
    outcome: choice(TriageOutcome)
    decided_on: WarekiDate
    referred_to: str = Field("", max_length=100)
    note: Text = ""


class ApplyIn(Schema):
    applied_on: WarekiDate
    rules_explained: bool
    share_agreed: bool
    scope: list[int] = Field(default_factory=list, description="情報共有先の組織ID")
    note: Text = ""


class WithdrawConsentIn(Schema):
    withdrawn_on: WarekiDate
    note: Text = ""


class AssessmentIn(Schema):
    assessed_on: WarekiDate
    household: Text = ""
    health: Text = ""
    work_school: Text = ""
    income: Text = ""
    monthly_income: int | None = Field(None, ge=0)
    assets_debts: Text = ""
    debt_total: int | None = Field(None, ge=0)
    benefits: Text = ""
    background: Text = ""
    summary: Text = ""


class AssessmentPatch(AssessmentIn):
    version: int | None = VERSION
    assessed_on: WarekiDate = None


class GoalIn(Schema):
    goal: str = Field(..., max_length=200)
    target_date: WarekiDate | None = None


class PlanIn(Schema):
    drafted_on: WarekiDate
    wishes: Text
    problems: Text
    support_content: Text
    points_to_watch: Text = ""
    services: list[choice(PlanService)] = Field(default_factory=list)
    work_support_target: bool = False
    period_from: WarekiDate
    period_to: WarekiDate
    goals: list[GoalIn]


class PlanPatch(PlanIn):
    version: int | None = VERSION


class MeetingIn(Schema):
    held_on: WarekiDate
    kind: choice(MeetingKind) = MeetingKind.REGULAR.value
    place: str = Field("", max_length=100)
    members: Text = ""


class MeetingPatch(Schema):
    version: int | None = VERSION
    held_on: WarekiDate = None
    place: str = Field(None, max_length=100)
    members: Text = None
    minutes: Text = None


class AgendaIn(Schema):
    case_id: int
    accept_omissions: bool = Field(False, description="利用中の事業（一時的利用・急迫時）を含まないプラン（案）を、確認のうえ付議する")


class AgendaWithdrawIn(Schema):
    reason: str = Field(..., min_length=1, max_length=200, description="取り下げの理由")


class AgendaMoveIn(Schema):
    meeting_id: int | None = Field(None, description="移す先の会議ID。省略すると本日の臨時会議（なければ開く）")
    reason: str = Field("", max_length=200)


class OutcomeIn(Schema):
    outcome: Literal[MeetingOutcome.APPROVED.value, MeetingOutcome.REVISE.value]  # MEETING_DECISIONS
    note: Text = ""


class DecisionIn(Schema):
    decided_on: WarekiDate
    decision_number: str = Field("", max_length=40)
    note: Text = ""


ReportEveryDays = Annotated[int, Field(
    ge=1, le=REPORT_EVERY_DAYS_MAX,
    description="経過報告の頻度（日ごと）：委託事業者が支援経過を記録する間隔。過ぎると事業者の今日の業務で「遅れ」になる")]


class HandoffIn(Schema):
    provider_id: int
    program: choice(Program)
    started_on: WarekiDate
    report_every_days: ReportEveryDays = REPORT_EVERY_DAYS


class TemporaryUseIn(HandoffIn):
    reason: Text


class UrgentShelterIn(Schema):
    provider_id: int
    started_on: WarekiDate
    reason: Text
    report_every_days: ReportEveryDays = REPORT_EVERY_DAYS
    consent: ApplyIn | None = Field(None, description="本人同意がまだないとき（相談受付から）：利用申込・本人同意を同時に記録する")


class EndHandoffIn(Schema):
    ended_on: WarekiDate
    reason: str = Field(..., max_length=100)


class ProgressIn(Schema):
    occurred_on: WarekiDate
    kind: choice(ProgressKind)
    text: Text


class CaseOutcomeIn(Schema):
    """就労 (employed) or 増収 (income_increased) of the person, on the date it happened."""

    kind: Literal["employed", "income_increased"]
    occurred_on: WarekiDate
    note: Text = ""


class MonitoringIn(Schema):
    monitored_on: WarekiDate
    delivery: Text
    person_change: Text = ""
    needs_replan: bool = False
    next_due: WarekiDate | None = Field(None, description="省略時は自治体のモニタリング間隔から計算")


class EvaluationIn(Schema):
    evaluated_on: WarekiDate
    goals_achieved: Text
    decision: choice(EvaluationDecision)
    changes: Text = ""
    note: Text = ""


class CloseIn(Schema):
    closed_on: WarekiDate
    reason: choice(ClosureReason)
    note: Text = ""


# ---------------------------------------------------------------- outputs

class CandidateOut(Schema):
    client_id: int
    name: str
    birth_date: dt.date | None
    case_ids: list[int]


class DuplicateOut(ErrorOut):
    candidates: list[CandidateOut]


class Named(Schema):
    id: int
    name: str


class CaseListItem(Schema):
    id: int
    case_number: str = Field(..., description="ケース番号（自治体ごとに一意）")
    case_label: str = Field(..., description="自治体名つきのケース番号（複数の自治体のケースを扱う事業者向け）")
    status: str
    status_label: str
    urgent: bool
    received_on: dt.date
    closed_on: dt.date | None
    client_name: str
    client_kana: str
    birth_date: dt.date | None
    agency: str
    assigned_to: str


class CasePage(PageMeta):
    items: list[CaseListItem]


class StepOut(Schema):
    """The result of a step: the record it created (if any) and where the case now stands."""

    id: int | None = Field(None, description="作成・更新した記録のID")
    case_id: int
    case_number: str
    status: str
    status_label: str
    case_version: int


class ClientOut(Schema):
    id: int
    version: int
    family_name: str
    given_name: str
    family_name_kana: str
    given_name_kana: str
    sex: str
    birth_date: dt.date | None


class ContactOut(Schema):
    postal_code: str
    address: str
    phone_home: str
    phone_mobile: str
    email: str


class IntakeOut(Schema):
    route: str
    visitor_name: str
    visitor_phone: str
    visitor_relation: str
    complaints: list[str]
    main_complaint: str
    consultation_note: str
    work_status: str
    housing_status: str
    health_insurance: str
    pension: str
    received_by: str
    assigned_to: str


class TriageOut(Schema):
    outcome: str
    decided_on: dt.date
    referred_to: str
    note: str


class ClosureOut(Schema):
    closed_on: dt.date
    reason: str
    note: str


class ConsentOut(Schema):
    id: int
    applied_on: dt.date
    scope: list[Named]
    note: str
    active: bool
    withdrawn_on: dt.date | None
    withdrawal_note: str


class AssessmentOut(Schema):
    """Fields outside the user's sections (a provider's program) are null."""

    id: int
    version: int
    assessed_on: dt.date
    household: str | None = None
    health: str | None = None
    work_school: str | None = None
    income: str | None = None
    monthly_income: int | None = None
    assets_debts: str | None = None
    debt_total: int | None = None
    benefits: str | None = None
    background: str | None = None
    summary: str | None = None


class GoalOut(Schema):
    goal: str
    target_date: dt.date | None


class PlanOut(Schema):
    id: int
    number: int
    state: str
    version: int
    drafted_on: dt.date
    wishes: str
    problems: str
    support_content: str
    points_to_watch: str
    services: list[str]
    work_support_target: bool
    period_from: dt.date
    period_to: dt.date
    goals: list[GoalOut]
    decided_on: dt.date | None
    decision_number: str


class HandoffOut(Schema):
    id: int
    provider: Named
    program: str
    mode: str
    started_on: dt.date
    reason: str
    ended_on: dt.date | None
    end_reason: str
    report_every_days: int
    regularised: bool = Field(..., description="一時的利用・急迫時・転居に伴う引継ぎを、支援決定されたプランが対象とした（正規化済）")


class AgendaItemOut(Schema):
    id: int
    meeting_id: int
    held_on: dt.date
    case_id: int
    case_number: str
    kind: str
    outcome: str
    note: str
    moved_from_id: int | None = Field(None, description="他の会議から移された議題なら、移動元の議題ID")


class MonitoringOut(Schema):
    id: int
    monitored_on: dt.date
    delivery: str
    person_change: str
    needs_replan: bool
    next_due: dt.date


class EvaluationOut(Schema):
    id: int
    evaluated_on: dt.date
    goals_achieved: str
    changes: str
    decision: str
    note: str
    confirmed: bool


class ProgressOut(Schema):
    id: int
    occurred_on: dt.date
    kind: str
    text: str
    organisation: str
    author: str


class GapOut(Schema):
    handoff_id: int
    program: str
    mode: str
    missing: list[str] = Field(..., description="正規化のためにまだ必要な手続き")


class CaseDetail(Schema):
    """Sections the user may not see (policies.sections) are null or empty."""

    id: int
    case_number: str
    status: str
    status_label: str
    urgent: bool
    version: int
    received_on: dt.date
    closed_on: dt.date | None
    closure_reason: str
    body: str
    agency: str
    sections: list[str]
    client: ClientOut | None
    contact: ContactOut | None
    intake: IntakeOut | None
    triage: TriageOut | None
    closure: ClosureOut | None
    consents: list[ConsentOut]
    assessments: list[AssessmentOut]
    plans: list[PlanOut]
    meeting_items: list[AgendaItemOut]
    handoffs: list[HandoffOut]
    monitorings: list[MonitoringOut]
    evaluations: list[EvaluationOut]
    progress: list[ProgressOut]
    regularisation_gaps: list[GapOut]
    monitoring_due: dt.date | None
    evaluation_due: dt.date | None


class AllowedStep(Schema):
    step: str
    label: str
    endpoint: str


class AllowedStepsOut(Schema):
    status: str
    status_label: str
    steps: list[AllowedStep]


class MeetingOut(Schema):
    id: int
    version: int
    held_on: dt.date
    kind: str = Field(..., description="regular（定例）/ extraordinary（臨時）")
    place: str
    members: str
    minutes: str
    items: list[AgendaItemOut]


class MeetingPage(PageMeta):
    items: list[MeetingOut]


JSON = dict[str, Any]
