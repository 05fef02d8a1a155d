"""Statistics in, summaries, triggers and segments out, and the pages that show them."""

import pytest

from engineroom.oversight.models import MeasureSummary, Segmentation, TriggerFiring

pytestmark = pytest.mark.django_db


def test_an_import_reconciles_and_summarises_each_series(statistics, region_systems):
    assert statistics.rows_in == statistics.accepted + statistics.quarantined == 144
    first, _ = region_systems
    summary = MeasureSummary.objects.get(system=first, measure="ae_4h")
    assert summary.last_value == 68.0
    assert summary.variation_icon == "concern_low"
    assert summary.meets_interim is False


def test_the_trigger_fires_on_two_months_of_concern_below_the_interim(trigger, statistics):
    fired = TriggerFiring.objects.filter(trigger=trigger)
    assert {f.system.code for f in fired} == {trigger.region.systems.first().code} or fired
    last = fired.order_by("-month").first()
    assert last.month.isoformat() == "2026-09-01"
    assert [e["point_type"] for e in last.evidence] == ["special_cause_concern"] * 2
    assert "while below the interim standard → enhanced monitoring" in last.wording


def test_every_year_with_data_has_a_segment_with_reasons(statistics, region_systems):
    first, _ = region_systems
    years = set(Segmentation.objects.filter(system=first).values_list("year", flat=True))
    assert years == {2023, 2024, 2025, 2026}
    latest = Segmentation.objects.get(system=first, year=2026)
    assert "of 5 under the NHS Oversight Framework 2025/26" in latest.reasons[0]
    older = Segmentation.objects.get(system=first, year=2023)
    assert "of 4" in older.reasons[0]


def test_the_pages_show_the_summary_the_chart_and_the_region(
    statistics, trigger, region_systems, member, signed_in
):
    first, _ = region_systems
    client = signed_in(member("regulator"))
    summary = client.get(f"/systems/{first.code}/oversight/?sort=variation")
    assert summary.status_code == 200
    assert "Special cause" in summary.content.decode()
    chart = client.get(f"/systems/{first.code}/oversight/ae_4h/?screen=on&rule=ptd")
    assert chart.status_code == 200 and "<svg" in chart.content.decode()
    region = client.get(f"/regions/{first.region.code}/oversight/")
    body = region.content.decode()
    assert region.status_code == 200 and "Second ICS" in body and "enhanced monitoring" in body
