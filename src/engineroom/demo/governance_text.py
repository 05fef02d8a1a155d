"""What is written for the demo's governance (``data/governance/``): each agenda item's paper,
minutes and action in turn (``items.yaml``), the general minutes and each body's terms of
reference (``common.yaml``)."""

from __future__ import annotations

import datetime as dt

from engineroom.demo import files


def _items() -> dict:
    return files.load("governance/items.yaml")


def item(title: str, k: int, words: dict) -> dict:
    """Version ``k`` (in turn) of what is written for an agenda item, filled in."""
    versions = _items()[title]
    return files.fill(versions[k % len(versions)], words)


def words(day: dt.date, body_name: str, system: str, place: str | None) -> dict[str, str]:
    """What an item's text may name: the meeting's month, the body, the system, its place."""
    named = {"month": f"{day:%B %Y}", "body": body_name, "system": system}
    return named | ({"place_name": place} if place else {})


def general_minutes(k: int, words: dict) -> str:
    versions = _items()["general_minutes"]
    return versions[k % len(versions)].format(**words)


def terms(spec: dict, names: dict) -> str:
    """A body's written terms of reference, by its code or else its kind."""
    written = files.load("governance/common.yaml")["terms_of_reference"]
    return files.fill(written.get(spec["code"]) or written[spec["kind"]], names | spec)
