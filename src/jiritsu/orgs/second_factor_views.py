"""The second-factor pages: enrol an authenticator app, enter a code at sign-in, renew recovery codes, and a
staff manager's reset (orgs.second_factor holds every rule; these pages only ask and answer)."""
from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from jiritsu.core.forms import TextField

from . import policies, second_factor


class CodeForm(forms.Form):
    code = TextField(label="確認コード", max_length=40, widget=forms.TextInput(attrs={
        "autocomplete": "one-time-code", "inputmode": "text", "autofocus": True, "spellcheck": "false"}))


def two_factor(request):
    """One address for every state: enrol (no app yet), enter a code (app, not yet this session), or the
    signed-in person's own settings (renew recovery codes)."""
    user = request.user
    nxt = _next(request)
    enrolled = second_factor.is_enrolled(user)
    form = CodeForm(request.POST or None)
    context = {"form": form, "next": nxt, "required": second_factor.required(user)}
    if not enrolled:
        device = second_factor.enrolment_device(user)
        if request.method == "POST" and form.is_valid():
            codes = second_factor.confirm_enrolment(request, form.cleaned_data["code"])
            if codes is not None:
                return _show_codes(request, codes, nxt, enrolled_now=True)
            form.add_error("code", "確認コードが正しくありません。認証アプリに表示されている6桁の数字を入力してください。")
        context |= {"secret": second_factor.secret_text(device), "role_requires": second_factor.role_requires(user)}
        return render(request, "orgs/two_factor_enrol.html", context, status=400 if form.errors else 200)
    if not user.is_verified():
        if request.method == "POST" and form.is_valid():
            if second_factor.throttled(user):
                form.add_error("code", "確認コードの誤りが続いたため、少し時間をおいてからもう一度入力してください。")
            elif second_factor.verify(request, form.cleaned_data["code"]):
                return redirect(nxt)
            else:
                form.add_error("code", "確認コードが正しくありません。認証アプリの6桁の数字か、復旧コードを入力してください。")
        return render(request, "orgs/two_factor_verify.html", context, status=400 if form.errors else 200)
    context["remaining"] = second_factor.remaining_recovery_codes(user)
    return render(request, "orgs/two_factor_settings.html", context)


def two_factor_qr(request):
    """The QR code of the app being set up (never of a confirmed one: that key is not shown again)."""
    if second_factor.is_enrolled(request.user):
        return HttpResponse(status=404)
    svg = second_factor.qr_svg(second_factor.enrolment_device(request.user))
    return HttpResponse(svg, content_type="image/svg+xml")


@require_POST
def recovery_codes_renew(request):
    if not request.user.is_verified():
        return redirect("two_factor")
    codes = second_factor.renew_recovery_codes(user=request.user)
    return _show_codes(request, codes, _next(request), enrolled_now=False)


def _show_codes(request, codes, nxt, *, enrolled_now):
    """Shown in this answer only (not stored anywhere readable, no-store): a reload does not show them."""
    return render(request, "orgs/two_factor_codes.html",
                  {"codes": codes, "next": nxt, "enrolled_now": enrolled_now})


@require_POST
def staff_reset_second_factor(request, pk):
    staff = policies.get_staff_or_404(request.user, pk)
    if second_factor.reset_for_staff(user=request.user, staff=staff):
        messages.success(request, f"{staff.display_name}さんの二要素認証をリセットしました。次回のログインで登録し直します。")
    else:
        messages.info(request, f"{staff.display_name}さんは二要素認証を登録していません。")
    return redirect("staff_edit", pk=staff.pk)


def _next(request) -> str:
    nxt = request.POST.get("next") or request.GET.get("next") or ""
    if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
        return nxt
    return resolve_url(settings.LOGIN_REDIRECT_URL)
