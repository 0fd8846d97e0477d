"""Owned by the intake/search/today work. Placeholder routes until filled in."""
from django.http import HttpResponse
from django.urls import path


def _todo(request, *args, **kwargs):
    return HttpResponse("準備中")


urlpatterns = [
    path("", _todo, name="today"),
    path("cases/", _todo, name="case_search"),
    path("cases/new/", _todo, name="case_new"),
]
