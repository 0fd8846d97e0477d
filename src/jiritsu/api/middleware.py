"""Every error the APIs answer is JSON in its one shape (`reason`, `message`), also those that never reach
an endpoint: a path no endpoint has (404), a method the path does not take (405), a failure answered by
Django's error views (400, 403, 500). The endpoints' own errors are already JSON (api.urls).

And every GET of the APIs (/api/, /hsds/) is conditional the same way (core.etags): a weak ETag of the
answer's content when the endpoint set none (lists), and 304 Not Modified to a matching If-None-Match."""
import hashlib

from django.http import JsonResponse
from django.utils.cache import get_conditional_response

API_PREFIXES = ("/api/", "/hsds/")  # the JSON API and the directory's HSDS API

ANSWERS = {
    400: ("bad_request", "リクエストを読み取れません。"),
    403: ("forbidden", "この操作を行う権限がありません。"),
    404: ("not_found", "見つかりません。"),
    405: ("method_not_allowed", "この URL ではそのメソッドは使えません。"),
    412: ("precondition_failed", "If-Match の版が現在の記録と一致しません。最新の内容を読み直してください。"),
    500: ("server_error", "システムでエラーが発生しました。しばらくしてから、もう一度お試しください。"),
}


def _is_json(response) -> bool:
    return response.get("Content-Type", "").startswith("application/json")


class ApiErrorsAsJson:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code < 400 or _is_json(response) or not request.path.startswith(API_PREFIXES):
            return response
        status = response.status_code
        reason, message = ANSWERS.get(status, ANSWERS[500] if status >= 500 else ANSWERS[400])
        answer = JsonResponse({"reason": reason, "message": message}, status=status,
                              json_dumps_params={"ensure_ascii": False})
        if "Allow" in response:  # a 405 says which methods the path takes
            answer["Allow"] = response["Allow"]
        return answer


class ConditionalGet:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (request.method not in ("GET", "HEAD") or response.status_code != 200 or response.streaming
                or not request.path.startswith(API_PREFIXES)):
            return response
        if not response.has_header("ETag"):
            response["ETag"] = f'W/"{hashlib.sha256(response.content).hexdigest()[:32]}"'
        return get_conditional_response(request, etag=response["ETag"], response=response)
