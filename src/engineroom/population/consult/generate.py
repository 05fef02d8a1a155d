"""A generated consultation with planted themes, so the analysis can be checked against truth.

"Our plans for community hospitals and urgent care", in the shape a Citizen Space export has:
three free-text questions, each with six or seven planted themes (:file:`data/answers.yaml`),
three five-point agree/disagree questions, and the "About you" questions (age band, sex, ethnic
group, place, first half of postcode). Every answer is assembled from templates with many
wordings: one to three sentences of its primary theme, sometimes a sentence anyone might write
("I have lived in Wareham for 30 years"), in about 15% a sentence of a second theme, about 10%
are a few words only ("Keep the beds."), and some are blank (more for "anything else").

Respondents skew as real ones do: older, more women, White people over-represented, and (when
the districts are given least deprived first, as the demo does) fewer from deprived areas.
About 3% of answers carry personal data — names, email addresses (example.com/org/net), phone
numbers (Ofcom's drama ranges), NHS numbers (the 999 test range) and postcodes — counted in
``pii`` so redaction can be checked; names are drawn from the register generator's lists
(:mod:`engineroom.population.synth.names`), the lists the name rule also reads. No real person's
data is in any of it. Deterministic for a seed (``random.Random`` for the words, numpy for the
respondents).
"""

from __future__ import annotations

import csv
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import yaml

from engineroom.population.consult import generate_people as people
from engineroom.population.consult.redact import NOT_AFTER_GIVEN
from engineroom.population.nhs_number import checksum
from engineroom.population.synth.names import FAMILY, FEMALE, MALE

BANK = yaml.safe_load((Path(__file__).parent / "data" / "answers.yaml").read_text("utf-8"))
TITLE = "Our plans for community hospitals and urgent care"
AGREE = ("Strongly agree", "Agree", "Neither agree nor disagree", "Disagree", "Strongly disagree")
CLOSED = {  # key -> (text, the free-text themes of community_hospitals that lean against it)
    "fewer_sites": (
        "To what extent do you agree with bringing inpatient beds together in fewer, larger "
        "community hospitals?",
        {"beds": 1.4, "heritage": 1.5, "travel": 1.0, "miu": 0.6, "home_care": -0.8},
    ),
    "home_first": (
        "To what extent do you agree that more people should be cared for in their own homes?",
        {"home_care": -1.2, "beds": 0.7, "staffing": 0.5},
    ),
    "urgent_centres": (
        "To what extent do you agree with opening urgent treatment centres in the main towns?",
        {"travel": 0.6, "miu": 0.4},
    ),
}
BLANK = {"community_hospitals": 0.06, "urgent_care": 0.1, "anything_else": 0.32}
SHORT, SECOND, FILLER, PII = 0.1, 0.15, 0.35, 0.03
PII_KINDS = {"name": 0.4, "email": 0.15, "phone": 0.2, "nhs_number": 0.1, "postcode": 0.15}
_CHOICE = re.compile(r"\{([^{}]*)\}")


@dataclass
class Generated:
    questions: list[dict]
    rows: list[dict[str, str]]
    planted: dict[str, list[str]]
    themes: dict[str, dict[str, str]]
    pii: dict[str, int] = field(default_factory=dict)


def consultation(
    n: int = 18_500,
    *,
    seed: int = 17,
    places: Sequence[tuple[str, str]] = (),
    districts: Sequence[str] = (),
) -> Generated:
    """``n`` responses to the generated consultation (``places``: (code, name) pairs the
    respondents choose from; ``districts``: postcode districts, the first the most likely)."""
    places = tuple(places) or people.PLACES
    districts = tuple(districts) or people.DISTRICTS
    questions = _questions(places)
    about = people.respondents(n, np.random.default_rng(seed), places, districts)
    writer = _Writer(random.Random(seed), districts)
    free = {key: writer.answers(key, n) for key in BANK["questions"]}
    closed = _closed(np.random.default_rng(seed + 1), free["community_hospitals"][1])
    rows = []
    for i in range(n):
        row = {"Response ID": about["ids"][i], "Submitted": about["submitted"][i]}
        row |= {q["text"]: _cell(q, i, free, closed, about) for q in questions}
        rows.append(row)
    planted = {key: texts_planted[1] for key, texts_planted in free.items()}
    themes = {
        key: {k: t["label"] for k, t in q["themes"].items()} for key, q in BANK["questions"].items()
    }
    return Generated(questions, rows, planted, themes, dict(writer.pii))


