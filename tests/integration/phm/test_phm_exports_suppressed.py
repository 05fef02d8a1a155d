"""Aggregate exports cannot bypass suppression: the same suppressed numbers as the page."""

import csv
import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from engineroom.phm.refresh import current_results
from engineroom.phm.suppression import SUPPRESSED
from engineroom.population_health import exports

MAIN = "vale-downs"
COUNT_FIELDS = exports.COUNT_KEYS


def published(rows):
    return [(r[2], r[3], r[4], r[5]) for r in rows]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_area_exports_hold_only_suppressed_counts(phm_site, client_for, main_system, fmt):
    client = client_for("analyst")
    place = main_system.places.order_by("code").first()
    for link in (reverse("population_health:export", args=[MAIN, fmt]),
                 reverse("population_health:area-export", args=[MAIN, "place", place.code, fmt])):  # fmt: skip
        response = client.get(link)
        assert response.status_code == 200
        if fmt == "csv":
            rows = list(csv.reader(io.StringIO(response.content.decode())))[1:]
            values = [(r[4], r[5]) for r in rows]
        else:
            sheet = load_workbook(io.BytesIO(response.content)).active
            values = [(r[4], "" if r[5] is None else str(r[5])) for r in sheet.iter_rows(min_row=2, values_only=True)]  # fmt: skip
        counts = [v for f, v in values if f in COUNT_FIELDS]
        assert counts and SUPPRESSED in counts
        assert all(v == SUPPRESSED or int(v) % 5 == 0 for v in counts)
        assert not any(v in {"1", "2", "3", "4", "6", "7"} for v in counts)


def test_the_export_shows_exactly_what_the_page_shows(phm_site, client_for, main_system):
    client = client_for("analyst")
    page = client.get(reverse("population_health:index", args=[MAIN])).context["area"]
    text = client.get(reverse("population_health:export", args=[MAIN, "csv"])).content.decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert ["population", "", "population", str(page["population"])] == rows[1][2:]
    dashboard = json.loads((current_results(phm_site) / "dashboard.json").read_text())
    assert dashboard[f"system:{MAIN}"]["population"] == page["population"]


@pytest.mark.parametrize(
    ("raw", "shown"), [(0, 0), (1, "*"), (7, "*"), (8, 10), (12, 10), (13, 15)]
)
def test_an_export_re_suppresses_even_a_raw_count(raw, shown):
    """Belt and braces: even if an unsuppressed number reached an area, the export rounds it."""
    area = {"name": "Test", "level": "place", "population": raw,
            "core20": {"people": raw, "percent": 1.0}, "pyramid": [{"band": "0-4", "female": raw, "male": raw}],
            "segments": [{"segment": "healthy", "label": "Healthy", "people": raw, "percent": 1.0}],
            "risk": [{"group": "top 5%", "people": raw, "percent": 1.0}],
            "prevalence": [{"condition": "af", "label": "AF", "registered": raw, "recorded": raw,
                            "expected": raw, "estimated_undiagnosed": raw, "case_finding_flagged": raw}],
            "frailty": {"categories": [{"category": "fit", "people": raw, "percent": 1.0}]},
            "inequalities": [{"measure": "m", "quintiles": [{"quintile": 1, "count": raw, "population": raw,
                                                            "rate": 1.0}],
                              "absolute_gap": 1, "relative_gap": 1, "sii": 1}]}  # fmt: skip
    rows = exports.aggregate_rows(area)
    counts = [r[5] for r in rows if r[4] in COUNT_FIELDS]
    assert len(counts) >= 12 and set(counts) == {shown}
