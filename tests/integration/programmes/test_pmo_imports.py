"""Importing trackers and risk logs: preview, per-row errors naming file, row and field, and
nothing saved until the user confirms a clean file."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from engineroom.programmes.imports import COLUMNS
from engineroom.programmes.models import ImportBatch, Milestone, Programme, Risk

MAIN = "vale-downs"
TRACKER = ",".join(COLUMNS["tracker"])


def _upload(client, kind, name, content):
    return client.post(
        reverse("programmes:import", args=[MAIN]),
        {"kind": kind, "file": SimpleUploadedFile(name, content)},
    )


def test_a_tracker_with_bad_rows_names_each_problem_and_saves_nothing(client_for):
    client = client_for("pmo")
    csv = (
        f"{TRACKER}\n"
        "frailty,Frailty,Dr A,B Lead,,frailty-1,Falls service,Go live,2030-01-31,2030-02-28,\n"
        "frailty,Frailty,Dr A,B Lead,,frailty-1,Falls service,Launch,31/13/2030,2030-02-28,\n"
        "frailty,Frailty,,B Lead,,frailty-1,Falls service,Review,2030-03-31,2030-03-31,\n"
    ).encode()
    before = (Programme.objects.count(), Milestone.objects.count())
    response = _upload(client, "tracker", "tracker.csv", csv)
    assert response.status_code == 302
    page = client.get(response.url)
    problems = page.context["batch"].problems
    assert {(p["row"], p["field"]) for p in problems} == {(3, "baseline_date"), (4, "sro")}
    assert all(p["file"] == "tracker.csv" for p in problems)
    html = page.content.decode()
    assert "Nothing can be imported" in html and "Enter a value." in html
    refused = client.post(response.url)
    assert refused.status_code == 302
    assert (Programme.objects.count(), Milestone.objects.count()) == before


def test_a_clean_tracker_is_previewed_then_saved_on_confirmation(client_for, main_system):
    client = client_for("pmo")
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
    response = _upload(client, "tracker", "tracker.xlsx", buffer.getvalue())
    preview = client.get(response.url)
    assert (
        b"1 row are ready" in preview.content
        or b"1 row is ready" in preview.content
        or (b"Nothing has been saved yet" in preview.content)
    )
    assert not Programme.objects.filter(system=main_system, code="frailty").exists()
    done = client.post(response.url)
    assert done.status_code == 302
    milestone = Milestone.objects.get(project__programme__code="frailty")
    assert str(milestone.forecast_date) == "2030-02-28"
    again = client.post(response.url, follow=True)
    assert b"already been imported" in again.content


def test_a_risk_log_checks_scores_programmes_and_escalation(client_for):
    client = client_for("pmo")
    header = ",".join(COLUMNS["risks"])
    good = "stroke,R900,Beds,c,e,f,Owner,4,4,3,3,1,2,,2030-01-01,system"
    bad = "nowhere,R901,Beds,c,e,f,Owner,6,4,3,3,1,2,,2030-01-01,board"
    response = _upload(client, "risks", "risks.csv", f"{header}\n{good}\n{bad}\n".encode())
    problems = client.get(response.url).context["batch"].problems
    assert {(p["row"], p["field"]) for p in problems} == {
        (3, "programme_code"),
        (3, "inherent_likelihood"),
        (3, "escalation"),
    }
    assert not Risk.objects.filter(ref__in=["R900", "R901"]).exists()


def test_missing_columns_and_unreadable_files_are_reported(client_for):
    client = client_for("pmo")
    response = _upload(client, "risks", "risks.csv", b"programme_code,ref\nstroke,R1\n")
    problems = client.get(response.url).context["batch"].problems
    assert {p["field"] for p in problems} >= {"title", "review_date"}
    assert all(p["row"] == 1 for p in problems)
    broken = _upload(client, "tracker", "tracker.xlsx", b"not a workbook")
    assert broken.status_code == 200
    assert b"is not a readable XLSX workbook" in broken.content
    wrong = _upload(client, "tracker", "tracker.pdf", b"%PDF")
    assert b"must be an XLSX workbook or a CSV file" in wrong.content


def test_another_users_preview_is_not_found(client_for, user_for, main_system):
    batch = ImportBatch.objects.create(
        system=main_system, kind="risks", filename="x.csv", uploaded_by=user_for("pmo")
    )
    client = client_for("pmo")
    assert (
        client.get(reverse("programmes:import-preview", args=[MAIN, batch.pk])).status_code == 200
    )
    batch.uploaded_by = user_for("finance")
    batch.save()
    assert (
        client.get(reverse("programmes:import-preview", args=[MAIN, batch.pk])).status_code == 404
    )
