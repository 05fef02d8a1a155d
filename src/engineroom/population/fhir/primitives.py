"""Which FHIR primitive values ``fhir.resources`` certainly accepts, checked without pydantic.

Each test answers True only for values of the ordinary JSON kind and a format that the
``fhir_core`` types (R4B, fhir.resources 8) accept: a subset of what they accept, never more.
False means "not certain" (the caller then asks ``fhir.resources`` itself), not "invalid".

The rules, from ``fhir_core.types``: string — non-empty with a non-whitespace character, valid
Unicode (no lone surrogates); code — no leading, trailing or doubled whitespace; id —
``[A-Za-z0-9\\-.]{1,255}``; date/dateTime/instant/time — the FHIR regexes and a real calendar day
(pydantic parses full dates; leap seconds and long fractions are left to pydantic); integer
types — 32-bit ranges (unsignedInt from 0, positiveInt from 1); decimal — a finite JSON number
whose text matches the FHIR decimal regex; boolean — a JSON boolean. base64Binary, uuid and
anything unknown are never certain.
"""

from __future__ import annotations

import re
from collections.abc import Callable

INT32 = 2_147_483_647
# A visible ASCII character and no lone surrogate (possessive: linear on any string).
_STRING = r"[^!-~\ud800-\udfff]*+[!-~][^\ud800-\udfff]*+"
_CODE = r"[!-~]++(?: [!-~]++)*+"
_ID = r"[A-Za-z0-9\-.]{1,255}"
_URI = r"[!-~]++"
_OID = r"urn:oid:[0-2](?:\.(?:0|[1-9][0-9]*+))++"
_LEAP = r"(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)"
_DAY = (  # a real calendar day, year 0001-9999
    r"(?!0000)(?:[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    r"|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))"
    r"|" + _LEAP + r"-02-29)"
)
_PARTIAL = r"(?!0000)[0-9]{4}(?:-(?:0[1-9]|1[0-2]))?"
_CLOCK = r"(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]{1,6})?"
_ZONE = r"(?:Z|[+\-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))"
_INSTANT = r"(?=[1-9])" + _DAY + "T" + _CLOCK + _ZONE
_DECIMAL = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?")
_STRINGS = {  # tests of JSON strings, by FHIR type
    "string": _STRING,
    "markdown": _STRING,
    "xhtml": _STRING,
    "code": _CODE,
    "id": _ID,
    "uri": _URI,
    "url": _URI,
    "canonical": _URI,
    "oid": _OID,
    "date": f"{_PARTIAL}|{_DAY}",
    "dateTime": f"{_PARTIAL}|{_DAY}|{_INSTANT}",
    "instant": _INSTANT,
    "time": _CLOCK,
}
STRING_TESTS = {name: re.compile(rx, re.DOTALL).fullmatch for name, rx in _STRINGS.items()}


def never(v: object) -> bool:
    return False


def always(v: object) -> bool:
    """For a value whose kind alone decides (a JSON boolean where a boolean is expected)."""
    return True


def integer(v: int) -> bool:
    return -INT32 - 1 <= v <= INT32


def unsigned_int(v: int) -> bool:
    return 0 <= v <= INT32


def positive_int(v: int) -> bool:
    return 1 <= v <= INT32


def decimal(v: float) -> bool:
    return _DECIMAL.fullmatch(str(v)) is not None


NUMBER_TESTS = {
    (int, "integer"): integer,
    (int, "unsignedInt"): unsigned_int,
    (int, "positiveInt"): positive_int,
    (int, "decimal"): decimal,
    (float, "decimal"): decimal,
    (bool, "boolean"): always,
}


def certain(fhir_type: str, kind: type) -> Callable[[object], object]:
    """The test for values of one JSON kind where one FHIR primitive type is expected: truthy
    when ``fhir.resources`` certainly accepts the value. ``never`` for what we do not handle."""
    if kind is str:
        return STRING_TESTS.get(fhir_type, never)
    return NUMBER_TESTS.get((kind, fhir_type), never)
