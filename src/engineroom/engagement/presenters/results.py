"""What the results pages, the public page and the exports show: every count suppressed
(``phm.suppression``: 1-7 as "*", others to the nearest 5) and every percentage built on the
suppressed counts, so no page, paper or spreadsheet gives away a small group."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from engineroom.engagement.queries import results as queries
from engineroom.population.consult import represent
from engineroom.population.consult.categories import (
    DIMENSION_NAMES,
    DIMENSIONS,
    ETHNIC_GROUPS,
    QUINTILES,
    REDACTION_KINDS,
    SEXES,
)
from engineroom.population.phm.suppression import SUPPRESSED, rate, suppress
from engineroom.web import formatting
from engineroom.web.charts import Chart, stacked_bar_chart
from engineroom.web.charts.dots import DotRow, dot_chart

REDACTION_WORDS = {
    "name": "Names",
    "email": "Email addresses",
    "phone": "Phone numbers",
    "nhs_number": "NHS numbers",
    "postcode": "Postcodes",
}
AGREE, DISAGREE = "agree", "disagree"


def shown(value) -> str:
    """A count as published: suppressed "*" stays "*", others with thousands separators."""
    return formatting.published(value)


def share_text(numerator: int, denominator: int) -> str:
    """A percentage built on the suppressed counts ("*" when either is suppressed)."""
    found = rate(numerator, denominator, per=100.0, digits=0)
    if found == SUPPRESSED:
        return SUPPRESSED
    return formatting.percent(None if found is None else found / 100)


# --- themes ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ThemeRow:
    label: str
    description: str
    count: str
    share: str  # of the question's answers
    weighted: str
    quotes: tuple[str, ...] = ()


@dataclass(frozen=True)
class QuestionThemesView:
    key: str
    text: str
    answered: str
    unthemed: str
    rows: tuple[ThemeRow, ...]


def themes(found: list[queries.QuestionThemes], *, quotes: bool = False) -> list:
    """Each free-text question's themes, most mentioned first, counts suppressed."""
    views = []
    for q in found:
        ranked = sorted(q.themes, key=lambda c: (-c.answers, c.theme.position, c.theme.pk))
        rows = tuple(_theme_row(c, q.answered, quotes) for c in ranked)
        views.append(
            QuestionThemesView(
                q.question.key,
                q.question.text,
                shown(suppress(q.answered)),
                shown(suppress(q.unthemed)),
                rows,
            )
        )
    return views


def _theme_row(count: queries.ThemeCount, answered: int, quotes: bool) -> ThemeRow:
    counted = suppress(count.answers)
    said = tuple(queries.quotes(count.theme)) if quotes else ()
    return ThemeRow(
        count.theme.label,
        count.theme.description,
        shown(counted),
        share_text(count.answers, answered),
        _weighted(count.weighted, counted),
        said,
    )


def _weighted(weighted: float | None, counted) -> str:
    """A weighted count, rounded to 5 as any count is; "*" wherever the count as answered is
    suppressed (weighting a small group up must not publish it)."""
    if weighted is None:
        return ""
    if counted == SUPPRESSED:
        return SUPPRESSED
    return shown(suppress(round(weighted)))


# --- closed questions -----------------------------------------------------------------------


def side(option: str) -> str:
    """Which way a 5-point answer leans: "agree", "disagree" or "" (neither, don't know)."""
    words = option.lower()
    if "neither" in words or "know" in words:
        return ""
    if "disagree" in words:
        return DISAGREE
    return AGREE if "agree" in words else ""


@dataclass(frozen=True)
class AgreementView:
    key: str
    text: str
    answered: str
    options: tuple[tuple[str, str, str], ...]  # (option, count, share)
    agree: str
    disagree: str


def agreement(found: list[tuple]) -> list[AgreementView]:
    views = []
    for question, counts in found:
        answered = sum(counts.values())
        leaning = Counter()
        for option, n in counts.items():
            leaning[side(option)] += n
        options = tuple(
            (o, shown(suppress(counts[o])), share_text(counts[o], answered))
            for o in question.options
        )
        views.append(
            AgreementView(
                question.key,
                question.text,
                shown(suppress(answered)),
                options,
                share_text(leaning[AGREE], answered),
                share_text(leaning[DISAGREE], answered),
            )
        )
    return views


def agreement_charts(found: list[tuple]) -> list[Chart]:
    """One chart per set of answers to choose from (every agree-disagree question together, a
    yes-no question on its own...), so each question is drawn against its own options."""
    groups: dict[tuple[str, ...], list[tuple]] = {}
    for question, counts in found:
        if question.options and sum(counts.values()):
            groups.setdefault(tuple(question.options), []).append((question, counts))
    title = "How people answered the closed questions"
    return [
        _agreement_chart(title if len(groups) == 1 else f"{title}: {', '.join(options)}", group)
        for options, group in groups.items()
    ]


