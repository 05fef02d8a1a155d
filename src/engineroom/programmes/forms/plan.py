"""Forms of a programme's plan: projects, milestones, benefits and their months, dependencies.
The rules that need the database (a milestone's dates within its project, a dependency on its own
project) are the actions'; their errors come back onto the field they name."""

from __future__ import annotations

import datetime as dt

from django import forms

from engineroom.programmes import queries
from engineroom.programmes.models import Benefit, Dependency, Milestone, Project
from engineroom.web.forms import (
    BoundedDateField,
    BoundedIntegerField,
    MoneyField,
    NHSFormMixin,
    years_from_today,
)
from engineroom.web.periods import parse_month

FIRST_MONTH = dt.date(2000, 4, 1)  # the earliest month a benefit can be recorded for


class ProjectForm(NHSFormMixin, forms.ModelForm):
    percent_complete = BoundedIntegerField(label="Percent complete", min_value=0, max_value=100)
    start_date = BoundedDateField(label="Start date", required=False)
    end_date = BoundedDateField(label="End date", required=False)

    class Meta:
        model = Project
        fields = ["code", "name", "lead", "status", "percent_complete", "start_date", "end_date"]
        help_texts = {"code": "Short reference, unique within the programme, like stroke-3."}


class NewMilestoneForm(NHSFormMixin, forms.ModelForm):
    baseline_date = BoundedDateField(
        label="Due date (baseline)", help_text="Within the project's dates. It never changes."
    )
    forecast_date = BoundedDateField(
        label="Forecast date", required=False, help_text="Leave empty if it is due on time."
    )
    actual_date = BoundedDateField(
        label="Actual date", required=False, help_text="Leave empty until it is achieved."
    )

    class Meta:
        model = Milestone
        fields = ["name", "baseline_date", "forecast_date", "actual_date"]


class BenefitForm(NHSFormMixin, forms.ModelForm):
    class Meta:
        model = Benefit
        fields = ["description", "organisation", "cash_releasing"]
        labels = {"cash_releasing": "Cash-releasing (money, not only time or quality)"}
        help_texts = {"organisation": "Leave empty for a benefit to the whole system."}

    def __init__(self, *args, system, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = queries.organisations_of(system)


class BenefitMonthForm(NHSFormMixin, forms.Form):
    month = forms.CharField(
        label="Month", max_length=7, help_text="For example 2026-04 for April 2026."
    )
    planned_pence = MoneyField(label="Planned (£)", min_value=0)
    forecast_pence = MoneyField(label="Forecast (£)", min_value=0)
    delivered_pence = MoneyField(
        label="Delivered (£)", min_value=0, required=False, help_text="Only for a month begun."
    )

    def clean_month(self):
        try:
            month = parse_month(self.cleaned_data["month"].strip())
        except ValueError as error:
            raise forms.ValidationError(
                "Enter the month as year and month, like 2026-04."
            ) from error
        last = years_from_today(5)()
        if not FIRST_MONTH <= month <= last:
            raise forms.ValidationError(
                f"Enter a month from {FIRST_MONTH:%Y-%m} to {last:%Y-%m}, like 2026-04."
            )
        return month

    def clean_delivered_pence(self):
        return self.cleaned_data["delivered_pence"] or 0


class DependencyForm(NHSFormMixin, forms.ModelForm):
    needed_by = BoundedDateField(label="Needed by")

    class Meta:
        model = Dependency
        fields = ["dependent", "milestone", "needed_by", "description"]
        labels = {"dependent": "Project that waits", "milestone": "Milestone it waits on"}

    def __init__(self, *args, system, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dependent"].queryset = queries.projects_in(system).order_by(
            "programme__name", "name"
        )
        milestones = self.fields["milestone"]
        milestones.queryset = queries.milestones_in(system).order_by(
            "project__programme__name", "project__name", "baseline_date"
        )
        milestones.label_from_instance = lambda m: f"{m.name}: {m.project.name}"
        self.fields["dependent"].label_from_instance = lambda p: p.name
