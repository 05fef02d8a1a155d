"""Running a consultation: create it (with the standard "About you" questions if asked), add
its questions, open, close and publish it. Each write is atomic and audited."""

from __future__ import annotations

import dataclasses

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from engineroom.audit import actions as audit
from engineroom.engagement import rules
from engineroom.engagement.models import Consultation, Question, QuestionKind, Status
from engineroom.system.models import Place, System


@transaction.atomic
def create_consultation(
    system: System,
    *,
    title: str,
    slug: str,
    description: str,
    opens_on=None,
    closes_on=None,
    standard_questions: bool = False,
    by,
) -> Consultation:
    """A draft consultation of ``system``; ``standard_questions`` adds the "About you" questions
    (age band, sex, ethnic group, place, first half of postcode) as the register records them."""
    if Consultation.objects.filter(system=system, slug=slug).exists():
        raise ValidationError({"slug": "Another consultation of this system has this short name."})
    if opens_on and closes_on and closes_on < opens_on:
        raise ValidationError({"closes_on": "The closing date must be after the opening date."})
    found = Consultation(
        system=system,
        title=title,
        slug=slug,
        description=description,
        opens_on=opens_on,
        closes_on=closes_on,
        created_by=by,
    )
    found.full_clean()
    found.save()
    if standard_questions:
        for standard in rules.standard_questions(place_names(system)):
            _standard(found, standard)
    audit.record(
        "engagement.consultation_created",
        audit.subject(found),
        by=by,
        details={"title": title, "standard_questions": standard_questions},
    )
    return found


def place_names(system: System) -> list[str]:
    return list(Place.objects.filter(system=system).order_by("name").values_list("name", flat=True))


def _standard(consultation: Consultation, standard: rules.Standard) -> Question:
    return _save_question(
        consultation,
        key=standard.key,
        kind=QuestionKind.DEMOGRAPHIC,
        text=standard.text,
        options=list(standard.options),
        demographic=standard.demographic,
        hint=standard.hint,
        required=False,
    )


def _save_question(consultation: Consultation, *, key: str, **fields) -> Question:
    position = consultation.questions.count() + 1
    question = Question(consultation=consultation, key=key, position=position, **fields)
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def add_question(
    consultation: Consultation,
    *,
    kind: str,
    text: str,
    options=(),
    demographic: str = "",
    hint: str = "",
    required: bool = False,
    by,
) -> Question:
    """Add a question at the end. A closed question needs two options or more; an "About you"
    question names the register's field it asks about (one question a field) and always offers
    the register's categories for it (answers the register has no category for could not be
    compared with it): other options are refused."""
    options = list(dict.fromkeys(rules.plain(o) for o in options if rules.plain(o)))
    _check_question(consultation, kind, options, demographic)
    if kind == QuestionKind.DEMOGRAPHIC:
        options = _demographic_options(consultation, demographic, options)
    taken = set(consultation.questions.values_list("key", flat=True))
    question = _save_question(
        consultation,
        key=rules.question_key(text, taken),
        kind=kind,
        text=rules.plain(text),
        options=options if kind != QuestionKind.FREE_TEXT else [],
        demographic=demographic if kind == QuestionKind.DEMOGRAPHIC else "",
        hint=hint,
        required=required,
    )
    audit.record(
        "engagement.question_added",
        audit.subject(question),
        by=by,
        details={"consultation": consultation.pk, "kind": kind, "text": question.text},
    )
    return question


def _check_question(consultation: Consultation, kind: str, options: list, demographic: str):
    if consultation.status == Status.PUBLISHED:
        raise ValidationError("The results are published: questions can no longer be added.")
    if kind == QuestionKind.CLOSED and len(options) < 2:
        raise ValidationError({"options": "A closed question needs two options or more."})
    if kind == QuestionKind.DEMOGRAPHIC and not demographic:
        raise ValidationError({"demographic": "Say which register field this question asks."})
    if demographic and consultation.questions.filter(demographic=demographic).exists():
        raise ValidationError({"demographic": "The consultation already asks this."})


def _demographic_options(consultation: Consultation, demographic: str, given: list) -> list[str]:
    standard = list(rules.standard_for(demographic, place_names(consultation.system)).options)
    known = {o.lower() for o in standard}
    other = [o for o in given if o.lower() not in known]
    if other:
        offered = "; ".join(standard) or "none: the answer is written in"
        raise ValidationError(
            {
                "options": f"An “About you” question offers the register's categories, so that "
                f"answers can be compared with the population; {', '.join(other[:3])} "
                f"{'is' if len(other) == 1 else 'are'} not one of them. Leave the answers blank "
                f"to use them ({offered})."
            }
        )
    return standard


def add_standard(consultation: Consultation, demographic: str) -> Question:
    """The standard question for ``demographic`` (an import mapped a column to it); not audited
    on its own: the import that needs it is."""
    standard = rules.standard_for(demographic, place_names(consultation.system))
    taken = set(consultation.questions.values_list("key", flat=True))
    key = standard.key if standard.key not in taken else rules.question_key(standard.key, taken)
    return _standard(consultation, dataclasses.replace(standard, key=key))


@transaction.atomic
def set_status(consultation: Consultation, status: str, *, by) -> Consultation:
    """Open, close or publish (publishing needs the summary of what people said)."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    problem = rules.status_problem(consultation, status)
    if problem:
        raise ValidationError(problem)
    before = consultation.status
    consultation.status = status
    if status == Status.PUBLISHED:
        consultation.published_at = timezone.now()
    consultation.save(update_fields=["status", "published_at"])
    audit.record(
        "engagement.consultation_status_changed",
        audit.subject(consultation),
        by=by,
        details={"before": before, "after": status},
    )
    return consultation
