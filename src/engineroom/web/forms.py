"""Form pieces every app shares: NHS.UK classes on widgets, a native date input, and bounded
fields for money, numbers, dates and uploads, so bad input is a message on the form (never a 500).

Templates draw a form with ``{% include "web/_error_summary.html" %}`` and
``{% include "web/_fields.html" %}``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal

from django import forms
from django.utils.dateparse import parse_datetime

from engineroom.web import formatting, uploads


class NHSFormMixin:
    """Give every widget of a form its NHS.UK class, and point a field with an error at its
    error message (``aria-describedby``), as web/_fields.html draws them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            _style(field.widget)

    def full_clean(self):
        for field in self.fields.values():  # here, not in __init__: forms add fields after it
            if _holds_row_ids(field) and not getattr(field.clean, "ids_checked", False):
                field.clean = _ids_checked(field, field.clean)
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-describedby"] = f"{self[name].auto_id}-error"


def _holds_row_ids(field: forms.Field) -> bool:
    return isinstance(field, forms.ModelChoiceField) and not field.to_field_name


def _ids_checked(field: forms.ModelChoiceField, clean: Callable) -> Callable:
    """``clean`` refusing, before any query, a choice that is not a row id a database could hold
    (a 30-digit number overflows SQLite's and PostgreSQL's integers: a 500, not a form error)."""

    def checked(value):
        values = value if isinstance(value, list | tuple) else [value]
        bad = [v for v in values if v not in field.empty_values and not object_id(v)]
        if bad:
            raise forms.ValidationError(
                field.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": str(bad[0])[:40]},
            )
        return clean(value)

    checked.ids_checked = True
    return checked


def _style(widget: forms.Widget) -> None:
    if isinstance(widget, forms.Textarea):
        widget.attrs.setdefault("class", "nhsuk-textarea")
        widget.attrs.setdefault("rows", 3)
    elif isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
        return  # drawn option by option by web/_fields.html
    elif isinstance(widget, forms.Select):
        widget.attrs.setdefault("class", "nhsuk-select")
    elif isinstance(widget, forms.FileInput):
        widget.attrs.setdefault("class", "nhsuk-file-upload")
    elif isinstance(widget, forms.CheckboxInput):
        widget.attrs.setdefault("class", "nhsuk-checkboxes__input")
    else:
        widget.attrs.setdefault("class", "nhsuk-input")


