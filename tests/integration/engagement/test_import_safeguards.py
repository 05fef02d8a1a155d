"""Imports, from the review of issue 17: columns of personal data are left out (or, mapped all
the same, redacted, a column of names cell by cell); response IDs and file names are never
stored or audited with personal data in them; a file never run does not linger; NUL bytes,
blank or Excel-style dates and an over-long cell do not refuse the whole file."""

import datetime as dt
import io
import os
import time

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from engineroom.audit.models import AuditEvent
from engineroom.engagement import imports as reading
from engineroom.engagement.actions import consultations, imports
from engineroom.engagement.models import Answer, Question, Response, ResponseImport
from factories.engagement import responses_csv

pytestmark = pytest.mark.django_db
IDENTITY = ["Response ID", "Your name", "Email", "Your address", "Comments", "Organisation name"]
PEOPLE = [
    ["Y1", "Aoife Ní Bhriain", "aoife@example.ie", "12 High Street, Dorchester", "Good", "None"],
    ["Y2", "jane smith", "j@example.com", "Flat 3, 4 Mill Lane", "Bad", "Mr Zbigniew Wojcik"],
    ["Y3", "Li Wei", "l@example.com", "2 Church Road DT1 1AA", "Good", "None"],
]


@pytest.fixture(autouse=True)
def var(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


@pytest.fixture
def consultation(system):
    return consultations.create_consultation(
        system, title="Urgent care", slug="urgent-care", description="Our plans.", by=None
    )


def _upload(consultation, header, rows, name="r.csv"):
    content = responses_csv(header, rows)
    return imports.upload(consultation, file_name=name, content=content, by=None)


def _xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    "header",
    [
        "Name",
        "Your name",
        "Full name",
        "First name",
        "Last name",
        "Surname",
        "Email",
        "E-mail",
        "Email address",
        "Phone",
        "Telephone",
        "Mobile",
        "Phone number",
        "Address",
        "Your address",
        "Postcode (full)",
        "Full postcode",
        "Contact details",
        "Organisation contact",
        "Q3. Your name",
    ],
)
def test_personal_data_headers_are_guessed_ignore(header):
    assert reading.personal(header)
    rows = [["x", "y"]] * 3
    assert reading.guess(["Response ID", header], rows, []) == {
        "Response ID": reading.RESPONSE_ID,
        header: reading.IGNORE,
    }


@pytest.mark.parametrize("header", ["Organisation name", "Comments", "What is your age?"])
def test_other_headers_are_not_personal(header):
    assert not reading.personal(header)


def test_personal_columns_are_not_imported_unless_mapped_and_then_redacted(consultation):
    upload = _upload(consultation, IDENTITY, PEOPLE)
    assert [upload.mapping[h] for h in IDENTITY[1:4]] == [reading.IGNORE] * 3
    done = imports.run(upload, mapping=upload.mapping, by=None)
    assert done.accepted == 3
    asked = set(Question.objects.filter(consultation=consultation).values_list("text", flat=True))
    assert asked.isdisjoint({"Your name", "Email", "Your address"})
    texts = " ".join(Answer.objects.values_list("text", flat=True))
    assert "Wojcik" not in texts and "aoife" not in texts.lower()


def test_a_column_of_names_mapped_as_free_text_loses_every_name(consultation):
    upload = _upload(consultation, IDENTITY, PEOPLE)
    forced = {**upload.mapping, "Your name": reading.NEW_FREE_TEXT}
    forced["Your address"] = reading.NEW_FREE_TEXT
    imports.run(upload, mapping=forced, by=None)
    names = Answer.objects.filter(question__text="Your name").values_list("text", flat=True)
    assert sorted(names) == ["[name]"] * 3
    addresses = Answer.objects.filter(question__text="Your address").values_list("text", flat=True)
    assert "2 Church Road [postcode]" in addresses  # a column not of names: the usual rules


def test_the_mapping_page_says_which_columns_hold_personal_data(consultation, member, signed_in):
    upload = _upload(consultation, IDENTITY, PEOPLE)
    args = [consultation.system.code, consultation.slug, upload.pk]
    page = signed_in(member("analyst")).get(reverse("engagement:import-map", args=args))
    html = page.content.decode()
    assert 'id="personal-columns"' in html
    assert "hold personal data and are not imported: Your name, Email, Your address" in html
    assert html.count("This column holds personal data") == 3


