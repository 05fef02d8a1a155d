"""Finance forms: amounts typed in pounds are cleaned to integer pence (``web.forms.MoneyField``,
up to £10 billion). Income, expenditure and limits cannot be negative; a control total (a deficit)
and a scenario's change to a forecast can."""

from django import forms

from engineroom.finance.models import Category
from engineroom.finance.money import pence_to_pounds
from engineroom.web import uploads
from engineroom.web.forms import BoundedDecimalField, MoneyField, UploadField


class RoundForm(forms.Form):
    note = forms.CharField(label="Note for the record (optional)", required=False, max_length=500)
    excluded = forms.MultipleChoiceField(
        label="Partners excluded from this round",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.partners = partners
        self.fields["excluded"].choices = [(str(o.pk), o.name) for o in partners]
        for o in partners:
            self.fields[f"limit_{o.pk}"] = MoneyField(
                label=f"Limit for {o.name} (£, optional)", required=False, min_value=0
            )

    def limit_fields(self):
        return [self[f"limit_{o.pk}"] for o in self.partners]

    def clean(self):
        """Adds ``limits`` ({organisation id: pence or None}) and ``excluded_ids``."""
        cleaned = super().clean()
        cleaned["limits"] = {o.pk: cleaned.get(f"limit_{o.pk}") for o in self.partners}
        cleaned["excluded_ids"] = {int(v) for v in cleaned.get("excluded", [])}
        return cleaned


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[("agree", "Agree"), ("decline", "Decline")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether you agree or decline"},
    )
    reason = forms.CharField(label="Reason (needed to decline)", required=False, max_length=500)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "decline" and not cleaned.get("reason", "").strip():
            self.add_error("reason", "Enter why you decline this transfer")
        return cleaned


class RoundStatusForm(forms.Form):
    """Close a round (no more decisions) or mark a closed round settled (the money has moved)."""

    status = forms.ChoiceField(
        choices=[("closed", "Close the round"), ("settled", "Mark the round as settled")],
        error_messages={"required": "Choose what to do with the round"},
    )


class ShareForm(forms.Form):
    percent = BoundedDecimalField(
        label="Share of each partner's funding linked to the system control total (%)",
        min_value=0,
        max_value=100,
        decimal_places=2,
        error_messages={
            "required": "Enter the linked share as a percentage",
            "invalid": "Enter the linked share as a number, like 50",
            "min_value": "Enter a share of 0%% or more",
            "max_value": "Enter a share of 100%% or less",
            "max_decimal_places": "Enter the share with no more than 2 decimal places",
        },
    )


class ImportForm(forms.Form):
    file = UploadField(
        check=uploads.check_import,
        label="Monthly return (CSV or XLSX)",
        help_text="Columns: month, category, income, expenditure, forecast income, "
        "forecast expenditure and optionally risk (pounds, none negative), as in the return "
        "template. Up to 5 MB and 10,000 rows. Nothing is saved unless every row is valid.",
        error_messages={"required": "Choose a CSV or XLSX file"},
    )


class ImportDecisionForm(forms.Form):
    """The preview page's two buttons: import the checked rows, or discard the file."""

    action = forms.ChoiceField(
        choices=[("import", "Import these rows"), ("discard", "Discard")], required=False
    )


class ScenarioForm(forms.Form):
    name = forms.CharField(
        label="Scenario name",
        max_length=200,
        error_messages={"required": "Enter a name for the scenario"},
    )


class AdjustForm(forms.Form):
    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = list(lines)
        for line in self.lines:
            self.fields[f"adjust_{line.organisation_id}"] = MoneyField(
                label=f"Change to {line.organisation.name}'s forecast (£)",
                required=False,
                initial=pence_to_pounds(line.adjustment_pence),
            )
            self.fields[f"note_{line.organisation_id}"] = forms.CharField(
                label=f"Assumption for {line.organisation.name}",
                required=False,
                max_length=300,
                initial=line.note,
            )

    def pairs(self):
        return [
            (self[f"adjust_{ln.organisation_id}"], self[f"note_{ln.organisation_id}"])
            for ln in self.lines
        ]

    def clean(self):
        """Adds ``changes``: {organisation id: (adjustment in pence, note)}."""
        cleaned = super().clean()
        cleaned["changes"] = {
            ln.organisation_id: (
                cleaned.get(f"adjust_{ln.organisation_id}") or 0,
                cleaned.get(f"note_{ln.organisation_id}", ""),
            )
            for ln in self.lines
        }
        return cleaned


class PlanForm(forms.Form):
    control_total = MoneyField(
        label="Control total (£, surplus positive, deficit negative)",
        error_messages={"required": "Enter the control total"},
    )

    def __init__(self, *args, plan, **kwargs):
        lines = {line.category: line for line in plan.lines.all()}
        initial = {"control_total": pence_to_pounds(plan.control_total_pence)}
        kwargs["initial"] = {**initial, **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)
        self.categories = list(Category)
        for c in self.categories:
            line = lines.get(c.value)
            for kind in ("income", "expenditure"):
                self.fields[f"{kind}_{c.value}"] = MoneyField(
                    label=f"{c.label}: {kind} (£)",
                    required=False,
                    min_value=0,
                    initial=pence_to_pounds(getattr(line, f"{kind}_pence")) if line else "",
                )

    def rows(self):
        return [
            (c.label, self[f"income_{c.value}"], self[f"expenditure_{c.value}"])
            for c in self.categories
        ]

    def clean(self):
        """Adds ``lines``: {category: (income, expenditure) in pence}."""
        cleaned = super().clean()
        cleaned["lines"] = {
            c.value: (
                cleaned.get(f"income_{c.value}") or 0,
                cleaned.get(f"expenditure_{c.value}") or 0,
            )
            for c in self.categories
        }
        return cleaned
