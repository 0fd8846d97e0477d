"""ケース検索 and its CSV export. Scope comes from the policy layer; what is shown is audited."""

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import Count, Window
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from jiritsu.audit import log as audit
from jiritsu.core.exports import csv_download
from jiritsu.core.forms import TextField
from jiritsu.core.ids import parse_page
from jiritsu.core.wareki import format_wareki
from jiritsu.orgs.models import Body
from jiritsu.orgs.selectors import body_names

from .. import policies, selectors
from ..choices import Status
from ..models import Client

PAGE_SIZE = 50
# What the result list and the CSV show of each case: only these columns are read.
SHOWN_RELATED = ("client", "assigned_to__staff")
SHOWN_FIELDS = ("case_number", "received_on", "status", "urgent", "body_id", "client__family_name",
                "client__given_name", "client__family_name_kana", "client__given_name_kana", "client__birth_date",
                "assigned_to__staff__display_name")
NO_CASE_ACCESS = "あなたの役割では、個人のケース情報は閲覧できません（個人情報を含まない業務のみ利用できます）。"


class SearchForm(forms.Form):
    q = TextField(
        label="検索語", required=False, max_length=100,
        help_text="氏名（漢字・かな、全角・半角）、電話番号（ハイフンなしでも可）、生年月日（S60.6.1、昭和60年6月1日、"
                  "1985-06-01）、ケース番号のどれでも。空白で区切ると、すべてを満たすケースを探します。",
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    status = forms.ChoiceField(label="状況", required=False, choices=[("", "すべての状況")] + Status.choices,
                               widget=forms.Select)
    state = forms.ChoiceField(label="支援中／終結", required=False, initial="open", widget=forms.Select,
                              choices=[("open", "終結していないケース"), ("all", "終結したケースも含む")])

    def results(self, user):
        data = self.cleaned_data if self.is_valid() else {}
        return selectors.search_cases(user, data.get("q", ""), status=data.get("status", ""),
                                      include_closed=data.get("state") == "all",
                                      related=SHOWN_RELATED).only(*SHOWN_FIELDS)


def _page(results, requested) -> Page:
    """The requested page of result rows (only the values shown), as Paginator.get_page gives it.

    The matching cases are found and counted on the case table alone (a window count in the same statement);
    only the page's 50 are then read with their person and worker. A broad name matches thousands of cases
    in a large body, and joining each to its person just to count them was most of the search's time."""
    number = parse_page(requested)
    counted = results.annotate(found=Window(Count("pk"))).values_list("pk", "found")
    start = (number - 1) * PAGE_SIZE
    found = list(counted[start:start + PAGE_SIZE])
    if found:
        total = found[0][1]
    else:
        # Past the last page (an old link): the last page, or the first when nothing matches, as
        # Paginator.get_page gives.
        total = results.count() if number > 1 else 0
        number = max(1, -(-total // PAGE_SIZE))
        if total:
            found = list(counted[(number - 1) * PAGE_SIZE:number * PAGE_SIZE])
    return Page(_rows_of([pk for pk, _total in found]), number, Paginator(range(total), PAGE_SIZE))


def _rows_of(ids: list) -> list[tuple]:
    """The shown values (ROW_VALUES) of these cases, in the order of `ids`."""
    if not ids:
        return []
    values = {row[0]: row for row in selectors.cases_shown(ids=ids).values_list(*ROW_VALUES)}
    return [values[pk] for pk in ids if pk in values]


def _submitted(request) -> bool:
    return any(key in request.GET for key in ("q", "status", "state"))


@require_GET
def case_search(request):
    form = SearchForm(request.GET or None, initial={"state": "open"})
    context = {"form": form, "submitted": _submitted(request), "page": None,
               "no_access": NO_CASE_ACCESS if not policies.opens_cases(request.user) else ""}
    if context["submitted"] and not context["no_access"]:
        page = _page(form.results(request.user), request.GET.get("page"))
        # One row per case shown, written by the database from the ids (audit.sql): building 50 model rows
        # in Python for bulk_create cost more than the search itself.
        audit.record_query(user=request.user, action="search", what="ケース検索結果一覧",
                           cases=selectors.cases_shown(ids=[values[0] for values in page.object_list]))
        params = request.GET.copy()
        params.pop("page", None)
        names = _body_names(request.user)
        context.update(page=page, rows=[_row(values, names) for values in page.object_list],
                       query_string=params.urlencode())
    return render(request, "cases/search.html", context)


# The result list reads only the values it shows (no model instances).
ROW_VALUES = ("pk", "case_number", "urgent", "received_on", "status", "client__family_name", "client__given_name",
              "client__family_name_kana", "client__given_name_kana", "client__birth_date",
              "assigned_to__staff__display_name", "body_id")  # the body: for a provider's case numbers


def _body_names(user) -> dict:
    """Body id to name when the user's cases span several bodies (their numbers need the body), else empty."""
    return body_names() if policies.sees_several_bodies(user) else {}


def _number(number: str, body_id, names: dict) -> str:
    return Body.case_label(names[body_id], number) if names else number


def _row(values: tuple, names: dict) -> dict:
    """One result row, as cases/search.html shows it."""
    pk, number, urgent, received, status, family, given, family_kana, given_kana, birth, staff, body = values
    return {"pk": pk, "number": _number(number, body, names), "urgent": urgent, "received_on": received,
            "name": Client.name_of(family, given), "kana": Client.kana_of(family_kana, given_kana),
            "birth_date": birth, "status": Status(status).label, "staff": staff or ""}


CSV_HEADER = ["ケース番号", "受付日(和暦)", "氏名", "ふりがな", "生年月日", "状況", "担当"]


@require_GET
def case_search_export(request):
    """The result list as CSV (UTF-8 with BOM so that Excel reads the Japanese), audited per case."""
    form = SearchForm(request.GET or None, initial={"state": "open"})
    cases = policies.visible_cases(request.user)  # none when the role opens no case
    if policies.opens_cases(request.user):
        cases = form.results(request.user)
        # One INSERT ... SELECT records every exported case, however many there are.
        audit.record_query(user=request.user, action="export", what="ケース検索結果のCSV出力", cases=cases)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    names = _body_names(request.user)
    rows = (_csv_row(case, names) for case in cases.iterator(chunk_size=2000))
    return csv_download(f"cases-{stamp}.csv", CSV_HEADER, rows)


def _csv_row(case, names: dict) -> list[str]:
    staff = getattr(case.assigned_to, "staff", None) if case.assigned_to_id else None
    return [_number(case.case_number, case.body_id, names), format_wareki(case.received_on), case.client.full_name, case.client.full_kana,
            format_wareki(case.client.birth_date), case.get_status_display(), staff.display_name if staff else ""]
