"""A system's oversight summary as XLSX (every number a number) and as the board-ready PDF."""

import datetime as dt
import io

import pytest
from django.http import Http404
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from engineroom.oversight import exports
from engineroom.web.charts import ASSURANCE_TEXT, VARIATION_TEXT

AE = "A&E patients seen within 4 hours"
NUMBER = int | float  # openpyxl reads a whole float back as an int; never text


def _rows(sheet):
    return list(sheet.iter_rows(min_row=2, values_only=True))


def _book(download):
    return load_workbook(io.BytesIO(download.content))


def test_only_xlsx_and_pdf_are_offered():
    exports.check_format("xlsx")
    exports.check_format("pdf")
    with pytest.raises(Http404):
        exports.check_format("csv")


def test_the_xlsx_summary_holds_every_measure_with_numbers_and_icon_words(
    loaded, months, measures_per_system
):
    first, _ = loaded
    download = exports.system_xlsx(first)
    assert download.filename == "oversight-upper-vale.xlsx"
    book = _book(download)
    assert book.sheetnames == ["Summary", "Segment", "Triggers", "Series"]
    summary = _rows(book["Summary"])
    assert len(summary) == measures_per_system
    assert all(isinstance(r[4], NUMBER) for r in summary)
    assert all(isinstance(r[3], dt.datetime) and r[3].date() == months[-1] for r in summary)
    ae = next(r for r in summary if r[1] == AE)
    assert ae[4] == pytest.approx(69.8)  # 80, less the last month's wobble, less the fall
    assert ae[5] == "per cent" and ae[7] == "Not met"
    assert ae[8] == VARIATION_TEXT["concern_low"]
    assert ae[9] == ASSURANCE_TEXT["consistent_fail"]


def test_the_xlsx_series_has_every_observation_and_the_segments_every_reason(
    loaded, months, measures_per_system
):
    first, _ = loaded
    book = _book(exports.system_xlsx(first))
    series = _rows(book["Series"])
    assert len(series) == measures_per_system * len(months)
    ae = [r for r in series if r[0] == "ae_4h"]
    assert [r[2].date() for r in ae] == months
    assert all(isinstance(r[3], NUMBER) and isinstance(r[4], NUMBER) for r in ae)
    assert ae[0][5] == 20_000 and ae[0][6] == "Published monthly statistics"
    finance = [r for r in series if r[0] == "finance_variance"]
    assert finance[0][3] < 0 and finance[0][4] is None
    segments = _rows(book["Segment"])
    assert {r[0] for r in segments} == {"2024/25", "2025/26"}
    assert all(isinstance(r[2], int) for r in segments)
    assert any(r[5].startswith("Segment ") for r in segments)


def test_the_xlsx_triggers_sheet_gives_each_firing_with_its_evidence(loaded, months):
    first, second = loaded
    fired = _rows(_book(exports.system_xlsx(first))["Triggers"])
    assert fired, "the fall in A&E performance fires the trigger"
    latest = max(fired, key=lambda r: r[0])
    assert latest[0].date() == months[-1]
    assert latest[1].startswith("1 month of special cause concern on " + AE)
    assert "special cause concern" in latest[2] and "%" in latest[2]
    assert _rows(_book(exports.system_xlsx(second))["Triggers"]) == []


def _pdf_text(download) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(download.content))
    text = " ".join(p.extract_text() for p in reader.pages)
    return len(reader.pages), " ".join(text.split())  # table cells wrap their words


def test_the_pdf_is_a_board_paper_with_a_chart_of_the_measure_of_concern(loaded):
    first, _ = loaded
    download = exports.system_pdf(first, base_url="http://testserver/")
    assert download.filename == "oversight-upper-vale.pdf"
    assert download.content_type == "application/pdf"
    pages, text = _pdf_text(download)
    assert pages >= 1
    assert "Upper Vale ICS" in text and AE in text
    assert "Triggers firing now" in text and "enhanced monitoring" in text
    charts = text.index("Measures to look at")
    assert text.index(AE, charts) and "Process limits (dashed lines)" in text[charts:]
    assert "Page 1 of" in text


def test_charts_are_drawn_only_for_concern_or_a_target_consistently_failed(loaded):
    first, _ = loaded
    context = exports.system_context(first)
    drawn = {c["measure"].code for c in context["charts"]}
    assert "ae_4h" in drawn
    for row in context["rows"]:
        flagged = row["variation"].startswith("concern") or row["assurance"] == "consistent_fail"
        assert (row["code"] in drawn) == flagged


def test_the_export_view_downloads_the_system_summary(system, member, signed_in):
    client = signed_in(member("regulator"))
    response = client.get(reverse("oversight:export", args=[system.code, "xlsx"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('oversight-upper-vale.xlsx"')
    assert client.get(reverse("oversight:export", args=[system.code, "csv"])).status_code == 404


def test_a_system_without_data_still_exports_saying_so(region):
    from factories.system import SystemFactory

    empty = SystemFactory(code="no-data", name="Empty Vale ICS", region=region)
    book = _book(exports.system_xlsx(empty))
    assert [len(_rows(book[name])) for name in book.sheetnames] == [0, 0, 0, 0]
    _, text = _pdf_text(exports.system_pdf(empty, base_url="http://testserver/"))
    assert "Empty Vale ICS" in text and "no data loaded yet" in text
    assert "Not segmented" in text and "No written trigger is firing" in text
