from django.urls import path

from . import compare_views, public_views, views

urlpatterns = [
    path("monthly/", views.survey_page, name="survey_monthly"),
    path("monthly.csv", views.survey_csv, name="survey_monthly_csv"),
    path("monthly.xlsx", views.survey_xlsx, name="survey_monthly_xlsx"),
    path("monthly/cases/", views.survey_cases, name="survey_cases"),
    path("compare/", compare_views.compare_page, name="survey_compare"),
    path("compare/cases/", compare_views.compare_funnel_cases, name="survey_compare_cases"),
    path("public/", public_views.public_page, name="survey_public"),
    path("public.csv", public_views.public_csv, name="survey_public_csv"),
    path("public.xlsx", public_views.public_xlsx, name="survey_public_xlsx"),
]
