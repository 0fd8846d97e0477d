from .intake import Case, CaseNumberCounter, Client, Consent, Triage  # noqa: F401
from .plan import Assessment, Decision, FirstPlan, Meeting, MeetingItem, Plan, PlanGoal  # noqa: F401
from .support import (  # noqa: F401
    REPORT_EVERY_DAYS,
    REPORT_EVERY_DAYS_MAX,
    REPORT_EVERY_DAYS_VALIDATORS,
    Closure,
    Evaluation,
    Handoff,
    Monitoring,
    Outcome,
    ProgressRecord,
)
