"""The pages Django shows when a request fails (400, 403 and CSRF failure, 404, 500): in Japanese, with the
site's header and a way back. Under /api/ the same failures are JSON in the API's shape (`reason`,
`message`): see api.middleware.

A 404 says the same whether the thing is missing or out of the user's scope (no hint that it exists)."""
import logging

from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)

FALLBACK_500 = (
    '<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>エラー｜jiritsu 自立相談支援</title></head>'
    '<body><h1>システムでエラーが発生しました</h1><p>入力した内容は保存されていない可能性があります。'
    'しばらくしてから、もう一度お試しください。</p><p><a href="/">今日の業務へ戻る</a></p></body></html>'
)


def _page(request, template: str, status: int, context=None) -> HttpResponse:
    return HttpResponse(loader.render_to_string(template, context or {}, request), status=status)


@requires_csrf_token
def bad_request(request, exception=None):
    return _page(request, "400.html", 400)


@requires_csrf_token
def permission_denied(request, exception=None):
    # The views' own reasons are written for the user ("このページは県の政策担当者だけが利用できます。").
    message = str(exception) if exception is not None and exception.args else ""
    return _page(request, "403.html", 403, {"message": message})


@requires_csrf_token
def page_not_found(request, exception=None):
    return _page(request, "404.html", 404)


def csrf_failure(request, reason=""):
    return _page(request, "403_csrf.html", 403)


def server_error(request):
    """Rendered without the request's context: nothing that could fail again (the database, the session) is
    touched, and if even the template fails, a fixed page answers."""
    try:
        return HttpResponseServerError(loader.render_to_string("500.html", {}))
    except Exception:  # noqa: BLE001 - the error page itself must not fail
        logger.exception("the 500 page could not be rendered")
        return HttpResponseServerError(FALLBACK_500)
