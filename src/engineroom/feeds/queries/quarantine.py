"""The quarantine as the data manager works it: rows by file, field and rule, one row at a time,
and the requests to senders to resubmit.

Quarantined values can identify people, so every read that shows them writes an audit entry
naming who looked (``by``) and whose data were shown: the rows (``<file>:<row>``) and the NHS
numbers among the values, never the values themselves.
"""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.http import Http404

from engineroom.audit import actions as audit
from engineroom.feeds.models import RowAction, RowDecision, State
from engineroom.feeds.queries.files import feed, lake_loads, system_feeds, var_dir
from engineroom.population import corrections
from engineroom.system.models import System

PER_PAGE = 50


class Rows:
    """A pyarrow table of rows as a sequence Django's Paginator can page through."""

    def __init__(self, table):
        self.table = table

    def __len__(self) -> int:
        return self.table.num_rows

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, _ = index.indices(self.table.num_rows)
            return self.table.slice(start, max(0, stop - start)).to_pylist()
        return self.table.slice(index, 1).to_pylist()[0]


def _loads(system: System, load_id: str = "", file: str = "", loads=None) -> list[str]:
    if load_id:
        return [feed(system, load_id, loads)["load_id"]]
    return [f["load_id"] for f in system_feeds(system, loads) if not file or f["file"] == file]


def issues(
    system: System,
    *,
    load_id: str = "",
    file: str = "",
    field: str = "",
    reason: str = "",
    severity: str = "",
    loads: list[dict] | None = None,
):
    """Open row issues of the system's files (one file's with ``load_id``), filtered.
    ``loads``: the lake's manifests, when the request has read them already."""
    table = corrections.open_issues(
        var_dir(),
        _loads(system, load_id, file, loads),
        field=field,
        reason=reason,
        severity=severity,
        loads=loads,
    )
    return Rows(table)


def choices(system: System, loads: list[dict] | None = None) -> dict[str, list[tuple[str, str]]]:
    """What the quarantine can be filtered by: the files, fields and rules with open rows."""
    table = issues(system, severity="quarantined", loads=loads).table
    distinct = {c: sorted(set(table[c].to_pylist())) for c in ("file", "field", "reason")}
    return {c: [(v, v) for v in values] for c, values in distinct.items()}


def page_of_issues(system: System, number, *, by, load_id: str = "", loads=None, **filters) -> Page:
    """One page of open issues (``number`` as in the URL: bad or out of range is the nearest
    page); audited as the rows and NHS numbers shown."""
    loads = lake_loads() if loads is None else loads
    found = issues(system, load_id=load_id, loads=loads, **filters)
    page = Paginator(found, PER_PAGE).get_page(number)
    rows = list(page.object_list)
    one = {"file": feed(system, load_id, loads)["file"]} if load_id else {}
    audit.record(
        "feeds.quarantine_viewed",
        f"feeds.load:{load_id}" if load_id else audit.subject(system),
        by=by,
        reason="data quality: working the quarantine",
        details={
            **one,
            "filters": {k: v for k, v in filters.items() if v},
            "rows_shown": len(rows),
            **shown(rows, one_file=bool(load_id)),
        },
    )
    return page


def shown(rows: list[dict], *, one_file: bool = False) -> dict:
    """Whose data a quarantine page shows: its rows (row numbers of one file, else
    ``<file>:<row>``), and the NHS numbers among the values."""
    return {
        "rows": sorted(
            {r["row_number"] if one_file else f"{r['file']}:{r['row_number']}" for r in rows}
        ),
        "nhs_numbers": sorted(
            {r["value"] for r in rows if is_nhs_number(r["field"]) and r["value"]}
        ),
    }


def is_nhs_number(field: str) -> bool:
    """Feeds name the column ``NHS_NUMBER`` (CSV) or ``nhs_number``."""
    return (field or "").lower().replace("_", "") == "nhsnumber"


def row(system: System, load_id: str, row_number: int, *, by) -> dict:
    """One quarantined row to work: its file, its problems, the record as sent (when it can be
    read again), whether it can be released, and any open request to the sender. Audited."""
    loads = lake_loads()
    found = feed(system, load_id, loads)
    problems = issues(system, load_id=load_id, loads=loads).table
    problems = problems.filter(problems["row_number"].to_numpy() == row_number).to_pylist()
    if not any(p["severity"] == "quarantined" for p in problems):
        raise Http404("That row is not in the quarantine (it may have been accepted already).")
    try:
        record = corrections.original_record(var_dir(), load_id, row_number)
        unreadable = ""
    except corrections.CorrectionRefused as refused:
        record, unreadable = {}, str(refused)
    release = corrections.release_blocker(found, problems) if record else unreadable
    audit.record(
        "feeds.row_viewed",
        f"feeds.load:{load_id}",
        by=by,
        reason="data quality: working the quarantine",
        details={"row": f"{found['file']}:{row_number}", **_nhs_in(record, problems)},
    )
    return {
        "feed": found,
        "row_number": row_number,
        "problems": problems,
        "record": record,
        "unreadable": unreadable,
        "cannot_release": release,
        "resubmission": open_request(system, load_id, row_number),
    }


def _nhs_in(record: dict, problems: list[dict]) -> dict:
    values = {v for k, v in record.items() if is_nhs_number(k) and v}
    values |= {p["value"] for p in problems if is_nhs_number(p["field"]) and p["value"]}
    return {"nhs_numbers": sorted(values)}


def open_request(system: System, load_id: str, row_number: int) -> RowDecision | None:
    return RowDecision.objects.filter(
        system=system,
        load_id=load_id,
        row_number=row_number,
        action=RowAction.RESUBMIT,
        state=State.OPEN,
    ).first()


def resubmissions(system: System, source: str = ""):
    """Open requests to senders to resubmit rows, newest first (``source``: one sender's)."""
    found = RowDecision.objects.filter(system=system, action=RowAction.RESUBMIT, state=State.OPEN)
    if source:
        found = found.filter(source=source)
    return found.select_related("by")


def resubmission_senders(system: System) -> list[str]:
    return sorted(set(resubmissions(system).values_list("source", flat=True)))


def pending_rows(system: System, *, before) -> list[RowDecision]:
    """Corrections and releases started before ``before`` and not finished (a crash between
    the lake and here)."""
    found = RowDecision.objects.filter(system=system, state=State.PENDING, at__lt=before)
    return list(found.order_by("pk"))


def quarantine_to_work(system: System, feeds: list[dict] | None = None) -> int:
    """For the data manager's home page: quarantined rows of the system's loaded files still
    to work, less those waiting on the sender (files refused whole are the sender's to resend).
    ``feeds``: ``system_feeds``, when the request has read them already."""
    feeds = system_feeds(system) if feeds is None else feeds
    feeds = [f for f in feeds if f.get("status") != "quarantined"]
    waiting = resubmissions(system).filter(load_id__in=[f["load_id"] for f in feeds]).count()
    return sum(f.get("quarantined", 0) for f in feeds) - waiting
