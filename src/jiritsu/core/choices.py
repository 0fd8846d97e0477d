"""Labels of lists of codes of a TextChoices class (a field holding several codes, which has no
get_FOO_display). A single choice field's label is its get_FOO_display()."""
from functools import cache


@cache
def enum_labels(choices) -> dict:
    """{value: label} of a TextChoices class, built once: iterating the enum (`.values`, `.choices`) on each
    call costs as much as a model field's choices dictionary."""
    return dict(choices.choices)


def labels_of(choices, values) -> list[str]:
    """The labels of a list of codes of a TextChoices class (unknown codes left out), in the list's order."""
    labels = enum_labels(choices)
    return [str(labels[v]) for v in values if v in labels]
