"""The API tokens page (APIトークン): a signed-in user's own tokens, issued (shown once), listed, revoked."""
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from jiritsu.core.forms import TextField, apply_service_errors

from . import tokens


class IssueForm(forms.Form):
    label = TextField(label="用途", max_length=80, help_text="例：家計改善支援の記録連携")
    days = forms.TypedChoiceField(label="有効期限", choices=tokens.DAY_CHOICES, coerce=int, initial=90)
    can_write = forms.BooleanField(label="書き込みを許可する（ケースの登録・更新）", required=False,
                                   help_text="読み取りだけの連携なら、チェックしないでください。")


@require_http_methods(["GET", "POST"])
def token_list(request):
    form, issued = IssueForm(request.POST or None), None
    if request.method == "POST" and form.is_valid():
        try:
            token, raw = tokens.issue(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            # Shown in this answer only (not stored, not in a message that a reload would show again).
            issued, form = {"token": token, "raw": raw}, IssueForm()
    own = tokens.own_tokens(request.user)
    return render(request, "api/tokens.html", {"form": form, "issued": issued, "tokens": own})


@require_POST
def token_revoke(request, pk):
    token = tokens.token_for(request.user, pk)
    if tokens.revoke(actor=request.user, token=token):
        messages.success(request, f"トークン「{token.label}」を失効させました。以後このトークンは使えません。")
    else:
        messages.info(request, f"トークン「{token.label}」はすでに失効しています。")
    return redirect("api_tokens")
