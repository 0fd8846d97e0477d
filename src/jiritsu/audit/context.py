"""Where the current access comes from (page, API endpoint or command), for the access log."""
import contextvars
from contextlib import contextmanager

_via = contextvars.ContextVar("jiritsu_via", default="system")


def current_via() -> str:
    return _via.get()


@contextmanager
def via(label: str):
    token = _via.set(label)
    try:
        yield
    finally:
        _via.reset(token)


class ViaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        prefix = "api" if request.path.startswith("/api/") else "web"
        with via(f"{prefix}: {request.method} {request.path}"):
            return self.get_response(request)
