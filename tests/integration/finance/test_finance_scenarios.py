"""Scenarios: copy the forecast, change assumptions, compare side by side."""

from django.urls import reverse

from engineroom.audit.models import AuditEvent
from engineroom.finance.models import Scenario
from factories.finance import MILLION, YEAR


def test_a_scenario_copies_the_forecast_and_compares_with_changed_assumptions(
    signed_in, member, world
):
    client = signed_in(member("finance"))
    url = reverse("finance:scenarios", args=[world.system.code, YEAR])
    refused = client.post(url, {"name": ""})
    assert b"Enter a name for the scenario" in refused.content
    base = Scenario.objects.get(pk=client.post(url, {"name": "Latest forecast"}).url.split("/")[-2])
    worse_url = client.post(url, {"name": "Winter pressures"}).url
    worse = Scenario.objects.get(pk=worse_url.split("/")[-2])
    deficit = worse.lines.get(organisation=world.deficit)
    bad = client.post(worse_url, {f"adjust_{deficit.organisation_id}": "lots"})
    assert b"Enter an amount in pounds" in bad.content
    client.post(
        worse_url,
        {
            f"adjust_{deficit.organisation_id}": "-4,000,000",
            f"note_{deficit.organisation_id}": "Norovirus",
        },
    )
    deficit.refresh_from_db()
    assert deficit.adjustment_pence == -4 * MILLION and deficit.note == "Norovirus"
    page = client.get(url, {"compare": [base.pk, worse.pk]})
    comparison = page.context["comparison"]
    totals = dict(zip(comparison.scenarios, comparison.totals, strict=True))
    (c1, o1, _), (c2, o2, _) = totals[base], totals[worse]
    assert c1 == c2 and o1 - o2 == 4 * MILLION
    assert b"Norovirus" in page.content and b'id="comparison"' in page.content
    subjects = set(AuditEvent.objects.values_list("action", "subject"))
    assert ("finance.scenario_adjusted", f"finance.scenario:{worse.pk}") in subjects


def test_a_scenario_needs_forecasts_to_copy(signed_in, member, system):
    client = signed_in(member("finance"))
    page = client.post(reverse("finance:scenarios", args=[system.code, YEAR]), {"name": "x"})
    assert b"No partner has sent a return for this year yet." in page.content
    assert not Scenario.objects.exists()


def test_only_finance_changes_scenarios(signed_in, member, world):
    response = signed_in(member("system_leader")).post(
        reverse("finance:scenarios", args=[world.system.code, YEAR]), {"name": "x"}
    )
    assert response.status_code == 403
