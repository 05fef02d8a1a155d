"""Aggregate exports cannot bypass suppression: the same suppressed numbers as the page."""

import csv
import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from engineroom.population.phm.refresh import current_results
from engineroom.population.phm.suppression import SUPPRESSED
from engineroom.population_health import exports

COUNT_FIELDS = exports.COUNT_KEYS


@pytest.fixture
def system(published_system):
    return published_system


def exported(response, fmt: str) -> list[tuple[str, str]]:
    """(field, value) of every exported row."""
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode())))[1:]
        return [(r[4], r[5]) for r in rows]
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [
        (r[4], "" if r[5] is None else str(r[5]))
        for r in sheet.iter_rows(min_row=2, values_only=True)
    ]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_area_exports_hold_only_suppressed_counts(system, member, signed_in, fmt):
    client = signed_in(member("analyst"))
    place = system.places.order_by("code").first()
    hood = place.neighbourhoods.order_by("code").first()
    links = (
        reverse("population_health:export", args=[system.code, fmt]),
        reverse("population_health:area-export", args=[system.code, "place", place.code, fmt]),
        reverse(
            "population_health:area-export", args=[system.code, "neighbourhood", hood.code, fmt]
        ),
    )
    found = []
    for link in links:
        response = client.get(link)
        assert response.status_code == 200
        assert "Cache-Control" not in response  # aggregates: not identifiable
        counts = [v for f, v in exported(response, fmt) if f in COUNT_FIELDS]
        assert counts
        assert all(v == SUPPRESSED or int(v) % 5 == 0 for v in counts)
        assert not any(v in {"1", "2", "3", "4", "6", "7"} for v in counts)
        found += counts
    assert SUPPRESSED in found  # the small cells of the smallest area are there, hidden


def test_the_export_shows_exactly_what_the_page_shows(system, member, signed_in, phm_results):
    client = signed_in(member("analyst"))
    page = client.get(reverse("population_health:index", args=[system.code])).context["area"]
    response = client.get(reverse("population_health:export", args=[system.code, "csv"]))
    assert response["Content-Disposition"] == (
        f'attachment; filename="population-system-{system.code}.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["area", "level", "section", "item", "field", "value"]
    assert ["population", "", "population", str(page["population"])] == rows[1][2:]
    dashboard = json.loads((current_results(phm_results) / "dashboard.json").read_text())
    assert dashboard[f"system:{system.code}"]["population"] == page["population"]


def raw_area(raw) -> dict:
    return {
        "name": "Test",
        "level": "place",
        "population": raw,
        "core20": {"people": raw, "percent": 1.0},
        "pyramid": [{"band": "0-4", "female": raw, "male": raw}],
        "segments": [{"segment": "healthy", "label": "Healthy", "people": raw, "percent": 1.0}],
        "risk": [{"group": "top 5%", "people": raw, "percent": 1.0}],
        "prevalence": [
            {
                "condition": "af",
                "label": "AF",
                "registered": raw,
                "recorded": raw,
                "expected": raw,
                "estimated_undiagnosed": raw,
                "case_finding_flagged": raw,
            }
        ],
        "frailty": {"categories": [{"category": "fit", "people": raw, "percent": 1.0}]},
        "inequalities": [
            {
                "measure": "m",
                "quintiles": [{"quintile": 1, "count": raw, "population": raw, "rate": 1.0}],
                "absolute_gap": 1,
                "relative_gap": 1,
                "sii": 1,
            }
        ],
    }


@pytest.mark.parametrize(
    ("raw", "shown"), [(0, 0), (1, "*"), (7, "*"), (8, 10), (12, 10), (13, 15)]
)
def test_an_export_re_suppresses_even_a_raw_count(raw, shown):
    """Belt and braces: even if an unsuppressed number reached an area, the export rounds it."""
    rows = exports.aggregate_rows(raw_area(raw))
    counts = [r[5] for r in rows if r[4] in COUNT_FIELDS]
    assert len(counts) >= 12 and set(counts) == {shown}
