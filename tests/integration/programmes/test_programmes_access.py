"""Every programme URL against every role: allowed roles get the page (200; the two report
buttons, which only take POST, redirect), every other role is refused (403); signed-out visitors
are sent to sign in; only the programme office may write."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from engineroom.accounts.permissions import ROLES
from engineroom.web.periods import Quarter
from factories.programmes import (
    BenefitFactory,
    DependencyFactory,
    HighlightReportFactory,
    ImportBatchFactory,
    MilestoneFactory,
    ProgrammeFactory,
    RiskFactory,
)
from factories.system import SystemFactory

EVERY = frozenset(ROLES)
VIEWERS = EVERY - {"clinician", "public"}
PMO = {"pmo"}
MONTH = dt.date(2025, 5, 1)

MATRIX: dict[str, set[str]] = {
    "programmes:portfolio": VIEWERS,
    "programmes:programme-new": PMO,
    "programmes:programme": VIEWERS,
    "programmes:programme-edit": PMO,
    "programmes:milestone": PMO,
    "programmes:project-new": PMO,
    "programmes:project": PMO,
    "programmes:milestone-new": PMO,
    "programmes:benefit-new": PMO,
    "programmes:benefit": PMO,
    "programmes:benefit-month": PMO,
    "programmes:dependency-new": PMO,
    "programmes:dependency": PMO,
    "programmes:risks": VIEWERS,
    "programmes:risk-new": PMO,
    "programmes:risk": PMO,
    "programmes:risk-to-issue": PMO,
    "programmes:issues": VIEWERS,
    "programmes:dependencies": VIEWERS,
    "programmes:quarters": VIEWERS,
    "programmes:quarterly": VIEWERS,
    "programmes:quarterly-pdf": VIEWERS,
    "programmes:document": VIEWERS,
    "programmes:export": VIEWERS,
    "programmes:import": PMO,
    "programmes:import-preview": PMO,
    "programmes:report": VIEWERS,
    "programmes:report-new": PMO,
    "programmes:report-edit": PMO,
    "programmes:report-submit": PMO,
    "programmes:report-approve": PMO,
    "programmes:report-pdf": VIEWERS,
}
POST_ONLY = {"programmes:report-submit", "programmes:report-approve"}
WRITES = sorted(name for name, roles in MATRIX.items() if roles == PMO)


@pytest.fixture
def url_for(system):
    """``url_for(name, user)``: the URL with arguments naming objects of the system (an import
    preview is only ever its uploader's, so each user gets their own)."""
    programme = ProgrammeFactory(system=system, code="stroke")
    milestone = MilestoneFactory(project__programme=programme)
    risk = RiskFactory(programme=programme)
    report = HighlightReportFactory(programme=programme, month=MONTH)
    benefit = BenefitFactory(programme=programme)
    dependency = DependencyFactory(milestone=MilestoneFactory(project__programme=programme))
    code, stroke, month = system.code, programme.code, report.month_slug
    project = milestone.project.pk
    args = {
        "programmes:project-new": [code, stroke],
        "programmes:project": [code, stroke, project],
        "programmes:milestone-new": [code, stroke, project],
        "programmes:benefit-new": [code, stroke],
        "programmes:benefit": [code, stroke, benefit.pk],
        "programmes:benefit-month": [code, stroke, benefit.pk],
        "programmes:dependency": [code, dependency.pk],
        "programmes:programme": [code, stroke],
        "programmes:programme-edit": [code, stroke],
        "programmes:milestone": [code, stroke, milestone.pk],
        "programmes:risk": [code, risk.pk],
        "programmes:risk-to-issue": [code, risk.pk],
        "programmes:quarterly": [code, Quarter.of(MONTH).slug],
        "programmes:quarterly-pdf": [code, Quarter.of(MONTH).slug],
        "programmes:report-new": [code, stroke],
        **{
            name: [code, stroke, month]
            for name in (
                "programmes:report",
                "programmes:report-edit",
                "programmes:report-submit",
                "programmes:report-approve",
                "programmes:report-pdf",
            )
        },
    }

    def url(name: str, user=None) -> str:
        if name == "programmes:import-preview":
            batch = ImportBatchFactory(system=system, uploaded_by=user, problems=[])
            return reverse(name, args=[code, batch.pk])
        return reverse(name, args=args.get(name, [code]))

    return url


@pytest.fixture
def no_pdf_rendering(monkeypatch):
    """Access is the question here; the PDFs themselves are checked in the report tests."""
    monkeypatch.setattr("engineroom.web.downloads.pdf_bytes", lambda html, **kw: b"%PDF-1.7")


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_url_against_every_role(client, member, url_for, no_pdf_rendering, name):
    allowed = set()
    for role in sorted(EVERY):
        user = member(role)
        client.force_login(user)
        if name in POST_ONLY:
            status = client.post(url_for(name, user)).status_code
            assert status in (302, 403), f"{role}: {status}"
        else:
            status = client.get(url_for(name, user)).status_code
            assert status in (200, 403), f"{role}: {status}"
        if status != 403:
            allowed.add(role)
    assert allowed == MATRIX[name]


def test_the_report_buttons_take_only_post(signed_in, member, url_for):
    client = signed_in(member("pmo"))
    for name in sorted(POST_ONLY):
        assert client.get(url_for(name)).status_code == 405, name


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_signed_out_visitors_are_sent_to_sign_in(client, member, url_for, name):
    response = client.get(url_for(name, member("pmo")))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", WRITES)
def test_writes_are_refused_to_everyone_but_the_programme_office(client, member, url_for, name):
    for role in sorted(EVERY - PMO):
        user = member(role)
        client.force_login(user)
        assert client.post(url_for(name, user), {}).status_code == 403, role


def test_another_systems_programmes_are_seen_only_by_the_regional_regulator(client, member, system):
    other = SystemFactory(region=system.region)
    ProgrammeFactory(system=other)
    pages = [
        reverse(name, args=[other.code]) for name in ("programmes:portfolio", "programmes:risks")
    ]
    for role in sorted(EVERY):
        client.force_login(member(role))
        expected = 200 if role == "regulator" else 403
        assert [client.get(url).status_code for url in pages] == [expected, expected], role


def test_objects_of_another_system_are_not_found(signed_in, member, system):
    elsewhere = ProgrammeFactory(system=SystemFactory(region=system.region))
    risk = RiskFactory(programme=elsewhere)
    client = signed_in(member("pmo"))
    for url in (
        reverse("programmes:programme", args=[system.code, elsewhere.code]),
        reverse("programmes:risk", args=[system.code, risk.pk]),
        reverse("programmes:report", args=[system.code, elsewhere.code, "2025-13"]),
        reverse("programmes:quarterly", args=[system.code, "2025-27-q9"]),
    ):
        assert client.get(url).status_code == 404, url