class DateInput(forms.DateInput):
    """The browser's date picker; values as ISO dates."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        super().__init__(attrs, format=format)


# --- Bounded fields ------------------------------------------------------------------------------

MAX_POUNDS = 10_000_000_000  # £10 billion: above any system's budget, far inside a 64-bit integer
MAX_PENCE = MAX_POUNDS * 100
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2100, 12, 31)
MONEY_HELP = "Enter an amount in pounds, like 45,000 or 45000.50"
_MONEY = re.compile(
    r"(?P<sign>-£|£-|-|£)?(?P<whole>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.(?P<pence>[0-9]+))?"
)
_DECIMAL = re.compile(r"-?[0-9]{1,20}(?:\.[0-9]{1,20})?")  # ASCII digits: no exponent, NaN or inf


def parse_money(text: str, *, min_pence: int | None = None, max_pence: int = MAX_PENCE) -> int:
    """Pounds typed by a person (``£``, commas, a minus sign or brackets) as integer pence.

    Anything else is a ValueError a person can act on: exponents, ``NaN``, ``--5``, more than two
    decimal places, more than £10 billion either way, or less than ``min_pence`` when given.
    """
    raw = str(text).strip().replace(" ", "")
    bracketed = raw.startswith("(") and raw.endswith(")")
    match = _MONEY.fullmatch(raw[1:-1] if bracketed else raw) if len(raw) <= 40 else None
    if not match or (bracketed and "-" in (match["sign"] or "")):
        raise ValueError(MONEY_HELP)
    if len(match["pence"] or "") > 2:
        raise ValueError("Enter the amount with no more than 2 decimal places (pence)")
    pence = int(match["whole"].replace(",", "")) * 100 + int((match["pence"] or "0").ljust(2, "0"))
    if bracketed or "-" in (match["sign"] or ""):
        pence = -pence
    if abs(pence) > max_pence:
        raise ValueError(f"Enter an amount of {formatting.money(max_pence)} or less")
    if min_pence is not None and pence < min_pence:
        if min_pence == 1:
            raise ValueError("Enter an amount above £0")
        floor = (
            formatting.money(min_pence)
            if min_pence % 100 == 0
            else formatting.money_exact(min_pence)
        )
        raise ValueError(f"Enter an amount of {floor} or more")
    return pence


class MoneyField(forms.CharField):
    """An amount typed in pounds, cleaned to integer pence (see ``parse_money``).

    ``min_value`` is in pounds: ``0`` refuses negative amounts, ``Decimal("0.01")`` refuses £0 too.
    """

    def __init__(self, *, min_value: int | Decimal | None = None, **kwargs):
        self.min_pence = None if min_value is None else int(Decimal(min_value) * 100)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return parse_money(value, min_pence=self.min_pence)
        except ValueError as error:
            raise forms.ValidationError(str(error), code="invalid") from None


class BoundedIntegerField(forms.IntegerField):
    """A whole number between ``min_value`` and ``max_value`` (both required)."""

    def __init__(self, *, min_value: int, max_value: int, **kwargs):
        kwargs["error_messages"] = {
            "invalid": "Enter a whole number, like 5",
            "min_value": "Enter a number of %(limit_value)s or more",
            "max_value": "Enter a number of %(limit_value)s or less",
            **kwargs.get("error_messages", {}),
        }
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)

    def to_python(self, value):
        if isinstance(value, str) and len(value.strip()) > 20:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class BoundedDecimalField(forms.DecimalField):
    """A decimal number written out in digits (no exponents, ``NaN`` or infinity), within bounds
    and to at most ``decimal_places``; a trailing ``%`` is allowed for percentages."""

    def __init__(self, *, min_value, max_value, decimal_places: int, **kwargs):
        kwargs["error_messages"] = {
            "invalid": "Enter a number, like 12.5",
            "min_value": "Enter a number of %(limit_value)s or more",
            "max_value": "Enter a number of %(limit_value)s or less",
            "max_decimal_places": "Enter the number with no more than %(max)s decimal places",
            **kwargs.get("error_messages", {}),
        }
        super().__init__(
            min_value=Decimal(min_value),
            max_value=Decimal(max_value),
            decimal_places=decimal_places,
            **kwargs,
        )

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip().removesuffix("%").strip()
        if not _DECIMAL.fullmatch(text):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return Decimal(text)


def object_id(value) -> int:
    """A primary key posted or put in a URL by hand: the number, or 0 (which matches no row) for
    anything that is not 1 to 18 ASCII digits."""
    text = str(value if value is not None else "")
    return int(text) if re.fullmatch(r"[0-9]{1,18}", text) else 0


Bound = dt.date | Callable[[], dt.date]


def years_from_today(years: int) -> Callable[[], dt.date]:
    """A moving bound for a date window: today ``years`` on (or back, if negative)."""

    def bound() -> dt.date:
        today = dt.date.today()
        return today.replace(year=today.year + years, day=min(today.day, 28))

    return bound


class DateWindow:
    """The window a date must fall in, with the message that says so."""

    def __init__(self, earliest: Bound, latest: Bound):
        self.earliest, self.latest = earliest, latest

    def check(self, day: dt.date) -> None:
        earliest = self.earliest() if callable(self.earliest) else self.earliest
        latest = self.latest() if callable(self.latest) else self.latest
        if not earliest <= day <= latest:
            raise forms.ValidationError(
                f"Enter a date between {formatting.date(earliest)} and {formatting.date(latest)}",
                code="out_of_range",
            )


DATE_INVALID = "Enter a real date, like 31/03/2026"


class BoundedDateField(forms.DateField):
    """A date from ``earliest`` to ``latest`` (1900 to 2100 unless the domain says narrower);
    either bound may be a function of today, like ``years_from_today(10)``."""

    def __init__(self, *, earliest: Bound = EARLIEST, latest: Bound = LATEST, **kwargs):
        self.window = DateWindow(earliest, latest)
        kwargs.setdefault("widget", DateInput())
        kwargs["error_messages"] = {"invalid": DATE_INVALID, **kwargs.get("error_messages", {})}
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value is not None:
            self.window.check(value)


class BoundedDateTimeField(forms.DateTimeField):
    """A date and time whose date is in the window; checked before the time zone is applied (a
    year-1 time cannot be moved to UTC at all)."""

    def __init__(self, *, earliest: Bound = EARLIEST, latest: Bound = LATEST, **kwargs):
        self.window = DateWindow(earliest, latest)
        kwargs["error_messages"] = {
            "invalid": "Enter a real date and time, like 31/03/2026 14:30",
            **kwargs.get("error_messages", {}),
        }
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            try:
                parsed = parse_datetime(value.strip())
            except ValueError:
                parsed = None
            parsed = parsed or forms.fields.BaseTemporalField.to_python(self, value.strip())
            self.window.check(parsed.date())
        return super().to_python(value)


# --- Uploads: checked (web.uploads) before anything reads them ----------------------------------


class UploadField(forms.FileField):
    """A file that ``check(upload)`` accepts (see ``web.uploads``), before a parser sees it."""

    def __init__(self, *, check: Callable = uploads.check_import, **kwargs):
        self.check = check
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            try:
                self.check(upload)
            except uploads.UploadRefused as error:
                raise forms.ValidationError(str(error), code="refused") from None
        return upload


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleUploadField(UploadField):
    """Several files in one field, each checked (Django's documented multiple-file pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single_file_clean = super().clean
        if isinstance(data, list | tuple) and data:
            return [single_file_clean(d, initial) for d in data]
        return [single_file_clean(data, initial)]
