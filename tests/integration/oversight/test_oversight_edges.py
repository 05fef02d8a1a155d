"""The edges a reviewer found: statistics that lag by different amounts, a system with nothing
scored, months missing from a run, the regional team's triggers, the running-total finance
position, segment changes audited, and a chart redrawn from a recalculation month."""

import datetime as dt

import pytest
from django.urls import reverse

from engineroom.audit.models import AuditEvent
from engineroom.oversight import actions, queries
from engineroom.oversight.models import MeasureSummary, Segmentation, TriggerFiring
from factories.oversight import statistics_csv

pytestmark = pytest.mark.django_db
SEPT, AUG = dt.date(2026, 9, 1), dt.date(2026, 8, 1)


def _import(system, series, end):
    content = statistics_csv({(system.code, m): v for m, v in series.items()}, end)
    return actions.import_statistics(content, file_name="s.csv", systems=[system], by=None)


def test_a_measure_that_lags_still_counts_in_the_segment(system):
    _import(system, {"ae_4h": [96.0, 97.0] * 6}, SEPT)
    _import(system, {"cancer_62d": [60.0, 61.0] * 6}, AUG)  # published a month later
    segment = Segmentation.objects.get(system=system, year=2026)
    assert "across 2 scored measures" in segment.reasons[0]
    assert any("Cancer 62-day" in r and "August 2026" in r for r in segment.reasons)


def test_a_system_with_nothing_scored_is_not_segmented(system):
    _import(system, {"rtt_list": [200_000.0, 201_000.0] * 6}, SEPT)
    assert not Segmentation.objects.filter(system=system).exists()


def test_a_trigger_fires_now_in_its_own_measures_latest_month(system, trigger_on):
    falling = [77.0, 78.0, 77.5, 78.5] * 6 + [70.0, 69.0]
    _import(system, {"ae_4h": falling}, AUG)
    _import(system, {"rtt_18w": [60.0] * 26}, SEPT)  # another measure a month ahead
    trigger = trigger_on(system)
    assert TriggerFiring.objects.filter(trigger=trigger, month=AUG).exists()
    assert [f.month for f in queries.firings_now(system)] == [AUG]
    row = queries.region_rows(system.region)[0]
    assert [f.month for f in row.fired] == [AUG]


