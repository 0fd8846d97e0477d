"""What every outreach form view does the same way: run the service, errors at the fields, input kept."""
from functools import partial

from jiritsu.core.forms import save_or_render as _save_or_render

# Outreach answers invalid input with 400 (its pages and tests rely on it).
save_or_render = partial(_save_or_render, invalid_status=400)


def versioned(obj) -> dict:
    return {"version": obj.version}
