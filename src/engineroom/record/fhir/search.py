"""Search parameters: what each search accepts and how a value is read.

Unknown parameters are handled as FHIR R4 says (search.html#errors): ignored by default (the
Bundle's ``self`` link shows only those used), refused with 400 when the client sends
``Prefer: handling=strict``. A known parameter with a modifier we do not support (``family:exact``)
is always refused, since ignoring it would widen the search. A value that is well formed but that
we cannot process (a date that is no date) is 422.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from engineroom.population.nhs_number import valid_one
from engineroom.record.fhir.outcome import FhirError
from engineroom.record.fhir.resources import NHS_NUMBER

DEFAULT_COUNT = 50
MAX_COUNT = 200
CONTROL = {"_count", "_offset", "_format", "_include"}
PREFIXES = ("eq", "ge", "le", "gt", "lt")
PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
GENDERS = {"female": "F", "male": "M", "unknown": "U"}


@dataclass
class Search:
    """The parameters of one request, checked against those its endpoint supports."""

    params: dict[str, list[str]]
    strict: bool
    used: list[tuple[str, str]] = field(default_factory=list)

    def one(self, name: str) -> str | None:
        """The single value of ``name`` (None if absent); 400 if it is given more than once."""
        values = self.params.get(name, [])
        if len(values) > 1:
            raise FhirError(400, f"Give {name} at most once.")
        if values:
            self.used.append((name, values[0]))
            return values[0]
        return None

    def all(self, name: str) -> list[str]:
        values = self.params.get(name, [])
        self.used += [(name, v) for v in values]
        return values


def parse(request, supported: set[str]) -> Search:
    """The request's parameters, refusing unsupported modifiers and (strict) unknown names."""
    params = {name: request.GET.getlist(name) for name in request.GET}
    strict = "handling=strict" in request.headers.get("Prefer", "").replace(" ", "")
    for name in params:
        base, _, modifier = name.partition(":")
        if modifier and base in supported | CONTROL:
            raise FhirError(400, f"The modifier :{modifier} is not supported on {base}.")
        if name not in supported | CONTROL and strict:
            raise FhirError(400, f"Unknown search parameter {name} (Prefer: handling=strict).")
    return Search(params, strict)


def count(search: Search) -> int:
    """``_count``: how many to a page (0 gives only the total), at most MAX_COUNT."""
    value = search.params.get("_count", [None])[-1]
    if value is None:
        return DEFAULT_COUNT
    if not (value.isascii() and value.isdigit()) or len(value) > 9:
        raise FhirError(400, "_count must be a whole number, 0 or more.")
    return min(int(value), MAX_COUNT)


def offset(search: Search) -> int:
    """``_offset``: where a page starts (from the Bundle's ``next``/``previous`` links)."""
    value = search.params.get("_offset", ["0"])[-1]
    if not (value.isascii() and value.isdigit()) or len(value) > 9:
        raise FhirError(400, "_offset must be a whole number, 0 or more.")
    return int(value)


def nhs_number(value: str, name: str) -> str:
    """A valid NHS number from a parameter's value, else 400 (Modulus 11 on every input)."""
    digits = value.replace(" ", "")
    if not (len(digits) == 10 and digits.isascii() and digits.isdigit() and valid_one(digits)):
        raise FhirError(400, f"{name}: {value!r} is not a valid NHS number.")
    return digits


def patient(search: Search, names: tuple[str, ...] = ("patient", "subject")) -> str:
    """The one person a search is about: ``patient=N``, ``Patient/N`` or a full URL."""
    given = [(name, search.one(name)) for name in names]
    values = [(name, v) for name, v in given if v is not None]
    if not values:
        raise FhirError(400, f"Give the patient to search in ({' or '.join(names)}).")
    if len({v for _, v in values}) > 1 or "," in values[0][1]:
        raise FhirError(400, "Search one patient at a time.")
    name, value = values[0]
    reference = value.rstrip("/")
    if "/" in reference:
        kind, _, reference = reference.rpartition("/")
        if not kind.endswith("Patient"):
            raise FhirError(400, f"{name} must reference a Patient.")
    return nhs_number(reference, name)


def identifier(value: str) -> str | None:
    """The NHS number an ``identifier`` search asks for; None for another identifier system
    (nobody here has one, so the search finds nobody)."""
    system, bar, number = value.rpartition("|")
    if bar and system and system != NHS_NUMBER:
        return None
    return nhs_number(number, "identifier")


def gender(value: str) -> str:
    if value not in GENDERS and value != "other":
        raise FhirError(400, "gender must be one of female, male, other, unknown.")
    return GENDERS.get(value, "O")


def date_range(value: str, name: str) -> tuple[str, dt.date, dt.date]:
    """(prefix, first day, last day) of a date parameter: ``ge2024``, ``lt2024-03``, ``2024-03-05``."""
    prefixed = value[:2].isalpha() and value[2:3].isdigit()
    prefix, text = (value[:2], value[2:]) if prefixed else ("eq", value)
    if prefix not in PREFIXES:
        raise FhirError(
            400, f"{name}: the prefix {prefix!r} is not supported ({', '.join(PREFIXES)})."
        )
    match = PARTIAL_DATE.match(text)
    try:
        year, month, day = (int(part) if part else None for part in match.groups())
        if month == 0:
            raise ValueError("month 0")
        first = dt.date(year, month or 1, day or 1)
        last = _last_day(year, month, day)
    except (AttributeError, TypeError, ValueError) as error:
        raise FhirError(
            422, f"{name}: {text!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)."
        ) from error
    return prefix, first, last


def _last_day(year: int, month: int | None, day: int | None) -> dt.date:
    if day:
        return dt.date(year, month, day)
    if month:
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    return dt.date(year, 12, 31)


def in_range(day: str, ranges: list[tuple[str, dt.date, dt.date]]) -> bool:
    """Whether an entry's date (YYYY-MM-DD) meets every date condition."""
    when = dt.date.fromisoformat(day)
    tests = {
        "eq": lambda first, last: first <= when <= last,
        "ge": lambda first, last: when >= first,
        "gt": lambda first, last: when > last,
        "le": lambda first, last: when <= last,
        "lt": lambda first, last: when < first,
    }
    return all(tests[prefix](first, last) for prefix, first, last in ranges)


def includes_patient(search: Search, resource_type: str) -> bool:
    """Whether ``_include`` asks for the Patient (``*``, ``*:patient``, ``<Type>:patient`` or
    ``<Type>:subject``); another ``_include`` is ignored, or 400 under strict handling."""
    wanted = False
    for value in search.params.get("_include", []):
        kind, _, param = value.partition(":")
        if value == "*" or (kind in {"*", resource_type} and param in {"patient", "subject"}):
            search.used.append(("_include", value))
            wanted = True
        elif search.strict:
            raise FhirError(400, f"_include={value} is not supported on {resource_type}.")
    return wanted
