"""The demo's seed data files (``demo/data/``): YAML for nested records, CSV for tables."""

from __future__ import annotations

import csv
import datetime as dt
import random
from functools import cache
from pathlib import Path

import yaml

from engineroom.web import periods

DATA = Path(__file__).with_name("data")


@cache
def load(name: str):
    """``data/<name>``: a YAML file parsed, or a CSV file as a tuple of rows (dicts of text)."""
    path = DATA / name
    with open(path, encoding="utf-8", newline="") as f:
        if path.suffix == ".csv":
            return tuple(csv.DictReader(f))
        return yaml.safe_load(f)


def full_name(rng: random.Random) -> str:
    """A fictional person's name, drawn from ``names.yaml``."""
    names = load("names.yaml")
    return f"{rng.choice(names['first'])} {rng.choice(names['last'])}"


def days_ago(days: int | None, today: dt.date | None = None) -> dt.date | None:
    """The date ``days`` before today (``None`` stays ``None``)."""
    if days is None:
        return None
    return (today or dt.date.today()) - dt.timedelta(days=days)


def fill(value, names: dict):
    """A data file's entry with ``{name}`` in every string filled in from ``names``."""
    if isinstance(value, str):
        return value.format(**names)
    if isinstance(value, list):
        return [fill(item, names) for item in value]
    if isinstance(value, dict):
        return {key: fill(item, names) for key, item in value.items()}
    return value


def working_day(day: dt.date) -> dt.date:
    """``day``, or the next working day (``web.periods``: Monday to Friday, not a bank
    holiday)."""
    return periods.add_working_days(day, 0)
