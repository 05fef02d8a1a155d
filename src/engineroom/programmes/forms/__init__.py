"""Forms of the programme pages, with NHS.UK classes on every widget; the plan's are in
``forms.plan``."""

from __future__ import annotations

from django import forms

from engineroom.programmes import queries
from engineroom.programmes.forms.plan import (
    BenefitForm,
    BenefitMonthForm,
    DependencyForm,
    NewMilestoneForm,
    ProjectForm,
)
from engineroom.programmes.models import (
    HighlightReport,
    ImportKind,
    LTPArea,
    Milestone,
    Programme,
    Risk,
)
from engineroom.web import formatting, uploads
from engineroom.web.forms import (
    BoundedDateField,
    BoundedIntegerField,
    NHSFormMixin,
    UploadField,
)

__all__ = [
    "BenefitForm",
    "BenefitMonthForm",
    "DependencyForm",
    "ImportForm",
    "MilestoneForm",
    "NewMilestoneForm",
    "ProgrammeForm",
    "ProjectForm",
    "ReportForm",
    "RiskForm",
    "RiskToIssueForm",
]


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
    month = forms.CharField(
        label="Month",
        help_text="Only months with no report yet, up to this one.",
        widget=forms.Select,
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

    def __init__(self, *args, due_months=None, **kwargs):
        super().__init__(*args, **kwargs)
        if due_months is None:  # changing a report: its month is fixed
            del self.fields["month"]
            return
        self.due = {f"{m:%Y-%m}": m for m in due_months}
        self.fields["month"].widget.choices = [
            (k, formatting.month(m)) for k, m in self.due.items()
        ]

    def clean_month(self):
        text = self.cleaned_data["month"].strip()
        if text not in self.due:
            raise forms.ValidationError(
                "Choose a month from the list: a report is due for each month with none yet, up"
                " to this month."
            )
        return self.due[text]


class MilestoneForm(NHSFormMixin, forms.ModelForm):
    """Change a milestone: its name, forecast or actual date (the baseline stays)."""

    forecast_date = BoundedDateField(label="Forecast date")
    actual_date = BoundedDateField(
        label="Actual date",
        required=False,
        help_text="Leave empty until the milestone is achieved.",
    )

    class Meta:
        model = Milestone
        fields = ["name", "forecast_date", "actual_date"]
        help_texts = {"name": "Leave empty to keep the name."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = False


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
