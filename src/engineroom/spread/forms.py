"""The spread app's forms: a model of care (components, adaptations and evidence one per line,
so the form works without JavaScript) and an adoption (checkboxes for the components
delivered)."""

from __future__ import annotations

from django import forms

from engineroom.evaluation.public import system_evaluations
from engineroom.spread import queries, rules
from engineroom.spread.actions import AdoptionText, ModelText
from engineroom.spread.models import AdoptionStatus, Population
from engineroom.web.forms import BoundedDateField, NHSFormMixin

LINES = {"rows": 5}


class ModelOfCareForm(NHSFormMixin, forms.Form):
    name = forms.CharField(label="Name", max_length=200)
    slug = forms.SlugField(
        label="Short name for the address",
        max_length=60,
        help_text="Lower-case letters, numbers and hyphens, for example enhanced-health-care-homes.",
    )
    summary = forms.CharField(label="Summary", max_length=300, help_text="One sentence.")
    description = forms.CharField(label="Description", widget=forms.Textarea(attrs=LINES))
    population = forms.ChoiceField(
        label="Whose outcomes show whether it works",
        choices=Population.choices,
        widget=forms.RadioSelect,
        initial=Population.EVERYONE,
    )
    components = forms.CharField(
        label="Core components",
        help_text="One a line. Fidelity is how many of these a place delivers.",
        widget=forms.Textarea(attrs=LINES),
        required=False,
    )
    adaptations = forms.CharField(
        label="Adaptations allowed",
        help_text="One a line: what a place may change and still be doing the model.",
        widget=forms.Textarea(attrs=LINES),
        required=False,
    )
    evidence = forms.CharField(
        label="Published evidence",
        help_text="One study a line: “Title | https://address | what it found”.",
        widget=forms.Textarea(attrs=LINES),
        required=False,
    )
    evaluations = forms.TypedMultipleChoiceField(
        label="Evaluations in Engine Room",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, system, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evaluations"].choices = system_evaluations(system)

    def clean_evidence(self):
        return rules.evidence_lines(self.cleaned_data["evidence"])

    def text(self) -> ModelText:
        data = self.cleaned_data
        return ModelText(
            name=data["name"],
            slug=data["slug"],
            summary=data["summary"],
            description=data["description"],
            population=data["population"],
            components=rules.lines(data["components"]),
            adaptations=rules.lines(data["adaptations"]),
            evidence=data["evidence"],
            evaluations=data["evaluations"],
        )


def model_initial(model, evidence, components) -> dict:
    """The edit form filled in from the model as it stands (its current ``components``: a
    retired one comes back only if it is typed again)."""
    published = [e for e in evidence if e.evaluation_id is None]
    return {
        "name": model.name,
        "slug": model.slug,
        "summary": model.summary,
        "description": model.description,
        "population": model.population,
        "components": "\n".join(c.name for c in components),
        "adaptations": "\n".join(model.adaptations_allowed),
        "evidence": "\n".join(
            " | ".join(p for p in (e.title, e.url, e.finding) if p) for e in published
        ),
        "evaluations": [e.evaluation_id for e in evidence if e.evaluation_id],
    }


class AdoptionForm(NHSFormMixin, forms.Form):
    place = forms.ModelChoiceField(label="Place", queryset=None)
    neighbourhood = forms.ModelChoiceField(
        label="Neighbourhood",
        queryset=None,
        required=False,
        empty_label="The whole place",
        help_text="Only where a primary care network runs it for its neighbourhood.",
    )
    status = forms.ChoiceField(
        label="Status", choices=AdoptionStatus.choices, widget=forms.RadioSelect
    )
    owner = forms.CharField(label="Owner", max_length=120, help_text="Who leads it here.")
    owner_organisation = forms.ModelChoiceField(
        label="Owner's organisation", queryset=None, required=False
    )
    due_on = BoundedDateField(label="Planned start", help_text="For example 01/04/2026.")
    adopted_on = BoundedDateField(
        label="Started on", required=False, help_text="Leave empty until it has started."
    )
    components = forms.ModelMultipleChoiceField(
        label="Core components delivered",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    adaptations = forms.CharField(
        label="Local adaptations", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    notes = forms.CharField(label="Notes", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, system, model, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = system.places.order_by("name")
        self.fields["neighbourhood"].queryset = queries.neighbourhoods(system)
        self.fields["neighbourhood"].label_from_instance = lambda n: f"{n.name} ({n.place.name})"
        self.fields["owner_organisation"].queryset = queries.organisations(system)
        self.fields["components"].queryset = queries.current_components(model)

    def text(self) -> AdoptionText:
        return AdoptionText(**self.cleaned_data)


def adoption_initial(adoption) -> dict:
    fields = ("place", "neighbourhood", "status", "owner", "owner_organisation", "due_on")
    initial = {f: getattr(adoption, f) for f in fields}
    return initial | {
        "adopted_on": adoption.adopted_on,
        "components": [c for c in adoption.components.all() if not c.retired],
        "adaptations": adoption.adaptations,
        "notes": adoption.notes,
    }
