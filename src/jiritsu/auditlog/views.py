"""The access log (アクセス記録): the body's chief and the auditor read, filter and export it."""
import datetime as dt

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from jiritsu.audit import log
from jiritsu.audit.models import AccessLog
from jiritsu.audit.timefmt import wareki_datetime
from jiritsu.core.exports import csv_download
from jiritsu.core.wareki import format_wareki
from jiritsu.orgs.selectors import body_names

from . import policies, selectors
from .forms import LogFilterForm

PAGE_SIZE = 50
CSV_HEADER = ["日時", "利用者", "役割", "所属", "ケースの自治体", "ケース番号", "操作", "対象", "経路", "接続元", "APIトークン"]


def _filters(request):
    form = LogFilterForm(request.GET or None, every_body=policies.sees_every_body(request.user))
    filters = form.filters() if form.is_bound else {}
    return form, filters


@require_GET
def audit_log(request):
    policies.require_log_reader(request.user)
    form, filters = _filters(request)
    rows = selectors.filtered_log(request.user, filters)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    names = body_names() if page.object_list else {}
    for row in page.object_list:
        row.body_name = names.get(row.body_id, "")
        row.role_label = selectors.role_label(row.role)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "auditlog/log.html", {
        "form": form, "page": page, "query": query.urlencode(), "every_body": policies.sees_every_body(request.user),
        "bursts": selectors.refusal_bursts(request.user, filters), "burst_count": selectors.BURST_COUNT,
        "burst_minutes": int(selectors.BURST_WINDOW.total_seconds() // 60),
    })


@require_GET
def audit_log_export(request):
    """CSV (UTF-8 with BOM, for Excel) of the filtered rows; the export itself is logged first."""
    policies.require_log_reader(request.user)
    _form, filters = _filters(request)
    rows = selectors.log_until_now(request.user, filters)  # the export's own row, written next, stays out
    staff = request.user.staff
    log.record(user=request.user, action=AccessLog.Action.EXPORT, what=_describe(filters),
               body_id=staff.organisation.body_id)
    names = body_names()
    lines = (_csv_row(r, names) for r in rows.iterator(chunk_size=2000))
    return csv_download("access-log.csv", CSV_HEADER, lines, stream=True)  # the log may be very long


def _csv_row(row, names):
    # `what` can hold a typed search term: csv_download quotes anything Excel would run as a formula.
    return [wareki_datetime(row.at), row.username, selectors.role_label(row.role), row.organisation_name,
            names.get(row.body_id, ""), row.case_number, row.get_action_display(), row.what, row.via,
            row.client_address or "", row.token_id or ""]


def _describe(filters: dict) -> str:
    labels = {"date_from": "から", "date_to": "まで", "username": "利用者", "case_number": "ケース番号",
              "action": "操作", "client_address": "接続元", "body": "自治体"}
    parts = [f"{labels[k]}={format_wareki(v) if isinstance(v, dt.date) else v}" for k, v in filters.items()]
    return "アクセス記録をCSV出力" + (f"（{'、'.join(parts)}）" if parts else "")
