"""Organisations page, staff management by each body's managers, own password, login lockout page.

Reads go through orgs.policies (out of scope is 404), writes through orgs.services.
"""
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView, PasswordResetConfirmView
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from jiritsu.audit import log as audit
from jiritsu.core.client import client_address
from jiritsu.core.errors import Conflict
from jiritsu.core.forms import apply_service_errors

from . import policies, selectors, services, sign_in_limits
from .forms import OwnPasswordChangeForm, StaffCreateForm, StaffEditForm
from .models import Organisation

TEMP_PASSWORD_KEY = "orgs_temporary_password"


# ---- organisations page ----

def org_list(request):
    orgs = selectors.organisations_for_list(user=request.user)
    staff = policies.staff_of(request.user)
    body = staff.organisation.body if staff and staff.organisation.body_id else None
    context = {
        "body": body,
        "municipalities": selectors.municipalities_of(body=body) if body else [],
        "offices": [o for o in orgs if o.kind == Organisation.Kind.BODY_OFFICE],
        "agencies": [o for o in orgs if o.kind == Organisation.Kind.AGENCY],
        "others": [o for o in orgs if o.kind not in (Organisation.Kind.BODY_OFFICE, Organisation.Kind.AGENCY)],
        "providers": [] if staff is None or not body else selectors.providers_for(user=request.user),
        "managed_ids": selectors.manageable_organisation_ids(user=request.user),
    }
    return render(request, "orgs/org_list.html", context)


# ---- staff management ----

def staff_list(request):
    policies.require_manager(request.user)
    orgs = selectors.manageable_organisations(user=request.user)
    chosen = _chosen_org(request, orgs)
    show_inactive = request.GET.get("inactive") == "1"
    rows = selectors.staff_rows(user=request.user, organisation=chosen, include_inactive=show_inactive)
    return render(request, "orgs/staff_list.html", {
        "rows": rows, "organisations": orgs, "chosen": chosen, "show_inactive": show_inactive,
    })


def _chosen_org(request, orgs):
    wanted = request.GET.get("org", "")
    return next((o for o in orgs if str(o.pk) == wanted), None)


def staff_new(request):
    policies.require_manager(request.user)
    wanted = request.GET.get("org")
    initial = {"organisation": policies.get_organisation_or_404(request.user, wanted).pk} if wanted else {}
    form = StaffCreateForm(request.POST or None, manager=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            staff, password = services.create_staff_account(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            _show_password_once(request, staff, password)
            messages.success(request, f"{staff.display_name}さんのアカウントを登録しました。")
            return redirect("staff_edit", pk=staff.pk)
    return render(request, "orgs/staff_new.html", {"form": form})


def staff_edit(request, pk):
    staff = policies.get_staff_or_404(request.user, pk)
    initial = {"organisation": staff.organisation_id, "display_name": staff.display_name, "role": staff.role,
               "manages_staff": staff.manages_staff, "version": services.staff_version(staff)}
    form = StaffEditForm(request.POST or None, manager=request.user, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.update_staff(user=request.user, staff=staff, expected_version=data.pop("version"), **data)
        except Conflict as exc:
            form.add_error(None, exc.message)
            status = 409
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"{form.cleaned_data['display_name']}さんの職員情報を更新しました。")
            return redirect("staff_edit", pk=staff.pk)
    context = {"staff": staff, "form": form, "temporary_password": _pop_password(request, staff)}
    return render(request, "orgs/staff_edit.html", context, status=status)


@require_POST
def staff_deactivate(request, pk):
    staff = policies.get_staff_or_404(request.user, pk)
    return _run_action(request, staff, services.deactivate_account, "のアカウントを停止しました。")


@require_POST
def staff_reactivate(request, pk):
    staff = policies.get_staff_or_404(request.user, pk)
    return _run_action(request, staff, services.reactivate_account, "のアカウントを再開しました。")


def _run_action(request, staff, action, done):
    try:
        action(user=request.user, staff=staff)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"{staff.display_name}さん{done}")
    return redirect("staff_edit", pk=staff.pk)


@require_POST
def staff_reset_password(request, pk):
    staff = policies.get_staff_or_404(request.user, pk)
    password = services.reset_password(user=request.user, staff=staff)
    _show_password_once(request, staff, password)
    messages.success(request, f"{staff.display_name}さんのパスワードを再設定しました。")
    return redirect("staff_edit", pk=staff.pk)


def _show_password_once(request, staff, password):
    """Kept server-side in the session until the next page shows it, then gone: a reload or the back
    button never shows it again, and it never appears in a URL."""
    request.session[TEMP_PASSWORD_KEY] = {"staff": staff.pk, "password": password}


def _pop_password(request, staff):
    held = request.session.get(TEMP_PASSWORD_KEY)
    if not held or held.get("staff") != staff.pk:
        return None
    del request.session[TEMP_PASSWORD_KEY]
    return held["password"]


# ---- own password ----

def password_change(request):
    """The user's own password; also where a temporary password leads, and nowhere else, until it is
    replaced (orgs.middleware)."""
    form = OwnPasswordChangeForm(request.user, request.POST or None)
    staff = policies.staff_of(request.user)
    nxt = request.POST.get("next") or request.GET.get("next") or ""
    if request.method == "POST" and form.is_valid():
        services.change_own_password(user=request.user, new_password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, request.user)
        messages.success(request, "パスワードを変更しました。")
        safe = url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()})
        return redirect(nxt if nxt and safe else "today")
    context = {"form": form, "forced": bool(staff and staff.must_change_password), "next": nxt}
    return render(request, "orgs/password_change.html", context)


