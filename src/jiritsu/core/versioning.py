"""Optimistic version checks shared by every domain whose records two people may edit at once."""
from django.db.models import F

from .errors import Conflict


def bump_version(obj, expected_version: int | None) -> None:
    """Raise Conflict unless nobody saved `obj` since the form showing `expected_version` was opened.

    The conditional UPDATE is the check: two saves racing past a read-compare would both succeed.
    """
    if expected_version is not None and expected_version != obj.version:
        raise Conflict()
    updated = type(obj).objects.filter(pk=obj.pk, version=obj.version).update(version=F("version") + 1)
    if not updated:
        raise Conflict()
    obj.version += 1
