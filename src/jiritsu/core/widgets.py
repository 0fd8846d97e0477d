"""Text boxes and drop-downs written straight to HTML, for forms shown on every view of a busy page.

Django renders each widget, and each <option> of a drop-down, through its form templates: the search
form's three fields cost a fifth of the search page. These give the same HTML (name, value, selected
option, and the attributes the bound field adds: id, required, aria-describedby, aria-invalid) without
the templates. Flat choices only (no option groups).
"""
from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


class PlainTextInput(forms.TextInput):
    def render(self, name, value, attrs=None, renderer=None):
        value = self.format_value(value)
        shown = format_html(' value="{}"', value) if value is not None else ""
        return format_html('<input type="{}" name="{}"{}{}>', self.input_type, name, shown,
                           flatatt(self.build_attrs(self.attrs, attrs)))


class PlainSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        options = format_html_join(
            "", '<option value="{}"{}>{}</option>',
            ((key, " selected" if str(key) in chosen else "", label) for key, label in self.choices))
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(self.build_attrs(self.attrs, attrs)),
                           options)
