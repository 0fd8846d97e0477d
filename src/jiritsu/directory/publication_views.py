"""The page where the prefecture's policy staff publish the directory through the HSDS API (/hsds/), or
withdraw it: the current state, what a publication makes visible to anyone, and a confirmed form. The same
service as PUT /api/directory/publication (services.set_publication: the policy, the version check, the
audit row). Other staff are refused, as the API refuses them."""
from django import forms
from django.shortcuts import redirect, render
from django.utils import timezone

from jiritsu.core.forms import save_or_render

from . import policies, selectors, services

TEMPLATE = "directory/publication.html"


class PublicationForm(forms.Form):
    public = forms.TypedChoiceField(
        label="公開の設定", widget=forms.RadioSelect, coerce=lambda value: value == "1",
        choices=[("1", "公開する（ログインなしで誰でも読めます）"),
                 ("0", "公開しない（ログインした職員と API トークンだけが読めます）")],
        error_messages={"required": "公開するかどうかを選んでください。"})
    confirm = forms.BooleanField(
        label="「公開すると読めるようになる内容」を確認しました",
        error_messages={"required": "公開される内容を確認したら、チェックを入れてください。"})
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


def _context(request) -> dict:
    row = selectors.publication_of(request.user)
    return {"row": row, "counts": selectors.published_counts(),
            "updated_at": timezone.localtime(row.updated_at) if row and row.updated_by_id else None}


def publication(request):
    policies.require_publisher(request.user)
    if request.method != "POST":
        context = _context(request)
        row = context["row"]
        form = PublicationForm(initial={"public": "1" if row and row.public else "0",
                                        "version": row.version if row else 1})
        return render(request, TEMPLATE, {**context, "form": form})
    _saved, page = save_or_render(
        request, PublicationForm(request.POST),
        lambda data, version: services.set_publication(user=request.user, public=data["public"],
                                                       expected_version=version),
        TEMPLATE, lambda: _context(request),
        lambda row: "ディレクトリを公開しました。" if row.public else "ディレクトリを非公開にしました。")
    return page or redirect("directory_publication")
