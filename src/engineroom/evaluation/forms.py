"""The evaluation app's forms: a new evaluation (care homes chosen with checkboxes, so it works
without JavaScript) and linking an evaluation to a programme benefit."""

from __future__ import annotations

from django import forms

from engineroom.evaluation import queries
from engineroom.web.forms import BoundedDateField, NHSFormMixin


def home_label(home: queries.CareHome) -> str:
    place = home.place or "place not known"
    return f"{home.home} ({place}, {home.residents} residents)"


class EvaluationForm(NHSFormMixin, forms.Form):
    name = forms.CharField(label="Name", max_length=200)
    description = forms.CharField(
        label="The intervention",
        help_text="What the residents of these homes were given, for example enhanced support "
        "from a named GP practice, weekly ward rounds and care home staff training.",
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    homes = forms.MultipleChoiceField(
        label="Care homes given the intervention",
        help_text="Each home by its CQC location id, its place and how many residents the linked "
        "data hold (counts from 1 to 7 shown as *, others rounded to the nearest 5). Residents of "
        "the homes not chosen form the comparison pool.",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one care home."},
    )
    start = BoundedDateField(
        label="Start of the intervention",
        help_text="For example 2023-10-02 or 02/10/2023.",
        error_messages={"required": "Enter the date the intervention started."},
    )

    def __init__(self, *args, system, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["homes"].choices = [(h.home, home_label(h)) for h in queries.care_homes(system)]


class BenefitForm(NHSFormMixin, forms.Form):
    benefit = forms.ModelChoiceField(
        label="Programme benefit",
        queryset=None,
        required=False,
        empty_label="Not linked to a benefit",
        help_text="The quarterly return shows the evaluated effect beside this benefit.",
    )

    def __init__(self, *args, system, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["benefit"]
        field.queryset = queries.benefits_in(system)
        field.label_from_instance = lambda b: f"{b.programme.name}: {b.description}"
