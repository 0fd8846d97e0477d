"""Choice labels at the cost of one dictionary look-up.

Model.get_FOO_display() rebuilds a dictionary of all the field's choices on every call, hashing each
lazy label (a translation look-up per choice): 20–60 µs a call, about a millisecond on a page showing
a few dozen. The labels are built once per field here; each stays lazy until it is shown, so the
active language still decides the text.
"""
from functools import cache


@cache
def _labels(model, field_name: str) -> dict:
    return dict(model._meta.get_field(field_name).flatchoices)


def choice_label(obj, field_name: str) -> str:
    """What obj.get_<field_name>_display() returns: the value's label, or the value when it has none."""
    return label_of(type(obj), field_name, getattr(obj, field_name))


def label_of(model, field_name: str, value) -> str:
    """The label of `value` of model.field_name (for values read without their model, e.g. values_list)."""
    label = _labels(model, field_name).get(value, value)
    return label if label is None else str(label)


@cache
def enum_labels(choices) -> dict:
    """{value: label} of a TextChoices class, built once: iterating the enum (`.values`, `.choices`) on each
    call costs as much as a model field's choices dictionary."""
    return dict(choices.choices)


def labels_of(choices, values) -> list[str]:
    """The labels of a list of codes of a TextChoices class (unknown codes left out), in the list's order."""
    labels = enum_labels(choices)
    return [str(labels[v]) for v in values if v in labels]