def test_a_missing_month_breaks_consecutive_months(system, trigger_on):
    months = [dt.date(2024, 4, 1)]
    for _ in range(25):
        months.append(
            dt.date(months[-1].year + months[-1].month // 12, months[-1].month % 12 + 1, 1)
        )
    values = [77.0, 78.0, 77.5, 78.5] * 6 + [70.0, 69.0]
    del months[-2], values[-2]  # the second last month is missing from the file
    lines = ["system_code,measure_code,month,numerator,denominator,value"] + [
        f"{system.code},ae_4h,{m:%Y-%m},,,{v}" for m, v in zip(months, values, strict=True)
    ]
    actions.import_statistics(
        ("\n".join(lines) + "\n").encode(), file_name="gap.csv", systems=[system], by=None
    )
    trigger = trigger_on(system)
    assert not TriggerFiring.objects.filter(trigger=trigger).exists()


def test_only_the_regional_team_changes_the_regions_triggers(system, member, signed_in):
    from factories.accounts import MembershipFactory

    both = member("system_leader")
    MembershipFactory(user=both, role="analyst", system=system)  # edit rights in the one system
    page = reverse("oversight:trigger-new", args=[system.region.code])
    assert signed_in(both).get(page).status_code == 403
    assert signed_in(member("regulator")).get(page).status_code == 200


def test_the_trigger_form_refuses_a_standard_the_measure_does_not_have(system, member, signed_in):
    client = signed_in(member("regulator"))
    data = {
        "measure": "rtt_list",
        "condition": "not_met",
        "months": 2,
        "against": "none",
        "consequence": "a plan",
        "active": "on",
    }
    response = client.post(reverse("oversight:trigger-new", args=[system.region.code]), data)
    assert response.status_code == 200
    assert "has no standard this year" in response.content.decode()


def test_the_finance_position_is_a_running_total_beside_its_charted_run_rate(system):
    rows = []
    for i, (ytd, in_month) in enumerate([(-1.0, -1.0), (-3.0, -2.0), (-6.0, -3.0)]):
        month = dt.date(2026, 4 + i, 1)
        rows += [
            {"measure": "finance_ytd", "month": month, "value": ytd * 1e6},
            {"measure": "finance_variance", "month": month, "value": in_month * 1e6},
        ]
    actions.record_computed(system, rows, source="finance", by=None)
    ytd = MeasureSummary.objects.get(system=system, measure="finance_ytd")
    assert ytd.variation_icon == "" and ytd.recent_types == []  # never read as SPC
    run = MeasureSummary.objects.get(system=system, measure="finance_variance")
    assert run.variation_icon and run.meets_target is False


def test_a_segment_change_is_audited_with_its_reasons(system):
    _import(system, {"ae_4h": [96.0, 97.0] * 6}, SEPT)
    first = AuditEvent.objects.filter(action="oversight.segment_changed").count()
    _import(system, {"cancer_62d": [40.0, 41.0] * 6, "rtt_18w": [40.0, 41.0] * 6}, SEPT)
    changed = AuditEvent.objects.filter(action="oversight.segment_changed").latest("seq")
    assert AuditEvent.objects.filter(action="oversight.segment_changed").count() > first
    assert changed.details["before"] != changed.details["after"] and changed.details["reasons"]


def test_the_chart_redraws_from_a_recalculation_month(system, member, signed_in):
    _import(system, {"ae_4h": [70.0, 71.0] * 6 + [80.0, 81.0] * 6}, SEPT)
    client = signed_in(member("analyst"))
    page = reverse("oversight:measure", args=[system.code, "ae_4h"])
    result = client.get(page + "?rebase=2025-10").context["result"]
    assert {p.segment for p in result.points} == {0, 1}
    assert result.points[-1].mean == pytest.approx(80.5)
    assert "Enter a month like 2025-04" in client.get(page + "?rebase=soon").content.decode()


@pytest.fixture
def trigger_on():
    def make(system):
        return actions.save_trigger(
            region=system.region,
            measure="ae_4h",
            condition="special_cause_concern",
            months=2,
            against="interim",
            consequence="enhanced monitoring",
            intensive=False,
            active=True,
            by=None,
        )

    return make


def test_the_running_total_is_drawn_as_a_line_and_says_why(system, member, signed_in):
    rows = [
        {"measure": "finance_ytd", "month": dt.date(2026, 4 + i, 1), "value": -1e6 * (i + 1)}
        for i in range(3)
    ]
    actions.record_computed(system, rows, source="finance", by=None)
    client = signed_in(member("analyst"))
    page = client.get(reverse("oversight:measure", args=[system.code, "finance_ytd"]))
    assert page.context["result"] is None and page.context["chart"] is not None
    assert "not read as statistical process control" in page.content.decode()
    summary = client.get(reverse("oversight:summary", args=[system.code]))
    assert "A running total: not read as SPC" in summary.content.decode()


def test_a_measure_not_yet_published_for_the_new_year_still_counts(system):
    _import(system, {"ae_4h": [96.0, 97.0] * 6 + [96.5]}, dt.date(2026, 4, 1))
    _import(system, {"cancer_62d": [41.0, 40.0] * 6}, dt.date(2026, 3, 1))  # a month behind
    segment = Segmentation.objects.get(system=system, year=2026)
    assert "across 2 scored measures" in segment.reasons[0] and segment.segment > 1
    assert any("Cancer 62-day" in r and "March 2026" in r for r in segment.reasons)


def test_a_trigger_that_could_never_show_concern_is_refused(system, member, signed_in):
    client = signed_in(member("regulator"))
    page = reverse("oversight:trigger-new", args=[system.region.code])
    for code in ("finance_ytd", "ae_attendances"):  # a running total; no better direction
        data = {
            "measure": code,
            "condition": "special_cause_concern",
            "months": 2,
            "against": "none",
            "consequence": "a plan",
            "active": "on",
        }
        response = client.post(page, data)
        assert response.status_code == 200
        assert "can never show special cause concern" in response.content.decode()


def test_the_run_rate_starts_again_each_april_with_the_new_plan(system):
    rows = [
        {"measure": "finance_variance", "month": m, "value": v}
        for m, v in [(dt.date(2025, 4 + i, 1), -200_000.0) for i in range(9)]
        + [(dt.date(2026, 1 + i, 1), -200_000.0) for i in range(3)]
        + [(dt.date(2026, 4 + i, 1), 150_000.0) for i in range(6)]
    ]
    actions.record_computed(system, rows, source="finance", by=None)
    run = MeasureSummary.objects.get(system=system, measure="finance_variance")
    assert run.variation_icon == "common_cause"  # a flat new year, not a shift
    assert run.assurance_icon == "consistent_pass"  # ahead of plan every month this year
