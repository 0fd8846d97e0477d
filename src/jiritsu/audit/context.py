"""Where the current access comes from, for the access log: the page, API endpoint or command (`via`),
the client's address and the API token that authenticated it (none for a browser or a command)."""
import contextvars
from contextlib import contextmanager
from dataclasses import dataclass, replace

from jiritsu.core.client import client_address


@dataclass(frozen=True)
class Origin:
    via: str = "system"
    client_address: str | None = None
    token_id: int | None = None


SYSTEM = Origin()  # a command or job outside any request
_origin: contextvars.ContextVar[Origin | None] = contextvars.ContextVar("jiritsu_origin", default=None)


def current_origin() -> Origin:
    return _origin.get() or SYSTEM


@contextmanager
def via(label: str, *, client: str | None = None):
    """Accesses inside are recorded as made through `label` (a command's name, a page's method and path)."""
    outer = current_origin()
    token = _origin.set(Origin(via=label, client_address=client or outer.client_address, token_id=outer.token_id))
    try:
        yield
    finally:
        _origin.reset(token)


def authenticated_by_token(token_id: int) -> None:
    """The API's token authentication names the token for the rest of the request's rows."""
    # Set, not reset: the middleware's own reset at the end of the request puts back what was before it.
    _origin.set(replace(current_origin(), token_id=token_id))


class ViaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        prefix = "api" if request.path.startswith("/api/") else "web"
        with via(f"{prefix}: {request.method} {request.path}", client=client_address(request)):
            return self.get_response(request)
