"""What a signed-in person must do before any other page: the second factor (enrol or enter a code), then
replace a temporary password. Until then every page leads there; the JSON API answers as to someone not
signed in (401) unless a token authenticates the call."""
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from . import second_factor

# Reachable before the gate is passed: signing out, the session's keep-alive, assets, health probes.
ALWAYS_OPEN = ("/accounts/logout/", "/accounts/session/", "/static/", "/healthz", "/readyz")
SECOND_FACTOR_PAGES = "/accounts/two-factor/"


class AccountGateMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if not user.is_authenticated or request.path.startswith(ALWAYS_OPEN):
            return self.get_response(request)
        if second_factor.pending(request):
            if request.path.startswith(SECOND_FACTOR_PAGES):
                return self.get_response(request)
            return self._away(request, "two_factor")
        staff = getattr(user, "staff", None)
        if staff is not None and staff.must_change_password and request.path != reverse("password_change"):
            return self._away(request, "password_change")
        return self.get_response(request)

    def _away(self, request, name):
        if request.path.startswith(("/api/", "/hsds/")):  # the JSON APIs: a session pending a step is no sign-in
            request.user = AnonymousUser()  # a token may still authenticate; the session does not
            return self.get_response(request)
        target = reverse(name)
        nxt = request.get_full_path()
        if request.method == "GET" and url_has_allowed_host_and_scheme(nxt, allowed_hosts=None) \
                and nxt not in ("/", target):
            target = f"{target}?{urlencode({'next': nxt})}"
        return redirect(target)
