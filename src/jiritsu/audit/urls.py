from django.http import HttpResponse
from django.urls import path


def _todo(request, *args, **kwargs):
    return HttpResponse("準備中")


urlpatterns = [path("", _todo, name="audit_log")]
