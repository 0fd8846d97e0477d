"""What every outreach form view does the same way: run the service, errors at the fields, input kept."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import render

from jiritsu.core.errors import Conflict
from jiritsu.core.forms import apply_service_errors


def save_or_render(request, form, save, template: str, context: dict, done: str, form_name: str = "form"):
    """`save(data, version)` runs the service; returns its result, or the page again with the errors."""
    status = 200
    if form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version", None)
        try:
            saved = save(data, version)
        except ValidationError as exc:
            apply_service_errors(form, exc)
            status = 400
        except Conflict as exc:
            form.add_error(None, exc.message)
            status = 409
        else:
            messages.success(request, done)
            return saved, None
    else:
        status = 400
    return None, render(request, template, {**context, form_name: form}, status=status)


def versioned(obj) -> dict:
    return {"version": obj.version}
