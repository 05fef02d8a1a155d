from django import forms

from engineroom.feeds.csvcheck import FILES


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ExtractUploadForm(forms.Form):
    files = forms.FileField(
        label="CSV files of the extract",
        help_text="Choose any of: "
        + ", ".join(FILES)
        + ". Nothing is saved unless every row is valid.",
        widget=MultipleFileInput(attrs={"accept": ".csv"}),
    )

    def clean_files(self):
        return self.files.getlist("files")
