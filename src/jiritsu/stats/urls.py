from django.urls import path

from . import views

urlpatterns = [
    path("monthly/", views.survey_page, name="survey_monthly"),
    path("monthly.csv", views.survey_csv, name="survey_monthly_csv"),
    path("monthly.xlsx", views.survey_xlsx, name="survey_monthly_xlsx"),
    path("monthly/cases/", views.survey_cases, name="survey_cases"),
]
