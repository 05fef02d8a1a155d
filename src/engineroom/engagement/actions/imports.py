"""Responses in from an exported file, in two steps: ``upload`` keeps the file and guesses what
each column is; the analyst confirms or changes that mapping and ``run`` reads every row, takes
personal data out of the free text, and stores the accepted responses in one transaction.

The file as sent holds personal data, so it is kept apart from the database (under
``VAR_DIR/engagement/imports``, never served) only until it has been run, then deleted; the
database holds only redacted answers. A file that is never run does not linger either: each new
upload deletes the waiting file of every earlier upload of the same consultation (only the
newest can be run) and every kept file older than ``KEEP_DAYS`` days, whichever consultation it
belongs to; deleting an import (with its consultation, or its system) deletes its file
(``engagement.signals``). The file's name is stored and audited with personal data taken out
("Jane Smith 07700 900123.csv" becomes "[name] [phone number].csv"). Counts reconcile: rows in =
accepted + quarantined.
"""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path, PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from engineroom.audit import actions as audit
from engineroom.engagement import imports as reading
from engineroom.engagement import rules
from engineroom.engagement.actions import consultations, responses
from engineroom.engagement.models import (
    Answer,
    Channel,
    Consultation,
    Question,
    QuestionKind,
    Response,
    ResponseImport,
)
from engineroom.population.consult.redact import redact
from engineroom.web.uploads import UploadRefused, extension, read_table

BATCH = 2_000
KEEP_DAYS = 7  # a file not run within a week is deleted on the next upload of any consultation


def folder() -> Path:
    return Path(settings.VAR_DIR) / "engagement" / "imports"


def stored_file(response_import: ResponseImport) -> Path:
    """Where the uploaded file waits for its run (named by the import, not by the sender)."""
    return folder() / f"{response_import.pk}{extension(response_import.file_name)}"


def safe_name(file_name: str) -> str:
    """The file's name as stored and audited: its folder dropped, personal data taken out of
    the name (its extension kept, which says how to read it)."""
    name = PurePath(file_name).name
    suffix = extension(name)
    stem = name[: len(name) - len(suffix)] if suffix else name
    return (redact(stem).text[: 255 - len(suffix)] + suffix) or "responses"


def purge(consultation: Consultation) -> None:
    """Delete the kept files no run will read: the earlier uploads of ``consultation`` not yet
    run, and any kept file older than ``KEEP_DAYS`` days."""
    waiting = ResponseImport.objects.filter(consultation=consultation, seconds__isnull=True)
    for earlier in waiting:
        stored_file(earlier).unlink(missing_ok=True)
    if not folder().is_dir():
        return
    cutoff = (timezone.now() - timedelta(days=KEEP_DAYS)).timestamp()
    for path in folder().iterdir():
        if path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)


def _read(file_name: str, content: bytes) -> tuple[list[str], list[list]]:
    try:
        return reading.table(read_table(file_name, content, reading.CONSULTATION))
    except reading.Refused as error:
        raise UploadRefused(f"{file_name}: {error}") from None


def _questions(consultation: Consultation) -> list[dict]:
    return list(consultation.questions.values("key", "text", "kind", "demographic"))


def upload(consultation: Consultation, *, file_name: str, content: bytes, by) -> ResponseImport:
    """Keep the file and guess its mapping; raises ``UploadRefused`` for a file that cannot be
    read at all, ``ValidationError`` once the results are published."""
    if not rules.may_add_responses(consultation):
        raise ValidationError("The results are published: no more responses can be imported.")
    name = safe_name(file_name)
    names, rows = _read(name, content)
    purge(consultation)
    with transaction.atomic():
        done = ResponseImport.objects.create(
            consultation=consultation,
            file_name=name,
            columns=names,
            mapping=reading.guess(names, rows, _questions(consultation)),
            imported_by=by,
        )
        audit.record(
            "engagement.responses_uploaded",
            audit.subject(done),
            by=by,
            details={"consultation": consultation.pk, "file": name, "rows": len(rows)},
        )
        path = stored_file(done)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return done


def run(response_import: ResponseImport, *, mapping: dict[str, str], by) -> ResponseImport:
    """Read every row with ``mapping`` ({column: target}, see ``engagement.imports``): new
    questions made, accepted rows redacted and stored, the rest kept as problems by row and
    column; the kept file is then deleted."""
    started = time.perf_counter()
    consultation = response_import.consultation
    path = _runnable(response_import, consultation)
    names, rows = _read(response_import.file_name, path.read_bytes())
    problems = reading.check_mapping(mapping, names, {q["key"] for q in _questions(consultation)})
    if names != response_import.columns or problems:
        raise ValidationError(problems or ["The file has changed since it was uploaded."])
    with transaction.atomic():
        columns = _columns(consultation, names, rows, mapping)
        seen = set(
            consultation.responses.exclude(external_id="").values_list("external_id", flat=True)
        )
        places = responses.places_of(consultation)
        accepted, found, quarantined = reading.parse(rows, columns, places, seen)
        redactions = _store(consultation, response_import, accepted, columns)
        _finish(response_import, mapping, accepted, found, quarantined, redactions, started)
        audit.record(
            "engagement.responses_imported",
            audit.subject(response_import),
            by=by,
            details={
                "accepted": response_import.accepted,
                "quarantined": response_import.quarantined,
                "redactions": redactions,
            },
        )
    path.unlink(missing_ok=True)
    return response_import


