"""The worklist's one form: marking what was done about a person."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.http import QueryDict

from engineroom.population.nhs_number import valid_one
from engineroom.population_health.models import MarkStatus
from engineroom.population_health.queries import FILTERS
from engineroom.web.forms import NHSFormMixin

KEPT = ("practice", "sort", "order", *FILTERS)  # list settings the form returns to


class MarkForm(NHSFormMixin, forms.Form):
    nhs_number = forms.CharField(widget=forms.HiddenInput, max_length=20)
    status = forms.ChoiceField(label="Mark as", choices=MarkStatus.choices)
    note = forms.CharField(label="Note (optional)", max_length=500, required=False)
    back = forms.CharField(widget=forms.HiddenInput, max_length=2000, required=False)

    def clean_nhs_number(self) -> str:
        value = "".join(self.cleaned_data["nhs_number"].split())
        if not valid_one(value):
            raise forms.ValidationError("Enter a valid 10-digit NHS number.")
        return value

    def clean_back(self) -> str:
        """The list's own settings only (a query string), so the form cannot send anyone
        elsewhere."""
        given = QueryDict(self.cleaned_data.get("back") or "")
        return urlencode({k: given[k][:100] for k in KEPT if given.get(k)})
