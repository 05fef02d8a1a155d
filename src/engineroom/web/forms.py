"""Form pieces every app shares: NHS.UK classes on widgets and a native date input.

Templates draw a form with ``{% include "web/_error_summary.html" %}`` and
``{% include "web/_fields.html" %}``.
"""

from __future__ import annotations

from django import forms


class NHSFormMixin:
    """Give every widget of a form its NHS.UK class, and point a field with an error at its
    error message (``aria-describedby``), as web/_fields.html draws them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            _style(field.widget)

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-describedby"] = f"{self[name].auto_id}-error"


def _style(widget: forms.Widget) -> None:
    if isinstance(widget, forms.Textarea):
        widget.attrs.setdefault("class", "nhsuk-textarea")
        widget.attrs.setdefault("rows", 3)
    elif isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
        return  # drawn option by option by web/_fields.html
    elif isinstance(widget, forms.Select):
        widget.attrs.setdefault("class", "nhsuk-select")
    elif isinstance(widget, forms.FileInput):
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
