"""Reading an exported file of responses (Citizen Space, SmartSurvey or any CSV/XLSX): the guess
of what each column is, and every row either accepted or quarantined with its problems named by
row and column (rows in = accepted + quarantined; the header is row 1, an empty row is no
response and is passed over).

A column maps to one *target*: ``response_id``, ``submitted``, ``ignore``, ``question:<key>``
(a question of the consultation: closed, free text or about you), ``demographic:<field>`` (an
about-you field the consultation has no question for yet: the standard question is added) or
``new:closed`` / ``new:free_text`` (a question made from the column, its header as the text).
Problems never repeat what a free-text cell says, and what they quote of a short answer has had
personal data taken out first (``population.consult.redact``).

Columns of personal data (a name, an email address, a phone number, a home address, a full
postcode, contact details: ``PERSONAL_HEADERS``) are guessed ``ignore`` and the mapping page says
why. If the analyst maps one as free text all the same, its cells are redacted as every answer
is, and a column whose header says it is a name (``NAME_HEADER``) has each whole cell taken as
one name, since a name alone in a cell ("Li Wei") has nothing around it for a rule to find.
A response ID holding personal data (an email address used as the ID) is not stored: the row is
a problem. "Submitted" may be blank (the import's time is used), a date written out ("31/03/2025",
"31-Mar-2025") or an Excel serial day number ("45382").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.utils import timezone

from engineroom.engagement import rules
from engineroom.population.consult.redact import redact
from engineroom.web.uploads import MB, Limits

CONSULTATION = Limits(max_bytes=40 * MB, max_rows=50_000)
RESPONSE_ID, SUBMITTED, IGNORE = "response_id", "submitted", "ignore"
NEW_CLOSED, NEW_FREE_TEXT = "new:closed", "new:free_text"
QUESTION, DEMOGRAPHIC = "question:", "demographic:"
MAX_TEXT = 20_000  # characters of one free-text answer
MAX_OPTIONS = 20  # a column with more different answers is free text, not a closed question
SAMPLE = 2_000  # rows looked at to guess whether a column is a closed question
SCALE = (
    "Strongly agree",
    "Agree",
    "Tend to agree",
    "Neither agree nor disagree",
    "Tend to disagree",
    "Disagree",
    "Strongly disagree",
    "Don't know",
)
_ID = re.compile(r"^(response|respondent|submission|unique)?\s*(id|number|no|reference|ref)$")
_SUBMITTED = re.compile(r"^(date\s*)?(submitted|ended|completed|end date|response date|timestamp)")
_SUBMITTED_ALSO = re.compile(r"^(submission|completion) date")
_NUMBERED = re.compile(r"^\s*Q\s?\d+[a-z]?\s*[.:)-]?\s+", re.IGNORECASE)
_METADATA = re.compile(
    r"^(started|start date|ip address|status|collector|user ?agent|link|channel|"
    r"url|page|duration|time taken|language|email invitation|custom variable)"
)
_NAMES = r"(your |full |first |last |given |family |respondent |contact )?(name|surname|forename)s?"
NAME_HEADER = re.compile(rf"^{_NAMES}$")
PERSONAL_HEADERS = re.compile(
    rf"^{_NAMES}$|^(your )?(e ?mail|e ?mail address)$|^(your )?((tele)?phone|mobile)"
    r"( number| no)?$|^(your )?(home |postal |full )?address$|^(full postcode|postcode full)$"
    r"|^(your )?contact (details|email|number|phone)$|^organisation contact"
)
DEMOGRAPHIC_HEADERS = (  # the first pattern a header matches names the about-you field
    ("postcode_district", re.compile(r"post\s?code")),
    ("age_band", re.compile(r"\bage\b|age group|age band")),
    ("sex", re.compile(r"\b(sex|gender)\b")),
    ("ethnicity", re.compile(r"ethnic")),
    ("quintile", re.compile(r"deprivation|\bimd\b|quintile")),
    ("place", re.compile(r"where do you live|which (area|place|town)|^place$|^area$|locality")),
)
_DATE_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%d %B %Y",
    "%d %b %Y",
    "%d-%b-%Y %H:%M:%S",
    "%d-%b-%Y %H:%M",
    "%d-%b-%Y",
    "%d-%B-%Y",
)
_SERIAL = re.compile(r"^\d{5}(\.\d+)?$")  # an Excel date as its day number (36526 is 1 Jan 2000)
EXCEL_EPOCH = dt.datetime(1899, 12, 30)


class Refused(ValueError):
    """The file as a whole cannot be read (no header, or nothing in it)."""


@dataclass(frozen=True)
class Column:
    """One mapped column, resolved to what it fills."""

    index: int
    name: str
    target: str  # response_id, submitted, closed, free_text, demographic
    key: str = ""  # the question's key
    options: tuple[str, ...] = ()
    demographic: str = ""
    whole_name: bool = False  # a free-text column of names: each cell redacted as one name


@dataclass
class Parsed:
    row: int
    external_id: str = ""
    submitted_at: dt.datetime | None = None
    about: dict = field(default_factory=dict)  # demographic field -> category (place -> id)
    closed: dict = field(default_factory=dict)  # question key -> option
    free: dict = field(default_factory=dict)  # question key -> text as written (redacted later)


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def header_names(header: list) -> list[str]:
    """The header's names, made unique (a repeat gets " (2)"), an empty one "Column N"."""
    names: list[str] = []
    for n, raw in enumerate(header, start=1):
        name = rules.plain(cell(raw))[:200] or f"Column {n}"
        base, k = name, 1
        while name in names:
            k += 1
            name = f"{base} ({k})"
        names.append(name)
    return names