def _agreement_chart(title: str, found: list[tuple]) -> Chart:
    """One bar per question split into its answers' shares (of the rounded counts; a
    suppressed answer is drawn as nothing and named "*")."""
    options = list(found[0][0].options)
    rows, texts = [], []
    for question, counts in found:
        rounded = [suppress(counts[o]) for o in options]
        known = sum(v for v in rounded if v != SUPPRESSED) or 1
        rows.append((question.text, [0 if v == SUPPRESSED else v / known for v in rounded]))
        texts.append([share_text(counts[o], sum(counts.values())) for o in options])
    return stacked_bar_chart(
        title,
        rows,
        series=options,
        texts=texts,
        axis_label="Share of those who answered (%)",
    )


# --- who answered ---------------------------------------------------------------------------


def category_name(dimension: str, category: str, places: dict[str, str]) -> str:
    if category == queries.NOT_STATED:
        return "Not stated"
    names = {"sex": SEXES, "ethnicity": ETHNIC_GROUPS, "place": places}.get(dimension, {})
    if dimension == "quintile" and category.isdigit():
        return QUINTILES.get(int(category), category)
    return names.get(category, category)


@dataclass(frozen=True)
class RepresentRow:
    category: str
    respondents: str
    respondent_share: str
    population: str
    population_share: str
    ratio: str
    ratio_value: float | None


def representativeness(respondents: dict, population: dict, places: dict) -> dict[str, list]:
    """Per dimension (by its name), respondents beside the registered population: counts
    suppressed, shares of those who said built on the rounded counts (``suppression.rate``:
    the share of a rounded count in the rounded total of those who said), and the ratio of
    that share to the population's (1 = as many as in the population)."""
    compared = represent.compare(respondents, population) if population else {}
    return {
        DIMENSION_NAMES[d]: [
            _represent_row(d, row, _stated(respondents.get(d, {})), places)
            for row in compared.get(d, [])
        ]
        for d in DIMENSIONS
        if compared.get(d)
    }


def _stated(counts: dict) -> int:
    return sum(n for category, n in counts.items() if category != represent.NOT_STATED)


def _represent_row(dimension: str, row: dict, stated: int, places: dict) -> RepresentRow:
    counted = suppress(row["respondents"])
    share = None
    if row.get("respondent_share") is not None:
        share = rate(row["respondents"], stated, per=1.0, digits=6)
    ratio = None
    if share not in (None, SUPPRESSED) and row.get("population_share"):
        ratio = share / row["population_share"]
    return RepresentRow(
        category_name(dimension, str(row["category"]), places),
        shown(counted),
        SUPPRESSED if share == SUPPRESSED else formatting.percent(share),
        shown(row["population"]),
        formatting.percent(row.get("population_share")),
        formatting.number(ratio, places=2),
        ratio,
    )


def representativeness_chart(table: dict[str, list]) -> Chart | None:
    """Every dimension's ratios on one log scale around 1 (as many as in the population)."""
    rows = [
        DotRow(f"{dimension}: {r.category}", [r.ratio_value], [r.ratio])
        for dimension, found in table.items()
        for r in found
        if r.ratio_value
    ]
    if not rows:
        return None
    return dot_chart(
        "Respondents compared with the registered population",
        rows,
        series=["Ratio of shares"],
        x_label="Share of respondents ÷ share of registered people aged 16+ (log scale)",
        reference=1.0,
        reference_label="As in the population",
        log=True,
        x_format=lambda v: f"{v:g}",
        table_header=("Group", "Ratio"),
    )


def redactions(found: dict[str, int]) -> list[tuple[str, str]]:
    """What was taken out of free text before anyone read it, by kind (suppressed)."""
    return [(REDACTION_WORDS[k], shown(suppress(found.get(k, 0)))) for k in REDACTION_KINDS]


# --- the whole report -----------------------------------------------------------------------


def report(consultation, *, weighted: bool = False, quotes: bool = False) -> dict:
    """Everything the results page, the public page and the exports show of a consultation."""
    pks, rows = queries.respondent_rows(consultation)
    population = consultation.population or {}
    weights = _weights(pks, rows, population) if weighted and population else None
    closed = queries.closed_answers(consultation)
    places = queries.place_names(consultation.system)
    table = representativeness(queries.respondents(rows), population, places)
    return {
        "responses": shown(suppress(len(pks))),
        "themes": themes(queries.theme_counts(consultation, weights), quotes=quotes),
        "weighted": weights is not None,
        "agreement": agreement(closed),
        "agreement_charts": agreement_charts(closed),
        "represent": table,
        "represent_chart": representativeness_chart(table),
        "redactions": redactions(queries.redactions(consultation)),
    }


def _weights(pks: list[int], rows: list[dict], population: dict) -> dict[int, float]:
    """Each response's raking weight to the population's margins (``represent.weights``) over
    the dimensions the population has."""
    dims = [d for d in DIMENSIONS if population.get(d)]
    found = represent.weights(rows, population, dims)
    return dict(zip(pks, found, strict=True))
