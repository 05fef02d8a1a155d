"""Importing trackers and risk logs: preview, per-row errors naming file, row and field, and
nothing saved until the user confirms a clean file."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from engineroom.audit.models import AuditEvent
from engineroom.programmes.imports import COLUMNS
from engineroom.programmes.models import Milestone, Programme, Risk
from factories.programmes import ImportBatchFactory, ProgrammeFactory

TRACKER = ",".join(COLUMNS["tracker"])


@pytest.fixture
def pmo(signed_in, member):
    """A test client signed in as the programme office."""
    return signed_in(member("pmo"))


@pytest.fixture
def upload(pmo, system):
    def post(kind, name, content):
        return pmo.post(
            reverse("programmes:import", args=[system.code]),
            {"kind": kind, "file": SimpleUploadedFile(name, content)},
        )

    return post


def test_a_tracker_with_bad_rows_names_each_problem_and_saves_nothing(pmo, upload):
    csv = (
        f"{TRACKER}\n"
        "frailty,Frailty,Dr A,B Lead,,frailty-1,Falls service,Go live,2030-01-31,2030-02-28,\n"
        "frailty,Frailty,Dr A,B Lead,,frailty-1,Falls service,Launch,31/13/2030,2030-02-28,\n"
        "frailty,Frailty,,B Lead,,frailty-1,Falls service,Review,2030-03-31,2030-03-31,\n"
    ).encode()
    before = (Programme.objects.count(), Milestone.objects.count())
    response = upload("tracker", "tracker.csv", csv)
    assert response.status_code == 302
    page = pmo.get(response.url)
    problems = page.context["batch"].problems
    assert {(p["row"], p["field"]) for p in problems} == {(3, "baseline_date"), (4, "sro")}
    assert all(p["file"] == "tracker.csv" for p in problems)
    html = page.content.decode()
    assert "Nothing can be imported" in html and "Enter a value." in html
    refused = pmo.post(response.url)
    assert refused.status_code == 302
    assert (Programme.objects.count(), Milestone.objects.count()) == before


def test_a_clean_tracker_is_previewed_then_saved_on_confirmation(pmo, upload, system):
    wb = Workbook()
    wb.active.append(COLUMNS["tracker"])
    wb.active.append(
        [
            "frailty",
            "Frailty",
            "Dr A",
            "B Lead",
            "Board",
            "frailty-1",
            "Falls",
            "Go live",
            "2030-01-31",
            "2030-02-28",
            None,
        ]
    )
    buffer = io.BytesIO()
    wb.save(buffer)
    response = upload("tracker", "tracker.xlsx", buffer.getvalue())
    preview = pmo.get(response.url)
    assert b"Nothing has been saved yet" in preview.content
    assert not Programme.objects.filter(system=system, code="frailty").exists()
    done = pmo.post(response.url)
    assert done.status_code == 302
    milestone = Milestone.objects.get(project__programme__system=system)
    assert milestone.project.programme.code == "frailty"
    assert str(milestone.forecast_date) == "2030-02-28"
    again = pmo.post(response.url, follow=True)
    assert b"already been imported" in again.content
    batch = preview.context["batch"]
    events = AuditEvent.objects.filter(subject=f"programmes.importbatch:{batch.pk}")
    assert list(events.order_by("id").values_list("action", flat=True)) == [
        "programmes.import_uploaded",
        "programmes.import_applied",
    ]


def test_a_risk_log_checks_scores_programmes_and_escalation(pmo, upload, system):
    ProgrammeFactory(system=system, code="stroke")
    header = ",".join(COLUMNS["risks"])
    good = "stroke,R900,Beds,c,e,f,Owner,4,4,3,3,1,2,,2030-01-01,system"
    bad = "nowhere,R901,Beds,c,e,f,Owner,6,4,3,3,1,2,,2030-01-01,board"
    response = upload("risks", "risks.csv", f"{header}\n{good}\n{bad}\n".encode())
    problems = pmo.get(response.url).context["batch"].problems
    assert {(p["row"], p["field"]) for p in problems} == {
        (3, "programme_code"),
        (3, "inherent_likelihood"),
        (3, "escalation"),
    }
    assert not Risk.objects.filter(ref__in=["R900", "R901"]).exists()


def test_missing_columns_and_unreadable_files_are_reported(pmo, upload):
    response = upload("risks", "risks.csv", b"programme_code,ref\nstroke,R1\n")
    problems = pmo.get(response.url).context["batch"].problems
    assert {p["field"] for p in problems} >= {"title", "review_date"}
    assert all(p["row"] == 1 for p in problems)
    broken = upload("tracker", "tracker.xlsx", b"not a workbook")
    assert broken.status_code == 200
    assert b"is not a readable XLSX workbook" in broken.content
    wrong = upload("tracker", "tracker.pdf", b"%PDF")
    assert b"tracker.pdf must be a CSV or XLSX file" in wrong.content


def test_another_users_preview_is_not_found(signed_in, member, system):
    pmo, finance = member("pmo"), member("finance")
    batch = ImportBatchFactory(system=system, uploaded_by=pmo)
    url = reverse("programmes:import-preview", args=[system.code, batch.pk])
    client = signed_in(pmo)
    assert client.get(url).status_code == 200
    batch.uploaded_by = finance
    batch.save()
    assert client.get(url).status_code == 404


def test_a_clean_risk_log_updates_the_register(pmo, upload, system):
    stroke = ProgrammeFactory(system=system, code="stroke")
    header = ",".join(COLUMNS["risks"])
    row = "stroke,R900,Beds,c,e,f,Owner,4,4,3,3,1,2,,30/01/2030,"
    response = upload("risks", "risks.csv", f"{header}\n{row}\n".encode())
    assert pmo.post(response.url).status_code == 302
    risk = Risk.objects.get(programme=stroke, ref="R900")
    assert risk.current_score == 9 and risk.escalation == "programme"
    assert str(risk.review_date) == "2030-01-30"
