"""Partner feeds as the data manager sees them: a system's loads, their quarantine and unlinked.

Reads the population platform's small read-only API (``engineroom.population.api``); nothing
heavy runs per request. A system's feeds are those sent by organisations in its footprint.
The quarantine and the unlinked queue hold values that can identify people, so reading either
writes an audit entry naming who looked (``by``) and whose records were shown: the NHS numbers on
the page, and otherwise the rows (``<file>:<row>``, ``<sender>:<record id>``), which identify
the source record without copying its values into the log.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.http import Http404

from engineroom.audit import actions as audit
from engineroom.population import api
from engineroom.system.models import Organisation, System

QUEUE_LIMIT = 500  # rows of a quarantine or unlinked queue shown on one page
REFERENCE_SENDER = "REF"  # public reference data (deprivation lookups) shared by every system


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


def system_feeds(system: System) -> list[dict]:
    """The system's committed feed loads, newest first, each with its sender's name."""
    names = senders(system)
    return [
        report | {"sender": names[report["source"]]}
        for report in api.feed_reports(var_dir())
        if report.get("source") in names
    ]


def summary(feeds: list[dict]) -> FeedSummary:
    keys = ("rows_in", "accepted", "quarantined", "flagged")
    totals = {k: sum(f.get(k, 0) for f in feeds) for k in keys}
    return FeedSummary(files=len(feeds), **totals)


def feed(system: System, load_id: str) -> dict:
    """One of the system's feed loads (404 for a load of another system, or none)."""
    found = next((f for f in system_feeds(system) if f["load_id"] == load_id), None)
    if found is None:
        raise Http404("No such feed load in this system.")
    return found


def quarantine(system: System, load_id: str, *, by) -> tuple[dict, list[dict]]:
    """A feed load and its quarantined or flagged rows (the first ``QUEUE_LIMIT``); audited."""
    found = feed(system, load_id)
    rows = api.quarantine(var_dir(), file=found["file"], limit=QUEUE_LIMIT)
    audit.record(
        "feeds.quarantine_viewed",
        f"feeds.load:{found['load_id']}",
        by=by,
        reason="data quality: working the quarantine",
        details={"file": found["file"], "rows_shown": len(rows), **shown_in_quarantine(rows)},
    )
    return found, rows


def shown_in_quarantine(rows: list[dict]) -> dict:
    """Whose data a quarantine page shows: its rows, and the NHS numbers among the values."""
    return {
        "rows": sorted({r["row_number"] for r in rows}),
        "nhs_numbers": sorted(
            {r["value"] for r in rows if _is_nhs_number(r["field"]) and r["value"]}
        ),
    }


def _is_nhs_number(field: str) -> bool:
    """Feeds name the column ``NHS_NUMBER`` (CSV) or ``nhs_number``."""
    return (field or "").lower().replace("_", "") == "nhsnumber"


def unlinked(system: System, *, by, limit: int = QUEUE_LIMIT) -> list[dict]:
    """Records from the system's senders that matched nobody in the person index; audited."""
    names = senders(system)
    rows = [r for r in api.unlinked(var_dir(), limit=10 * limit) if r["source"] in names][:limit]
    audit.record(
        "feeds.unlinked_viewed",
        audit.subject(system),
        by=by,
        reason="data quality: working the unlinked queue",
        details={
            "rows_shown": len(rows),
            "records": [f"{r['source']}:{r['record_id']}" for r in rows],
            "nhs_numbers": sorted({str(r["nhs_number"]) for r in rows if r.get("nhs_number")}),
        },
    )
    return rows
