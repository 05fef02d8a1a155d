"""The fast FHIR decision (``check.decide``, through the shape cache) is exactly what
``fhir.resources`` decides (``check.decide_reference``): on every resource of the third-party
samples, of the malformed corpus and of the synthetic feed, and on mutations of valid resources
made after their shapes have been learnt (so the cache, not pydantic, answers where it can)."""

import copy
import importlib.util
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engineroom.population import safejson
from engineroom.population.fhir import check, read_rows, shapes
from engineroom.population.synth import fhir_feed

EXTERNAL = Path("/work/shared/external-fhir")
GENERATOR = Path(__file__).parents[2] / "data" / "feeds_malformed" / "generated.py"


def _external() -> list:
    """Every resource of the JSON and NDJSON samples, and every resource inside their Bundles."""
    found = []
    for path in sorted(EXTERNAL.rglob("*")):
        if path.suffix in (".json", ".ndjson"):
            found += [value for value, error in read_rows(path.read_bytes(), path.suffix[1:])]
    for bundle in [r for r in found if isinstance(r, dict) and r.get("resourceType") == "Bundle"]:
        found += [e["resource"] for e in bundle.get("entry", []) if "resource" in e]
    return [r for r in found if r is not None]


def _malformed() -> list:
    spec = importlib.util.spec_from_file_location("feeds_malformed_generated", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    found = []
    for name, (data, _) in module.cases().items():
        if name.startswith("fhir__"):
            ext = name.rsplit(".", 1)[1]
            found += [value for value, error in read_rows(data, ext) if error is None]
    return found


def _synthetic(n: int = 300) -> list:
    lines = []
    for i in range(n):
        nhs = 9_000_000_000 + i * 7919
        lines.append(
            fhir_feed._patient(nhs, f"19{40 + i % 60}-0{1 + i % 9}-1{i % 10}", i % 2, "LS1")
        )
        status = "done" if i % 50 == 0 else "finished"
        day = f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}"
        lines.append(fhir_feed._encounter(f"RX3-C{i}", nhs, day, "District nursing", status))
    return [json.loads(line) for line in lines]


@pytest.fixture(autouse=True)
def cold_cache():
    shapes.forget()
    yield
    shapes.forget()


def _same(resources: list) -> None:
    expected = check.decide_reference(resources)
    for attempt in ("cold", "warm"):  # learning, then answering from the cache
        got = check.decide(resources)
        wrong = [(r, e, g) for r, e, g in zip(resources, expected, got, strict=True) if e != g]
        assert not wrong, (attempt, wrong[:3])


@pytest.mark.skipif(not EXTERNAL.exists(), reason="external FHIR samples not present")
def test_external_samples_decided_as_fhir_resources_decides():
    resources = _external()
    assert len(resources) > 400
    _same(resources)
    accepted = [r for r, p in zip(resources, check.decide(resources), strict=True) if p is None]
    assert all(shapes.certainly_valid(r) for r in accepted)  # the cache really answered


def test_malformed_corpus_decided_as_fhir_resources_decides():
    resources = _malformed()
    assert len(resources) > 50
    _same(resources)


def test_synthetic_feed_decided_as_fhir_resources_decides():
    resources = _synthetic()
    _same(resources)
    decided = check.decide(resources)
    assert sum(p is not None and "value set" in p[1] for p in decided) == 6
    assert all(shapes.certainly_valid(r) for r in resources)


# --- mutations of valid resources, after their shapes are learnt -------------------------
NASTY = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "\t",
            "\u00a0",
            "\ud800",
            "a  b",
            " lead",
            "2024-02-30",
            "2023-02-29",
            "2024-02-29",
            "0000-01-01",
            "2024-13",
            "2024-1-01",
            "2024-05-01T10:00:00",
            "2024-05-01T24:00:00Z",
            "2024-05-01T10:00:00.1234567+14:00",
            "2024-05-01T10:00:60Z",
            "10:00",
            "bad id!",
            "x" * 300,
            "urn:oid:1.2",
            "true",
            "1.5e3",
            "{}",
        ]
    ),
    st.sampled_from([0, 1, -1, 2**31, 2**31 - 1, -(2**31) - 1, 10**29, 1.5, -0.0, 1e300]),
    st.sampled_from([True, False, None, [], {}, [None], [{}], {"x": 1}, [[1]], {"a": [{"b": 2}]}]),
    st.text(max_size=12),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
)


def _paths(value, path=()):
    yield path
    children = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else []
    )
    for key, child in children:
        yield from _paths(child, (*path, key))


def _mutate(resource: dict, data) -> dict:
    out = copy.deepcopy(resource)
    leaves = _leaf_paths(out)
    paths = leaves if leaves and data.draw(st.booleans()) else [p for p in _paths(out) if p]
    path = data.draw(st.sampled_from(paths))
    parent = out
    for key in path[:-1]:
        parent = parent[key]
    how = data.draw(st.sampled_from(["replace", "add", "drop", "deep"]))
    if how == "replace":
        parent[path[-1]] = data.draw(NASTY)
    elif how == "add" and isinstance(parent, dict):
        parent[
            data.draw(st.sampled_from(["colour", "id", "text", "_id", "extension", "valueString"]))
        ] = data.draw(NASTY)
    elif how == "drop" and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        deep: object = data.draw(NASTY)
        for _ in range(data.draw(st.integers(1, 30))):
            deep = (
                {"extension": [{"url": "x", "valueString": "s", "extension": [deep]}]}
                if data.draw(st.booleans())
                else [deep]
            )
        parent[path[-1]] = deep
    return out


LEAF_VALUES = [
    "",
    " ",
    "\u00a0",
    "2024-02-30",
    "2023-02-29",
    "2024-05-01T10:00:00",
    "bad id!",
    "a  b",
]
LEAF_VALUES += ["x" * 300, 0, -1, 2**31, 1.5, True, None, {}, [], ["x"]]


def _leaf_paths(value, path=()):
    return [p for p in _paths(value, path) if p and not isinstance(_at(value, p), dict | list)]


def _at(value, path):
    for key in path:
        value = value[key]
    return value


def test_every_value_of_small_resources_replaced(valid_resources):
    """Each primitive value of a few resources, replaced by each awkward value in turn."""
    small = [r for r in valid_resources if len(json.dumps(r)) < 1200]
    chosen = {r["resourceType"]: r for r in small}  # one of each resource type
    for original in chosen.values():
        check.decide([original])
        for path in _leaf_paths(original):
            if path == ("resourceType",):
                continue
            mutants = []
            for value in LEAF_VALUES:
                mutant = copy.deepcopy(original)
                _at(mutant, path[:-1])[path[-1]] = value
                mutants.append(mutant)
            assert check.decide(mutants) == check.decide_reference(mutants), path


@pytest.fixture(scope="module")
def valid_resources():
    found = _synthetic(20) + (_external() if EXTERNAL.exists() else []) + _malformed()
    found = [r for r in found if isinstance(r, dict) and len(json.dumps(r)) < 5_000]
    return [r for r, p in zip(found, check.decide_reference(found), strict=True) if p is None]


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_mutations_decided_as_fhir_resources_decides(valid_resources, data):
    original = data.draw(st.sampled_from(valid_resources))
    check.decide([original])  # learn its shapes, so the mutant meets the cache
    mutant = _mutate(original, data)
    if safejson.depth(mutant) > safejson.MAX_DEPTH:
        return  # safejson refuses these before any decision
    assert check.decide([mutant]) == check.decide_reference([mutant]), mutant
