"""Every write of case data: one keyword-only function per business action, each in one transaction,
each checking the process (process.py) and permission (policies.py) and writing its audit row."""
from .intake import (  # noqa: F401
    apply_with_consent,
    create_case,
    find_possible_duplicates,
    record_move,
    triage,
    update_client,
    update_intake,
    withdraw_consent,
)
from .planning import (  # noqa: F401
    add_to_agenda,
    create_meeting,
    decide,
    draft_plan,
    record_assessment,
    record_meeting_outcome,
    update_assessment,
    update_meeting,
    update_plan,
)
from .support import (  # noqa: F401
    close_case,
    continue_plan,
    end_handoff,
    hand_off,
    hand_over,
    record_evaluation,
    record_monitoring,
    record_outcome,
    record_progress,
    start_temporary_use,
    start_urgent_shelter,
)
