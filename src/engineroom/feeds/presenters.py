"""Display values of the feed pages, built on ``web.formatting``."""

from __future__ import annotations

import datetime as dt

from engineroom.feeds import rules
from engineroom.web import formatting


def feed(report: dict) -> dict:
    """A feed report with its dates for people: ``loaded`` (date and time) and ``extract``."""
    loaded = report.get("loaded_at")
    extract = report.get("extract_date")
    return report | {
        "loaded": formatting.date_time(dt.datetime.fromisoformat(loaded) if loaded else None),
        "extract": formatting.date(dt.date.fromisoformat(extract) if extract else None),
    }


CALENDAR_MONTHS = 6  # months shown on the feed calendar, the latest due first
TAGS = {
    rules.RECEIVED: ("Received", "nhsuk-tag--green"),
    rules.LATE: ("Late", "nhsuk-tag--orange"),
    rules.MISSING: ("Missing", "nhsuk-tag--red"),
    rules.NOT_DUE: ("Not yet due", "nhsuk-tag--grey"),
}


def calendar(expected: list[rules.Expected], months: int = CALENDAR_MONTHS) -> dict:
    """The feed calendar for a table: the latest ``months`` months, and for each partner and
    feed one cell per month (status, tag, when due and received)."""
    shown = sorted({e.month for e in expected}, reverse=True)[:months]
    partners: dict[tuple[str, str], dict[str, dict]] = {}
    for e in expected:
        if e.month not in shown:
            continue
        feeds = partners.setdefault((e.partner, e.source), {})
        feeds.setdefault(e.feed, {})[e.month] = _cell(e)
    return {
        "months": [formatting.month(m) for m in shown],
        "partners": [
            {
                "partner": partner,
                "source": source,
                "feeds": [
                    {"feed": name, "cells": [cells.get(m) for m in shown]}
                    for name, cells in sorted(feeds.items())
                ],
            }
            for (partner, source), feeds in sorted(partners.items())
        ],
    }


def _cell(e: rules.Expected) -> dict:
    label, tag = TAGS[e.status]
    return {
        "label": label,
        "tag": tag,
        "due": formatting.date(e.due),
        "received": formatting.date(e.received) if e.received else "",
        "message": e.message,
    }
