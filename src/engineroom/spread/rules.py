"""Domain rules of the spread of good practice: fidelity, what is overdue, what an adoption may
name, and the status a neighbourhood is shown with on the map."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError

from engineroom.spread.models import AdoptionStatus

NOT_PLANNED = "not_planned"
STATUS_WORDS = dict(AdoptionStatus.choices) | {NOT_PLANNED: "Not planned"}
UNDER_WAY = (AdoptionStatus.STARTED, AdoptionStatus.ADOPTED)


def fidelity(delivered: int, total: int) -> str:
    """ "4 of 5 components"; a model without components has no fidelity to speak of."""
    if total == 0:
        return "No core components listed"
    return f"{delivered} of {total} component{'s' if total != 1 else ''}"


def is_overdue(status: str, due_on: dt.date, today: dt.date) -> bool:
    """A plan whose planned start has passed and that has not started is overdue."""
    return status == AdoptionStatus.PLANNED and due_on < today


def lines(text: str) -> list[str]:
    """One entry per non-blank line, trimmed (components and adaptations are typed this way)."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def evidence_lines(text: str) -> list[tuple[str, str, str]]:
    """(title, url, finding) for each line "Title | https://address | what it found" (the
    address and the finding are optional)."""
    found, bad = [], []
    for number, line in enumerate(lines(text), start=1):
        title, url, finding = ([p.strip() for p in line.split("|", 2)] + ["", ""])[:3]
        if url and not url.startswith(("https://", "http://")):
            url, finding = "", " | ".join(p for p in (url, finding) if p)
        if not title:
            bad.append(number)
        found.append((title[:300], url, finding))
    if bad:
        raise ValidationError(
            {"evidence": f"Line {', '.join(map(str, bad))}: start with the study's title."}
        )
    return found


def check_adoption(*, system, place, neighbourhood, status, adopted_on, components, model):
    """Refuse an adoption outside ``system``, a neighbourhood outside its place, a start date
    on one not yet started, or components of another model."""
    errors: dict[str, str] = {}
    if place.system_id != system.pk:
        errors["place"] = "Choose a place of this system."
    if neighbourhood is not None and neighbourhood.place_id != place.pk:
        errors["neighbourhood"] = f"{neighbourhood.name} is not in {place.name}."
    if status in UNDER_WAY and adopted_on is None:
        errors["adopted_on"] = "Enter the date it started."
    if status == AdoptionStatus.PLANNED and adopted_on is not None:
        errors["adopted_on"] = "A planned adoption has not started: leave the date empty."
    if any(c.model_id != model.pk for c in components):
        errors["components"] = "Choose components of this model."
    if errors:
        raise ValidationError(errors)


def tile_status(own: str | None, place: str | None) -> str:
    """A neighbourhood's status on the map: its own adoption's, else its place's, else none."""
    return own or place or NOT_PLANNED
