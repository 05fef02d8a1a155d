"""The rules of running a consultation: which status may follow which, and how an answer about
the respondent becomes one of the register's categories.

One set of rules reads the public form and every imported file, so "Woman", "F" and "Female" are
the same answer wherever they came from, and what cannot be compared with the register (an answer
we have no category for) is a problem named by row and column, never a silent guess. Answers that
say nothing ("Prefer not to say", "Don't know", blank) are *not stated*: kept as blank, left out of
shares.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.text import slugify

from engineroom.engagement.models import Consultation, Status
from engineroom.population.consult.categories import AGE_BANDS, ETHNIC_GROUPS, QUINTILES, SEXES

PREFER_NOT = "Prefer not to say"
NOT_STATED = {
    "",
    "prefer not to say",
    "i would prefer not to say",
    "rather not say",
    "not stated",
    "not answered",
    "not known",
    "don't know",
    "dont know",
    "do not know",
    "n/a",
    "na",
    "-",
}
# Answers to "sex" the register has no category for: kept as not stated (the response is not
# lost, and the comparison with the register stays like for like).
SEX_NOT_COMPARABLE = {"non-binary", "other", "in another way", "prefer to self-describe"}
SEX_WORDS = {"f": "F", "female": "F", "woman": "F", "women": "F", "m": "M", "male": "M"}
SEX_WORDS |= {"man": "M", "men": "M"}
ETHNIC_WORDS = {  # the first word(s) of a Census 2021 answer -> the high-level group
    "white and": "Mixed",  # "White and Black Caribbean" is a mixed group
    "white": "White",
    "asian": "Asian",
    "indian": "Asian",
    "pakistani": "Asian",
    "bangladeshi": "Asian",
    "chinese": "Asian",
    "black": "Black",
    "african": "Black",
    "caribbean": "Black",
    "mixed": "Mixed",
    "other": "Other",
    "any other": "Other",
    "arab": "Other",
}
_AGE = re.compile(
    r"^(\d{2})\s*(?:-|–|to)\s*(\d{2})(?:\s*years)?$|^(\d{2})\s*(?:\+|or over|and over)"
)
_DISTRICT = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)(?:\s*[0-9][A-Z]{2})?$")
TRANSITIONS = {
    Status.DRAFT: {Status.OPEN},
    Status.OPEN: {Status.CLOSED},
    Status.CLOSED: {Status.OPEN, Status.PUBLISHED},
    Status.PUBLISHED: {Status.CLOSED},
}


class NotACategory(ValueError):
    """An answer about the respondent that none of the register's categories fits."""


def plain(text) -> str:
    return " ".join(str(text or "").split()).strip()


def stated(text: str) -> bool:
    return plain(text).lower().rstrip(".") not in NOT_STATED


def age_band(text: str) -> str:
    """'16-24', '16 to 24', '85+', '85 or over' -> the survey band; not stated -> ''."""
    if not stated(text):
        return ""
    match = _AGE.match(plain(text).lower())
    bands = dict(AGE_BANDS)
    if match and match[3]:
        found = next((b for b, low in AGE_BANDS if b.endswith("+") and low == int(match[3])), "")
    elif match:
        found = f"{match[1]}-{match[2]}"
        found = found if found in bands else ""
    else:
        found = ""
    if not found:
        raise NotACategory(f"{plain(text)[:40]!r} is not an age band like 45-54 or 85+")
    return found


def sex(text: str) -> str:
    word = plain(text).lower()
    if not stated(word) or word in SEX_NOT_COMPARABLE:
        return ""
    if word in SEX_WORDS:
        return SEX_WORDS[word]
    raise NotACategory(f"{plain(text)[:40]!r} is not an answer about sex we know")


def ethnicity(text: str) -> str:
    """'White British', 'Asian or Asian British: Indian', 'Black' -> the Census group."""
    if not stated(text):
        return ""
    words = re.split(r"[\s:,/-]+", plain(text).lower())
    for count in (2, 1):
        found = ETHNIC_WORDS.get(" ".join(words[:count]))
        if found:
            return found
    label = {v.lower(): k for k, v in ETHNIC_GROUPS.items()}.get(plain(text).lower())
    if label:
        return label
    raise NotACategory(f"{plain(text)[:40]!r} is not an ethnic group of the Census")


