"""Observations in: a monthly statistics file, or the measures computed from the linked lake.
Each write is atomic and audited, then what depends on the observations is refreshed."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from django.db import transaction

from engineroom.audit import actions as audit
from engineroom.finance import public as finance
from engineroom.oversight.actions import refresh
from engineroom.oversight.catalogue import measures
from engineroom.oversight.imports import Refused, Row, parse
from engineroom.oversight.models import (
    Observation,
    Source,
    StatisticsImport,
)
from engineroom.system.models import System
from engineroom.web.uploads import Limits, UploadRefused, read_table

MB = 1024 * 1024
# A region's five years in one file (42 systems x 26 measures x 60 months = 65,520 rows) imports
# and refreshes in about 12-20 s in the request; a national file would need a background job.
STATISTICS = Limits(max_bytes=20 * MB, max_rows=100_000)


def import_statistics(
    source: Path | bytes, *, file_name: str, systems: Iterable[System], by
) -> StatisticsImport:
    """Read a monthly statistics file for ``systems`` (those the importer may load): every row
    accepted or kept with its problem, so rows in = accepted + quarantined. Raises
    ``UploadRefused`` when the file as a whole cannot be read."""
    content = source if isinstance(source, bytes) else Path(source).read_bytes()
    by_code = {s.code: s for s in systems}
    try:
        accepted, problems = parse(read_table(file_name, content, STATISTICS), set(by_code))
    except Refused as error:
        raise UploadRefused(f"{file_name}, {error}") from None
    done = _store(file_name, accepted, problems, by_code, by=by)
    refresh.systems({by_code[r.system_code] for r in accepted}, {r.measure for r in accepted})
    return done


@transaction.atomic
def _store(file_name: str, accepted: list[Row], problems: list, by_code: dict, *, by):
    done = StatisticsImport.objects.create(
        file_name=file_name,
        imported_by=by,
        rows_in=len(accepted) + len(problems),
        accepted=len(accepted),
        quarantined=len(problems),
        problems=[p.as_json() for p in problems],
    )
    _upsert(
        [
            Observation(
                system=by_code[r.system_code],
                measure=r.measure,
                month=r.month,
                value=r.value,
                numerator=r.numerator,
                denominator=r.denominator,
                source=Source.STATISTICS,
                statistics_import=done,
            )
            for r in accepted
        ]
    )
    audit.record(
        "oversight.statistics_imported",
        audit.subject(done),
        by=by,
        details={"file": file_name, "accepted": done.accepted, "quarantined": done.quarantined},
    )
    return done


def _upsert(rows: list[Observation]) -> None:
    """A later file's figure for a month replaces the earlier one (statistics are revised)."""
    Observation.objects.bulk_create(
        rows,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["system", "measure", "month"],
        update_fields=["value", "numerator", "denominator", "source", "statistics_import"],
    )


def record_lake_measures(system: System, rows: list[dict], *, by) -> int:
    """Store the monthly measures computed from the linked lake for ``system`` (rows of
    ``population.monthly.lake_measures``) and refresh what depends on them."""
    return record_computed(system, rows, source=Source.LAKE, by=by)


def record_finance_positions(system: System, *, by) -> int:
    """Take the system's finance position, month by month, from its partners' monthly returns
    (the open-book position the finance pages show), so oversight and finance agree."""
    rows = []
    for month, in_month, ytd in finance.monthly_variances(system):
        rows.append({"measure": "finance_variance", "month": month, "value": in_month / 100})
        rows.append({"measure": "finance_ytd", "month": month, "value": ytd / 100})
    return record_computed(system, rows, source=Source.FINANCE, by=by)


def record_computed(system: System, rows: list[dict], *, source: str, by) -> int:
    """Store measures computed in Engine Room (``source``: lake or finance) for ``system``:
    rows of {measure, month, value[, numerator, denominator]}; other sources' rows are ignored."""
    codes = {code for code, m in measures().items() if m.source == source}
    kept = [r for r in rows if r["measure"] in codes]
    with transaction.atomic():
        _upsert([_computed(system, r, source) for r in kept])
        audit.record(
            f"oversight.{source}_measures_recorded",
            audit.subject(system),
            by=by,
            details={"rows": len(kept)},
        )
    refresh.systems({system}, {r["measure"] for r in kept})
    return len(kept)


def _computed(system: System, row: dict, source: str) -> Observation:
    return Observation(
        system=system,
        measure=row["measure"],
        month=row["month"].replace(day=1),
        value=row["value"],
        numerator=row.get("numerator"),
        denominator=row.get("denominator"),
        source=source,
    )
