"""The bench server's URLs: every production URL, plus the baselines `make bench` measures beside the pages.

- bench/minimal: a minimal Django view (the middleware stack, no session read, no query);
- bench/signed-in: the same with session sign-in (the session and user look-up every signed-in page does);
- bench/pk-select/<pk>: the same plus one primary-key SELECT (a case's number).
None of them exists in production (jiritsu.urls)."""
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.urls import path

from jiritsu.cases.models import Case
from jiritsu.urls import handler400, handler403, handler404, handler500  # noqa: F401 (Django reads them here)
from jiritsu.urls import urlpatterns as production


def minimal(request):
    return HttpResponse("ok")


@login_required
def signed_in(request):
    return HttpResponse(request.user.get_username())


@login_required
def pk_select(request, pk):
    number = Case.objects.filter(pk=pk).values_list("case_number", flat=True).first()
    if number is None:
        raise Http404
    return HttpResponse(number)


urlpatterns = [
    *production,
    path("bench/minimal", minimal),
    path("bench/signed-in", signed_in),
    path("bench/pk-select/<int:pk>", pk_select),
]
