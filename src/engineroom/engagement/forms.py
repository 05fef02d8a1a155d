"""Forms of the consultation workspace: a new consultation, a question, a status change, a
responses file and its column mapping, and what to do with a question's themes."""

from __future__ import annotations

from django import forms

from engineroom.engagement import imports as reading
from engineroom.engagement.models import Demographic, QuestionKind, Status
from engineroom.web import uploads
from engineroom.web.forms import BoundedDateField, NHSFormMixin, UploadField


class ConsultationForm(NHSFormMixin, forms.Form):
    title = forms.CharField(max_length=200)
    slug = forms.SlugField(
        label="Short name for its web address",
        max_length=60,
        help_text="For example, urgent-care-2026",
    )
    description = forms.CharField(
        widget=forms.Textarea,
        max_length=5_000,
        help_text="What it is about, as the public reads it.",
    )
    opens_on = BoundedDateField(label="Opens on", required=False)
    closes_on = BoundedDateField(label="Closes on", required=False)
    standard_questions = forms.BooleanField(
        label="Add the standard “About you” questions (age, sex, ethnic group, place, postcode district)",
        required=False,
        initial=True,
    )


class QuestionForm(NHSFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="Kind of question", choices=QuestionKind.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(label="Question", max_length=500)
    hint = forms.CharField(label="Hint (optional)", max_length=300, required=False)
    options = forms.CharField(
        label="Answers to choose from, one a line (closed and “About you” questions)",
        widget=forms.Textarea,
        max_length=5_000,
        required=False,
        help_text="Leave blank for an “About you” question to use the register's categories.",
    )
    demographic = forms.ChoiceField(
        label="“About you”: which register field it asks",
        choices=[("", "Not an “About you” question"), *Demographic.choices],
        required=False,
    )
    required = forms.BooleanField(label="An answer is required", required=False)

    def clean_options(self):
        return [line.strip() for line in self.cleaned_data["options"].splitlines() if line.strip()]


class StatusForm(NHSFormMixin, forms.Form):
    status = forms.ChoiceField(choices=Status.choices)


def check_responses(upload) -> None:
    """A responses file: CSV or XLSX within the consultation limits (40 MB, 50,000 rows)."""
    limits = reading.CONSULTATION
    uploads.check_name_and_size(upload, extensions=(".csv", ".xlsx"), max_bytes=limits.max_bytes)
    if uploads.extension(upload.name) == ".xlsx":
        upload.seek(0)
        uploads.check_workbook_zip(upload.name, upload, limits)
        upload.seek(0)


class ResponsesForm(NHSFormMixin, forms.Form):
    file = UploadField(
        check=check_responses,
        label="Responses file",
        help_text="An export from Citizen Space or SmartSurvey, or any CSV or XLSX with one "
        "response a row and a header row; up to 40 MB and 50,000 rows.",
    )


PERSONAL_HINT = (
    "This column holds personal data (a name or contact details), so it is not imported. "
    "If you map it to a question all the same, its answers are redacted."
)


class MappingForm(NHSFormMixin, forms.Form):
    """One select a column of the file (``column_0``, ``column_1``...), the guess pre-filled;
    a column whose header says it holds personal data says so (``personal``: their names)."""

    def __init__(self, *args, columns=(), choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.columns = list(columns)
        self.personal = [name for name in self.columns if reading.personal(name)]
        for index, name in enumerate(self.columns):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=name,
                choices=choices,
                help_text=PERSONAL_HINT if name in self.personal else "",
            )

    def mapping(self) -> dict[str, str]:
        return {name: self.cleaned_data[f"column_{i}"] for i, name in enumerate(self.columns)}


THEME_STEPS = {
    "propose": "Propose themes from the answers",
    "rename": "Rename",
    "accept": "Accept into the framework",
    "merge": "Merge",
    "split": "Split in two",
    "remove": "Remove",
    "map": "Map every answer to the framework",
}
NEEDS = {"rename": 1, "split": 1, "remove": 1, "accept": 1, "merge": 2}  # themes to choose


class ThemeForm(NHSFormMixin, forms.Form):
    """Every step on a question's themes: ``step`` says which; the themes chosen by checkbox."""

    step = forms.ChoiceField(choices=list(THEME_STEPS.items()), widget=forms.HiddenInput)
    themes = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    label = forms.CharField(label="New name", max_length=120, required=False)
    description = forms.CharField(label="Description", max_length=500, required=False)

    def __init__(self, *args, themes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].choices = [(str(t.pk), t.label) for t in themes]
        self.live = {str(t.pk): t for t in themes}

    def clean(self):
        data = super().clean()
        step, chosen = data.get("step"), data.get("themes") or []
        need = NEEDS.get(step, 0)
        if need == 1 and step != "accept" and len(chosen) != 1:
            raise forms.ValidationError(f"Choose one theme to {THEME_STEPS[step].lower()}.")
        if len(chosen) < need:
            raise forms.ValidationError(
                f"Choose {'two themes or more' if need > 1 else 'a theme'}."
            )
        if step == "rename" and not (data.get("label") or "").strip():
            self.add_error("label", "Give the theme a name.")
        data["chosen"] = [self.live[pk] for pk in chosen]
        return data
