"""Form pieces every app shares: NHS.UK classes on widgets and a native date input.

Templates draw a form with ``{% include "web/_error_summary.html" %}`` and
``{% include "web/_fields.html" %}``.
"""

from __future__ import annotations

from django import forms


class NHSFormMixin:
    """Give every widget of a form its NHS.UK class."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            _style(field.widget)


def _style(widget: forms.Widget) -> None:
    if isinstance(widget, forms.Textarea):
        widget.attrs.setdefault("class", "nhsuk-textarea")
        widget.attrs.setdefault("rows", 3)
    elif isinstance(widget, forms.CheckboxSelectMultiple):
        return  # drawn box by box by web/_fields.html
    elif isinstance(widget, forms.Select):
        widget.attrs.setdefault("class", "nhsuk-select")
    elif isinstance(widget, forms.ClearableFileInput):
        widget.attrs.setdefault("class", "nhsuk-file-upload")
    elif isinstance(widget, forms.CheckboxInput):
        widget.attrs.setdefault("class", "nhsuk-checkboxes__input")
    else:
        widget.attrs.setdefault("class", "nhsuk-input")


class DateInput(forms.DateInput):
    """The browser's date picker; values as ISO dates."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        super().__init__(attrs, format=format)
