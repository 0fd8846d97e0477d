"""ETags and If-Match for the JSON API: the optimistic version check the pages use, in HTTP's words.

A record's ETag is weak and made of its `version` (or, for a record without one, its `updated_at`):
`W/"7"`. A GET of one record answers it in the `ETag` header; an update answers the new one. An update
may send `If-Match` with the ETag (or `*`) instead of, or beside, `version` in its body: when it names
another version the update is refused with 412 `precondition_failed` and nothing changes. A save racing
past the check still meets the services' conditional UPDATE (409 `edit_conflict`). Lists get a weak ETag
of their content (api.middleware) and every GET answers 304 to a matching If-None-Match."""
from django.core.exceptions import ValidationError
from django.utils.http import parse_etags

from .errors import PreconditionFailed


def etag_of(record) -> str:
    version = getattr(record, "version", None)
    token = str(version) if version is not None else record.updated_at.isoformat()
    return f'W/"{token}"'


def _opaque(tag: str) -> str:
    return tag.removeprefix("W/")


def set_etag(response, record) -> None:
    response["ETag"] = etag_of(record)


def require_version_given(request, body_version: int | None) -> None:
    """An update names the version it read, in its body or in If-Match: ValidationError (422 at `version`)
    otherwise. Needs no record, so an update can refuse an incomplete body before looking the record up."""
    if body_version is None and request.headers.get("If-Match") is None:
        raise ValidationError({"version": "読み込んだ版（version）か If-Match ヘッダーを指定してください。"})


def expected_version(request, record, body_version: int | None = None) -> int:
    """The version an update of `record` may overwrite: `version` of the body when given, else the current
    one once If-Match has named it. Raises PreconditionFailed (412) when If-Match names another version,
    ValidationError (422 at `version`) when the caller gave neither."""
    require_version_given(request, body_version)
    header = request.headers.get("If-Match")
    if header is None:
        return body_version
    tags = {_opaque(tag) for tag in parse_etags(header)}
    if "*" not in tags and _opaque(etag_of(record)) not in tags:
        raise PreconditionFailed()
    return record.version if body_version is None else body_version


def check_if_match(request, record) -> None:
    """For a step on a record that needs no version (its status is checked under lock, as on the pages):
    If-Match, when sent, must still name the record's current version (412 otherwise)."""
    if "If-Match" in request.headers:
        expected_version(request, record)
