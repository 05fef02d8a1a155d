"""The record pages' forms: finding a person, filtering a timeline, break-glass and its review,
the care team and referrals, and the person's own objection and demo sign-in.

Every NHS number typed here is checked with the Modulus 11 check digit (DESIGN.md) before any
query; every bad input is a message on the form, never a 500.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone

from engineroom.population import nhs_number as nhs
from engineroom.record.models import BreakGlassReason, ReviewOutcome
from engineroom.web.forms import BoundedDateField, DateInput, NHSFormMixin

SETTINGS = {
    "gp": "GP practice",
    "ae": "A&E",
    "inpatient": "Hospital stay",
    "outpatient": "Outpatient clinic",
    "community": "Community services",
    "mental_health": "Mental health services",
    "social_care": "Social care",
    "care_home": "Care home",
}
GENDERS = (("", "Any"), ("F", "Female"), ("M", "Male"), ("U", "Other or not known"))
MIN_EXPLANATION = 10


class NHSNumberField(forms.CharField):
    """Ten digits (spaces and hyphens allowed, as people write them) passing Modulus 11."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "NHS number")
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("help_text", "10 digits, for example 943 476 5919")
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}
        )

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return ""
        problem = nhs.reason_one(value)
        if problem in (nhs.NOT_TEN, nhs.MISSING):
            raise forms.ValidationError("Enter a 10 digit NHS number", code="invalid")
        if problem:
            raise forms.ValidationError(
                f"Enter a valid NHS number: {problem.removeprefix('NHS number ')}", code="invalid"
            )
        return nhs.standardise(value)


def _born(**kwargs) -> BoundedDateField:
    return BoundedDateField(widget=DateInput(), latest=timezone.localdate, required=False, **kwargs)


class FindForm(NHSFormMixin, forms.Form):
    """By NHS number, or by family name and date of birth (given name and gender narrow it)."""

    nhs_number = NHSNumberField(required=False)
    family = forms.CharField(label="Family name", max_length=100, required=False)
    given = forms.CharField(label="Given name (optional)", max_length=100, required=False)
    birth_date = _born(label="Date of birth")
    gender = forms.ChoiceField(label="Gender (optional)", choices=GENDERS, required=False)

    def clean(self):
        data = super().clean()
        if self.errors or data.get("nhs_number"):
            return data
        if not data.get("family") and not data.get("birth_date"):
            raise forms.ValidationError("Enter an NHS number, or a family name and date of birth")
        if not data.get("family"):
            self.add_error("family", "Enter the family name as well as the date of birth")
        if not data.get("birth_date"):
            self.add_error("birth_date", "Enter the date of birth as well as the family name")
        return data

    def criteria(self) -> dict:
        """What ``queries.find`` takes: the NHS number alone, or the name search."""
        data = self.cleaned_data
        if data["nhs_number"]:
            return {"nhs_number": data["nhs_number"]}
        keys = ("family", "given", "birth_date", "gender")
        return {k: data[k] for k in keys if data.get(k)}


