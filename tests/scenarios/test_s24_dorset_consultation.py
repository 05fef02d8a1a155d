"""S24 Dorset consultation: a consultation with ~18,500 responses is imported, themed and
summarised; representativeness against the population is shown; decisions record what changed
because of it ("you said, we did").

Told through the pages: the analyst finds the demo's consultation, reads the import (every row
accounted for, personal details taken out and counted), the themes of each free-text question
with suppressed counts, agreement with the closed questions and who answered; governance sees
the two decisions it informed; a member of the public, signed out, reads the published results
and follows "you said, we did" to the decision's public page; the report downloads as XLSX and
PDF. The demo builds the consultation (``demo.engagement``) once for the session, if the demo
build has not already."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from engineroom.engagement.models import Consultation, Status

SLUG = "community-hospitals-urgent-care"
SIZE = 18_500


@pytest.fixture(scope="session")
def dorset(django_db_setup, django_db_blocker):
    from engineroom.demo import engagement

    with django_db_blocker.unblock():
        engagement.generate(seed=20181, n=SIZE)


@pytest.fixture
def consultation(dorset, main_system):
    return Consultation.objects.get(system=main_system, slug=SLUG)


def _page(client, name, consultation, *more):
    return client.get(reverse(name, args=[consultation.system.code, consultation.slug, *more]))


def test_s24_the_analyst_finds_the_consultation_and_every_row_accounted_for(
    client_for, consultation
):
    analyst = client_for("analyst")
    index = analyst.get(reverse("engagement:index", args=[consultation.system.code]))
    assert consultation.title in index.content.decode()
    (done,) = consultation.imports.all()
    assert done.rows_in == done.accepted + done.quarantined == SIZE
    result = _page(analyst, "engagement:import-result", consultation, done.pk)
    assert result.status_code == 200
    assert sum(done.redactions.values()) > 0  # personal details were found and taken out


def test_s24_themes_agreement_and_who_answered_are_shown_suppressed(client_for, consultation):
    response = _page(client_for("analyst"), "engagement:results", consultation)
    assert response.status_code == 200
    themes = response.context["themes"]
    assert len(themes) == 3 and all(3 <= len(q.rows) <= 12 for q in themes)
    counts = [r.count for q in themes for r in q.rows]
    assert all(c == "*" or int(c.replace(",", "")) % 5 == 0 for c in counts)
    assert len(response.context["agreement"]) == 3
    assert (
        len(response.context["agreement_charts"]) == 1
    )  # three agree-disagree questions share one chart
    html = response.content.decode()
    assert 'id="redactions"' in html and "NHS numbers" in html


def test_s24_who_answered_is_compared_with_the_registered_population(
    client_for, consultation, phm_web_var, settings
):
    from engineroom.engagement.actions import results

    settings.PHM_VAR = str(phm_web_var)
    results.refresh_population(consultation, var=phm_web_var, by=None)
    response = _page(client_for("analyst"), "engagement:results", consultation)
    table = response.context["represent"]
    assert {"Age band", "Sex", "Place"} <= set(table)
    older = [r.ratio_value for r in table["Age band"] if r.category in ("65-74", "75-84")]
    younger = [r.ratio_value for r in table["Age band"] if r.category in ("16-24", "25-34")]
    assert min(older) > max(younger)  # respondents skew older, as real ones do
    weighted = client_for("analyst").get(response.request["PATH_INFO"] + "?weighted=1")
    assert weighted.context["weighted"] is True


def test_s24_governance_sees_the_decisions_it_informed(client_for, consultation):
    response = _page(client_for("governance"), "engagement:influence", consultation)
    assert len(response.context["influences"]) == 2


def test_s24_the_public_reads_the_results_and_follows_you_said_we_did(client, consultation):
    assert consultation.status == Status.PUBLISHED
    response = _page(client, "engagement:public-detail", consultation)
    html = response.content.decode()
    assert consultation.summary[:60] in html
    (first, *_) = response.context["influences"]
    decision = reverse(
        "governance:public-decision", args=[consultation.system.code, first.decision.pk]
    )
    assert f'href="{decision}"' in html
    assert client.get(decision).status_code == 200


def test_s24_the_report_downloads_as_xlsx_and_pdf(client_for, client, consultation):
    analyst = client_for("analyst")
    book = load_workbook(
        io.BytesIO(_page(analyst, "engagement:export", consultation, "xlsx").content)
    )
    assert "Who answered" in book.sheetnames and book["Themes"].max_row > 10
    pdf = _page(client, "engagement:public-report", consultation)
    assert pdf.content.startswith(b"%PDF")
