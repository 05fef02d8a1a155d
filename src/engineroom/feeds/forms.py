from django import forms

from engineroom.feeds.csvcheck import FILES
from engineroom.web import uploads
from engineroom.web.forms import MultipleFileInput, MultipleUploadField


class ExtractUploadForm(forms.Form):
    files = MultipleUploadField(
        check=uploads.check_extract_file,
        widget=MultipleFileInput(attrs={"accept": ".csv"}),
        label="CSV files of the extract",
        help_text="Choose any of: "
        + ", ".join(FILES)
        + f". Each up to {uploads.megabytes(uploads.EXTRACT.max_bytes)} and "
        f"{uploads.EXTRACT.max_rows:,} rows. Nothing is saved unless every row is valid.",
        error_messages={"required": "Choose the CSV files of the extract"},
    )
