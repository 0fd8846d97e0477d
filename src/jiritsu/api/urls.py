"""The JSON API root: authentication and the mapping of domain errors to HTTP answers."""
from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.security import APIKeyCookie, HttpBearer

from jiritsu.cases.policies import NotPermitted
from jiritsu.cases.process import InvalidStep
from jiritsu.core.errors import Conflict

from .models import ApiToken


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        row = ApiToken.objects.select_related("user__staff__organisation").filter(
            token_hash=ApiToken.digest(token), revoked_at__isnull=True, user__is_active=True
        ).first()
        if row is None:
            return None
        request.user = row.user
        return row.user


class SessionAuth(APIKeyCookie):
    """The browser's session (CSRF checked on unsafe methods by ninja)."""

    param_name = "sessionid"

    def authenticate(self, request, key):
        user = getattr(request, "user", None)
        return user if user is not None and user.is_authenticated else None


api = NinjaAPI(
    title="jiritsu API",
    version="1",
    description="生活困窮者自立支援 相談支援の API。画面と同じ手続き・権限・監査が適用されます。",
    auth=[SessionAuth(), TokenAuth()],
    urls_namespace="api",
)


@api.exception_handler(InvalidStep)
def invalid_step(request, exc: InvalidStep):
    return api.create_response(request, {"reason": exc.reason, "message": exc.message}, status=409)


@api.exception_handler(Conflict)
def conflict(request, exc: Conflict):
    return api.create_response(request, {"reason": exc.reason, "message": exc.message}, status=409)


@api.exception_handler(NotPermitted)
def not_permitted(request, exc: NotPermitted):
    return api.create_response(request, {"reason": "not_permitted", "message": exc.message}, status=403)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"reason": "not_found", "message": "見つかりません。"}, status=404)


@api.exception_handler(ValidationError)
def invalid(request, exc: ValidationError):
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(
        request, {"reason": "invalid", "message": "入力内容に誤りがあります。", "errors": errors}, status=422
    )


from jiritsu.cases.api import router as cases_router  # noqa: E402

api.add_router("/", cases_router)
