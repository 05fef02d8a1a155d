"""Partner feeds as the data manager sees them: a system's loads, their quarantine and unlinked.

Reads the population platform's small read-only API (``engineroom.population.api``); nothing
heavy runs per request. A system's feeds are those sent by organisations in its footprint.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from engineroom.population import api
from engineroom.system.models import Organisation, System


@dataclass(frozen=True)
class FeedSummary:
    files: int
    rows_in: int
    accepted: int
    quarantined: int
    flagged: int

    @property
    def reconciled(self) -> bool:
        return self.rows_in == self.accepted + self.quarantined


REFERENCE_SENDER = "REF"  # public reference data (deprivation lookups) shared by every system


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


def system_feeds(system: System, var: Path) -> list[dict]:
    """The system's committed feed loads, newest first, each with its sender's name."""
    names = senders(system)
    return [
        report | {"sender": names[report["source"]]}
        for report in api.feed_reports(var)
        if report.get("source") in names
    ]


def summary(feeds: list[dict]) -> FeedSummary:
    keys = ("rows_in", "accepted", "quarantined", "flagged")
    totals = {k: sum(f.get(k, 0) for f in feeds) for k in keys}
    return FeedSummary(files=len(feeds), **totals)


def feed(system: System, var: Path, load_id: str) -> dict | None:
    return next((f for f in system_feeds(system, var) if f["load_id"] == load_id), None)


def unlinked(system: System, var: Path, limit: int = 500) -> list[dict]:
    """Records from the system's senders that matched nobody in the person index."""
    names = senders(system)
    return [row for row in api.unlinked(var, limit=10 * limit) if row["source"] in names][:limit]
