"""A reference page for `make bench` only (settings.BENCH_ENDPOINT): the least any case page does.

It finds the case through the policy layer and writes the access-log row of the read, as the case page
does, and shows nothing but the case number. Measured beside the case page, it tells how much of the
page's cost is the page itself and how much the request, the scoped look-up and the audit row that no
case page can go without."""
from django.http import HttpResponse
from django.utils.html import format_html

from jiritsu.audit import log

from .. import policies


def case_floor(request, pk):
    case = policies.get_case_or_404(request.user, pk, joined=False)
    log.record(user=request.user, action="read", what="ケース番号（計測用）", case=case)
    return HttpResponse(format_html("<p>{}</p>", case.case_number))
