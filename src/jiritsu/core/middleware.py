from django.conf import settings
from django.contrib.auth.views import redirect_to_login

PUBLIC_PREFIXES = ("/accounts/login", "/accounts/first-sign-in/", "/healthz", "/readyz", "/static/", "/api/", "/admin/")


class LoginRequiredMiddleware:
    """Every page needs a signed-in user; the API authenticates on its own (session or token)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated and not request.path.startswith(PUBLIC_PREFIXES):
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return self.get_response(request)
