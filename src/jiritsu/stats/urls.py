from django.urls import path

from jiritsu.core.routing import report_view

from . import compare_views, overview_views, public_views, views

# Every page here is a report: read from the replica when one is configured (core.routing).

urlpatterns = [
    path("overview/", report_view(overview_views.overview_page), name="prefecture_overview"),
    path("monthly/", report_view(views.survey_page), name="survey_monthly"),
    path("monthly.csv", report_view(views.survey_csv), name="survey_monthly_csv"),
    path("monthly.xlsx", report_view(views.survey_xlsx), name="survey_monthly_xlsx"),
    path("monthly/cases/", report_view(views.survey_cases), name="survey_cases"),
    path("compare/", report_view(compare_views.compare_page), name="survey_compare"),
    path("compare/cases/", report_view(compare_views.compare_funnel_cases), name="survey_compare_cases"),
    path("public/", report_view(public_views.public_page), name="survey_public"),
    path("public.csv", report_view(public_views.public_csv), name="survey_public_csv"),
    path("public.xlsx", report_view(public_views.public_xlsx), name="survey_public_xlsx"),
]
