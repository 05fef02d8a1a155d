"""People as pickers name them: "Ben Hughes — Chief executive, Vale Hospitals NHS FT", so that
people who share a name can be told apart wherever a governance form picks a person."""

from __future__ import annotations

from collections.abc import Iterable

from engineroom.system.models import Person


def person_role(person: Person) -> str:
    """'Role, organisation' from a person's current role or, failing that, body membership
    (``people()`` loads both); empty when they hold neither."""
    for role in getattr(person, "current_roles", []):
        where = role.organisation.name if role.organisation else role.scope_label
        return ", ".join(filter(None, [role.get_role_display(), where]))
    for seat in getattr(person, "current_seats", []):
        where = seat.organisation.name if seat.organisation else ""
        return ", ".join(filter(None, [f"{seat.get_role_display()} of {seat.body.name}", where]))
    return ""


def person_labels(people: Iterable[Person]) -> dict[int, str]:
    """Each person as "Name — role, organisation", so people of one name can be told apart;
    where even that label is shared the person's reference is added."""
    labels = {}
    for p in people:
        role = person_role(p)
        labels[p.pk] = (p, f"{p.name} — {role}" if role else p.name)
    counts: dict[str, int] = {}
    for _, label in labels.values():
        counts[label] = counts.get(label, 0) + 1
    return {
        pk: label if counts[label] == 1 else f"{label} ({p.ref})"
        for pk, (p, label) in labels.items()
    }
