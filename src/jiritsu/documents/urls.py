"""Owned by the printing work. Placeholder routes until filled in."""
from django.http import HttpResponse
from django.urls import path


def _todo(request, *args, **kwargs):
    return HttpResponse("準備中")


urlpatterns = [
    path("cases/<int:pk>/intake/", _todo, name="print_intake"),
    path("cases/<int:pk>/assessment/", _todo, name="print_assessment"),
    path("cases/<int:pk>/plan/", _todo, name="print_plan"),
    path("cases/<int:pk>/progress/", _todo, name="print_progress"),
    path("cases/<int:pk>/evaluation/", _todo, name="print_evaluation"),
    path("caselist/", _todo, name="print_caselist"),
]
