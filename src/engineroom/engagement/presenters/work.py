"""What the workspace pages show: the steps of a consultation as an NHS.UK task list, an
import's counts and problems, the mapping choices, and each theme with its top terms, quotes and
count. Every count of answers or responses shown beside a theme is suppressed (1-7 as ``*``,
others to the nearest 5), as every published aggregate is."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from engineroom.engagement import imports as reading
from engineroom.engagement.models import Consultation, Demographic, QuestionKind, Status
from engineroom.engagement.rules import TRANSITIONS
from engineroom.population.consult.categories import REDACTION_KINDS
from engineroom.population.phm.suppression import suppress

REDACTION_NAMES = {
    "name": "Names",
    "email": "Email addresses",
    "phone": "Phone numbers",
    "nhs_number": "NHS numbers",
    "postcode": "Postcodes",
}
TOP_TERMS = 10
PROBLEMS_SHOWN = 500


@dataclass(frozen=True)
class Task:
    name: str
    hint: str
    href: str
    status: str  # completed, in_progress, not_started, cannot_start
    status_text: str


def _url(name: str, *args) -> str:
    """A page's address, or '' while that page is not part of this build."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _task(name, hint, href, done: bool, started: bool = False, blocked: bool = False) -> Task:
    if done:
        return Task(name, hint, href, "completed", "Completed")
    if blocked:
        return Task(name, hint, "", "cannot_start", "Cannot start yet")
    if started:
        return Task(name, hint, href, "in_progress", "In progress")
    return Task(name, hint, href, "not_started", "Not started")


def tasks(found: Consultation, progress: dict, first_free: str | None) -> list[Task]:
    """Questions → responses → themes → results → decisions → publish."""
    code, slug = found.system.code, found.slug
    has_responses = progress["responses"] > 0
    themes_href = _url("engagement:themes", code, slug, first_free) if first_free else ""
    themed = progress["free_text"] and progress["mapped"] == progress["free_text"]
    return [
        _task(
            "Questions",
            f"{progress['questions']} questions",
            _url("engagement:question-new", code, slug),
            progress["questions"] > 0,
        ),
        _task(
            "Responses",
            f"{progress['responses']:,} responses",
            _url("engagement:import", code, slug),
            has_responses and found.status != Status.OPEN,
            has_responses,
        ),
        _task(
            "Themes",
            f"{progress['mapped']} of {progress['free_text']} free-text questions mapped",
            themes_href,
            bool(themed),
            progress["themed"] > 0,
            not has_responses or not first_free,
        ),
        _task(
            "Results",
            "Who answered and what they said",
            _url("engagement:results", code, slug),
            progress["population"],
            False,
            not has_responses,
        ),
        _task(
            "Decisions",
            "You said, we did",
            _url("engagement:influence", code, slug),
            progress["influences"] > 0,
        ),
        _task(
            "Publish",
            "Summary and public page",
            "#status",
            found.status == Status.PUBLISHED,
            progress["summary"],
        ),
    ]


def status_actions(found: Consultation) -> list[tuple[str, str]]:
    """The status buttons the workspace offers: (new status, button words)."""
    words = {
        Status.OPEN: "Open for responses",
        Status.CLOSED: "Close" if found.status == Status.OPEN else "Unpublish",
        Status.PUBLISHED: "Publish the results",
    }
    return [(s.value, words[s]) for s in sorted(TRANSITIONS[found.status])]


def redactions(totals: dict[str, int]) -> list[dict]:
    """Every kind, in the engine's order, even when none were found (so 0 is seen)."""
    return [
        {"kind": REDACTION_NAMES.get(k, k), "count": totals.get(k, 0), "word": word}
        for k, word in REDACTION_KINDS.items()
    ]


def question_kind(question) -> str:
    if question.kind == QuestionKind.DEMOGRAPHIC:
        return f"About you: {Demographic(question.demographic).label.lower()}"
    return question.get_kind_display()


def target_choices(questions) -> list[tuple[str, str]]:
    """Every target a column may map to, for the mapping step's selects."""
    choices = [
        (reading.IGNORE, "Ignore this column"),
        (reading.RESPONSE_ID, "Response ID"),
        (reading.SUBMITTED, "Date submitted"),
        (reading.NEW_FREE_TEXT, "New free-text question (this column's header as its text)"),
        (reading.NEW_CLOSED, "New closed question (its answers as the options)"),
    ]
    asked = {q.demographic for q in questions if q.demographic}
    choices += [(reading.QUESTION + q.key, f"Question: {q.text[:80]}") for q in questions]
    choices += [
        (reading.DEMOGRAPHIC + d.value, f"About you: {d.label.lower()} (adds the question)")
        for d in Demographic
        if d.value not in asked
    ]
    return choices


def import_counts(done) -> dict:
    """The result page's counts, problems (the first 500) and redactions."""
    return {
        "problems": done.problems[:PROBLEMS_SHOWN],
        "more_problems": max(len(done.problems) - PROBLEMS_SHOWN, 0),
        "problem_rows": len({p["row"] for p in done.problems}),
        "redactions": redactions(done.redactions),
        "reconciles": done.rows_in == done.accepted + done.quarantined,
    }


def theme_cards(themes, texts: dict[int, str]) -> list[dict]:
    """Each theme with its top terms, representative quotes and suppressed counts."""
    cards = []
    for theme in themes:
        terms = sorted(theme.terms.items(), key=lambda kv: -kv[1])[:TOP_TERMS]
        cards.append(
            {
                "theme": theme,
                "terms": [t for t, _ in terms],
                "quotes": [texts[q] for q in theme.quotes if q in texts],
                "proposed": suppress(theme.proposed_size),
                "mapped": suppress(theme.answers),
            }
        )
    return cards


def mapped_summary(counts: dict) -> dict:
    return {"answers": suppress(counts["answers"]), "mapped": suppress(counts["mapped"])}