def table(rows: list[list]) -> tuple[list[str], list[list]]:
    """The header's names and the data rows; refused when there is no header or no row."""
    if not rows or not any(cell(c) for c in rows[0]):
        raise Refused("the first row must be the header, naming every column")
    if len(rows) < 2:
        raise Refused("there are no responses under the header")
    return header_names(rows[0]), rows[1:]


# --- The guess --------------------------------------------------------------------------------


def _words(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", question_text(text).lower()).strip()


def question_text(header: str) -> str:
    """A header as a question's text: SmartSurvey's numbering ("Q3. ") taken off."""
    return _NUMBERED.sub("", header).strip()


def guess(names: list[str], rows: list[list], questions: list[dict]) -> dict[str, str]:
    """What each column most likely is, for the analyst to confirm or change. ``questions`` are
    the consultation's ({key, text, kind, demographic})."""
    by_text = {_words(q["text"]): q["key"] for q in questions}
    by_text |= {_words(q["key"]): q["key"] for q in questions}
    by_demographic = {q["demographic"]: q["key"] for q in questions if q["demographic"]}
    mapping, used = {}, set()
    for index, name in enumerate(names):
        target = _guess_one(name, index, rows, by_text, by_demographic)
        if target in used and target not in (IGNORE, NEW_CLOSED, NEW_FREE_TEXT):
            target = IGNORE  # a second column for the same thing is left for the analyst
        used.add(target)
        mapping[name] = target
    return mapping


def personal(name: str) -> bool:
    """Whether a column's header says it holds personal data (see the module docstring)."""
    return bool(PERSONAL_HEADERS.match(_words(name)))


def names_a_person(name: str) -> bool:
    """Whether a column's header says each cell is someone's name."""
    return bool(NAME_HEADER.match(_words(name)))


def _guess_one(name, index, rows, by_text, by_demographic) -> str:
    words = _words(name)
    if personal(name):
        return IGNORE
    if words in by_text:
        return QUESTION + by_text[words]
    if _ID.match(words):
        return RESPONSE_ID
    if _SUBMITTED.match(words) or _SUBMITTED_ALSO.match(words):
        return SUBMITTED
    if _METADATA.match(words) or name.startswith("Column "):
        return IGNORE
    for demographic, pattern in DEMOGRAPHIC_HEADERS:
        if pattern.search(words):
            known = by_demographic.get(demographic)
            return QUESTION + known if known else DEMOGRAPHIC + demographic
    given = [rules.plain(cell(r[index])) for r in rows[:SAMPLE] if index < len(r)]
    given = [v for v in given if v]
    values = set(given)
    if not values:
        return IGNORE
    short = sum(len(v) for v in values) / len(values) < 40
    repeated = len(given) >= 3 * len(values)  # a closed question's few answers recur
    return NEW_CLOSED if 2 <= len(values) <= 10 and short and repeated else NEW_FREE_TEXT


def options_from(values: list[str]) -> list[str]:
    """A new closed question's options: the answers given, an agree-disagree scale in its order."""
    found = list(dict.fromkeys(rules.plain(v) for v in values if rules.plain(v)))
    if len(found) > MAX_OPTIONS:
        raise ValueError(f"has {len(found)} different answers: map it as free text instead")
    if any(redact(v).text != v for v in found):  # options are shown as written: no one's details
        raise ValueError("some answers hold personal data: map it as free text instead")
    order = {s.lower(): i for i, s in enumerate(SCALE)}
    if all(v.lower() in order for v in found):
        return sorted(found, key=lambda v: order[v.lower()])
    return found


def check_mapping(mapping: dict[str, str], names: list[str], known: set[str]) -> list[str]:
    """What is wrong with a mapping (``known``: the consultation's question keys)."""
    problems = [f"{n}: say what this column is" for n in names if not mapping.get(n)]
    seen: dict[str, str] = {}
    for name in names:
        target = mapping.get(name, "")
        if target.startswith(QUESTION) and target[len(QUESTION) :] not in known:
            problems.append(f"{name}: there is no question {target[len(QUESTION) :]!r}")
        if target in (IGNORE, NEW_CLOSED, NEW_FREE_TEXT, ""):
            continue
        if target in seen:
            problems.append(f"{name}: {seen[target]} is already mapped to the same thing")
        seen[target] = name
    return problems


# --- Rows -------------------------------------------------------------------------------------


def parse(rows: list[list], columns: list[Column], places: dict[str, int], seen: set[str]):
    """Every non-empty data row accepted (``Parsed``) or quarantined with all its problems
    ({row, column, message}); ``seen`` holds response IDs imported before (a repeat is a
    problem). Returns (accepted, problems, quarantined rows)."""
    accepted, problems, quarantined, first = [], [], 0, {}
    for number, raw in enumerate(rows, start=2):
        if not any(cell(c) for c in raw):
            continue
        parsed, found = parse_row(number, raw, columns, places)
        found += _repeat(parsed, seen, first, columns)
        if found:
            problems += found
            quarantined += 1
        else:
            accepted.append(parsed)
    return accepted, problems, quarantined


def _repeat(parsed: Parsed, seen: set[str], first: dict, columns: list[Column]) -> list[dict]:
    if not parsed.external_id:
        return []
    name = next(c.name for c in columns if c.target == RESPONSE_ID)
    if parsed.external_id in seen:
        message = "this response ID was imported before"
    elif parsed.external_id in first:
        message = f"this response ID repeats row {first[parsed.external_id]}"
    else:
        first[parsed.external_id] = parsed.row
        return []
    return [{"row": parsed.row, "column": name, "message": message}]


def parse_row(number: int, raw: list, columns: list[Column], places: dict[str, int]):
    parsed, problems = Parsed(number), []
    for column in columns:
        value = raw[column.index] if column.index < len(raw) else None
        try:
            _fill(parsed, column, value, places)
        except ValueError as error:  # quoted only once personal data is out of it
            message = redact(str(error)).text
            problems.append({"row": number, "column": column.name, "message": message})
    return parsed, problems


def _fill(parsed: Parsed, column: Column, value, places: dict[str, int]) -> None:
    text = cell(value)
    if column.target == RESPONSE_ID:
        if len(text) > 80:
            raise ValueError("a response ID is at most 80 characters")
        taken = redact(text).counts
        if taken:  # not stored, nor quoted: the row waits for the column to be mapped otherwise
            kinds = ", ".join(k.replace("_", " ") for k in taken)
            raise ValueError(f"the response ID holds personal data ({kinds}): map it as ignore")
        parsed.external_id = text
    elif column.target == SUBMITTED:
        parsed.submitted_at = submitted(value) if text else None
    elif column.target == "free_text":
        if len(text) > MAX_TEXT:
            raise ValueError(f"the answer is longer than {MAX_TEXT:,} characters")
        if text:
            parsed.free[column.key] = text
    elif column.target == "closed":
        chosen = rules.option(text, list(column.options))
        if chosen:
            parsed.closed[column.key] = chosen
    else:
        parsed.about[column.demographic] = about(column.demographic, text, places)


def about(demographic: str, text: str, places: dict[str, int]):
    """An about-you answer as the register's category ('' or None when not stated)."""
    if demographic == "place":
        return rules.place(text, places)
    return getattr(rules, demographic)(text)


def submitted(value) -> dt.datetime:
    """When the response was sent: a spreadsheet's date cell or a date written out."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        found = _serial(value)
    elif isinstance(value, dt.datetime):
        found = value
    elif isinstance(value, dt.date):
        found = dt.datetime.combine(value, dt.time())
    else:
        found = _read_date(cell(value))
    if timezone.is_naive(found):
        found = timezone.make_aware(found)
    if not dt.datetime(2000, 1, 1, tzinfo=dt.UTC) <= found <= timezone.now() + dt.timedelta(days=1):
        raise ValueError("the date is not between 2000 and today")
    return found


def _read_date(text: str) -> dt.datetime:
    text = text.strip()
    if _SERIAL.match(text):
        return _serial(float(text))
    if text:
        try:
            return dt.datetime.fromisoformat(text)
        except ValueError:
            pass
    for form in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, form)
        except ValueError:
            continue
    raise ValueError(f"{text[:30]!r} is not a date like 2025-03-31 14:05 or 31/03/2025")


def _serial(days: float) -> dt.datetime:
    """An Excel serial date (days since 30 December 1899, the fraction the time of day)."""
    if not 1 <= days < 2_958_466:  # Excel's last day is 31 December 9999
        raise ValueError(f"{days:g} is not a date")
    return EXCEL_EPOCH + dt.timedelta(days=days)
