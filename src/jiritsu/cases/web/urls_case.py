"""The case page, every step's page and the coordination meetings."""
from django.urls import path

from . import case_page, meetings, steps

CASE_STEP_PATHS = {
    "case_triage": "triage/", "case_apply": "apply/", "case_reconsent": "reconsent/",
    "case_withdraw_consent": "consent/withdraw/", "case_assess": "assessment/new/",
    "case_assessment_edit": "assessment/<int:assessment_pk>/edit/", "case_plan_new": "plan/new/",
    "case_plan_edit": "plan/<int:plan_pk>/edit/", "case_agenda": "agenda/", "case_decide": "decide/",
    "case_handoff": "handoff/", "case_temporary_use": "temporary-use/", "case_urgent_shelter": "urgent-shelter/",
    "case_end_handoff": "handoff/<int:handoff_pk>/end/", "case_progress_new": "progress/new/",
    "case_outcome_new": "outcome/new/",
    "case_monitor": "monitoring/new/", "case_evaluate": "evaluation/new/", "case_continue": "continue/",
    "case_close": "close/",
}

urlpatterns = [
    path("cases/<int:pk>/", case_page.case_detail, name="case_detail"),
    path("cases/<int:pk>/history/", case_page.case_history, name="case_history"),
    path("cases/<int:pk>/progress/", case_page.case_progress_list, name="case_progress_list"),
    *[path(f"cases/<int:pk>/{suffix}", steps.PAGE_BY_NAME[name].handle, name=name)
      for name, suffix in CASE_STEP_PATHS.items()],
    path("meetings/", meetings.meeting_list, name="meeting_list"),
    path("meetings/new/", meetings.meeting_new, name="meeting_new"),
    path("meetings/extraordinary/", meetings.meeting_extraordinary, name="meeting_extraordinary"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("meetings/items/<int:pk>/", meetings.meeting_item, name="meeting_item"),
    path("meetings/items/<int:pk>/withdraw/", meetings.meeting_item_withdraw, name="meeting_item_withdraw"),
    path("meetings/items/<int:pk>/move/", meetings.meeting_item_move, name="meeting_item_move"),
]
