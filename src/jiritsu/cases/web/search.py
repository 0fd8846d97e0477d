"""ケース検索 and its CSV export. Scope comes from the policy layer; what is shown is audited."""

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from jiritsu.audit import log as audit
from jiritsu.core.exports import csv_download
from jiritsu.core.wareki import format_wareki
from jiritsu.orgs.models import Role

from .. import policies, selectors
from ..choices import Status
from ..models import Case

PAGE_SIZE = 50
NO_CASE_ACCESS = "あなたの役割では、個人のケース情報は閲覧できません（個人情報を含まない業務のみ利用できます）。"


class SearchForm(forms.Form):
    q = forms.CharField(
        label="検索語", required=False, max_length=100,
        help_text="氏名（漢字・かな、全角・半角）、電話番号（ハイフンなしでも可）、生年月日（S60.6.1、昭和60年6月1日、"
                  "1985-06-01）、ケース番号のどれでも。空白で区切ると、すべてを満たすケースを探します。",
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    status = forms.ChoiceField(label="状況", required=False, choices=[("", "すべての状況")] + Status.choices)
    state = forms.ChoiceField(label="支援中／終結", required=False, initial="open",
                              choices=[("open", "終結していないケース"), ("all", "終結したケースも含む")])

    def results(self, user):
        data = self.cleaned_data if self.is_valid() else {}
        return selectors.search_cases(user, data.get("q", ""), status=data.get("status", ""),
                                      include_closed=data.get("state") == "all")


def _submitted(request) -> bool:
    return any(key in request.GET for key in ("q", "status", "state"))


@require_GET
def case_search(request):
    form = SearchForm(request.GET or None, initial={"state": "open"})
    context = {"form": form, "submitted": _submitted(request), "page": None,
               "no_access": NO_CASE_ACCESS if not _has_case_access(request.user) else ""}
    if context["submitted"] and not context["no_access"]:
        page = Paginator(form.results(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
        audit.record_many(user=request.user, action="search", what="ケース検索結果一覧", cases=page.object_list)
        params = request.GET.copy()
        params.pop("page", None)
        context.update(page=page, query_string=params.urlencode())
    return render(request, "cases/search.html", context)


def _has_case_access(user) -> bool:
    return policies.is_owner_side(user) or policies.role_of(user) == Role.PROVIDER_STAFF


CSV_HEADER = ["ケース番号", "受付日(和暦)", "氏名", "ふりがな", "生年月日", "状況", "担当"]


@require_GET
def case_search_export(request):
    """The result list as CSV (UTF-8 with BOM so that Excel reads the Japanese), audited per case."""
    form = SearchForm(request.GET or None, initial={"state": "open"})
    cases = form.results(request.user) if _has_case_access(request.user) else Case.objects.none()
    if _has_case_access(request.user):
        # One INSERT ... SELECT records every exported case, however many there are.
        audit.record_query(user=request.user, action="export", what="ケース検索結果のCSV出力", cases=cases)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    rows = (_csv_row(case) for case in cases.iterator(chunk_size=2000))
    return csv_download(f"cases-{stamp}.csv", CSV_HEADER, rows)


def _csv_row(case) -> list[str]:
    staff = getattr(case.assigned_to, "staff", None) if case.assigned_to_id else None
    return [case.case_number, format_wareki(case.received_on), case.client.full_name, case.client.full_kana,
            format_wareki(case.client.birth_date), case.get_status_display(), staff.display_name if staff else ""]
