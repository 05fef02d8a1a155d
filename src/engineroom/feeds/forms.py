from django import forms

from engineroom.feeds.csvcheck import FILES
from engineroom.population import manual_links
from engineroom.web import uploads
from engineroom.web.forms import (
    BoundedDateField,
    MultipleFileInput,
    MultipleUploadField,
    NHSFormMixin,
)


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


# --- Filters (GET forms: every list works without JavaScript) -------------------------------------


class FilterForm(NHSFormMixin, forms.Form):
    """A list's filters: each a choice of the values present (blank: any)."""

    names: tuple[str, ...] = ()
    labels: dict[str, str] = {}

    def __init__(self, data, choices: dict[str, list[tuple[str, str]]]):
        super().__init__(data)
        for name in self.names:
            self.fields[name] = forms.ChoiceField(
                label=self.labels[name],
                required=False,
                choices=[("", "Any"), *choices.get(name, [])],
            )
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "nhsuk-select")

    def filters(self) -> dict[str, str]:
        """The valid filters chosen (a value not offered is ignored, not an error page)."""
        self.is_valid()
        return {n: self.cleaned_data.get(n) or "" for n in self.names if n not in self.errors}


class FeedFilterForm(FilterForm):
    names = ("partner", "kind", "status", "month")
    labels = {"partner": "Partner", "kind": "Feed", "status": "Status", "month": "Extract month"}


class QuarantineFilterForm(FilterForm):
    names = ("file", "field", "reason")
    labels = {"file": "File", "field": "Field", "reason": "Rule broken"}


class FileQuarantineFilterForm(FilterForm):
    names = ("field", "reason", "severity")
    labels = {"field": "Field", "reason": "Rule broken", "severity": "Outcome"}


class SenderFilterForm(FilterForm):
    names = ("source",)
    labels = {"source": "Sender"}


# --- Working the quarantine -----------------------------------------------------------------------


class CorrectionForm(NHSFormMixin, forms.Form):
    """Every column of a quarantined record, as sent; the data manager edits what was wrong."""

    def __init__(self, *args, record: dict[str, str], problems: list[dict], **kwargs):
        kwargs["initial"] = record | (kwargs.get("initial") or {})  # FormView passes {}
        super().__init__(*args, **kwargs)
        wrong = {}
        for p in problems:
            wrong.setdefault(p["field"], []).append(p["reason"])
        for column in record:
            self.fields[column] = forms.CharField(
                label=column,
                required=False,
                strip=True,
                max_length=1000,
                help_text="Quarantined: " + "; ".join(wrong[column]) if column in wrong else "",
            )
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "nhsuk-input")

    def values(self) -> dict[str, str]:
        return {k: v or "" for k, v in self.cleaned_data.items()}


class ReleaseForm(forms.Form):
    """Release a row as sent (a button: nothing to fill in)."""


class ResubmitForm(NHSFormMixin, forms.Form):
    note = forms.CharField(
        label="What should the sender correct?",
        widget=forms.Textarea,
        max_length=1000,
        error_messages={"required": "Say what the sender should correct"},
    )


# --- Working the unlinked queue ---------------------------------------------------------------------


def nhs_number_field(**kwargs) -> forms.CharField:
    return forms.CharField(label="NHS number", max_length=20, validators=[_modulus_11], **kwargs)


def _modulus_11(value: str) -> None:
    if not manual_links.valid_nhs_number(value):
        raise forms.ValidationError("Enter a valid 10-digit NHS number (the check digit is wrong)")


class CandidateSearchForm(NHSFormMixin, forms.Form):
    """Find people registered at the system's practices: by NHS number, or by date of birth and
    family name together (a date of birth alone would list strangers). Posted, never in a URL."""

    search = forms.CharField(widget=forms.HiddenInput, initial="1")
    nhs_number = nhs_number_field(required=False)
    birth_date = BoundedDateField(label="Date of birth", required=False)
    family_name = forms.CharField(label="Family name", required=False, max_length=100)

    def clean(self):
        data = super().clean()
        if self.errors.get("nhs_number") or data.get("nhs_number"):
            return data
        if not data.get("birth_date") and not data.get("family_name"):
            raise forms.ValidationError("Enter an NHS number, or a date of birth and family name")
        if not data.get("birth_date") and "birth_date" not in self.errors:
            self.add_error("birth_date", "Enter the date of birth as well as the family name")
        if not data.get("family_name"):
            self.add_error("family_name", "Enter the family name as well as the date of birth")
        return data

    def terms(self) -> dict[str, str]:
        data = self.cleaned_data
        return {
            "nhs_number": manual_links.valid_nhs_number(data.get("nhs_number")) or "",
            "birth_date": data["birth_date"].isoformat() if data.get("birth_date") else "",
            "family_name": (data.get("family_name") or "").strip(),
        }


class MatchForm(NHSFormMixin, forms.Form):
    nhs_number = nhs_number_field(widget=forms.HiddenInput)


class NewPersonForm(forms.Form):
    """Confirm a record as a new person (a button: nothing to fill in)."""
