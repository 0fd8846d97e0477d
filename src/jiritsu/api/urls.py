"""The JSON API root: authentication, the mapping of domain errors to HTTP answers, and the docs.

Answers to errors always carry `reason` (machine-readable) and `message` (Japanese):
- not signed in / no valid token                  401 `unauthenticated`
- CSRF token missing on a browser's unsafe request 403 `csrf_failed`
- in scope but the role may not take the step      403 `not_permitted`
- a read-only token on POST/PUT/PATCH/DELETE         403 `token_read_only`
- out of scope or missing (no hint which)          404 `not_found`
- the process refuses the step (nothing changed)   409 e.g. `step_not_allowed_in_status`
- someone saved first (optimistic version)         409 `edit_conflict`
- If-Match names another version than the current  412 `precondition_failed` (core.etags)
- bad input                                        422 `invalid` with `errors: {field: [messages]}`
"""
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaError
from ninja.security import APIKeyCookie, HttpBearer

from jiritsu.audit.context import authenticated_by_token
from jiritsu.cases.api import check_path_scope
from jiritsu.cases.api import router as cases_router
from jiritsu.cases.process import InvalidStep
from jiritsu.core.errors import Conflict, NotPermitted, PreconditionFailed
from jiritsu.orgs.api import router as orgs_router
from jiritsu.programs.api import router as programs_router

from .docs import LocalSwagger, docs_asset
from .errors import field_errors
from .inputs import refuse_control_characters
from .models import ApiToken

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class ReadOnlyToken(Exception):
    """A read-only token was used to change something."""


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>` for integrations; the token acts as its staff user."""

    def authenticate(self, request, token):
        row = ApiToken.objects.select_related("user__staff__organisation").filter(
            token_hash=ApiToken.digest(token)).first()
        if row is None:
            return None
        authenticated_by_token(row.pk)  # a revoked or expired token's refusal names it too
        if not row.usable():
            return None
        request.user = row.user  # services, audit and history (and a refusal's log row) read the acting user here
        if not row.can_write and request.method not in SAFE_METHODS:
            raise ReadOnlyToken()
        return row.user


class SessionAuth(APIKeyCookie):
    """The browser's session; unsafe methods must carry the CSRF token (X-CSRFToken)."""

    param_name = settings.SESSION_COOKIE_NAME

    def __call__(self, request):
        # A request with an Authorization header is an integration, not a browser: the token decides,
        # and a browser's cross-site request cannot set that header (no CSRF risk to check here).
        if "Authorization" in request.headers:
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return super().__call__(request)  # checks CSRF, then authenticate()

    def authenticate(self, request, key):
        return request.user


api = NinjaAPI(
    title="jiritsu API",
    version="1",
    description=(
        "生活困窮者自立支援 相談支援の API。画面と同じ手続き・権限・監査が適用されます。\n\n"
        "認証：ブラウザのログイン（更新系は X-CSRFToken ヘッダーが必要）または "
        "`Authorization: Bearer <トークン>`（画面の「APIトークン」または `jiritsu issue-api-token USERNAME --label 用途` で発行。"
        "有効期限つき、既定は読み取り専用）。\n\n"
        "日付は西暦（2024-04-01）または和暦（R6.4.1、令和6年4月1日）で指定できます。"
        "範囲外のケースは存在しない場合と同じく 404 になります。"
    ),
    auth=[SessionAuth(), TokenAuth()],
    urls_namespace="api",
    docs=LocalSwagger(),
)


api.add_decorator(refuse_control_characters)


def _error(request, status, reason, message, **extra):
    return api.create_response(request, {"reason": reason, "message": message, **extra}, status=status)


@api.exception_handler(InvalidStep)
def invalid_step(request, exc: InvalidStep):
    return _error(request, 409, exc.reason, exc.message)


@api.exception_handler(Conflict)
def conflict(request, exc: Conflict):
    return _error(request, 409, exc.reason, exc.message)


@api.exception_handler(PreconditionFailed)
def precondition_failed(request, exc: PreconditionFailed):
    return _error(request, 412, exc.reason, exc.message)


@api.exception_handler(NotPermitted)
def not_permitted(request, exc: NotPermitted):
    return _error(request, 403, "not_permitted", exc.message)


@api.exception_handler(ReadOnlyToken)
def read_only_token(request, exc):
    return _error(request, 403, "token_read_only",
                  "このAPIトークンは読み取り専用です。更新するには書き込み可のトークンを発行してください。")


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc: PermissionDenied):
    # The pages' refusal of a role (e.g. programs.policies.require_policy_staff), with its own message.
    return _error(request, 403, "not_permitted", str(exc) or "この操作を行う権限がありません。")


@api.exception_handler(Http404)
def not_found(request, exc):
    return _error(request, 404, "not_found", "見つかりません。")


@api.exception_handler(ValidationError)
def invalid(request, exc: ValidationError):
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return _error(request, 422, "invalid", "入力内容に誤りがあります。", errors=errors)


@api.exception_handler(SchemaError)
def invalid_schema(request, exc: SchemaError):
    # The object named in the path is checked first: an outsider gets 404, not a hint from the body's errors.
    try:
        check_path_scope(request)
    except Http404 as missing:
        return not_found(request, missing)
    return _error(request, 422, "invalid", "入力内容に誤りがあります。", errors=field_errors(exc.errors))


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return _error(request, 401, "unauthenticated",
                  "ログインしていないか、APIトークンが無効です。ログインするか、有効なトークンを指定してください。")


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    if exc.status_code == 403 and "CSRF" in str(exc):
        return _error(request, 403, "csrf_failed",
                      "CSRF トークンを確認できませんでした。画面を再読み込みしてから、もう一度お試しください。")
    if exc.status_code == 400:
        return _error(request, 400, "bad_request", "リクエストの本文を JSON として読めません。")
    return _error(request, exc.status_code, "http_error", str(exc))


# The docs page's own scripts and styles, served from django-ninja's bundled copies (no CDN).
api.get("/docs/assets/{name}", auth=None, include_in_schema=False, url_name="docs-asset")(docs_asset)

api.add_router("/", orgs_router)
api.add_router("/", programs_router)
api.add_router("/", cases_router)
