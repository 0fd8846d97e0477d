"""Text boxes and drop-downs written straight to HTML, for forms shown on every view of a busy page.

Django renders each widget, and each <option> of a drop-down, through its form templates: the search
form's three fields cost a fifth of the search page. These give the same HTML (name, value, selected
option, and the attributes the bound field adds: id, required, aria-describedby, aria-invalid) without
the templates, every value escaped as the templates escape (core.markup). Flat choices only (no option groups).
"""
from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe

from .markup import esc


class PlainTextInput(forms.TextInput):
    def render(self, name, value, attrs=None, renderer=None):
        value = self.format_value(value)
        shown = f' value="{esc(value)}"' if value is not None else ""
        attrs = flatatt(self.build_attrs(self.attrs, attrs))
        return mark_safe(f'<input type="{esc(self.input_type)}" name="{esc(name)}"{shown}{attrs}>')  # noqa: S308


class PlainSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        options = "".join(f'<option value="{esc(key)}"{" selected" if str(key) in chosen else ""}>{esc(label)}</option>'
                          for key, label in self.choices)
        attrs = flatatt(self.build_attrs(self.attrs, attrs))
        return mark_safe(f'<select name="{esc(name)}"{attrs}>{options}</select>')  # noqa: S308 - values escaped
