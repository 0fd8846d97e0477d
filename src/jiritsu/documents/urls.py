"""Printed standard forms (標準様式): A4 pages, PDF with ?format=pdf."""
from django.urls import path

from . import views

urlpatterns = [
    path("cases/<int:pk>/intake/", views.print_intake, name="print_intake"),
    path("cases/<int:pk>/assessment/", views.print_assessment, name="print_assessment"),
    path("cases/<int:pk>/plan/", views.print_plan, name="print_plan"),
    path("cases/<int:pk>/progress/", views.print_progress, name="print_progress"),
    path("cases/<int:pk>/evaluation/", views.print_evaluation, name="print_evaluation"),
    path("caselist/", views.print_caselist, name="print_caselist"),
]
