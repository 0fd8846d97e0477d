"""The rule every API input holds beyond its schema: no control characters in any text, body or query
(core.text; the forms refuse the same with core.forms.TextField).

Applied to every operation after its schema has read the input (`api.add_decorator`), so a new endpoint
cannot forget it; refused as 422 `invalid` with the message at the field, or 404 first when the path names
an object outside the caller's scope (nothing learnt about it from the body)."""
from functools import wraps

from django.core.exceptions import ValidationError
from pydantic import BaseModel

from jiritsu.cases.api import check_path_scope
from jiritsu.core.text import CONTROL_MESSAGE, has_control_characters


def _texts(value, path: tuple):
    """(path, text) for every string in a value read from JSON or a query string (dict keys included)."""
    if isinstance(value, BaseModel):
        value = value.model_dump()
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield path + (str(key),), str(key)
            yield from _texts(item, path + (str(key),))
    elif isinstance(value, list | tuple | set):
        for i, item in enumerate(value):
            yield from _texts(item, path + (str(i),))


def _field(name: str, value, path: tuple) -> str:
    # A body's fields are named without the view's parameter name (as api.errors.field_name does).
    parts = path if isinstance(value, BaseModel) and path else (name, *path)
    return ".".join(parts) or "__all__"


def refuse_control_characters(view):
    @wraps(view)
    def checked(request, *args, **kwargs):
        errors = {_field(name, value, path): [CONTROL_MESSAGE]
                  for name, value in kwargs.items()
                  for path, text in _texts(value, ()) if has_control_characters(text)}
        if errors:
            check_path_scope(request)
            raise ValidationError(errors)
        return view(request, *args, **kwargs)

    return checked
