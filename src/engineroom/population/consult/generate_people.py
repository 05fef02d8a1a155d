"""Who answers the generated consultation (:mod:`.generate`), and how the two survey tools
write their exports.

Respondents skew as they do in real consultations: older (two in five 65 or over), more women
(about 61%), White people over-represented, and the first districts and places given more
likely than the last (pass districts least deprived first to under-represent deprived areas).
About 5% prefer not to say each thing and about 2% skip it.

Citizen Space writes "Response ID", "Submitted" (``2024-02-15 14:23:05``) and the question
texts as headers, "Female"/"Male", IDs like ``ANON-1K2J-3H4G-5``. SmartSurvey writes "Response
ID" (a number), "Ended" (``15/02/2024 14:23``), numbered question headers ("Q1. ...") and short
"About you" headers ("Age", "Gender", ...), "Woman"/"Man": the import's mapping step reads both.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import numpy as np

from engineroom.population.consult import categories as cat

PLACES = (  # (code, name): the demo's kind of places when none are given
    ("PL-BCP", "Bournemouth, Christchurch and Poole"),
    ("PL-MID", "Mid Dorset"),
    ("PL-NTH", "North Dorset"),
    ("PL-WST", "West Dorset"),
    ("PL-PUR", "Purbeck and Weymouth"),
)
DISTRICTS = tuple(f"BH{i}" for i in range(1, 26)) + tuple(f"DT{i}" for i in range(1, 12))
NOT_SAID = "Prefer not to say"
AGE_SHARES = (0.03, 0.07, 0.10, 0.15, 0.22, 0.24, 0.15, 0.04)
SEX_SHARES = {"Female": 0.61, "Male": 0.34}
ETHNIC_SHARES = {"White": 0.955, "Asian": 0.012, "Black": 0.006, "Mixed": 0.012, "Other": 0.005}
ABOUT = {  # demographic -> (Citizen Space header, SmartSurvey header)
    "age_band": ("What is your age?", "Age"),
    "sex": ("What is your sex?", "Gender"),
    "ethnicity": ("What is your ethnic group?", "Ethnicity"),
    "place": ("Which area do you live in?", "Area"),
    "postcode_district": ("What is the first half of your postcode?", "Postcode (first half)"),
}
SMARTSURVEY_WORDS = {"Female": "Woman", "Male": "Man"}
OPENS = datetime(2024, 1, 8, 9, 0)
WEEKS = 12
_BASE32 = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"[:32]


def demographic_questions(places: Sequence[tuple[str, str]]) -> list[dict]:
    """The "About you" questions, Citizen Space wording, options as the form lists them."""
    options = {
        "age_band": [band for band, _ in cat.AGE_BANDS],
        "sex": list(cat.SEXES.values()),
        "ethnicity": list(cat.ETHNIC_GROUPS.values()),
        "place": [name for _, name in places],
        "postcode_district": [],
    }
    return [
        {
            "key": field,
            "kind": "demographic",
            "text": ABOUT[field][0],
            "options": options[field] + ([NOT_SAID] if options[field] else []),
            "demographic": field,
        }
        for field in ABOUT
    ]


def respondents(n: int, rng: np.random.Generator, places, districts) -> dict[str, list[str]]:
    """Per respondent: ID, submitted time and each "About you" cell, as Citizen Space has them."""
    bands = [band for band, _ in cat.AGE_BANDS]
    return {
        "ids": [_anon_id(i) for i in range(n)],
        "submitted": _submitted(n, rng),
        "age_band": _pick(rng, n, dict(zip(bands, AGE_SHARES, strict=True))),
        "sex": _pick(rng, n, SEX_SHARES),
        "ethnicity": _pick(rng, n, {cat.ETHNIC_GROUPS[k]: v for k, v in ETHNIC_SHARES.items()}),
        "place": _pick(rng, n, _falling([name for _, name in places], 0.25)),
        "postcode_district": _pick(rng, n, _falling(list(districts), 0.12), said=False),
    }


def _falling(names: list[str], step: float) -> dict[str, float]:
    """Weights that fall along the list: the first is the most likely."""
    return {name: 1.0 / (1.0 + step * i) for i, name in enumerate(names)}


def _pick(rng, n: int, shares: dict[str, float], said: bool = True) -> list[str]:
    """Categories drawn by share; about 5% "Prefer not to say" (``said``) and 2% skipped."""
    names = [*shares, NOT_SAID, ""]
    weights = np.array(list(shares.values()), dtype=float)
    weights = weights / weights.sum() * (0.93 if said else 0.95)
    weights = np.r_[weights, 0.05 if said else 0.0, 0.02 if said else 0.05]
    return [names[i] for i in rng.choice(len(names), size=n, p=weights / weights.sum())]


def _submitted(n: int, rng) -> list[str]:
    """Times over twelve weeks, busiest at the start and in the last days, in order."""
    share = np.sort(rng.beta(0.7, 0.6, size=n))
    seconds = (share * WEEKS * 7 * 86_400).astype(int)
    return [(OPENS + timedelta(seconds=int(s))).strftime("%Y-%m-%d %H:%M:%S") for s in seconds]


def _anon_id(i: int) -> str:
    """Citizen Space's anonymous ID shape, unique per respondent (an odd multiplier mod 32**9
    is a bijection)."""
    value = (i * 7_919_317 + 1_234_567) % 32**9
    chars = "".join(_BASE32[(value >> (5 * k)) & 31] for k in range(9))
    return f"ANON-{chars[:4]}-{chars[4:8]}-{chars[8]}"


def styled(generated, style: str) -> tuple[list[str], list[list[str]]]:
    """The header and cells of ``generated`` as ``style`` ("citizen_space" or "smartsurvey")
    exports them."""
    if style == "citizen_space":
        header = list(generated.rows[0]) if generated.rows else _header(generated)
        return header, [list(row.values()) for row in generated.rows]
    if style != "smartsurvey":
        raise ValueError(f"unknown export style {style!r}: citizen_space or smartsurvey")
    header = ["Response ID", "Ended"] + [
        _smart_header(q, i) for i, q in enumerate(generated.questions)
    ]
    return header, [_smart_row(generated, i, row) for i, row in enumerate(generated.rows)]


def _header(generated) -> list[str]:
    return ["Response ID", "Submitted"] + [q["text"] for q in generated.questions]


def _smart_header(question: dict, index: int) -> str:
    if question["kind"] == "demographic":
        return ABOUT[question["demographic"]][1]
    return f"Q{index + 1}. {question['text']}"


def _smart_row(generated, index: int, row: dict[str, str]) -> list[str]:
    ended = datetime.strptime(row["Submitted"], "%Y-%m-%d %H:%M:%S").strftime("%d/%m/%Y %H:%M")
    cells = [str(100_000_001 + index), ended]
    for question in generated.questions:
        value = row[question["text"]]
        cells.append(SMARTSURVEY_WORDS.get(value, value) if question["demographic"] else value)
    return cells
