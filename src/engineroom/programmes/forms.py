"""Forms of the programme pages, with NHS.UK classes on every widget."""

from __future__ import annotations

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
from engineroom.web.forms import DateInput, NHSFormMixin
from engineroom.web.periods import parse_month


class ProgrammeForm(NHSFormMixin, forms.ModelForm):
    ltp_areas = forms.MultipleChoiceField(
        label="Long Term Plan areas",
        choices=LTPArea.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

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


class RiskForm(NHSFormMixin, forms.ModelForm):
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
        widgets = {
            "review_date": DateInput(),
            **{
                f"{k}_{d}": forms.Select(choices=SCORE_CHOICES)
                for k in ("inherent", "current", "target")
                for d in ("likelihood", "impact")
            },
        }

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
    resolve_by = forms.DateField(label="Resolve by", widget=DateInput())


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
            return parse_month(self.cleaned_data["month_text"].strip())
        except ValueError as error:
            raise forms.ValidationError(
                "Enter the month as year and month, like 2025-04."
            ) from error


class MilestoneForm(NHSFormMixin, forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["forecast_date", "actual_date"]
        widgets = {
            "forecast_date": DateInput(),
            "actual_date": DateInput(),
        }
        help_texts = {"actual_date": "Leave empty until the milestone is achieved."}


class ImportForm(NHSFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="What the file holds",
        choices=ImportKind.choices,
    )
    file = forms.FileField(
        label="XLSX or CSV file",
        help_text="The first row names the columns. Nothing is saved until you confirm.",
    )

    def clean_file(self):
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError("The file must be an XLSX workbook or a CSV file.")
        if f.size > 5_000_000:
            raise forms.ValidationError("The file must be smaller than 5 MB.")
        return f
