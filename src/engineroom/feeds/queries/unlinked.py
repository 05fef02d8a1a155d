"""The unlinked queue: records from the system's senders that matched nobody, the candidates a
data manager can match one to, and the decisions waiting for the next linkage run.

Identifiable, for data management (not direct care): every read that shows records or people
writes an audit entry naming who looked and whose records (``<sender>:<record id>``) and NHS
numbers were shown.
"""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.http import Http404

from engineroom.audit import actions as audit
from engineroom.feeds.models import LinkDecision, State
from engineroom.feeds.queries.files import senders, var_dir
from engineroom.feeds.queries.quarantine import PER_PAGE, Rows
from engineroom.population import manual_links
from engineroom.system.models import Organisation, OrganisationKind, System

REASON = "data quality: working the unlinked queue"


def _rows(system: System, source: str = "") -> Rows:
    names = senders(system)
    if source and source not in names:
        source = "-"  # another system's sender: nothing
    return Rows(manual_links.unlinked_rows(var_dir(), sorted(names), source))


def page_of_unlinked(system: System, number, *, by, source: str = "") -> Page:
    """One page of the queue (filtered to one sender), each record with any decision on it
    waiting for the next linkage run; audited."""
    page = Paginator(_rows(system, source), PER_PAGE).get_page(number)
    decided = manual_links.decided(var_dir())
    rows = [
        r
        | {
            "birth_date": _text(r.get("birth_date")),
            "decision": decided.get((r["source"], r["table"], r["record_id"])),
        }
        for r in page.object_list
    ]
    page.object_list = rows
    _audit("feeds.unlinked_viewed", system, by, rows, source=source)
    return page


def _text(value) -> str | None:
    return str(value) if value else None


def _audit(event: str, system: System, by, rows: list[dict], **details) -> None:
    audit.record(
        event,
        audit.subject(system),
        by=by,
        reason=REASON,
        details={
            **{k: v for k, v in details.items() if v},
            "rows_shown": len(rows),
            "records": [f"{r['source']}:{r['record_id']}" for r in rows if "record_id" in r],
            "nhs_numbers": sorted({str(r["nhs_number"]) for r in rows if r.get("nhs_number")}),
        },
    )


def find(system: System, source: str, record_id: str) -> dict:
    """One unlinked record of the system's senders (404 otherwise), with any decision on it."""
    table = _rows(system, source).table
    found = table.filter(table["record_id"].to_numpy(zero_copy_only=False) == record_id)
    if source not in senders(system) or found.num_rows == 0:
        raise Http404("No such unlinked record in this system.")
    row = found.slice(0, 1).to_pylist()[0]
    row["birth_date"] = _text(row.get("birth_date"))
    row["decision"] = manual_links.decided(var_dir()).get((source, row["table"], record_id))
    return row


def record(system: System, source: str, record_id: str, *, by) -> dict:
    """One unlinked record (see :func:`find`); audited."""
    row = find(system, source, record_id)
    _audit("feeds.unlinked_record_viewed", system, by, [row])
    return row


def practices(system: System) -> list[str]:
    """ODS codes of the GP practices in the system's footprint."""
    return sorted(
        Organisation.objects.filter(footprints__system=system, kind=OrganisationKind.GP_PRACTICE)
        .distinct()
        .values_list("ods_code", flat=True)
    )


def candidates(system: System, unlinked: dict, *, by, **search: str) -> list[dict]:
    """People registered at the system's own practices matching the search (a valid NHS
    number, or date of birth and family name); audited as identifiable access."""
    people = manual_links.candidates(var_dir(), practices=practices(system), **search)
    audit.record(
        "feeds.candidates_searched",
        audit.subject(system),
        by=by,
        reason=REASON,
        details={
            "record": f"{unlinked['source']}:{unlinked['record_id']}",
            "searched_by": sorted(k for k, v in search.items() if v),
            "nhs_numbers": sorted(p["nhs_number"] for p in people),
        },
    )
    return people


def pending_links(system: System, *, before) -> list[LinkDecision]:
    """Manual links started before ``before`` and not finished."""
    found = LinkDecision.objects.filter(system=system, state=State.PENDING, at__lt=before)
    return list(found.order_by("pk"))


def is_candidate(system: System, nhs_number: str) -> bool:
    """Whether an NHS number is someone registered at one of the system's practices (a match
    must be to a real person the system serves)."""
    found = manual_links.candidates(
        var_dir(), practices=practices(system), nhs_number=nhs_number, limit=1
    )
    return bool(found)
