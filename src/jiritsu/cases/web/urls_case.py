"""Owned by the case page / steps / meetings work. Placeholder routes until filled in."""
from django.http import HttpResponse
from django.urls import path


def _todo(request, *args, **kwargs):
    return HttpResponse("準備中")


urlpatterns = [
    path("cases/<int:pk>/", _todo, name="case_detail"),
    path("meetings/", _todo, name="meeting_list"),
]
