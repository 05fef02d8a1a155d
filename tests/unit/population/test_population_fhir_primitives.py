"""A primitive value the fast FHIR decision calls certain is one ``fhir.resources`` accepts."""

import pytest
from fhir.resources.R4B.extension import Extension
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from engineroom.population.fhir import primitives

FIELD = {
    "string": "valueString",
    "markdown": "valueMarkdown",
    "code": "valueCode",
    "id": "valueId",
    "uri": "valueUri",
    "url": "valueUrl",
    "canonical": "valueCanonical",
    "oid": "valueOid",
    "date": "valueDate",
    "dateTime": "valueDateTime",
    "instant": "valueInstant",
    "time": "valueTime",
    "integer": "valueInteger",
    "unsignedInt": "valueUnsignedInt",
    "positiveInt": "valuePositiveInt",
    "decimal": "valueDecimal",
    "boolean": "valueBoolean",
}
DATEISH = st.from_regex(
    r"\A[0-9]{4}(-[0-9]{2}(-[0-9]{2}(T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,8})?"
    r"(Z|[+-][0-9]{2}:[0-9]{2})?)?)?)?\Z"
)
VALUES = st.one_of(
    st.text(max_size=20),
    st.text(alphabet=st.characters(max_codepoint=127), max_size=12),
    DATEISH,
    st.from_regex(r"\A[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,8})?\Z"),
    st.from_regex(r"\Aurn:oid:[0-9](\.[0-9]{1,3}){0,3}\Z"),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
)


def _accepted(fhir_type: str, value: object) -> bool:
    try:
        Extension.model_validate({"url": "http://example.org/x", FIELD[fhir_type]: value})
    except ValidationError:
        return False
    return True


@pytest.mark.parametrize("fhir_type", sorted(FIELD))
@settings(max_examples=150, deadline=None)
@given(value=VALUES)
def test_certain_values_are_accepted(fhir_type, value):
    if primitives.certain(fhir_type, type(value))(value):
        assert _accepted(fhir_type, value), (fhir_type, value)


@pytest.mark.parametrize(
    ("fhir_type", "value", "certain"),
    [
        ("date", "2024-02-29", True),
        ("date", "2023-02-29", False),
        ("date", "2024-13", False),
        ("date", "0000", False),
        ("dateTime", "2024-05-01T10:00:00+01:00", True),
        ("dateTime", "2024-05-01T10:00:00", False),  # a time needs a zone
        ("instant", "2024-05-01", False),
        ("code", "finished", True),
        ("code", " finished", False),
        ("id", "p-1.2", True),
        ("id", "p_1", False),
        ("string", "José", True),
        ("string", "   ", False),  # accepted by fhir.resources, but not certain: asked
        ("string", "x\ud800", False),
        ("integer", 2**31, False),
        ("positiveInt", 0, False),
        ("unsignedInt", 0, True),
        ("boolean", True, True),
        ("boolean", "true", False),
        ("decimal", 1.5, True),
    ],
)
def test_examples(fhir_type, value, certain):
    assert bool(primitives.certain(fhir_type, type(value))(value)) is certain
    if certain:
        assert _accepted(fhir_type, value)
