"""Scenarios: copy the forecast, change assumptions, compare side by side."""

import datetime as dt

from django.urls import reverse

from engineroom.finance.models import Scenario
from engineroom.web import periods

MAIN = "vale-downs"
YEAR = periods.year_of(dt.date.today())
MILLION = 100_000_000


def test_a_scenario_copies_the_forecast_and_compares_with_changed_assumptions(client_for):
    client = client_for("finance")
    url = reverse("finance:scenarios", args=[MAIN, YEAR])
    refused = client.post(url, {"name": ""})
    assert b"Enter a name for the scenario" in refused.content
    base = Scenario.objects.get(pk=client.post(url, {"name": "Latest forecast"}).url.split("/")[-2])
    worse_url = client.post(url, {"name": "Winter pressures"}).url
    worse = Scenario.objects.get(pk=worse_url.split("/")[-2])
    rz2 = worse.lines.get(organisation__ods_code="RZ2")
    bad = client.post(worse_url, {f"adjust_{rz2.organisation_id}": "lots"})
    assert b"Enter an amount in pounds" in bad.content
    client.post(
        worse_url,
        {f"adjust_{rz2.organisation_id}": "-4,000,000", f"note_{rz2.organisation_id}": "Norovirus"},
    )
    rz2.refresh_from_db()
    assert rz2.adjustment_pence == -4 * MILLION and rz2.note == "Norovirus"
    page = client.get(url, {"compare": [base.pk, worse.pk]})
    comparison = page.context["comparison"]
    totals = dict(zip(comparison.scenarios, comparison.totals, strict=True))
    (c1, o1, _), (c2, o2, _) = totals[base], totals[worse]
    assert c1 == c2 and o1 - o2 == 4 * MILLION
    assert b"Norovirus" in page.content and b'id="comparison"' in page.content


def test_only_finance_changes_scenarios(client_for):
    response = client_for("system_leader").post(
        reverse("finance:scenarios", args=[MAIN, YEAR]), {"name": "x"}
    )
    assert response.status_code == 403
