"""Refusals in the access log: every 403 and 404 a signed-in user (or an API token) is answered with.

A middleware, not the views: a refusal can come from any view, policy, CSRF check or error handler
(HTML or JSON), and the status code the client finally gets is the one thing they all share. Only URLs
the site has count: a 404 for a path no view serves (a typo, /favicon.ico) asks for nothing.
"""
from . import log
from .models import AccessLog

REASONS = {401: "無効なAPIトークン", 403: "権限なし", 404: "見つからない・範囲外"}


class RefusalLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if _is_refusal(request, response.status_code):
            log.record(user=getattr(request, "user", None), action=AccessLog.Action.DENIED,
                       what=describe(request, response.status_code))
        return response


def _is_refusal(request, status: int) -> bool:
    if status == 401:
        # Only a presented token that did not pass (wrong, revoked, expired); a page asked without one is not.
        return "Authorization" in request.headers
    if status not in (403, 404) or getattr(request, "resolver_match", None) is None:
        return False
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated


def describe(request, status: int) -> str:
    """What was asked, and the answer: `見つからない・範囲外（404）: GET /cases/12/`."""
    return f"{REASONS[status]}（{status}）: {request.method} {request.get_full_path()}"[:200]
