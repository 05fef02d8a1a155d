"""Domain rules of the spread of good practice: who may change a model, fidelity, what is
overdue, what an adoption may name, the status a neighbourhood is shown with on the map, and
which practices an evaluation treats as adopting, compares against or leaves out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from django.core.exceptions import ValidationError

from engineroom.spread.models import AdoptionStatus

NOT_PLANNED = "not_planned"
STATUS_WORDS = dict(AdoptionStatus.choices) | {NOT_PLANNED: "Not planned"}
UNDER_WAY = (AdoptionStatus.STARTED, AdoptionStatus.ADOPTED)
STOPPED = AdoptionStatus.STOPPED


def may_change_model(model, system) -> bool:
    """The library is shared, so a model is changed only by the system that added it (through
    its programme office): another system rewriting it would change what every adopter's
    fidelity means. A model whose system has gone is changed by no one."""
    return model.origin_id is not None and model.origin_id == system.pk


def fidelity(components: Sequence, total: int) -> str:
    """ "4 of 5 components": the current components an adoption delivers, of the model's
    current ones. A retired component it still records is named as such but not counted (it is
    no longer part of the model, so it can neither add to fidelity nor be missing from it)."""
    retired = sum(c.retired for c in components)
    current = len(components) - retired
    if total == 0:
        found = "No core components listed"
    else:
        found = f"{current} of {total} component{'s' if total != 1 else ''}"
    return found + (f" (and {retired} retired)" if retired else "")


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
    if any(c.model_id != model.pk or c.retired for c in components):
        errors["components"] = "Choose current components of this model."
    if errors:
        raise ValidationError(errors)


def tile_status(own: str | None, place: str | None) -> str:
    """A neighbourhood's status on the map: its own adoption's, else its place's, else none."""
    return own or place or NOT_PLANNED


def arms(practices: Mapping[str, tuple[str, str | None]], adoptions: Iterable):
    """(treated, left out) practice codes for the difference-in-differences; every other
    practice of ``practices`` (code -> (place code, neighbourhood code)) is the comparison.

    An adoption under way treats the practices of its neighbourhood, or of its whole place when
    it names none. One that stopped leaves its practices out of both arms: they had the model
    for a while, so they are neither adopters now nor untouched. Treated wins over left out (a
    neighbourhood running it inside a place that stopped is adopting)."""
    treated: set[str] = set()
    stopped: set[str] = set()
    for a in adoptions:
        found = treated if a.status in UNDER_WAY else stopped if a.status == STOPPED else None
        if found is not None:
            found |= _covered(practices, a.place.code, getattr(a.neighbourhood, "code", None))
    return treated, stopped - treated


def _covered(practices, place: str, hood: str | None) -> set[str]:
    return {
        code for code, (p, n) in practices.items() if p == place and (hood is None or n == hood)
    }
