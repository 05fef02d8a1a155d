"""What the record pages show, in words: the person's banner, the summary, the timeline with each
entry's source, why the viewer may see it, what is withheld, who looked, and break-glass uses.

Everything formatted goes through ``web.formatting``; templates hold no rules.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from engineroom.record import rules
from engineroom.record.forms import SETTINGS
from engineroom.web import formatting

PAGE_ENTRIES = 100  # timeline entries a page shows; the next page has the rest
SEXES = {"F": "Female", "M": "Male"}
KINDS = {
    "encounter": "Contact",
    "condition": "Problem or diagnosis",
    "observation": "Observation",
    "medication": "Medication",
    "allergy": "Allergy",
    "immunisation": "Immunisation",
    "alert": "Alert",
}
WITHHELD_WHY = "because the person has objected to sharing their record"


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def age(born: dt.date | None, on: dt.date) -> int | None:
    if born is None:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def banner(person, names: dict[str, str], on: dt.date | None = None) -> dict:
    """The patient banner: name, NHS number, date of birth and age, sex, practice, area."""
    on = person.date_of_death or on or timezone.localdate()
    practice = person.registered_practice
    return {
        "name": formatting.person_name(person.family_name, person.given_name),
        "nhs_number": person.nhs_number,
        "nhs_display": formatting.nhs_number(person.nhs_number),
        "born": formatting.date_short(person.birth_date),
        "age": age(person.birth_date, on),
        "sex": SEXES.get(person.sex, "Not known"),
        "practice": f"{names.get(practice, practice)} ({practice})" if practice else "None",
        "postcode_district": person.postcode_district or "",
        "died": formatting.date_short(person.date_of_death) if person.date_of_death else "",
    }


def source(code: str | None, names: dict[str, str]) -> str:
    """``Vale Downs Hospital (RXX)``: the recording organisation by name beside its code."""
    if not code:
        return "Source not recorded"
    return f"{names[code]} ({code})" if code in names else code


def _what(entry: dict) -> str:
    what = entry.get("display") or entry.get("code") or "Not described"
    if entry.get("value") is not None:
        value = formatting.number(entry["value"], 1 if entry["value"] % 1 else 0)
        what += f": {value} {entry.get('unit') or ''}".rstrip()
    if entry.get("quantity") not in (None, ""):
        what += f" (quantity {entry['quantity']})"
    return what


def entry(found: dict, names: dict[str, str]) -> dict:
    """One entry of the record in words."""
    end = _date(found.get("end"))
    status = found.get("status")
    return {
        "id": found.get("id", ""),
        "date": formatting.date_short(_date(found.get("date"))),
        "end": formatting.date_short(end) if end else "",
        "kind": KINDS.get(found.get("kind"), found.get("kind") or ""),
        "setting": SETTINGS.get(found.get("setting"), found.get("setting") or ""),
        "what": _what(found),
        "detail": found.get("detail") or "",
        "ongoing": status == "in-progress",
        "source": source(found.get("source"), names),
    }


def summary(parts: dict[str, list[dict]], names: dict[str, str]) -> list[dict]:
    """The summary's four lists, in words, each with its heading and an empty message."""
    headings = {
        "problems": ("Problems", "No active problems recorded"),
        "medications": ("Current medications", "No medications issued in the last year"),
        "allergies": ("Allergies", "No allergies recorded"),
        "alerts": ("Alerts", "No alerts"),
    }
    return [
        {
            "key": key,
            "heading": heading,
            "empty": empty,
            "entries": [entry(e, names) for e in parts.get(key, [])],
        }
        for key, (heading, empty) in headings.items()
    ]


@dataclass(frozen=True)
class Timeline:
    rows: list[dict]
    total: int  # entries matching the filters
    page: int
    pages: int

    @property
    def previous(self) -> int | None:
        return self.page - 1 if self.page > 1 else None

    @property
    def next(self) -> int | None:
        return self.page + 1 if self.page < self.pages else None


def filtered(entries: list[dict], filters: dict) -> list[dict]:
    """Entries in a setting and a date range (an entry counts by its start date)."""
    setting, start, end = filters.get("setting"), filters.get("start"), filters.get("end")
    return [
        e
        for e in entries
        if (not setting or e.get("setting") == setting)
        and (not start or (e.get("date") or "") >= start.isoformat())
        and (not end or (e.get("date") or "") <= end.isoformat())
    ]


def page_number(text: str | None) -> int:
    """The page asked for (1 for anything that is not a small positive whole number)."""
    return (
        int(text)
        if text and text.isascii() and text.isdigit() and len(text) < 7 and int(text) > 0
        else 1
    )


