import math
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.cache import add_never_cache_headers

SESSION_STATUS_PATH = "/accounts/session/"
PUBLIC_PREFIXES = ("/accounts/login", "/accounts/first-sign-in/", SESSION_STATUS_PATH, "/healthz", "/readyz", "/static/",
                   "/api/", "/hsds/", "/admin/")


class LoginRequiredMiddleware:
    """Every page needs a signed-in user; the API authenticates on its own (session or token)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated and not request.path.startswith(PUBLIC_PREFIXES):
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return self.get_response(request)


class NoStoreMiddleware:
    """`Cache-Control: no-store` (and no-cache, private) on every answer: pages, JSON, CSV and PDF can carry
    personal data, and neither a shared municipal PC's browser cache nor a proxy may keep a copy. Only an
    answer that says it is public (a bundled asset of the API docs) is left to be cached."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "public" not in response.get("Cache-Control", ""):
            add_never_cache_headers(response)
        return response


LAST_ACTIVITY_KEY = "jiritsu_last_activity"


def idle_seconds_left(request, now: float | None = None) -> int:
    """Seconds until the signed-in session ends for want of use (0: signed out or over)."""
    if not request.user.is_authenticated:
        return 0
    last = request.session.get(LAST_ACTIVITY_KEY)
    if last is None:
        return settings.IDLE_TIMEOUT_SECONDS
    # Rounded up: 0 only once the middleware has ended the session (its test is the same), so the page's
    # script never sends the user to the login page while the server still counts them signed in.
    return max(0, math.ceil(last + settings.IDLE_TIMEOUT_SECONDS - (now or time.time())))


def start_idle_clock(sender, request, user, **kwargs):
    """Sign-in is use: the idle time starts with it, saved with the new session (no write on the next page)."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_ACTIVITY_KEY] = time.time()


class IdleTimeoutMiddleware:
    """Ends a session left unused for IDLE_TIMEOUT_SECONDS, on the server: a closed laptop or a tab without
    script ends too. Every request counts as use except the page script's question how long is left (a GET
    of /accounts/session/). The time is written at most every tenth of the timeout (60 seconds at most), so
    most pages write no session row."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            last = request.session.get(LAST_ACTIVITY_KEY)
            if last is not None and now - last >= settings.IDLE_TIMEOUT_SECONDS:
                logout(request)
                messages.info(request, "一定時間操作がなかったため、自動的にログアウトしました。もう一度ログインしてください。")
            elif not (request.path == SESSION_STATUS_PATH and request.method == "GET"):
                step = min(60, settings.IDLE_TIMEOUT_SECONDS / 10)
                if last is None or now - last >= step:
                    request.session[LAST_ACTIVITY_KEY] = now
        return self.get_response(request)