class FirstSignIn(PasswordResetConfirmView):
    """The one-time link a new staff member gets (orgs.imports.sign_in_link): they choose their own password
    and are signed in. The link stops working once used (the token covers the password) or when it expires."""

    template_name = "registration/first_sign_in.html"
    post_reset_login = True
    post_reset_login_backend = "jiritsu.core.auth.StaffModelBackend"
    success_url = reverse_lazy("today")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record(user=form.user, action="update", what="初回サインイン（パスワード設定）",
                     body_id=getattr(getattr(form.user, "staff", None), "body_id", None))
        messages.success(self.request, "パスワードを設定しました。次回からはユーザー名とこのパスワードでログインします。")
        return response


# ---- sign-in ----

class SignIn(LoginView):
    """Django's sign-in page, saying where the demo leaves protections to the user, and slowing an address
    that tries many user names (orgs.sign_in_limits) before any password is checked."""

    def post(self, request, *args, **kwargs):
        wait = sign_in_limits.spray_wait_seconds(client_address(request))
        if wait:
            form = AuthenticationForm(request, initial={"username": request.POST.get("username", "")})
            context = {"form": form, "locked_out": sign_in_limits.spray_message(wait),
                       "next": request.POST.get("next", ""), **sign_in_notes()}
            response = render(request, "registration/login.html", context, status=429)
            response["Retry-After"] = str(wait)
            return response
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | sign_in_notes()


def sign_in_notes() -> dict:
    return {"second_factor_optional": not settings.SECOND_FACTOR_REQUIRED, "demo": settings.DEMO}


# ---- login lockout (django-axes AXES_LOCKOUT_CALLABLE) ----

def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return (f"ログインに{settings.AXES_FAILURE_LIMIT}回続けて失敗したため、このアカウントは{minutes}分間"
            f"ログインできません。時間をおいてからもう一度お試しいただくか、所属の職員管理担当者に"
            f"パスワードの再設定を依頼してください。")


def locked_out(request, original_response=None, credentials=None):
    """The login page again, with the lockout explained in Japanese (429: too many attempts)."""
    form = AuthenticationForm(request, initial={"username": (credentials or {}).get("username", "")})
    context = {"form": form, "locked_out": lockout_message(), "next": request.POST.get("next", ""),
               **sign_in_notes()}
    return render(request, "registration/login.html", context, status=429)
