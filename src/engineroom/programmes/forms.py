"""Forms of the programme pages, with NHS.UK classes on every widget."""

from __future__ import annotations

import datetime as dt

from django import forms

from engineroom.programmes import queries
from engineroom.programmes.models import (
    HighlightReport,
    ImportKind,
    LTPArea,
    Milestone,
    Programme,
    Risk,
)
from engineroom.web import uploads
from engineroom.web.forms import (
    BoundedDateField,
    BoundedIntegerField,
    NHSFormMixin,
    UploadField,
    years_from_today,
)
from engineroom.web.periods import parse_month

FIRST_MONTH = dt.date(2000, 4, 1)  # no report can be for a month before the first one tracked


class ProgrammeForm(NHSFormMixin, forms.ModelForm):
    ltp_areas = forms.MultipleChoiceField(
        label="Long Term Plan areas",
        choices=LTPArea.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    percent_complete = BoundedIntegerField(label="Percent complete", min_value=0, max_value=100)

    class Meta:
        model = Programme
        fields = [
            "code",
            "name",
            "level",
            "sro",
            "lead",
            "board",
            "objectives",
            "ltp_areas",
            "status",
            "percent_complete",
        ]
        help_texts = {"code": "Short reference used in web addresses, like stroke or uec."}

    def __init__(self, *args, system, **kwargs):
        self.system = system
        super().__init__(*args, **kwargs)

    def clean_code(self):
        code = self.cleaned_data["code"]
        if queries.code_taken(self.system, code, other_than=self.instance):
            raise forms.ValidationError("Another programme already uses this code.")
        return code


SCORE_CHOICES = [(i, str(i)) for i in range(1, 6)]


def score(label: str) -> BoundedIntegerField:
    """A likelihood or impact score from 1 to 5."""
    return BoundedIntegerField(
        label=label, min_value=1, max_value=5, widget=forms.Select(choices=SCORE_CHOICES)
    )


class RiskForm(NHSFormMixin, forms.ModelForm):
    review_date = BoundedDateField(label="Review date")
    inherent_likelihood = score("Inherent likelihood")
    inherent_impact = score("Inherent impact")
    current_likelihood = score("Current likelihood")
    current_impact = score("Current impact")
    target_likelihood = score("Target likelihood")
    target_impact = score("Target impact")

    class Meta:
        model = Risk
        fields = [
            "programme",
            "title",
            "cause",
            "event",
            "effect",
            "owner",
            "inherent_likelihood",
            "inherent_impact",
            "current_likelihood",
            "current_impact",
            "target_likelihood",
            "target_impact",
            "mitigations",
            "review_date",
            "escalation",
        ]

    def __init__(self, *args, system, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = queries.programmes_in(system)

    def clean(self):
        data = super().clean()
        try:
            current = data["current_likelihood"] * data["current_impact"]
            target = data["target_likelihood"] * data["target_impact"]
        except (KeyError, TypeError):
            return data
        if target > current:
            self.add_error("target_impact", "The target score cannot be above the current score.")
        return data


class RiskToIssueForm(NHSFormMixin, forms.Form):
    resolve_by = BoundedDateField(label="Resolve by")


class ReportForm(NHSFormMixin, forms.ModelForm):
    month_text = forms.CharField(
        label="Month", help_text="For example 2025-04 for April 2025.", max_length=7
    )

    class Meta:
        model = HighlightReport
        fields = [
            "overall_rag",
            "schedule_rag",
            "finance_rag",
            "risk_rag",
            "commentary",
            "achievements",
            "next_steps",
            "decisions_needed",
        ]

    def __init__(self, *args, fixed_month=None, **kwargs):
        super().__init__(*args, **kwargs)
        if fixed_month is not None:
            del self.fields["month_text"]

    def clean_month_text(self):
        try:
            month = parse_month(self.cleaned_data["month_text"].strip())
        except ValueError as error:
            raise forms.ValidationError(
                "Enter the month as year and month, like 2025-04."
            ) from error
        last = years_from_today(5)()
        if not FIRST_MONTH <= month <= last:
            raise forms.ValidationError(
                f"Enter a month from {FIRST_MONTH:%Y-%m} to {last:%Y-%m}, like 2025-04."
            )
        return month


class MilestoneForm(NHSFormMixin, forms.ModelForm):
    forecast_date = BoundedDateField(label="Forecast date")
    actual_date = BoundedDateField(
        label="Actual date",
        required=False,
        help_text="Leave empty until the milestone is achieved.",
    )

    class Meta:
        model = Milestone
        fields = ["forecast_date", "actual_date"]


class ImportForm(NHSFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="What the file holds",
        choices=ImportKind.choices,
    )
    file = UploadField(
        check=uploads.check_import,
        label="XLSX or CSV file",
        help_text="The first row names the columns. Up to 5 MB and 10,000 rows. "
        "Nothing is saved until you confirm.",
    )
