"""Forms of the oversight pages: a statistics file, a written trigger, and how to draw a chart."""

from __future__ import annotations

import datetime as dt

from django import forms

from engineroom.oversight.actions.statistics import STATISTICS
from engineroom.oversight.catalogue import measures
from engineroom.oversight.models import Against, Condition
from engineroom.web import periods, uploads
from engineroom.web.forms import NHSFormMixin, UploadField


def check_statistics(upload) -> None:
    """A monthly statistics file: CSV or XLSX within the statistics limits."""
    uploads.check_name_and_size(
        upload, extensions=(".csv", ".xlsx"), max_bytes=STATISTICS.max_bytes
    )
    if uploads.extension(upload.name) == ".xlsx":
        upload.seek(0)
        uploads.check_workbook_zip(upload.name, upload, STATISTICS)
        upload.seek(0)


class StatisticsForm(NHSFormMixin, forms.Form):
    file = UploadField(
        check=check_statistics,
        label="Monthly statistics file",
        help_text="CSV or XLSX with the columns system_code, measure_code, month (YYYY-MM), "
        "numerator, denominator, value; up to 20 MB and 100,000 rows.",
    )


def measure_choices() -> list[tuple[str, str]]:
    return [(c, m.name) for c, m in measures().items()]


class TriggerForm(NHSFormMixin, forms.Form):
    measure = forms.ChoiceField(choices=measure_choices)
    condition = forms.ChoiceField(label="When the measure shows", choices=Condition.choices)
    months = forms.IntegerField(
        label="For how many consecutive months", min_value=1, max_value=24, initial=2
    )
    against = forms.ChoiceField(label="And", choices=Against.choices)
    consequence = forms.CharField(
        label="Then", max_length=200, help_text="What happens, e.g. enhanced monitoring"
    )
    intensive = forms.BooleanField(
        label="It means intensive support (the framework's worst segment)", required=False
    )
    active = forms.BooleanField(label="In force", required=False, initial=True)

    def clean(self):
        """A trigger must be able to fire this year: its measure needs the standard it names."""
        data = super().clean()
        if "measure" not in data:
            return data
        measure = measures()[data["measure"]]
        if data.get("condition") == Condition.CONCERN and not measure.can_show_concern:
            raise forms.ValidationError(
                f"{measure.name} can never show special cause concern (it has no better "
                "direction, or it is a running total). Choose another condition or measure."
            )
        standard = measure.standard(periods.year_of(dt.date.today()))
        needs = "interim" if data.get("against") == "interim" else "target"
        named = data.get("against") != "none" or data.get("condition") == Condition.NOT_MET
        if named and (standard is None or getattr(standard, needs) is None):
            words = "interim standard" if needs == "interim" else "standard"
            raise forms.ValidationError(
                f"{measure.name} has no {words} this year, so the trigger could never fire. "
                "Choose another condition."
            )
        return data


class ChartForm(NHSFormMixin, forms.Form):
    """How to draw the chart (a GET form: the page works without JavaScript)."""

    screen = forms.BooleanField(
        label="Screen out large moving ranges (as NHSRplotthedots does)", required=False
    )
    rule = forms.ChoiceField(
        label="Two-of-three rule",
        choices=[
            ("mdc", "Making Data Count (points beyond the limits count)"),
            ("ptd", "NHSRplotthedots (only points between 2 and 3 sigma)"),
        ],
        required=False,
    )
    fix_after = forms.IntegerField(
        label="Fix the limits after this many points", min_value=2, max_value=120, required=False
    )
    rebase = forms.CharField(
        label="Recalculate the limits from this month (a change to the process, e.g. 2025-04)",
        max_length=7,
        required=False,
    )

    def clean_rebase(self):
        text = self.cleaned_data["rebase"].strip()
        if not text:
            return None
        try:
            return periods.first_of_month(dt.date.fromisoformat(f"{text}-01"))
        except ValueError:
            raise forms.ValidationError("Enter a month like 2025-04") from None


class ConfirmForm(NHSFormMixin, forms.Form):
    """A button and nothing else: the page says what it will do."""