def _questions(places) -> list[dict]:
    out = [
        {"key": key, "kind": "free_text", "text": q["text"], "options": [], "demographic": ""}
        for key, q in BANK["questions"].items()
    ]
    out[1:1] = [
        {"key": key, "kind": "closed", "text": text, "options": list(AGREE), "demographic": ""}
        for key, (text, _) in CLOSED.items()
    ]
    return out + people.demographic_questions(places)


def _cell(question: dict, i: int, free, closed, about) -> str:
    key = question["key"]
    if question["kind"] == "free_text":
        return free[key][0][i]
    if question["kind"] == "closed":
        return closed[key][i]
    return about[question["demographic"]][i]


def _closed(rng: np.random.Generator, planted: list[str]) -> dict[str, list[str]]:
    """Five-point answers leaning on what the respondent wrote about community hospitals (a
    person worried about beds disagrees with fewer sites); about 3% left blank."""
    out = {}
    for key, (_, lean) in CLOSED.items():
        shift = np.array([lean.get(theme, 0.0) for theme in planted])
        score = np.clip(np.rint(rng.normal(1.6 + shift, 1.1)), 0, 4).astype(int)
        blank = rng.random(len(planted)) < 0.03
        out[key] = ["" if b else AGREE[s] for s, b in zip(score, blank, strict=True)]
    return out


class _Writer:
    """The free text: templates filled, themes planted, personal data sprinkled and counted."""

    def __init__(self, rnd: random.Random, districts: Sequence[str]):
        self.rnd = rnd
        self.districts = districts
        self.pii: dict[str, int] = {}

    def answers(self, key: str, n: int) -> tuple[list[str], list[str]]:
        themes = BANK["questions"][key]["themes"]
        names = list(themes)
        weights = [1.0 / (1 + 0.35 * i) for i in range(len(names))]  # a few themes dominate
        texts, planted = [], []
        for _ in range(n):
            if self.rnd.random() < BLANK[key]:
                texts.append("")
                planted.append("")
                continue
            primary = self.rnd.choices(names, weights)[0]
            texts.append(self._answer(themes, primary))
            planted.append(primary)
        return texts, planted

    def _answer(self, themes: dict, primary: str) -> str:
        rnd = self.rnd
        if rnd.random() < SHORT:
            parts = [rnd.choice(themes[primary]["short"])]
        else:
            says = themes[primary]["says"]
            parts = [self.fill(s) for s in rnd.sample(says, rnd.choice((1, 2, 2, 2, 3, 3)))]
            if rnd.random() < SECOND:
                other = themes[rnd.choice([t for t in themes if t != primary])]
                parts.insert(rnd.randint(1, len(parts)), self.fill(rnd.choice(other["says"])))
            if rnd.random() < FILLER:
                filler = self.fill(rnd.choice(BANK["fillers"]))
                parts.insert(0 if rnd.random() < 0.6 else len(parts), filler)
        text = " ".join(parts)
        return self._personal(text) if rnd.random() < PII else text

    def fill(self, template: str) -> str:
        """A template with each choice made, innermost first."""
        while True:
            text = _CHOICE.sub(self._choose, template)
            if text == template:
                return text
            template = text

    def _choose(self, match: re.Match) -> str:
        inner = match.group(1)
        if "|" in inner:
            return self.rnd.choice(inner.split("|"))
        value = self.rnd.choice(BANK["slots"][inner.lower()])
        return value[0].upper() + value[1:] if inner[0].isupper() else value

    def _personal(self, text: str) -> str:
        kind = self.rnd.choices(list(PII_KINDS), list(PII_KINDS.values()))[0]
        self.pii[kind] = self.pii.get(kind, 0) + 1
        return _PLANT[kind](self.rnd, text, self.districts)


