from .intake import Case, CaseNumberCounter, Client, Consent, Triage  # noqa: F401
from .plan import Assessment, Decision, FirstPlan, Meeting, MeetingItem, Plan, PlanGoal  # noqa: F401
from .support import Closure, Evaluation, Handoff, Monitoring, Outcome, ProgressRecord  # noqa: F401
