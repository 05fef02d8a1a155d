"""Writes of the feeds app: loading a region extract (organisations, footprints, leaders)."""

from __future__ import annotations

from django.db import transaction

from engineroom.audit import actions as audit
from engineroom.feeds.loader import load_files
from engineroom.system.models import System


@transaction.atomic
def load_organisations(
    files: dict[str, bytes], *, within: System | None = None, by
) -> dict[str, int]:
    """Check an extract's CSV files and load them all, or nothing (``LoadError`` names every
    problem by file, row and field); returns rows loaded per file.

    ``within`` keeps the load inside one system's areas (a system's data manager cannot change
    another system's shape).
    """
    counts = load_files(files, within=within)
    audit.record(
        "feeds.extract_loaded",
        audit.subject(within) if within is not None else "feeds.extract:all",
        by=by,
        details=counts,
    )
    return counts
