"""Reads behind a consultation's results: theme counts (an answer may carry several themes),
closed-question answers, who answered, redaction totals and the decisions it informed.

Everything here is exact; ``presenters.results`` suppresses every count before it leaves.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from engineroom.engagement.models import (
    AnswerTheme,
    Channel,
    Consultation,
    Influence,
    Question,
    QuestionKind,
    Response,
    Theme,
    ThemeStatus,
)
from engineroom.population.consult.categories import DIMENSIONS
from engineroom.system.models import Place, System

NOT_STATED = "not stated"


def consultation(system: System, slug: str) -> Consultation:
    return get_object_or_404(Consultation, system=system, slug=slug)


def place_names(system: System) -> dict[str, str]:
    return dict(Place.objects.filter(system=system).values_list("code", "name"))


@dataclass
class ThemeCount:
    theme: Theme
    answers: int
    weighted: float | None = None


@dataclass
class QuestionThemes:
    question: Question
    answered: int  # answers to the question (blank answers are not stored)
    unthemed: int  # answers mapped to no framework theme
    themes: list[ThemeCount] = field(default_factory=list)


def free_text_questions(consultation: Consultation) -> QuerySet[Question]:
    return consultation.questions.filter(kind=QuestionKind.FREE_TEXT)


def framework(question: Question) -> QuerySet[Theme]:
    return question.themes.filter(status=ThemeStatus.FRAMEWORK)


def theme_counts(
    consultation: Consultation, weights: dict[int, float] | None = None
) -> list[QuestionThemes]:
    """Per free-text question, each framework theme's answers (several themes per answer, so
    the counts may add up to more than the answers); with ``weights`` (response pk -> weight)
    also the weighted count."""
    found = []
    for question in free_text_questions(consultation):
        themes = list(framework(question).annotate(n=Count("mapped")))
        answered = question.answers.count()
        themed = question.answers.filter(mapped__theme__in=themes).distinct().count()
        counts = [ThemeCount(t, t.n) for t in themes]
        if weights is not None:
            _weigh(counts, weights)
        found.append(QuestionThemes(question, answered, answered - themed, counts))
    return found


def _weigh(counts: list[ThemeCount], weights: dict[int, float]) -> None:
    by_theme = {c.theme.pk: c for c in counts}
    for c in counts:
        c.weighted = 0.0
    pairs = AnswerTheme.objects.filter(theme__in=list(by_theme)).values_list(
        "theme_id", "answer__response_id"
    )
    for theme, response in pairs.iterator(chunk_size=5_000):
        by_theme[theme].weighted += weights.get(response, 1.0)


def closed_answers(consultation: Consultation) -> list[tuple[Question, Counter]]:
    """Per closed question, how many chose each option (in the question's order)."""
    questions = list(consultation.questions.filter(kind=QuestionKind.CLOSED))
    counts = {q.key: Counter() for q in questions}
    for chosen in consultation.responses.values_list("closed", flat=True).iterator(5_000):
        for key, option in (chosen or {}).items():
            if key in counts and option:
                counts[key][option] += 1
    return [(q, counts[q.key]) for q in questions]


def respondent_rows(consultation: Consultation) -> tuple[list[int], list[dict[str, str]]]:
    """Each response's pk and its categories by dimension ("not stated" where not given);
    places by code and quintiles as text, as the register's profile has them."""
    fields = ("pk", "age_band", "sex", "ethnicity", "quintile", "place__code")
    pks, rows = [], []
    for values in consultation.responses.values_list(*fields).iterator(5_000):
        pks.append(values[0])
        cells = ["" if v is None else str(v) for v in values[1:]]
        rows.append({d: c or NOT_STATED for d, c in zip(DIMENSIONS, cells, strict=True)})
    return pks, rows


def respondents(rows: list[dict[str, str]]) -> dict[str, dict[str, int]]:
    """{dimension: {category: respondents}} from ``respondent_rows``."""
    found: dict[str, Counter] = {d: Counter() for d in DIMENSIONS}
    for row in rows:
        for dimension, category in row.items():
            found[dimension][category] += 1
    return {d: dict(c) for d, c in found.items()}


def response_count(consultation: Consultation) -> int:
    return consultation.responses.count()


def redactions(consultation: Consultation) -> dict[str, int]:
    """What was taken out of free text, by kind: each import's totals and the online answers'."""
    total: Counter = Counter()
    for counts in consultation.imports.values_list("redactions", flat=True):
        total.update(counts or {})
    online = Response.objects.filter(consultation=consultation, channel=Channel.ONLINE)
    for counts in online.values_list("answers__redactions", flat=True):
        total.update(counts or {})
    return dict(total)


def influences(consultation: Consultation) -> QuerySet[Influence]:
    return consultation.influences.select_related("decision__body").order_by("recorded_at", "pk")


def influence(consultation: Consultation, pk: int) -> Influence:
    return get_object_or_404(influences(consultation), pk=pk)


def quotes(theme: Theme) -> list[str]:
    """The theme's representative answers' text (already redacted), in the order kept."""
    texts = dict(theme.question.answers.filter(pk__in=theme.quotes or []).values_list("pk", "text"))
    return [texts[pk] for pk in theme.quotes or [] if pk in texts]