def test_response_ids_and_file_names_keep_no_personal_data(consultation):
    upload = _upload(
        consultation,
        ["Response ID", "Anything else?"],
        [["jane.smith@example.com", "fine"], ["07700 900123", "ok"], ["R3", "Call Dr Jones"]],
        name="Sarah Jones 07700 900123 jane@example.com.csv",
    )
    assert upload.file_name == "[name] [phone number] [email address].csv"
    done = imports.run(upload, mapping=upload.mapping, by=None)
    assert (done.accepted, done.quarantined) == (1, 2)
    assert {(p["row"], p["column"]) for p in done.problems} == {
        (2, "Response ID"),
        (3, "Response ID"),
    }
    assert list(Response.objects.values_list("external_id", flat=True)) == ["R3"]
    stored = [done.file_name, done.problems]
    stored += list(AuditEvent.objects.values_list("details", flat=True))
    assert not any(
        word in str(stored) for word in ("07700", "Sarah", "Jones", "jane", "example.com")
    )


def test_a_file_never_run_goes_when_a_newer_one_comes_or_its_consultation_goes(consultation):
    first = _upload(consultation, ["Response ID", "Said"], [["A1", "x"]])
    assert imports.stored_file(first).exists()
    second = _upload(consultation, ["Response ID", "Said"], [["A1", "x"]])
    assert not imports.stored_file(first).exists() and imports.stored_file(second).exists()
    consultation.delete()
    assert not imports.stored_file(second).exists()
    assert not ResponseImport.objects.exists()


def test_a_kept_file_older_than_a_week_goes_on_any_new_upload(consultation, system):
    old = _upload(consultation, ["Response ID", "Said"], [["A1", "x"]])
    week = time.time() - (imports.KEEP_DAYS * 86_400 + 60)
    os.utime(imports.stored_file(old), (week, week))
    other = consultations.create_consultation(
        system, title="Other", slug="other", description="x", by=None
    )
    newer = _upload(other, ["Response ID", "Said"], [["B1", "y"]])
    assert not imports.stored_file(old).exists() and imports.stored_file(newer).exists()


def test_nul_bytes_are_taken_out_of_csv_cells(consultation):
    """(An XLSX cannot carry one: XML has no NUL, and openpyxl reads "_x0000_" as written.)"""
    csv_file = b"Response ID,Anything else?\nX1,he\x00llo\n"
    upload = imports.upload(consultation, file_name="n.csv", content=csv_file, by=None)
    imports.run(upload, mapping=upload.mapping, by=None)
    assert list(Answer.objects.values_list("text", flat=True)) == ["hello"]


def test_a_blank_submitted_is_the_import_time_and_excel_dates_are_read(consultation):
    rows = [["X1", "", "a"], ["X2", "31-Mar-2025", "b"], ["X3", "45747", "c"]]
    upload = _upload(consultation, ["Response ID", "Submitted", "Said"], rows)
    before = dt.datetime.now(dt.UTC)
    done = imports.run(upload, mapping=upload.mapping, by=None)
    assert (done.accepted, done.quarantined) == (3, 0)
    sent = dict(Response.objects.values_list("external_id", "submitted_at"))
    assert sent["X1"] >= before
    assert sent["X2"] == sent["X3"] == timezone.make_aware(dt.datetime(2025, 3, 31))
    book = _xlsx([["Response ID", "Submitted", "Said"], ["X4", 45747.5, "d"]])
    upload = imports.upload(consultation, file_name="d.xlsx", content=book, by=None)
    imports.run(upload, mapping=upload.mapping, by=None)
    noon = Response.objects.get(external_id="X4").submitted_at
    assert noon == timezone.make_aware(dt.datetime(2025, 3, 31, 12))


def test_a_cell_too_long_quarantines_its_row_not_the_file(consultation):
    rows = [["X1", "a" * 200_000], ["X2", "fine"]]
    upload = _upload(consultation, ["Response ID", "Anything else?"], rows)
    done = imports.run(upload, mapping=upload.mapping, by=None)
    assert (done.accepted, done.quarantined) == (1, 1)
    (problem,) = done.problems
    assert (problem["row"], problem["column"]) == (2, "Anything else?")
    assert "longer than" in problem["message"]
