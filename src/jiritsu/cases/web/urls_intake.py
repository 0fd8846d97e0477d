"""Today, case search and export, new consultation, and editing the person and the intake."""
from django.urls import path

from . import client, intake, search, today

urlpatterns = [
    path("", today.today, name="today"),
    path("today/<slug:slug>/", today.work_list, name="work_list"),
    path("cases/", search.case_search, name="case_search"),
    path("cases/export.csv", search.case_search_export, name="case_search_export"),
    path("cases/new/", intake.case_new, name="case_new"),
    path("cases/new/birth-date/", intake.birth_date_preview, name="birth_date_preview"),
    path("cases/<int:pk>/client/edit/", client.case_client_edit, name="case_client_edit"),
    path("cases/<int:pk>/intake/edit/", intake.case_intake_edit, name="case_intake_edit"),
]
