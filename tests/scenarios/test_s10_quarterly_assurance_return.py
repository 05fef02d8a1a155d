"""S10 West Yorkshire and Harrogate: ~17 programmes, each with its own board and lead, report
quarterly to the system oversight and assurance group; the quarterly return is assembled from the
monthly reports without retyping."""

import datetime as dt

from django.urls import reverse

from engineroom.programmes.models import HighlightReport
from engineroom.web.periods import Quarter, add_months

MAIN = "vale-downs"


def _full_quarter() -> Quarter:
    """The most recent quarter whose three months all have demo reports."""
    q = Quarter.of(add_months(dt.date.today().replace(day=1), -1))
    if q.months[-1] >= dt.date.today().replace(day=1):
        q = q.previous()
    return q


def test_seventeen_programmes_each_with_a_board_and_lead(client_for):
    page = client_for("governance").get(reverse("programmes:portfolio", args=[MAIN]))
    programmes = [r.programme for r in page.context["rows"]]
    assert len(programmes) == 17
    assert len({p.board for p in programmes}) == 17 and all(p.lead for p in programmes)


def test_the_return_is_assembled_from_the_approved_monthly_reports(client_for):
    quarter = _full_quarter()
    client = client_for("regulator")
    index = client.get(reverse("programmes:quarters", args=[MAIN]))
    assert quarter.slug in index.content.decode()
    page = client.get(reverse("programmes:quarterly", args=[MAIN, quarter.slug]))
    ret = page.context["ret"]
    assert ret.complete and len(ret.programmes) == 17
    html = page.content.decode()
    last = quarter.months[-1]
    for report in HighlightReport.objects.filter(programme__system__code=MAIN, month=last):
        assert report.commentary in html  # the words come from the monthly report
    row = next(p for p in ret.programmes if p.programme.code == "uec")
    assert [r.month for r in row.months] == quarter.months


def test_a_change_to_a_monthly_report_flows_into_the_return(client_for, main_system):
    quarter = _full_quarter()
    report = HighlightReport.objects.get(
        programme__system=main_system, programme__code="maternity", month=quarter.months[-1]
    )
    HighlightReport.objects.filter(pk=report.pk).update(commentary="Midwife continuity at 40%.")
    page = client_for("finance").get(reverse("programmes:quarterly", args=[MAIN, quarter.slug]))
    assert "Midwife continuity at 40%." in page.content.decode()


def test_a_quarter_with_an_unapproved_month_says_so(client_for, main_system):
    quarter = _full_quarter()
    HighlightReport.objects.filter(
        programme__system=main_system, programme__code="cancer", month=quarter.months[1]
    ).update(status="draft")
    page = client_for("pmo").get(reverse("programmes:quarterly", args=[MAIN, quarter.slug]))
    assert not page.context["ret"].complete
    assert b'id="incomplete"' in page.content


def test_the_return_downloads_as_pdf(client_for):
    quarter = _full_quarter()
    response = client_for("system_leader").get(
        reverse("programmes:quarterly-pdf", args=[MAIN, quarter.slug])
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_an_unknown_quarter_is_not_found(client_for):
    url = reverse("programmes:quarterly", args=[MAIN, "2025-27-q9"])
    assert client_for("pmo").get(url).status_code == 404
