from django import forms

from engineroom.feeds.csvcheck import FILES


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (a file field cleans one file on its own)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".csv"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not files:
            return [super().clean(None, initial)]  # "This field is required."
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class ExtractUploadForm(forms.Form):
    files = MultipleFileField(
        label="CSV files of the extract",
        help_text="Choose any of: "
        + ", ".join(FILES)
        + ". Nothing is saved unless every row is valid.",
    )
