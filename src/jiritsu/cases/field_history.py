"""Writing a change so that the field history (django-simple-history) records it, and who made it.

The history sees a record's save(), never a QuerySet update() or bulk write: a state change of several
records (the plans a decision supersedes, the hand-offs a withdrawal ends) is saved record by record here.
The acting user comes from the request (simple_history's middleware); services name them as well, so a
change made by a command or an import is attributed too.
"""
from django.utils import timezone


def attribute(obj, user):
    """Record `user` as the author of the next save of `obj` in its history."""
    obj._history_user = user  # django-simple-history's documented way to name the user outside a request
    return obj


def save_changed(obj, user, *fields: str) -> None:
    """Save these fields of one record, the change entered in its field history under `user`."""
    attribute(obj, user).save(update_fields=list(fields))


def created_entries(model, objs, *, user, reason: str, at=None) -> list:
    """The history's first entries ("created") for records written in bulk (an import), which their save()
    never made: unsaved instances of the model's historical model, for the caller to insert in bulk too."""
    historical = model.history.model
    tracked = [f.attname for f in historical._meta.concrete_fields if not f.name.startswith("history_")]
    at = at or timezone.now()
    return [historical(**{name: getattr(obj, name) for name in tracked}, history_type="+", history_date=at,
                       history_user_id=user.pk if user else None, history_change_reason=reason)
            for obj in objs]