# Surnames that are also the names of places ("Ward") are left out: the name rule keeps a given
# name before them ("Grace Ward"), a limit it owns to (see ``redact``).
SURNAMES = tuple(name for name in FAMILY if name not in NOT_AFTER_GIVEN)


def _person(rnd: random.Random) -> tuple[str, str]:
    return rnd.choice(FEMALE + MALE), rnd.choice(SURNAMES)


def _name(rnd: random.Random, text: str, _districts) -> str:
    given, family = _person(rnd)
    return rnd.choice(
        (
            f"My name is {given} {family}. {text}",
            f"{text} Dr {family} at my surgery has been very good to us.",
            f"{text} {given} {family} on the ward was wonderful.",
            f"I'm {given} and I have lived here all my life. {text}",
            f"{text}\nThanks, {given}",
            f"{text}\n\nKind regards,\n{given} {family}",
        )
    )


def _email(rnd: random.Random, text: str, _districts) -> str:
    given, family = _person(rnd)
    domain = rnd.choice(("example.com", "example.org", "example.net"))
    address = f"{given.lower()}.{family.lower()}{rnd.randint(1, 99)}@{domain}"
    return rnd.choice((f"{text} Please email me at {address}.", f"{text} Contact: {address}"))


def _phone(rnd: random.Random, text: str, _districts) -> str:
    tail = rnd.randint(0, 999)
    number = rnd.choice(
        (
            f"07700 900{tail:03d}",
            f"07700900{tail:03d}",
            f"(01632) 960{tail:03d}",
            f"020 7946 0{tail:03d}",
            f"+44 7700 900{tail:03d}",
            f"0117-496-0{tail:03d}",
        )
    )
    return rnd.choice((f"{text} Ring me on {number}.", f"{text} My number is {number} if useful."))


def _nhs(rnd: random.Random, text: str, _districts) -> str:
    while (check := checksum(stem := f"999{rnd.randint(0, 999_999):06d}")) == 10:
        pass
    digits = f"{stem}{check}"
    shown = rnd.choice((digits, f"{digits[:3]} {digits[3:6]} {digits[6:]}"))
    return f"{text} My NHS number is {shown} if you want to check my records."


def _postcode(rnd: random.Random, text: str, districts) -> str:
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    code = f"{rnd.choice(districts)} {rnd.randint(1, 9)}{rnd.choice(letters)}"
    code += rnd.choice(letters)
    if rnd.random() < 0.2 and not re.search(r"(?:1ST|2ND|3RD|[04-9]TH)$", code):
        code = code.lower()
    return rnd.choice((f"{text} I live at {code}.", f"My postcode is {code}. {text}"))


_PLANT = {
    "name": _name,
    "email": _email,
    "phone": _phone,
    "nhs_number": _nhs,
    "postcode": _postcode,
}


def write_csv(generated: Generated, path: Path, *, style: str = "citizen_space") -> Path:
    """The responses as the tool named by ``style`` exports them (UTF-8 with a BOM, as both do)."""
    header, rows = people.styled(generated, style)
    with Path(path).open("w", newline="", encoding="utf-8-sig") as handle:
        out = csv.writer(handle)
        out.writerow(header)
        out.writerows(rows)
    return Path(path)


def write_xlsx(generated: Generated, path: Path, *, style: str = "citizen_space") -> Path:
    """The responses as an XLSX workbook of one sheet (openpyxl's write-only mode: fast)."""
    from openpyxl import Workbook

    header, rows = people.styled(generated, style)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Responses")
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return Path(path)