class TimelineForm(NHSFormMixin, forms.Form):
    """Filters of the timeline, as a GET form: setting and dates from/to."""

    setting = forms.ChoiceField(
        label="Setting", choices=(("", "All settings"), *SETTINGS.items()), required=False
    )
    start = BoundedDateField(label="From", widget=DateInput(), required=False)
    end = BoundedDateField(label="To", widget=DateInput(), required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", "Enter a date on or after the 'from' date")
        return data

    def filters(self) -> dict:
        """The valid filters (none when the form has errors: the whole timeline shows)."""
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class BreakGlassForm(NHSFormMixin, forms.Form):
    """A reason chosen and a reason written; the organisation when the user has several."""

    reason = forms.ChoiceField(
        label="Why do you need to see this record?",
        choices=BreakGlassReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why you need to see this record"},
    )
    explanation = forms.CharField(
        label="Explain the reason",
        help_text="Your Caldicott Guardian reads this. At least 10 characters.",
        widget=forms.Textarea,
        max_length=500,
        error_messages={"required": "Explain why you need to see this record"},
    )
    organisation = forms.ChoiceField(label="You are acting for", choices=())

    def __init__(self, *args, organisations: list, emergency_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if emergency_only:
            reason = self.fields["reason"]
            reason.choices = [(BreakGlassReason.EMERGENCY.value, BreakGlassReason.EMERGENCY.label)]
            reason.help_text = "The person has objected to sharing: only an emergency allows it."
        self.organisations = {str(o.pk): o for o in organisations}
        field = self.fields["organisation"]
        field.choices = [(k, f"{o.name} ({o.ods_code})") for k, o in self.organisations.items()]
        if len(organisations) <= 1:  # nothing to choose: the one organisation, unasked
            field.widget, field.required = forms.HiddenInput(), False
            field.initial = next(iter(self.organisations), "")

    def clean_explanation(self):
        text = self.cleaned_data["explanation"].strip()
        if len(text) < MIN_EXPLANATION:
            raise forms.ValidationError(
                f"Explain the reason in at least {MIN_EXPLANATION} characters"
            )
        return text

    def clean_organisation(self):
        chosen = self.cleaned_data["organisation"] or self.fields["organisation"].initial
        if chosen not in self.organisations:
            raise forms.ValidationError("Choose the organisation you are acting for")
        return self.organisations[chosen]


class ReviewForm(NHSFormMixin, forms.Form):
    """A Caldicott Guardian's outcome for one break-glass; a note is needed for 'not
    appropriate', so the follow-up says what was wrong."""

    break_glass = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**62)
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=ReviewOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose an outcome"},
    )
    note = forms.CharField(label="Note", widget=forms.Textarea, max_length=500, required=False)

    def clean(self):
        data = super().clean()
        if data.get("outcome") == ReviewOutcome.INAPPROPRIATE and not data.get("note", "").strip():
            self.add_error("note", "Say what was not appropriate, for the follow-up")
        return data


class CareTeamForm(NHSFormMixin, forms.Form):
    """A colleague who may open records (and the organisation they act for) to join the
    person's care team, and why."""

    member = forms.ModelChoiceField(label="Colleague", queryset=None, empty_label="Choose")
    reason = forms.CharField(label="Why they join the care team", max_length=300)

    def __init__(self, *args, colleagues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = colleagues
        self.fields["member"].label_from_instance = _colleague

    def clean(self):
        data = super().clean()
        if data.get("member"):
            data["user"], data["organisation"] = data["member"].user, data["member"].organisation
        return data


def _colleague(membership) -> str:
    who = membership.user.get_full_name() or membership.user.get_username()
    return f"{who}, {membership.organisation.name}"


class ReferralForm(NHSFormMixin, forms.Form):
    """An organisation of the system to refer the person to, and why."""

    to_organisation = forms.ModelChoiceField(
        label="Refer to", queryset=None, empty_label="Choose an organisation"
    )
    reason = forms.CharField(label="Reason for referral", max_length=300)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_organisation"].queryset = organisations
        self.fields["to_organisation"].label_from_instance = lambda o: f"{o.name} ({o.ods_code})"


class ObjectionForm(NHSFormMixin, forms.Form):
    """Register or withdraw an objection to sharing (a confirmation, to be deliberate)."""

    choice = forms.ChoiceField(
        choices=(("register", "Register"), ("withdraw", "Withdraw")), widget=forms.HiddenInput
    )
    confirm = forms.BooleanField(
        label="I understand what this means",
        error_messages={"required": "Confirm that you understand what this means"},
    )


class DemoSignInForm(NHSFormMixin, forms.Form):
    """Demo mode: the NHS number of a fictional person in the store."""

    nhs_number = NHSNumberField(
        label="NHS number of a fictional person",
        help_text="Any person in the demo's shared record, for example from a clinician's worklist",
    )
