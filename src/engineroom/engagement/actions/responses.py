"""A response sent through the public form: checked question by question, personal data taken
out of its free text before it is stored, and a deprivation quintile given from the first half of
the postcode when a linked population is published (the most common quintile of the people
registered in that district; the postcode itself is never asked for in full, nor kept).

Anonymous: nobody is signed in, so the audit entry names no one and holds no answer.
"""

from __future__ import annotations

from functools import lru_cache

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from engineroom.audit import actions as audit
from engineroom.engagement import imports, rules
from engineroom.engagement.models import (
    Answer,
    Channel,
    Consultation,
    Question,
    QuestionKind,
    Response,
    Status,
)
from engineroom.population.consult.redact import redact
from engineroom.web.population import var_dir

MAX_ANSWER = 5_000  # characters of one answer typed into the form


def district_quintiles() -> dict[str, int]:
    """Postcode district -> quintile from the published population; empty without one."""
    from engineroom.population.lake import Lake
    from engineroom.population.pipeline import current_version

    version = current_version(Lake(var_dir()))
    return {} if version is None else _quintiles(str(var_dir()), version)


@lru_cache(maxsize=4)
def _quintiles(var: str, version: str) -> dict[str, int]:
    """Read once per published lake version, not on every response."""
    from engineroom.population.consult.register import district_quintiles

    return district_quintiles(var)


def places_of(consultation: Consultation) -> dict[str, int]:
    """The system's places by lower-case name and code, for reading an answer about place."""
    found = {}
    for place in consultation.system.places.all():
        found[place.name.lower()] = found[place.code.lower()] = place.pk
    return found


def respond(consultation: Consultation, *, answers: dict[str, str]) -> Response:
    """Store one response from the public form (``answers``: question key -> what was sent);
    a ``ValidationError`` names each question whose answer cannot be taken."""
    if consultation.status != Status.OPEN:
        raise ValidationError("This consultation is not open for responses.")
    questions = list(consultation.questions.all())
    read, errors = {}, {}
    places = places_of(consultation)
    for question in questions:
        try:
            read[question.key] = _answer(question, answers.get(question.key, ""), places)
        except ValueError as error:
            errors[question.key] = str(error)
    if errors:
        raise ValidationError(errors)
    return _store(consultation, questions, read)


def _answer(question: Question, value, places: dict[str, int]):
    text = str(value or "").strip()
    if question.required and not text:
        raise ValueError("Answer this question")
    if len(text) > MAX_ANSWER:
        raise ValueError(f"Write no more than {MAX_ANSWER:,} characters")
    if question.kind == QuestionKind.FREE_TEXT:
        return text
    try:
        if question.kind == QuestionKind.CLOSED:
            return rules.option(text, question.options)
        return imports.about(question.demographic, text, places)
    except rules.NotACategory:
        raise ValueError(_about_message(question)) from None


def _about_message(question: Question) -> str:
    if question.demographic == "postcode_district":
        return "Enter the first half of your postcode, like DT1, or leave it blank"
    return "Choose one of the answers given"


@transaction.atomic
def _store(consultation: Consultation, questions: list[Question], read: dict) -> Response:
    Consultation.objects.select_for_update().filter(pk=consultation.pk).first()  # one at a time
    response = Response(
        consultation=consultation, number=next_number(consultation), channel=Channel.ONLINE
    )
    for question in questions:
        value = read.get(question.key)
        if question.kind == QuestionKind.CLOSED and value:
            response.closed[question.key] = value
        elif question.kind == QuestionKind.DEMOGRAPHIC and value not in ("", None):
            setattr(response, _field(question.demographic), value)
    if response.postcode_district and response.quintile is None:
        response.quintile = district_quintiles().get(response.postcode_district)
    response.save()
    counts = _answers(response, questions, read)
    audit.record(
        "engagement.response_received",
        audit.subject(response),
        by=None,
        details={"consultation": consultation.pk, "redactions": counts},
    )
    return response


def _field(demographic: str) -> str:
    return "place_id" if demographic == "place" else demographic


def _answers(response: Response, questions: list[Question], read: dict) -> dict[str, int]:
    counts: dict[str, int] = {}
    for question in questions:
        if question.kind == QuestionKind.FREE_TEXT and read.get(question.key):
            redacted = redact(read[question.key])
            taken = {k: n for k, n in redacted.counts.items() if n}
            Answer.objects.create(
                response=response, question=question, text=redacted.text, redactions=taken
            )
            for kind, n in taken.items():
                counts[kind] = counts.get(kind, 0) + n
    return counts


def next_number(consultation: Consultation) -> int:
    return (consultation.responses.aggregate(n=Max("number"))["n"] or 0) + 1
