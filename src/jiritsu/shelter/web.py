"""What the shelter's pages share: a posted form run through its service, the page again on refusal."""
from django.core.exceptions import PermissionDenied

from jiritsu.core.errors import NotPermitted
from jiritsu.core.forms import save_or_render


def posted(request, form, write, template: str, context, done: str, form_name: str):
    """core.forms.save_or_render for a shelter write: the service's refusal at the field with the input kept,
    a role that may not write 403. Returns (what was saved, None) or (None, the page again)."""
    def save(data, _version):
        try:
            return write(**data)
        except NotPermitted as refused:
            raise PermissionDenied(refused.message) from None

    return save_or_render(request, form, save, template, context, done, form_name=form_name)
