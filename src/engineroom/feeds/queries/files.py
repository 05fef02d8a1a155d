"""A system's feed files: the list with its filters, totals, one file, and the feed calendar."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.http import Http404

from engineroom.feeds import rules
from engineroom.population import api
from engineroom.population.lake import Lake
from engineroom.system.models import Organisation, System
from engineroom.web import formatting

REFERENCE_SENDER = "REF"  # public reference data (deprivation lookups) shared by every system
STATUSES = {
    "loaded": "Loaded",
    "quarantined": "Refused whole",
    "to_work": "Rows to work",
    "reconciled": "Every row accepted",
}


@dataclass(frozen=True)
class FeedSummary:
    files: int
    rows_in: int
    accepted: int
    quarantined: int
    flagged: int
    accepted_late: int = 0

    @property
    def reconciled(self) -> bool:
        return self.rows_in == self.accepted + self.quarantined


def var_dir() -> Path:
    """Where the population platform keeps its lake (settings, read on every call)."""
    return Path(settings.VAR_DIR)


def senders(system: System) -> dict[str, str]:
    """Sender code -> name: organisations with a footprint in the system, the system itself
    (national data opt-out list returned for it) and public reference data."""
    names = dict(
        Organisation.objects.filter(footprints__system=system)
        .distinct()
        .values_list("ods_code", "name")
    )
    names[system.code] = f"{system.name} (national services)"
    names[REFERENCE_SENDER] = "Public reference data"
    return names


def lake_loads() -> list[dict]:
    """The lake's manifests, read once per request and passed down as ``loads``."""
    return Lake(var_dir()).loads()


def system_feeds(system: System, loads: list[dict] | None = None) -> list[dict]:
    """The system's committed feed files, newest first, each with its sender's name and the
    rows the data manager accepted late (``accepted_late``) folded into its counts."""
    names = senders(system)
    return [
        report | {"sender": names[report["source"]], "month": _month(report)}
        for report in api.feed_reports(var_dir(), loads)
        if report.get("source") in names
    ]


def _month(report: dict) -> str:
    extract = report.get("extract_date")
    return extract[:7] if extract else ""


def filter_feeds(
    feeds: list[dict], *, partner: str = "", kind: str = "", status: str = "", month: str = ""
) -> list[dict]:
    """The feed files matching every filter given (blank: any)."""
    wanted = {
        "loaded": lambda f: f.get("status") != "quarantined",
        "quarantined": lambda f: f.get("status") == "quarantined",
        "to_work": lambda f: f.get("quarantined", 0) > 0,
        "reconciled": lambda f: f.get("quarantined", 0) == 0,
    }.get(status, lambda f: True)
    return [
        f
        for f in feeds
        if (not partner or f["source"] == partner)
        and (not kind or f.get("kind") == kind)
        and (not month or f["month"] == month)
        and wanted(f)
    ]


def filter_choices(feeds: list[dict]) -> dict[str, list[tuple[str, str]]]:
    """What the feed list can be filtered by: the partners, feed kinds and months present."""
    return {
        "partner": sorted(
            {(f["source"], f"{f['sender']} ({f['source']})") for f in feeds}, key=lambda c: c[1]
        ),
        "kind": sorted({(f["kind"], rules.kind_name(f["kind"])) for f in feeds if f.get("kind")}),
        "status": list(STATUSES.items()),
        "month": [
            (m, formatting.month(dt.date.fromisoformat(f"{m}-01")))
            for m in sorted({f["month"] for f in feeds if f["month"]}, reverse=True)
        ],
    }


def summary(feeds: list[dict]) -> FeedSummary:
    keys = ("rows_in", "accepted", "quarantined", "flagged", "accepted_late")
    totals = {k: sum(f.get(k, 0) for f in feeds) for k in keys}
    return FeedSummary(files=len(feeds), **totals)


def feed(system: System, load_id: str, loads: list[dict] | None = None) -> dict:
    """One of the system's feed files (404 for a file of another system, or none)."""
    found = next((f for f in system_feeds(system, loads) if f["load_id"] == load_id), None)
    if found is None:
        raise Http404("No such feed load in this system.")
    return found


def calendar(system: System, today: dt.date | None = None) -> list[rules.Expected]:
    """Every feed the system's partners owe, month by month (``rules.expected_feeds``)."""
    history = [
        (
            f["source"],
            f["sender"],
            f["kind"],
            dt.date.fromisoformat(f["extract_date"]),
            dt.datetime.fromisoformat(f["loaded_at"]).date(),
        )
        for f in system_feeds(system)
        if f.get("kind") and f.get("extract_date") and f["source"] != REFERENCE_SENDER
    ]
    return rules.expected_feeds(history, today or dt.date.today())


def late_feeds(system: System, today: dt.date | None = None) -> list[rules.Expected]:
    """For the data manager's home page: each partner feed now overdue (its latest missing
    month, and ``months_missing``: how many), by partner. ``message`` reads
    "Vale Hospitals NHS FT: ECDS for October 2026 not received; due 10 November"."""
    return rules.outstanding(calendar(system, today))
