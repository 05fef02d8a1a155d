"""Forms of the engine-room pages."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from engineroom.programmes import public as programmes
from engineroom.web.forms import (
    BoundedDateField,
    BoundedDecimalField,
    MoneyField,
    NHSFormMixin,
)
from engineroom.workforce import queries
from engineroom.workforce.models import (
    Appointment,
    AppointmentKind,
    BudgetPartner,
    ContributionKind,
    FundingLine,
    Post,
)


def pounds(label: str, **kwargs) -> MoneyField:
    """An amount above £0 in pounds, cleaned to pence (up to £10 billion)."""
    return MoneyField(label=label, min_value=Decimal("0.01"), **kwargs)


class PostForm(NHSFormMixin, forms.ModelForm):
    annual_cost = pounds("Annual cost (£)", help_text="Salary with on-costs.")
    wte = BoundedDecimalField(
        label="Whole-time equivalent",
        min_value=Decimal("0.1"),
        max_value=1,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.1"}),
    )

    class Meta:
        model = Post
        fields = ["ref", "title", "team", "band", "wte", "host_employer", "programme"]

    def __init__(self, *args, system, **kwargs):
        super().__init__(*args, **kwargs)
        self.system = system
        self.fields["host_employer"].queryset = queries.organisations_of(system)
        self.fields["programme"].queryset = programmes.programmes_in(system)
        self.fields["skills_needed"] = forms.ModelMultipleChoiceField(
            label="Skills needed",
            queryset=queries.skills_in(system),
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )

    def clean_ref(self):
        ref = self.cleaned_data["ref"]
        if queries.ref_taken(self.system, ref):
            raise forms.ValidationError("Another post already uses this reference.")
        return ref


class AppointmentForm(NHSFormMixin, forms.ModelForm):
    person_name = forms.CharField(label="Full name", max_length=200)
    start_date = BoundedDateField(label="Start date")
    end_date = BoundedDateField(label="End date", required=False)

    class Meta:
        model = Appointment
        fields = ["kind", "from_organisation", "start_date", "end_date"]

    def __init__(self, *args, system, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_organisation"].queryset = queries.organisations_of(system)
        self.fields["skills_held"] = forms.ModelMultipleChoiceField(
            label="Skills held",
            queryset=queries.skills_in(system),
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        self.order_fields(["person_name"])

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind in (AppointmentKind.SECONDMENT, AppointmentKind.GIFTED) and not data.get(
            "from_organisation"
        ):
            self.add_error("from_organisation", "Name the partner the person comes from.")
        if kind and kind != AppointmentKind.PERMANENT and not data.get("end_date"):
            self.add_error("end_date", "Enter the date this contract ends.")
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date must be on or after the start date.")
        return data


class FundingLineForm(NHSFormMixin, forms.ModelForm):
    annual_amount = pounds("Annual amount (£)")
    start_date = BoundedDateField(label="Start date")
    end_date = BoundedDateField(label="End date", required=False)

    class Meta:
        model = FundingLine
        fields = ["source", "funder", "start_date", "end_date"]

    def __init__(self, *args, system, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funder"].queryset = queries.organisations_of(system)

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date must be on or after the start date.")
        return data


class ContributionForm(NHSFormMixin, forms.Form):
    partner = forms.ModelChoiceField(label="Partner", queryset=BudgetPartner.objects.none())
    kind = forms.ChoiceField(label="Kind", choices=ContributionKind.choices)
    amount = pounds("Amount (£)", help_text="For seconded staff, their cost.")
    description = forms.CharField(label="Description", max_length=200, required=False)
    appointment = forms.ModelChoiceField(
        label="Secondment (in kind only)",
        queryset=Appointment.objects.none(),
        required=False,
    )

    def __init__(self, *args, budget, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = queries.partners_of(budget)
        self.fields["appointment"].queryset = queries.secondments_in(budget.system)
        self.fields["appointment"].label_from_instance = lambda a: (
            f"{a.person.name}, {a.post.title}"
        )
