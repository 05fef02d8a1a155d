"""The fast paths of FHIR ingest give what the plain ones give: NDJSON lines decoded in place
(``safejson.parse_lines``) as ``safejson.parse`` decodes each line, compiled element paths as
``walk``, and mapped tables built column by column still in the file's row order."""

import json
from datetime import date
from types import SimpleNamespace

import pytest

from engineroom.population import safejson
from engineroom.population.fhir import load
from engineroom.population.fhir.mapping import getter, walk

LINES = [
    b'{"a":1}',
    b'{"a" : 1 }\t',
    b'{"a":1}\r',
    b' {"a":1}',
    b'{"a":1}{"b":2}',
    b'{"a":1},{"b":2}',
    b'{"a":[1',
    b"2]}",
    b"\xef\xbb\xbf{}",
    b"<Patient/>",
    b'{"a":NaN}',
    b'{"a":1e999}',
    b'{"a":' + b"1" * 40 + b"}",
    b'{"a":' + b"[" * 100 + b"]" * 100 + b"}",
    b'{"a":' + b"[" * 5000 + b"]" * 5000 + b"}",
    b"\x0b",
    b"   ",
    b"",
    b'{"x":"\xc3\xa9"}',
    b'{"a":1}\xc2\xa0',
    b"[1,2]",
    b'"text"',
    b"{}",
    b'{"a":"\x01"}',
]


@pytest.mark.parametrize("tail", [b"", b'\n{"x":"\xff"}'])  # the second is not UTF-8 as a whole
def test_ndjson_lines_decode_exactly_as_each_line_alone(tail):
    data = b"\n".join(LINES) + tail
    expected = [safejson.parse(chunk) for chunk in data.split(b"\n") if chunk.strip()]
    rows, raws = safejson.parse_lines(data)
    assert rows == expected
    assert len(raws) == len(rows)
    for (value, error), raw in zip(rows, raws, strict=True):
        if raw is not None:  # the text kept is the line itself, and it holds the same value
            assert error is None and json.loads(raw) == value


RESOURCE = {
    "resourceType": "Patient",
    "name": [{"given": ["Ann", "B"], "family": "Lee"}, {"family": "Other"}],
    "address": [],
    "period": {"start": "2024-01-01"},
    "deep": {"er": [{"still": {"here": 1}}]},
    "text": "not an object",
    "empty": [],
}


@pytest.mark.parametrize(
    "path",
    [
        "name",
        "name.given",
        "name.family",
        "address.postalCode",
        "period.start",
        "period.end",
        "deep.er.still.here",
        "text.div",
        "empty.x",
        "missing",
        "missing.x.y",
    ],
)
def test_compiled_paths_read_as_walk_does(path):
    assert getter(path)(RESOURCE) == walk(RESOURCE, path)
    assert getter(path, repr)(RESOURCE) == repr(walk(RESOURCE, path))


def _line(resource: dict) -> str:
    return json.dumps(resource)


def test_rows_of_several_types_and_components_stay_in_file_order():
    patient = {
        "resourceType": "Patient",
        "id": "p1",
        "identifier": [{"system": "https://fhir.nhs.uk/Id/nhs-number", "value": "9000000378"}],
        "birthDate": "1950-01-01",
    }
    ref = {"reference": "Patient/p1"}
    condition = {
        "resourceType": "Condition",
        "id": "c1",
        "subject": ref,
        "code": {"coding": [{"system": "http://snomed.info/sct", "code": "75367002"}]},
        "onsetDateTime": "2024-04-01",
    }

    def component(code: str, value: int) -> dict:
        return {
            "code": {"coding": [{"system": "http://snomed.info/sct", "code": code}]},
            "valueQuantity": {"value": value, "code": "mm[Hg]"},
        }

    observation = {
        "resourceType": "Observation",
        "id": "o1",
        "status": "final",
        "subject": ref,
        "code": {"coding": [{"system": "http://snomed.info/sct", "code": "75367002"}]},
        "effectiveDateTime": "2024-05-01",
        "component": [component("72313002", 120), component("1091811000000102", 80)],
    }
    later = {**condition, "id": "c2", "onsetDateTime": "2024-06-01"}
    lines = [patient, condition, observation, later]
    data = "\n".join(_line(r) for r in lines).encode()
    name = SimpleNamespace(ext="ndjson", org="T01", extract_date=date(2025, 3, 31))
    tables, issues, rows_in, _ = load(data, name)
    assert (rows_in, issues.num_rows) == (4, 0)
    events = tables["gp_event"]
    assert events["record_id"].to_pylist() == [
        "Condition:c1",
        "Observation:o1",
        "Observation:o1:component:0",
        "Observation:o1:component:1",
        "Condition:c2",
    ]
    assert events["row_number"].to_pylist() == [2, 3, 3, 3, 4]
    assert events["nhs_number"].to_pylist() == ["9000000378"] * 5
    assert events["value"].to_pylist()[2:4] == [120.0, 80.0]
    kept = tables["fhir_resource"]["json"].to_pylist()
    assert kept == [_line(r) for r in lines]  # each line kept as received
