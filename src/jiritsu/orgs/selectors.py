"""Reads of the organisation tables that pages of other apps show."""
from .models import Body


def body_names() -> dict[int, str]:
    """Body id to name, for showing which body a row's case belongs to (one small query)."""
    return dict(Body.objects.values_list("pk", "name"))
