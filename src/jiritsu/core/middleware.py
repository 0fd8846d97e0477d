from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.utils.cache import add_never_cache_headers

PUBLIC_PREFIXES = ("/accounts/login", "/accounts/first-sign-in/", "/healthz", "/readyz", "/static/", "/api/", "/hsds/", "/admin/")


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
