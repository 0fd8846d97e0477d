from django.http import HttpResponse
from django.urls import path


def _todo(request, *args, **kwargs):
    return HttpResponse("準備中")


urlpatterns = [path("staff/", _todo, name="staff_list")]
