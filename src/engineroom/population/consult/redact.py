"""Personal data out of free text before anyone analyses it.

Consultation answers are written by the public and some of them say who they are: a name, an
email address or phone number to be contacted on, an NHS number, a home postcode. None of that
is needed to understand what people told us, so every free-text answer is redacted before it is
stored and the kinds taken out are counted (shown to the analyst, never the values).

One precompiled pattern per kind, applied in this order (an earlier kind's digits are gone
before a later kind looks):

1. **email** — ``local@domain.tld``.
2. **NHS number** — 10 digits, together or 3-3-4 with spaces or hyphens, that pass Modulus 11 and
   sit in an issued range (:func:`engineroom.population.nhs_number.valid_one`: the project's one
   rule). A 10-digit number that fails the check is *not* counted as an NHS number: it stays for
   the phone rule, which takes it when it looks like a UK phone number (01/02/03/07), and is
   otherwise left as written. Why: a count of NHS numbers must mean NHS numbers (the Modulus 11
   rule applies to every input), a number that fails it cannot be traced to a person on its
   own, and reference numbers in complaints are ordinary prose.
3. **phone** — UK numbers: ``0``, ``+44`` or ``0044`` (optionally with ``(0)``) then 9 or 10 more
   digits in
   any grouping of spaces, hyphens and brackets, the number starting 01, 02, 03 or 07 (personal
   and geographic numbers; 0800 and 0845 helplines are organisations, and 111 and 999 are
   services, so they stay).
4. **postcode** — a full UK postcode, any case, with or without the space (``BH1 1AA``,
   ``bh11aa``); one ending in a lowercase ordinal ("Ward B2 3rd floor") is not one.
5. **name** — a title (Mr, Mrs, Ms, Miss, Dr, Nurse, Sister) and the capitalised word(s) after
   it; "my name is X Y", "I am X", "I'm X"; a given name from the register generator's lists
   (:mod:`engineroom.population.synth.names`) followed by a capitalised word; a sign-off at the
   end ("Thanks, Sarah", "Kind regards, John Smith"). Capitalised words that are not names
   ("Nurse Practitioner", "Victoria Hospital", "I am British") are kept by a stop list. A name
   standing alone ("Sarah was lovely") is not found: that needs a model, and a lone given name
   says little about who wrote it. The title stays ("Dr [name]") so the sentence still reads.

Replacement words are :data:`categories.REDACTION_KINDS`. ``redact`` is idempotent: it repeats
until nothing changes (a second pass only where the first found something), and the replacement
words contain no digits, no ``@`` and no capitalised word a rule could take.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from engineroom.population.consult.categories import REDACTION_KINDS
from engineroom.population.nhs_number import valid_one
from engineroom.population.synth.names import FEMALE, MALE


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


ORDER = ("email", "nhs_number", "phone", "postcode", "name")
TITLES = ("Mr", "Mrs", "Ms", "Miss", "Dr", "Nurse", "Sister")
# Capitalised words that follow a title without being a name ("Nurse Practitioner", "Dr The").
NOT_AFTER_TITLE = _words(
    "A An And The I It In On At Of Or But So To We You They He She My Our Your This That Not "
    "Very Really Just Still Also Practitioner Practitioners Associate Associates Specialist "
    "Specialists Consultant Consultants Team Teams Led Lead Manager Staff NHS GP GPs Monday "
    "Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June "
    "July August September October November December Christmas Easter Covid"
)
# ... and after a given name, the places named after people ("Victoria Hospital", "Grace
# Ward"): "Sarah Ward" is kept too, the price of not taking every ward's name.
NOT_AFTER_GIVEN = NOT_AFTER_TITLE | _words(
    "Unit Units Ward Wards Hospital Hospitals Road Street Lane Avenue Centre Center House "
    "Surgery Practice Medical Health Healthcare Clinic Court Close Way Park Trust Care Council "
    "County Community Service Services Department Day Hospice Home Lodge"
)
# ... and after "I am", words that describe rather than name ("I am British", "I'm Retired").
NOT_AFTER_I_AM = NOT_AFTER_GIVEN | _words(
    "British English Welsh Scottish Irish Polish Asian Black White Mixed Other Christian Muslim "
    "Jewish Hindu Sikh Buddhist Disabled Deaf Blind Retired Unemployed Employed Married Single "
    "Sure Happy Sorry Glad Grateful Concerned Worried Writing Disappointed Angry Shocked"
)
_CAP = r"[A-Z](?:'[A-Z])?[a-z]+(?:[A-Z][a-z]+)?(?:-[A-Z][a-z]+)?"  # O'Brien, McKay, Lloyd-Jones
_TWO = rf"{_CAP}(?:[ \t]+{_CAP})?"
_PATTERNS = {
    "email": re.compile(r"[\w.+%-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"),
    "nhs_number": re.compile(r"(?<!\d)(?:\d{10}|\d{3}([ -])\d{3}\1\d{4})(?!\d)"),
    "phone": re.compile(
        r"(?<![\d+])(?:(?:\+|00[ \t-]?)44[ \t-]?(?:\(0\)[ \t-]?)?|\(?0)"
        r"(?:[ \t\-()]{0,2}\d){9,10}(?!\d)"
    ),
    "postcode": re.compile(
        r"\b[A-Z]{1,2}[0-9][A-Z0-9]?[ \t]?[0-9][ABD-HJLNP-UW-Z]{2}\b", re.IGNORECASE
    ),
}
_TITLED = re.compile(rf"\b((?:{'|'.join(TITLES)})\.?[ \t]+)({_TWO})")
_NAMED = re.compile(rf"(\b[Mm]y name(?: is|'s|’s)[ \t]+)({_TWO})")
_LOWER = r"[a-z][a-z'’-]*"
_NAMED_LOWER = re.compile(rf"(\b[Mm]y name(?: is|'s|’s)[ \t]+)({_LOWER}(?:[ \t]+{_LOWER})?)\b")
# ... and after a lower-case "my name is", the words that end a name rather than start one.
NOT_LOWER_NAME = frozenset(w.lower() for w in NOT_AFTER_I_AM) | _words(
    "is was not no on with for from by as if because when but and or so then here there see "
    "below above withheld private confidential unknown irrelevant"
)
_I_AM = re.compile(rf"(\b(?:I am|I'm|I’m)[ \t]+)({_TWO})")
_GIVEN = re.compile(rf"\b((?:{'|'.join(sorted({*FEMALE, *MALE}))}))([ \t]+)({_CAP})\b")
_SIGN_OFF = re.compile(
    r"((?:^|[.!?\n]\s*)(?:[Tt]hanks|[Tt]hank you|[Mm]any thanks|[Rr]egards|[Kk]ind regards|"
    r"[Bb]est wishes|[Bb]est regards|[Yy]ours sincerely|[Yy]ours faithfully|[Cc]heers)"
    rf"[,.!]?\s+(?:-\s*)?)({_TWO})(\s*[.!]?\s*)$"
)
_ORDINAL = re.compile(r"(?:1st|2nd|3rd|[04-9]th)$")


@dataclass(frozen=True)
class Redacted:
    text: str
    counts: dict[str, int] = field(default_factory=dict)  # kind -> how many taken out


def redact(text: str, *, whole_name: bool = False) -> Redacted:
    """The text with every email address, NHS number, phone number, postcode and name replaced
    by its kind's words, and how many of each were taken out (kinds with none are left out);
    ``whole_name``: what is left is a name as a whole (see the module's docstring)."""
    counts: dict[str, int] = {}
    if not text:
        return Redacted(text or "", counts)
    if whole_name:
        return _whole_name(text, counts)
    while True:  # again until nothing changes: taking a name out can expose a glued-on
        before = text  # postcode ("Dr SmithBH1 1AA"), so the result is a fixed point
        for kind in ORDER[:-1]:
            text = _sub_kind(kind, text, counts)
        text = _names(text, counts)
        if text == before:
            return Redacted(text, counts)


def _whole_name(text: str, counts: dict[str, int]) -> Redacted:
    for kind in ORDER[:-1]:
        text = _sub_kind(kind, text, counts)
    word = REDACTION_KINDS["name"]
    rest = text
    for replacement in REDACTION_KINDS.values():
        rest = rest.replace(replacement, " ")
    if not re.search(r"\w", rest):  # nothing but what was taken out already: a fixed point
        return Redacted(text, counts)
    counts["name"] = counts.get("name", 0) + 1
    return Redacted(word, counts)


def _sub_kind(kind: str, text: str, counts: dict[str, int]) -> str:
    keep = _KEEP[kind]
    words = REDACTION_KINDS[kind]
    taken = 0

    def replace(match: re.Match) -> str:
        nonlocal taken
        if not keep(match.group(0)):
            return match.group(0)
        taken += 1
        return words

    text = _PATTERNS[kind].sub(replace, text)
    if taken:
        counts[kind] = counts.get(kind, 0) + taken
    return text


def _is_nhs(found: str) -> bool:
    return valid_one(found)


def _is_phone(found: str) -> bool:
    digits = re.sub(r"\D", "", found)
    national = digits
    if found.startswith(("+44", "00")):  # "+44 (0)7..." writes the 0 of the number as well
        rest = digits[2:] if found.startswith("+") else digits[4:]
        national = rest if rest.startswith("0") else "0" + rest
    return len(national) in (10, 11) and national[1] in "1237"


def _is_postcode(found: str) -> bool:
    return not _ORDINAL.search(found)  # "Ward B2 3rd floor": an ordinal is written lowercase


_KEEP = {"email": lambda found: True, "nhs_number": _is_nhs, "phone": _is_phone}
_KEEP["postcode"] = _is_postcode


def _names(text: str, counts: dict[str, int]) -> str:
    """The name rules in turn: a title or an introduction (kept) before the name; a given name
    and a surname (both taken); a sign-off's name at the very end."""
    taken = [0]
    word = REDACTION_KINDS["name"]

    def leading(match: re.Match) -> str:
        stop = NOT_AFTER_I_AM if match.re is _I_AM else NOT_AFTER_TITLE
        name = _trim(match.group(2), stop)
        if not name:
            return match.group(0)
        taken[0] += 1
        return match.group(1) + word + match.group(2)[len(name) :]

    def lower(match: re.Match) -> str:
        name = _trim(match.group(2), NOT_LOWER_NAME, fold=True)
        if not name:
            return match.group(0)
        taken[0] += 1
        return match.group(1) + word + match.group(2)[len(name) :]

    def given(match: re.Match) -> str:
        if match.group(3) in NOT_AFTER_GIVEN:
            return match.group(0)
        taken[0] += 1
        return word

    def signed(match: re.Match) -> str:
        if _trim(match.group(2), NOT_AFTER_TITLE) != match.group(2):
            return match.group(0)
        taken[0] += 1
        return match.group(1) + word + match.group(3)

    text = _TITLED.sub(leading, text)
    text = _NAMED.sub(leading, text)
    text = _NAMED_LOWER.sub(lower, text)
    text = _I_AM.sub(leading, text)
    text = _GIVEN.sub(given, text)
    text = _SIGN_OFF.sub(signed, text)
    if taken[0]:
        counts["name"] = counts.get("name", 0) + taken[0]
    return text


def _trim(name: str, stop: frozenset[str], *, fold: bool = False) -> str:
    """The leading words of ``name`` up to the first one that is not a name ("" if none);
    ``fold``: ``stop`` is lower case and so is each word compared with it."""
    kept = []
    for part in name.split():
        if (part.lower() if fold else part) in stop:
            break
        kept.append(part)
    return " ".join(kept)
