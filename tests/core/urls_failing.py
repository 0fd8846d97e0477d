"""The project's URLs plus views that fail, to see the error pages (pytest.mark.urls)."""
from django.core.exceptions import SuspiciousOperation
from django.urls import path

from jiritsu.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def fails(request):
    raise RuntimeError("a bug")


def suspicious(request):
    raise SuspiciousOperation("a malformed request")


urlpatterns = [path("failing/", fails), path("api/failing/", fails), path("suspicious/", suspicious),
               *urlpatterns]