def quintile(text: str) -> int | None:
    if not stated(text):
        return None
    first = plain(text).split(" ")[0]
    if first in {"1", "2", "3", "4", "5"}:
        return int(first)
    raise NotACategory(f"{plain(text)[:40]!r} is not a deprivation quintile from 1 to 5")


def postcode_district(text: str) -> str:
    """The first half of a postcode ('DT1', or taken from a whole 'DT1 1AA'); nothing more of
    the postcode is ever kept."""
    if not stated(text):
        return ""
    match = _DISTRICT.match(plain(text).upper())
    if not match:
        raise NotACategory("this is not the first half of a postcode, like DT1")
    return match[1]


def place(text: str, places: dict[str, int]) -> int | None:
    """A place of the system by name or code (``places``: lower-case name or code -> place id)."""
    if not stated(text):
        return None
    found = places.get(plain(text).lower())
    if found is None:
        raise NotACategory(f"{plain(text)[:40]!r} is not a place of this system")
    return found


def option(text: str, options: list[str]) -> str:
    """The closed question's option this answer is (case and spacing aside); '' if blank."""
    if not plain(text):
        return ""
    found = {plain(o).lower(): o for o in options}.get(plain(text).lower())
    if found is None:
        raise NotACategory(f"{plain(text)[:40]!r} is not one of the question's options")
    return found


@dataclass(frozen=True)
class Standard:
    """One of the standard "About you" questions a consultation may be created with."""

    demographic: str
    key: str
    text: str
    options: tuple[str, ...]
    hint: str = "Optional. This helps us see who has and has not answered."


DEMOGRAPHIC_FIELDS = ("age_band", "sex", "ethnicity", "place", "postcode_district", "quintile")


def standard_for(demographic: str, place_names: list[str]) -> Standard:
    """The standard question of any about-you field, the quintile too (which an imported file
    may carry, though the public form never asks it: it comes from the postcode)."""
    if demographic == "quintile":
        return Standard(
            "quintile",
            "quintile",
            "Deprivation quintile of your area",
            (*QUINTILES.values(), PREFER_NOT),
        )
    return next(s for s in standard_questions(place_names) if s.demographic == demographic)


def standard_questions(place_names: list[str]) -> list[Standard]:
    """The "About you" questions a consultation may be created with, in the register's terms."""
    with_prefer = lambda values: (*values, PREFER_NOT)  # noqa: E731
    return [
        Standard("age_band", "age-band", "What is your age?", with_prefer(dict(AGE_BANDS))),
        Standard("sex", "sex", "What is your sex?", with_prefer(SEXES.values())),
        Standard(
            "ethnicity",
            "ethnicity",
            "What is your ethnic group?",
            with_prefer(ETHNIC_GROUPS.values()),
        ),
        Standard("place", "place", "Where do you live?", with_prefer(place_names)),
        Standard(
            "postcode_district",
            "postcode-district",
            "What is the first half of your postcode?",
            (),
            "Optional. For example, DT1. Do not give your full postcode.",
        ),
    ]


def question_key(text: str, taken: set[str]) -> str:
    """A short unique key for a question from its words."""
    base = slugify(text)[:36].strip("-") or "question"
    key, n = base, 1
    while key in taken:
        n += 1
        key = f"{base}-{n}"
    return key


def status_problem(consultation: Consultation, new: str) -> str | None:
    """Why ``consultation`` may not move to ``new`` (None if it may)."""
    if new not in TRANSITIONS.get(consultation.status, set()):
        return f"A consultation that is {consultation.get_status_display().lower()} cannot be made {Status(new).label.lower()}."
    if new == Status.PUBLISHED and not consultation.summary.strip():
        return "Write the summary of what people said before publishing the results."
    if new == Status.OPEN and not consultation.questions.exists():
        return "Add at least one question before opening the consultation."
    return None


def may_add_responses(consultation: Consultation) -> bool:
    """Responses may be imported until the results are published (then they would change)."""
    return consultation.status != Status.PUBLISHED
