"""From answers to a theme framework an analyst can stand behind: the topic model proposes
themes for one free-text question (``population.consult.themes``), the analyst renames, merges,
splits, removes and accepts them, then every answer is mapped to the accepted framework (several
themes an answer allowed). Each step is atomic and audited; nothing is deleted but proposals
replaced by a new proposal, so how a framework came to be stays on record (merged and split
themes keep their ``parent``).
"""

from __future__ import annotations

from functools import reduce

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from engineroom.audit import actions as audit
from engineroom.engagement.models import (
    AnswerTheme,
    Question,
    QuestionKind,
    Status,
    Theme,
    ThemeStatus,
)
from engineroom.population.consult import themes as engine

LIVE = (ThemeStatus.PROPOSED, ThemeStatus.FRAMEWORK)
SEED = 0  # the same answers give the same proposal


def _answers(question: Question) -> list[tuple[int, str]]:
    return list(question.answers.exclude(text="").order_by("pk").values_list("pk", "text"))


def _check(question: Question) -> None:
    if question.kind != QuestionKind.FREE_TEXT:
        raise ValidationError("Only free-text questions have themes.")
    if question.consultation.status == Status.PUBLISHED:
        raise ValidationError("The results are published: the framework can no longer change.")


def _live(themes, question: Question | None = None) -> list[Theme]:
    themes = list(themes)
    if not themes or any(t.status not in LIVE for t in themes):
        raise ValidationError("Choose themes that are proposed or in the framework.")
    if len({t.question_id for t in themes}) > 1 or (question and themes[0].question != question):
        raise ValidationError("Choose themes of the same question.")
    _check(themes[0].question)
    return themes


def label_of(terms: dict[str, float]) -> str:
    """A first label from the three strongest terms, for the analyst to rename."""
    top = sorted(terms, key=lambda t: -terms[t])[:3]
    return ", ".join(top).capitalize()[:120] or "Theme"


def _next_position(question: Question) -> int:
    return (question.themes.aggregate(p=Max("position"))["p"] or 0) + 1


def _record(event: str, obj, by, **details) -> None:
    audit.record(f"engagement.{event}", audit.subject(obj), by=by, details=details)


def _themes_from(question, proposals, rows, *, parent=None) -> list[Theme]:
    position = _next_position(question)
    return Theme.objects.bulk_create(
        [
            Theme(
                question=question,
                position=position + i,
                label=label_of(p.terms),
                terms=p.terms,
                quotes=[rows[q][0] for q in p.quotes],
                proposed_size=p.size,
                parent=parent,
            )
            for i, p in enumerate(proposals)
        ]
    )


@transaction.atomic
def propose(question: Question, *, by) -> list[Theme]:
    """Themes proposed from the question's answers; an earlier proposal not yet accepted is
    replaced (the framework stays)."""
    _check(question)
    rows = _answers(question)
    proposals = engine.propose([text for _, text in rows], seed=SEED)
    if not proposals:
        raise ValidationError("There are too few answers to propose themes from.")
    question.themes.filter(status=ThemeStatus.PROPOSED).delete()
    made = _themes_from(question, proposals, rows)
    _record("themes_proposed", question, by, themes=len(made), answers=len(rows))
    return made


@transaction.atomic
def rename(theme: Theme, *, label: str, description: str = "", by) -> Theme:
    _live([theme])
    before = theme.label
    theme.label, theme.description = label.strip()[:120], description.strip()[:500]
    if not theme.label:
        raise ValidationError({"label": "Give the theme a name."})
    theme.save(update_fields=["label", "description"])
    _record("theme_renamed", theme, by, before=before, after=theme.label)
    return theme


@transaction.atomic
def merge(themes, *, label: str, by) -> Theme:
    """One theme from two or more: its terms the engine's merge of theirs, in the framework if
    any of them was. Their mappings go (map the answers again)."""
    themes = _live(themes)
    if len(themes) < 2:
        raise ValidationError("Choose two themes or more to merge.")
    question = themes[0].question
    merged = Theme.objects.create(
        question=question,
        position=_next_position(question),
        label=(label.strip() or label_of(themes[0].terms))[:120],
        terms=reduce(engine.merge, [t.terms for t in themes]),
        quotes=list(dict.fromkeys(q for t in themes for q in t.quotes))[:5],
        status=_merged_status(themes),
        proposed_size=sum(t.proposed_size for t in themes),
    )
    _retire(themes, ThemeStatus.MERGED, parent=merged)
    _record("themes_merged", merged, by, merged=[t.pk for t in themes], label=merged.label)
    return merged


def _merged_status(themes: list[Theme]) -> str:
    framework = any(t.status == ThemeStatus.FRAMEWORK for t in themes)
    return ThemeStatus.FRAMEWORK if framework else ThemeStatus.PROPOSED


def _retire(themes: list[Theme], status: str, *, parent: Theme | None = None) -> None:
    AnswerTheme.objects.filter(theme__in=themes).delete()
    for theme in themes:
        theme.status, theme.parent = status, parent or theme.parent
        theme.save(update_fields=["status", "parent"])


@transaction.atomic
def split(theme: Theme, *, by) -> list[Theme]:
    """Two proposed sub-themes from the answers whose strongest theme this is."""
    _live([theme])
    question = theme.question
    rows = _answers(question)
    live = list(question.themes.filter(status__in=LIVE).order_by("position", "pk"))
    mine = live.index(theme)
    best = engine.assign([t for _, t in rows], [t.terms for t in live], most=1)
    own = [row for row, found in zip(rows, best, strict=True) if found and found[0][0] == mine]
    proposals = engine.split([text for _, text in own], seed=SEED)
    if len(proposals) < 2:
        raise ValidationError("There are too few answers in this theme to split it.")
    made = _themes_from(question, proposals, own, parent=theme)
    _retire([theme], ThemeStatus.SPLIT)
    _record("theme_split", theme, by, into=[t.pk for t in made], answers=len(own))
    return made


@transaction.atomic
def remove(theme: Theme, *, by) -> Theme:
    """Not a theme after all: kept on record as removed, its mappings gone."""
    _live([theme])
    _retire([theme], ThemeStatus.REMOVED)
    _record("theme_removed", theme, by, label=theme.label)
    return theme


@transaction.atomic
def accept(themes, *, by) -> list[Theme]:
    """Proposed themes into the framework."""
    themes = _live(themes)
    for theme in themes:
        theme.status = ThemeStatus.FRAMEWORK
        theme.save(update_fields=["status"])
    _record("themes_accepted", themes[0].question, by, themes=[t.pk for t in themes])
    return themes


@transaction.atomic
def map_answers(question: Question, *, by) -> int:
    """Map every answer to the framework's themes (several allowed, best first), replacing
    any earlier mapping; returns how many answers carry at least one theme."""
    _check(question)
    framework = list(question.themes.filter(status=ThemeStatus.FRAMEWORK).order_by("position"))
    if not framework:
        raise ValidationError("Accept themes into the framework before mapping answers.")
    rows = _answers(question)
    found = engine.assign([text for _, text in rows], [t.terms for t in framework])
    AnswerTheme.objects.filter(theme__question=question).delete()
    links = [
        AnswerTheme(answer_id=pk, theme=framework[index], score=round(float(score), 4))
        for (pk, _), scored in zip(rows, found, strict=True)
        for index, score in scored
    ]
    AnswerTheme.objects.bulk_create(links, batch_size=5_000)
    mapped = sum(1 for scored in found if scored)
    _record("answers_mapped", question, by, answers=len(rows), mapped=mapped, links=len(links))
    return mapped
