"""Display values of the feed pages, built on ``web.formatting``."""

from __future__ import annotations

import datetime as dt

from engineroom.web import formatting


def feed(report: dict) -> dict:
    """A feed report with its dates for people: ``loaded`` (date and time) and ``extract``."""
    loaded = report.get("loaded_at")
    extract = report.get("extract_date")
    return report | {
        "loaded": formatting.date_time(dt.datetime.fromisoformat(loaded) if loaded else None),
        "extract": formatting.date(dt.date.fromisoformat(extract) if extract else None),
    }