def timeline(
    entries: list[dict],
    filters: dict,
    names: dict[str, str],
    *,
    page: int = 1,
    per_page=PAGE_ENTRIES,
) -> Timeline:
    """One page of the filtered timeline, newest first (as the store keeps it)."""
    found = filtered(entries, filters)
    pages = max(1, -(-len(found) // per_page)) if per_page else 1
    page = min(page, pages)
    shown = found[(page - 1) * per_page : page * per_page] if per_page else found
    return Timeline([entry(e, names) for e in shown], len(found), page, pages)


def filter_words(filters: dict) -> str:
    """``A&E, from 1 Jan 2024 to 31 Mar 2024``: the timeline's filters, for a printed page."""
    said = [SETTINGS.get(filters["setting"], "")] if filters.get("setting") else []
    if filters.get("start"):
        said.append(f"from {formatting.date_short(filters['start'])}")
    if filters.get("end"):
        said.append(f"to {formatting.date_short(filters['end'])}")
    return ", ".join(said)


def _entries(count: int) -> str:
    return f"{count} {'entry' if count == 1 else 'entries'}"


def withheld(counts: dict[str, int]) -> list[str]:
    """What is withheld from this viewer, and why, in sentences."""
    said = []
    if counts.get("objection"):
        n = counts["objection"]
        verb = "is" if n == 1 else "are"
        said.append(f"{_entries(n)} from other organisations {verb} withheld {WITHHELD_WHY}.")
    for key, n in sorted(counts.items()):
        if key.startswith("sensitive:"):
            about = rules.SENSITIVE.get(key.partition(":")[2], "a sensitive category")
            verb = "is" if n == 1 else "are"
            said.append(
                f"{_entries(n)} about {about} {verb} withheld: only the organisation that "
                "recorded them can see them."
            )
    return said


def basis(found: rules.Basis) -> dict:
    """Why the viewer may see the record, and through which organisation."""
    org = found.organisation
    return {
        "words": found.words,
        "organisation": f"{org.name} ({org.ods_code})" if org is not None else "",
        "break_glass": found.break_glass is not None,
        "expires": formatting.date_time(found.break_glass.expires_at) if found.break_glass else "",
    }


def view_rows(views: list[dict]) -> list[dict]:
    """Who looked at a person's record, for the person: words, not codes."""
    return [
        {
            "at": formatting.date_time(v["at"]),
            "who": v["who"] or "Someone without a name on their account",
            "organisation": v["organisation"] or ("You" if v.get("own") else "Not recorded"),
            "role": v["role"] or ("The person" if v.get("own") else ""),
            "purpose": v["purpose"],
            "activity": v["activity"],
            "channel": "a connected system (FHIR API)" if v["channel"] == "fhir" else "the website",
            "break_glass": v["break_glass"],
            "refused": v["refused"],
        }
        for v in views
    ]


def break_glass_rows(found, now: dt.datetime | None = None) -> list[dict]:
    """Break-glass uses for the Caldicott Guardian: who, whom, when, why, and the review."""
    now = now or timezone.now()
    return [
        {
            "id": b.pk,
            "who": b.user.get_full_name() or b.user.username,
            "organisation": f"{b.organisation.name} ({b.organisation.ods_code})",
            "nhs_display": formatting.nhs_number(b.nhs_number),
            "at": formatting.date_time(b.started_at),
            "until": formatting.date_time(b.expires_at),
            "active": b.expires_at > now,
            "reason": b.get_reason_display(),
            "explanation": b.explanation,
            "reviewed": b.reviewed_at is not None,
            "outcome": b.get_outcome_display() if b.outcome else "",
            "reviewed_by": (b.reviewed_by.get_full_name() or b.reviewed_by.username)
            if b.reviewed_by
            else "",
            "reviewed_at": formatting.date_time(b.reviewed_at) if b.reviewed_at else "",
            "note": b.review_note,
        }
        for b in found
    ]


def found_rows(people, names: dict[str, str]) -> list[dict]:
    """Search results: the name beside the NHS number, date of birth and practice."""
    return [
        {
            "nhs_number": p.nhs_number,
            "nhs_display": formatting.nhs_number(p.nhs_number),
            "name": formatting.person_name(p.family_name, p.given_name),
            "born": formatting.date_short(p.birth_date),
            "sex": SEXES.get(p.sex, "Not known"),
            "practice": source(p.registered_practice, names),
            "postcode_district": p.postcode_district,
        }
        for p in people
    ]


def sources(entries: list[dict]) -> set[str]:
    """Every organisation code the entries name (to look their names up once)."""
    return {e["source"] for e in entries if e.get("source")}