def _runnable(response_import: ResponseImport, consultation: Consultation) -> Path:
    if response_import.seconds is not None:
        raise ValidationError("This file has been imported already.")
    if not rules.may_add_responses(consultation):
        raise ValidationError("The results are published: no more responses can be imported.")
    path = stored_file(response_import)
    if not path.exists():
        raise ValidationError("The uploaded file is no longer kept: upload it again.")
    return path


def _finish(done, mapping, accepted, problems, quarantined, redactions, started) -> None:
    done.mapping = mapping
    done.accepted, done.quarantined = len(accepted), quarantined
    done.rows_in = done.accepted + done.quarantined
    done.problems, done.redactions = problems, redactions
    done.imported_at = timezone.now()
    done.seconds = round(time.perf_counter() - started, 2)
    done.save()


# --- Columns: the mapping resolved, new questions made ------------------------------------------


def _columns(consultation, names: list[str], rows: list[list], mapping: dict) -> list:
    questions = {q.key: q for q in consultation.questions.all()}
    by_demographic = {q.demographic: q for q in questions.values() if q.demographic}
    columns = []
    for index, name in enumerate(names):
        target = mapping[name]
        if target in (reading.RESPONSE_ID, reading.SUBMITTED):
            columns.append(reading.Column(index, name, target))
            continue
        question = _question_for(consultation, name, index, rows, target, questions, by_demographic)
        if question is not None:
            columns.append(_column(index, name, question))
    return columns


def _question_for(consultation, name, index, rows, target, questions, by_demographic):
    if target.startswith(reading.QUESTION):
        return questions[target[len(reading.QUESTION) :]]
    if target.startswith(reading.DEMOGRAPHIC):
        demographic = target[len(reading.DEMOGRAPHIC) :]
        if demographic not in rules.DEMOGRAPHIC_FIELDS:
            raise ValidationError([f"{name}: {demographic!r} is not an about-you field"])
        found = by_demographic.get(demographic)
        return found or consultations.add_standard(consultation, demographic)
    if target in (reading.NEW_CLOSED, reading.NEW_FREE_TEXT):
        return _new_question(consultation, name, index, rows, target)
    return None  # ignored


def _new_question(consultation, name, index, rows, target) -> Question:
    options: list[str] = []
    if target == reading.NEW_CLOSED:
        try:
            options = reading.options_from([reading.cell(r[index]) for r in rows if index < len(r)])
        except ValueError as error:
            raise ValidationError([f"{name}: {error}"]) from None
    taken = set(consultation.questions.values_list("key", flat=True))
    question = Question(
        consultation=consultation,
        key=rules.question_key(reading.question_text(name), taken),
        position=consultation.questions.count() + 1,
        kind=QuestionKind.CLOSED if options else QuestionKind.FREE_TEXT,
        text=reading.question_text(name)[:500] or name[:500],
        options=options,
    )
    question.full_clean()
    question.save()
    return question


def _column(index: int, name: str, question: Question) -> reading.Column:
    return reading.Column(
        index,
        name,
        question.kind,
        key=question.key,
        options=tuple(question.options),
        demographic=question.demographic,
        whole_name=question.kind == QuestionKind.FREE_TEXT and reading.names_a_person(name),
    )


# --- Rows stored -------------------------------------------------------------------------------


def _store(consultation, done, accepted: list, columns: list) -> dict[str, int]:
    """Bulk-create the accepted responses and their redacted answers; the redaction counts."""
    first = responses.next_number(consultation)
    now, quintiles = timezone.now(), responses.district_quintiles()
    made = Response.objects.bulk_create(
        [
            _response(consultation, done, p, first + i, now, quintiles)
            for i, p in enumerate(accepted)
        ],
        batch_size=BATCH,
    )
    keys = {c.key: consultation.questions.get(key=c.key).pk for c in columns if c.key}
    names = {c.key for c in columns if c.whole_name}
    answers, totals = [], {}
    for response, parsed in zip(made, accepted, strict=True):
        for key, text in parsed.free.items():
            redacted = redact(text, whole_name=key in names)
            taken = {k: n for k, n in redacted.counts.items() if n}
            for kind, n in taken.items():
                totals[kind] = totals.get(kind, 0) + n
            answers.append(
                Answer(
                    response=response, question_id=keys[key], text=redacted.text, redactions=taken
                )
            )
    Answer.objects.bulk_create(answers, batch_size=BATCH)
    return totals


def _response(consultation, done, parsed: reading.Parsed, number, now, quintiles) -> Response:
    about = parsed.about
    district = about.get("postcode_district", "")
    quintile = about.get("quintile")
    if quintile is None and district:
        quintile = quintiles.get(district)
    return Response(
        consultation=consultation,
        number=number,
        channel=Channel.IMPORTED,
        response_import=done,
        row=parsed.row,
        external_id=parsed.external_id,
        submitted_at=parsed.submitted_at or now,
        age_band=about.get("age_band", ""),
        sex=about.get("sex", ""),
        ethnicity=about.get("ethnicity", ""),
        place_id=about.get("place"),
        postcode_district=district,
        quintile=quintile,
        closed=parsed.closed,
    )
