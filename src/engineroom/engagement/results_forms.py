"""Forms of the results and "you said, we did" pages (the public response form is
``public_forms``)."""

from __future__ import annotations

from django import forms

from engineroom.engagement.actions.influence import TEXT_LIMIT
from engineroom.engagement.actions.results import SUMMARY_LIMIT
from engineroom.governance import public as governance
from engineroom.web.forms import NHSFormMixin


class SummaryForm(NHSFormMixin, forms.Form):
    summary = forms.CharField(
        label="Summary of what people said",
        help_text="The public page shows this once the results are published.",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=SUMMARY_LIMIT,
    )

    def __init__(self, *args, system=None, **kwargs):
        super().__init__(*args, **kwargs)


class InfluenceForm(NHSFormMixin, forms.Form):
    decision = forms.ModelChoiceField(
        queryset=governance.Decision.objects.none(),
        label="Decision it informed",
        help_text="Only decisions on the public record can be linked.",
    )
    you_said = forms.CharField(
        label="You said", widget=forms.Textarea(attrs={"rows": 4}), max_length=TEXT_LIMIT
    )
    we_did = forms.CharField(
        label="We did", widget=forms.Textarea(attrs={"rows": 4}), max_length=TEXT_LIMIT
    )

    def __init__(self, *args, system, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = governance.decisions_to_link(system)
