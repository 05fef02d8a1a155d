"""Reads of the consultation workspace, always scoped to one system: consultations, their
questions and imports, the themes of a question with their answers' counts, redaction totals.
Answers' text (redacted) is read only for those who run consultations (``ENGAGEMENT_EDIT``)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from engineroom.engagement.models import (
    Answer,
    AnswerTheme,
    Consultation,
    Question,
    QuestionKind,
    ResponseImport,
    Status,
    Theme,
    ThemeStatus,
)
from engineroom.system.models import System
from engineroom.web.forms import object_id


def consultations(system: System, *, drafts: bool) -> QuerySet[Consultation]:
    """The system's consultations with their response counts; drafts only for their editors."""
    found = Consultation.objects.filter(system=system).annotate(responses_in=Count("responses"))
    return found if drafts else found.exclude(status=Status.DRAFT)


def consultation(system: System, slug: str) -> Consultation:
    found = Consultation.objects.filter(system=system, slug=slug).first()
    if found is None:
        raise Http404("No such consultation.")
    return found


def questions(found: Consultation) -> QuerySet[Question]:
    return found.questions.annotate(answered=Count("answers")).order_by("position", "pk")


def question(found: Consultation, key: str) -> Question:
    hit = found.questions.filter(key=key).first()
    if hit is None:
        raise Http404("No such question.")
    return hit


def imports(found: Consultation) -> QuerySet[ResponseImport]:
    return found.imports.select_related("imported_by")


def response_import(found: Consultation, pk) -> ResponseImport:
    hit = found.imports.filter(pk=object_id(pk)).first()
    if hit is None:
        raise Http404("No such import.")
    return hit


def progress(found: Consultation) -> dict:
    """What the task list needs: how far each step has gone."""
    free = found.questions.filter(kind=QuestionKind.FREE_TEXT)
    return {
        "questions": found.questions.count(),
        "responses": found.responses.count(),
        "free_text": free.count(),
        "themed": free.filter(themes__status=ThemeStatus.FRAMEWORK).distinct().count(),
        "mapped": free.filter(themes__mapped__isnull=False).distinct().count(),
        "population": bool(found.population),
        "influences": found.influences.count(),
        "summary": bool(found.summary.strip()),
    }


def redaction_totals(found: Consultation) -> dict[str, int]:
    """How many of each kind of personal data were taken out of the answers."""
    totals: dict[str, int] = {}
    rows = Answer.objects.filter(response__consultation=found).exclude(redactions={})
    for counts in rows.values_list("redactions", flat=True):
        for kind, n in counts.items():
            totals[kind] = totals.get(kind, 0) + n
    return totals


def themes(found: Question) -> QuerySet[Theme]:
    """The question's themes still in play (proposed or in the framework), with their counts."""
    live = (ThemeStatus.PROPOSED, ThemeStatus.FRAMEWORK)
    return (
        found.themes.filter(status__in=live)
        .annotate(answers=Count("mapped"))
        .order_by("-status", "position", "pk")
    )


def theme_history(found: Question) -> QuerySet[Theme]:
    live = (ThemeStatus.PROPOSED, ThemeStatus.FRAMEWORK)
    return found.themes.exclude(status__in=live).select_related("parent")


def answer_texts(pks) -> dict[int, str]:
    """Quotes: the (redacted) answers of these ids."""
    return dict(Answer.objects.filter(pk__in=list(pks)).values_list("pk", "text"))


def mapped_counts(found: Question) -> dict:
    """Answers to the question, and how many carry at least one framework theme."""
    answers = found.answers.exclude(text="")
    mapped = AnswerTheme.objects.filter(answer__question=found).values("answer").distinct()
    return {"answers": answers.count(), "mapped": mapped.count()}


def theme_of(found: Question, pk) -> Theme | None:
    return found.themes.filter(pk=object_id(pk)).first()


def live_themes(found: Question) -> QuerySet[Theme]:
    return found.themes.filter(Q(status=ThemeStatus.PROPOSED) | Q(status=ThemeStatus.FRAMEWORK))
