"""S23 Proportionate oversight: system metrics against national standards, charted as statistical
process control (NHS "Making Data Count"), with written triggers that say when intervention
happens.

Told through the pages: the regulator starts the day on the region's oversight, sees Coast and
Forest in the worst segment with the triggers that put it there and the data behind them, opens
its A&E chart, tightens a trigger in plain words (the change is kept in the audit log), writes
a new one and downloads the regional view; the system leader sees their own system's oversight
on their home page; an analyst imports a monthly statistics file with a bad row and every row is
accounted for."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from engineroom.audit.models import AuditEvent
from engineroom.finance.public import ytd_variances
from engineroom.oversight.models import Observation, Trigger, TriggerFiring
from engineroom.web import formatting, periods

REGION, MAIN, COAST = "demo-region", "vale-downs", "coast-forest"
LAST = periods.add_months(periods.first_of_month(dt.date.today()), -1)


@pytest.fixture
def regulator(client_for):
    return client_for("regulator")


def test_s23_the_regulator_starts_on_the_regional_view_with_segments_and_triggers(regulator):
    response = regulator.get("/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("oversight:region", args=[REGION])
    rows = {r["system"].code: r for r in response.context["rows"]}
    assert set(rows) == {MAIN, COAST, "northern-moors"}
    coast = rows[COAST]
    assert coast["segment"].segment == 5, coast["segment"].reasons
    assert any("Trigger fired" in reason for reason in coast["segment"].reasons)
    assert any("A&E patients seen within 4 hours" in w for w in coast["fired"])
    assert all(r["segment"].segment < 5 for code, r in rows.items() if code != COAST)
    html = response.content.decode()
    assert "while below the interim standard → enhanced monitoring" in html
    for r in rows.values():  # finance position and leadership beside the measures
        month, pence = ytd_variances(r["system"])[-1]  # the finance pages' own open-book figure
        assert r["finance"]["value"] == formatting.money_short(pence), r["finance"]
        assert r["finance_month"] == formatting.month(month)
        assert r["chair"] and r["lead"]


def test_s23_the_system_summary_and_chart_tell_signal_from_noise(regulator):
    summary = regulator.get(reverse("oversight:summary", args=[COAST]) + "?sort=variation")
    rows = summary.context["rows"]
    assert rows[0]["variation"].startswith("concern")  # concerns sort first
    ae = next(r for r in rows if r["code"] == "ae_4h")
    assert ae["variation"] == "concern_low" and ae["met"] == "Not met"
    fired = summary.context["fired"]
    ae_fired = next(f for f in fired if "A&E" in f["wording"])
    assert len(ae_fired["lines"]) == 2 and "special cause concern" in ae_fired["lines"][-1]
    assert "interim standard 78.0%" in ae_fired["lines"][-1]

    chart = regulator.get(reverse("oversight:measure", args=[COAST, "ae_4h"]))
    assert chart.status_code == 200
    result = chart.context["result"]
    assert result.points[-1].point_type == "special_cause_concern"
    assert len(result.points) == 60
    html = chart.content.decode()
    assert "Special cause variation: concern (lower)" in html
    assert 'id="spc-table"' in html  # the chart's numbers as a table
    redrawn = regulator.get(
        reverse("oversight:measure", args=[COAST, "ae_4h"]) + "?screen=on&rule=ptd&fix_after=24"
    )
    assert redrawn.context["result"].options.rule == "ptd"
    assert redrawn.context["result"].options.fix_after == 24


def test_s23_the_regulator_changes_a_trigger_in_plain_words_and_the_change_is_kept(regulator):
    trigger = Trigger.objects.get(region__code=REGION, measure="ae_4h")
    before = TriggerFiring.objects.filter(trigger=trigger).count()
    page = reverse("oversight:trigger", args=[REGION, trigger.pk])
    form = regulator.get(page)
    assert form.context["form"].initial["months"] == 2
    data = {
        "measure": "ae_4h",
        "condition": "special_cause_concern",
        "months": 3,
        "against": "interim",
        "consequence": "enhanced monitoring by the regional team",
        "active": "on",
    }
    response = regulator.post(page, data, follow=True)
    assert response.status_code == 200
    after = TriggerFiring.objects.filter(trigger=trigger)
    assert after.count() < before  # three months in a row is rarer than two
    assert all(len(f.evidence) == 3 for f in after)
    change = AuditEvent.objects.filter(action="oversight.trigger_changed").latest("seq")
    assert change.details["before"].startswith("2 consecutive months")
    assert change.details["after"].startswith("3 consecutive months")
    history = regulator.get(page).context["history"]
    assert history[0].details["after"] == change.details["after"]

    new = reverse("oversight:trigger-new", args=[REGION])
    data.update(measure="rtt_18w", condition="not_met", months=6, against="none")
    data["consequence"] = "an elective recovery plan"
    assert regulator.post(new, data).status_code == 302
    written = Trigger.objects.get(region__code=REGION, measure="rtt_18w")
    assert TriggerFiring.objects.filter(trigger=written).exists()  # RTT 18 weeks is far off 92%


def test_s23_the_regional_view_downloads_as_excel_and_pdf(regulator):
    xlsx = regulator.get(reverse("oversight:region-export", args=[REGION, "xlsx"]))
    book = load_workbook(io.BytesIO(xlsx.content))
    first = book.worksheets[0]
    names = " ".join(str(first.cell(row=r, column=1).value) for r in range(2, first.max_row + 1))
    assert "Vale and Downs ICS" in names and "Coast and Forest ICS" in names
    pdf = regulator.get(reverse("oversight:region-export", args=[REGION, "pdf"]))
    pages = PdfReader(io.BytesIO(pdf.content)).pages
    text = " ".join(" ".join(page.extract_text().split()) for page in pages)
    assert "Coast and Forest ICS" in text and "enhanced monitoring" in text


def test_s23_the_system_leader_sees_their_systems_oversight_at_home(client_for):
    home = client_for("system_leader").get("/", follow=True)
    panel = home.context["panels"]["oversight"]
    assert panel.segment is not None and panel.measures >= 25
    assert "Oversight against the national standards" in home.content.decode()


def test_s23_an_analyst_imports_statistics_and_every_row_is_accounted_for(client_for):
    analyst = client_for("analyst")
    month = f"{periods.add_months(LAST, 1):%Y-%m}"
    content = (
        "system_code,measure_code,month,numerator,denominator,value\n"
        f"{MAIN},ae_4h,{month},15000,20000,75.0\n"
        f"{MAIN},ae_4h,not-a-month,,,75\n"
        f"{COAST},ae_4h,{month},,,71\n"  # another system: not the analyst's to load
        f"{MAIN},rtt_18w,{month},,,sixty\n"
        f"{MAIN},finance_variance,{month},,,-250000\n"  # the open book's, not a file's
    ).encode()
    upload = SimpleUploadedFile("stats.csv", content, content_type="text/csv")
    response = analyst.post(reverse("oversight:import", args=[MAIN]), {"file": upload}, follow=True)
    done = response.context["done"]
    assert (done.rows_in, done.accepted, done.quarantined) == (5, 1, 4)
    problems = {(p["row"], p["field"]) for p in done.problems}
    assert problems == {(3, "month"), (4, "system_code"), (5, "value"), (6, "measure_code")}
    html = response.content.decode()
    assert "not a month like 2026-09" in html and "is not a number" in html
    assert "comes from the system&#x27;s monthly finance returns" in html
    assert Observation.objects.filter(system__code=MAIN, measure="ae_4h").count() == 61


def test_s23_the_finance_position_is_taken_again_from_the_monthly_returns(client_for, main_system):
    analyst = client_for("analyst")
    page = reverse("oversight:finance", args=[MAIN])
    assert "Take the position from the returns" in analyst.get(page).content.decode()
    response = analyst.post(page, follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "oversight:measure", args=[MAIN, "finance_variance"]
    )
    kept = Observation.objects.filter(system=main_system, measure="finance_variance")
    assert kept.count() == len(ytd_variances(main_system)) and {o.source for o in kept} == {
        "finance"
    }
