"""Responses in from an exported file: the mapping guessed from Citizen Space's and SmartSurvey's
headers, every row accepted or quarantined by row and column (rows in = accepted + quarantined),
free text redacted before it is stored, and the file as sent deleted once imported."""

import pytest
from django.core.exceptions import ValidationError

from engineroom.audit.models import AuditEvent
from engineroom.engagement import imports as reading
from engineroom.engagement.actions import consultations, imports
from engineroom.engagement.models import Answer, Question, Response, Status
from engineroom.population.consult import generate
from engineroom.web.uploads import UploadRefused
from factories.engagement import responses_csv

pytestmark = pytest.mark.django_db
N = 120


@pytest.fixture(autouse=True)
def var(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


@pytest.fixture
def places(system):
    from factories.system import PlaceFactory

    return [
        PlaceFactory(system=system, code=code.lower(), name=name)
        for code, name in generate.people.PLACES
    ]


@pytest.fixture
def consultation(system, places):
    return consultations.create_consultation(
        system,
        title="Our plans for community hospitals and urgent care",
        slug="community-hospitals",
        description="Our plans.",
        standard_questions=True,
        by=None,
    )


@pytest.fixture
def generated(places):
    return generate.consultation(N, seed=3, places=[(p.code, p.name) for p in places])


def _export(generated, tmp_path, style, kind="csv"):
    path = tmp_path / f"export.{kind}"
    writer = generate.write_csv if kind == "csv" else generate.write_xlsx
    return writer(generated, path, style=style).read_bytes()


def test_a_citizen_space_export_is_guessed_imported_redacted_and_reconciled(
    consultation, generated, var, member
):
    analyst = member("analyst")
    content = _export(generated, var, "citizen_space")
    upload = imports.upload(consultation, file_name="export.csv", content=content, by=analyst)
    assert imports.stored_file(upload).exists()
    mapping = upload.mapping
    assert mapping["Response ID"] == reading.RESPONSE_ID
    assert mapping["Submitted"] == reading.SUBMITTED
    assert mapping["What is your age?"] == "question:age-band"
    assert mapping["Which area do you live in?"] == "question:place"
    kinds = {q["text"]: q["kind"] for q in generated.questions}
    for text, kind in kinds.items():
        if kind == "free_text":
            assert mapping[text] == reading.NEW_FREE_TEXT, text
        elif kind == "closed":
            assert mapping[text] == reading.NEW_CLOSED, text

    done = imports.run(upload, mapping=mapping, by=analyst)

    assert done.rows_in == done.accepted + done.quarantined == N
    assert done.quarantined == 0, done.problems[:3]
    assert Response.objects.filter(consultation=consultation).count() == N
    assert not imports.stored_file(done).exists()
    closed = consultation.questions.filter(kind="closed")
    assert closed.count() == 3
    assert closed.first().options[0] == "Strongly agree"
    stored = list(
        Answer.objects.filter(response__consultation=consultation).values_list("text", flat=True)
    )
    assert stored and not any("@" in text for text in stored)
    assert sum(done.redactions.values()) > 0
    assert done.seconds is not None
    women = Response.objects.filter(consultation=consultation, sex="F").count()
    assert 0 < women < N
    assert AuditEvent.objects.filter(action="engagement.responses_imported").count() == 1


def test_a_smartsurvey_workbook_maps_its_own_headers(consultation, generated, var):
    content = _export(generated, var, "smartsurvey", kind="xlsx")
    upload = imports.upload(consultation, file_name="smart.xlsx", content=content, by=None)
    assert upload.mapping["Ended"] == reading.SUBMITTED
    assert upload.mapping["Gender"] == "question:sex"
    assert upload.mapping["Area"] == "question:place"
    assert upload.mapping["Postcode (first half)"] == "question:postcode-district"
    done = imports.run(upload, mapping=upload.mapping, by=None)
    assert done.accepted == N and done.quarantined == 0, done.problems[:3]
    texts = set(consultation.questions.values_list("text", flat=True))
    assert not any(t.startswith("Q") and t[1].isdigit() for t in texts)  # "Q1. " taken off


HEADER = ["Response ID", "Submitted", "Do you agree?", "What is your sex?", "Anything else?"]
OPTIONS = ["Agree", "Disagree"]


@pytest.fixture
def small(consultation):
    consultations.add_question(
        consultation, kind="closed", text="Do you agree?", options=OPTIONS, by=None
    )
    return consultation


def _run(consultation, rows, name="small.csv"):
    upload = imports.upload(
        consultation, file_name=name, content=responses_csv(HEADER, rows), by=None
    )
    return imports.run(upload, mapping=upload.mapping, by=None)


def test_bad_rows_are_quarantined_by_row_and_column_and_nothing_is_lost(small):
    done = _run(
        small,
        [
            ["A1", "2025-03-01 10:00:00", "Agree", "Woman", "Email me at jo@example.com"],
            ["A2", "01/03/2025", "agree", "F", ""],
            ["A3", "2025-03-01", "Maybe", "Female", ""],
            ["A4", "2025-03-01", "Agree", "jo@example.com", ""],
            ["A5", "yesterday", "Agree", "Prefer not to say", ""],
            ["A1", "2025-03-01", "Agree", "Male", ""],
            ["", "", "", "", ""],
        ],
    )
    assert (done.rows_in, done.accepted, done.quarantined) == (6, 2, 4)
    found = {(p["row"], p["column"]) for p in done.problems}
    assert found == {
        (4, "Do you agree?"),
        (5, "What is your sex?"),
        (6, "Submitted"),
        (7, "Response ID"),
    }
    assert not any("jo@example.com" in p["message"] for p in done.problems)
    assert "repeats row 2" in next(p["message"] for p in done.problems if p["row"] == 7)
    kept = Response.objects.filter(consultation=small).order_by("number")
    assert [r.external_id for r in kept] == ["A1", "A2"]
    assert kept[1].closed == {"do-you-agree": "Agree"}
    answer = Answer.objects.get(response=kept[0])
    assert "jo@example.com" not in answer.text and answer.redactions == {"email": 1}
    assert Question.objects.get(consultation=small, text="Anything else?").kind == "free_text"


def test_the_same_file_again_is_recognised_by_its_response_ids(small):
    rows = [["B1", "2025-03-01", "Agree", "F", "Fine"], ["B2", "2025-03-01", "Disagree", "M", ""]]
    _run(small, rows)
    again = _run(small, rows)
    assert (again.accepted, again.quarantined) == (0, 2)
    assert {p["message"] for p in again.problems} == {"this response ID was imported before"}
    numbers = list(Response.objects.filter(consultation=small).values_list("number", flat=True))
    assert sorted(numbers) == [1, 2]


def test_a_mapping_that_does_not_fit_is_refused_and_a_run_happens_once(small):
    upload = imports.upload(
        small,
        file_name="x.csv",
        content=responses_csv(HEADER, [["C1", "2025-03-01", "Agree", "F", ""]]),
        by=None,
    )
    wrong = {**upload.mapping, "Do you agree?": "question:nope", "Submitted": reading.RESPONSE_ID}
    with pytest.raises(ValidationError) as refused:
        imports.run(upload, mapping=wrong, by=None)
    assert any("nope" in m for m in refused.value.messages)
    assert any("already mapped" in m for m in refused.value.messages)
    imports.run(upload, mapping=upload.mapping, by=None)
    with pytest.raises(ValidationError, match="imported already"):
        imports.run(upload, mapping=upload.mapping, by=None)


def test_files_that_cannot_be_read_and_published_consultations_are_refused(small):
    with pytest.raises(UploadRefused, match="no responses under the header"):
        imports.upload(small, file_name="empty.csv", content=b"Response ID,Submitted\n", by=None)
    with pytest.raises(UploadRefused, match="CSV or XLSX"):
        imports.upload(small, file_name="notes.txt", content=b"hello", by=None)
    small.status = Status.PUBLISHED
    with pytest.raises(ValidationError, match="published"):
        imports.upload(small, file_name="x.csv", content=responses_csv(HEADER, [["D1"]]), by=None)


def test_a_new_closed_question_with_too_many_answers_must_be_free_text(small):
    header = ["Response ID", "Colour"]
    rows = [[f"E{i}", f"colour {i}"] for i in range(25)]
    upload = imports.upload(small, file_name="c.csv", content=responses_csv(header, rows), by=None)
    with pytest.raises(ValidationError, match="different answers"):
        imports.run(upload, mapping={**upload.mapping, "Colour": reading.NEW_CLOSED}, by=None)
    done = imports.run(upload, mapping={**upload.mapping, "Colour": reading.NEW_FREE_TEXT}, by=None)
    assert done.accepted == 25
