"""Writes of the feeds app: loading a region extract, and the data manager's work on the
quarantine and the unlinked queue.

Work that changes the lake (``engineroom.population``) is done in three steps, so the lake and
this database never tell different stories: the decision is recorded *pending*; the lake is
changed by an idempotent call (a correction load keyed by file and row; a manual link keyed by
record); then, in one transaction, the decision is marked *done* and audited. A crash between
the steps leaves a pending decision, which :func:`finish_pending` (run first by every action
here) completes: the lake call finds its work done, or does it, and the audit entry is written.
Only decisions pending longer than ``rules.PENDING_GRACE`` are crash leftovers (another request
may be working on a newer one), and each is claimed first, so two requests never finish the same
one.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from engineroom.audit import actions as audit
from engineroom.feeds import queries, rules
from engineroom.feeds.loader import load_files
from engineroom.feeds.models import LinkDecision, RowAction, RowDecision, State
from engineroom.population import corrections, manual_links
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


# --- Quarantined rows ----------------------------------------------------------------------------


def correct_row(
    system: System, load_id: str, row_number: int, values: dict[str, str], *, by
) -> dict:
    """Accept a quarantined row with corrected values, checked by the ingest validation; a
    value still wrong is a ValidationError naming its field. Returns the file's counts."""
    return _work_row(system, load_id, row_number, RowAction.CORRECT, by, values=values)


def release_row(system: System, load_id: str, row_number: int, *, by) -> dict:
    """Accept a quarantined row as sent, when the release rule allows (otherwise a
    ValidationError saying why: ``corrections.release_blocker``)."""
    return _work_row(system, load_id, row_number, RowAction.RELEASE, by)


def _work_row(system, load_id, row_number, action, by, values=None) -> dict:
    finish_pending(system)
    found = queries.feed(system, load_id)
    try:
        corrections.still_quarantined(queries.var_dir(), load_id, row_number)
    except corrections.CorrectionRefused as refused:
        raise ValidationError(str(refused)) from None
    with transaction.atomic():
        decision = RowDecision.objects.create(
            system=system,
            load_id=load_id,
            file=found["file"],
            source=found["source"],
            kind=found.get("kind") or "",
            row_number=row_number,
            action=action,
            state=State.PENDING,
            values=values or {},
            by=by,
        )
    try:
        done = _to_lake(decision)
    except corrections.CorrectionRefused as refused:
        decision.delete()
        raise _as_validation_error(refused) from None
    return _row_done(decision, done)


def _to_lake(decision: RowDecision) -> dict:
    """The lake's half of the work (idempotent: done already, it returns what was done)."""
    var, by = queries.var_dir(), str(decision.by)
    if decision.action == RowAction.CORRECT:
        return corrections.correct(
            var, decision.load_id, decision.row_number, decision.values, by=by
        )
    return corrections.release(var, decision.load_id, decision.row_number, by=by)


def _as_validation_error(refused: corrections.CorrectionRefused) -> ValidationError:
    by_field: dict[str, list[str]] = {}
    for p in refused.problems:
        by_field.setdefault(p["field"], []).append(f"{p['field']}: {p['reason']}")
    if not by_field:
        return ValidationError(str(refused))
    return ValidationError(by_field | {"__all__": [str(refused)]})


@transaction.atomic
def _row_done(decision: RowDecision, done: dict) -> dict:
    decision.state, decision.done_at = State.DONE, timezone.now()
    changed = done["correction"]["fields"]  # names only: the values are in the lake
    decision.values = {}
    decision.save(update_fields=["state", "done_at", "values"])
    RowDecision.objects.filter(
        system=decision.system,
        load_id=decision.load_id,
        row_number=decision.row_number,
        action=RowAction.RESUBMIT,
        state=State.OPEN,
    ).update(state=State.DONE, done_at=decision.done_at)
    counts = _counts(queries.feed(decision.system, decision.load_id))
    audit.record(
        "feeds.row_corrected" if decision.action == RowAction.CORRECT else "feeds.row_released",
        f"feeds.load:{decision.load_id}",
        by=decision.by,
        reason="data quality: working the quarantine",
        details={"row": f"{decision.file}:{decision.row_number}", "fields": changed, **counts},
    )
    return counts


def _counts(found: dict) -> dict:
    keys = ("rows_in", "accepted", "quarantined", "accepted_late")
    return {k: found.get(k, 0) for k in keys}


@transaction.atomic
def request_resubmission(
    system: System, load_id: str, row_number: int, note: str, *, by
) -> RowDecision:
    """Ask the sender to send a quarantined row again: it stays quarantined, on the list of
    open requests (``queries.resubmissions``) until worked or re-sent. The note may quote the
    values sent, so the audit records only that one was given."""
    found = _resubmittable(system, load_id, row_number)
    decision = RowDecision.objects.create(
        system=system,
        load_id=load_id,
        file=found["file"],
        source=found["source"],
        kind=found.get("kind") or "",
        row_number=row_number,
        action=RowAction.RESUBMIT,
        state=State.OPEN,
        note=note,
        by=by,
        done_at=None,
    )
    audit.record(
        "feeds.resubmission_requested",
        f"feeds.load:{load_id}",
        by=by,
        reason="data quality: working the quarantine",
        details={
            "row": f"{found['file']}:{row_number}",
            "sender": found["source"],
            "note_given": bool(note),
            **_counts(found),
        },
    )
    return decision


def _resubmittable(system: System, load_id: str, row_number: int) -> dict:
    """The row's feed, if the row is still quarantined and not already waiting on its sender."""
    found = queries.feed(system, load_id)
    try:
        corrections.still_quarantined(queries.var_dir(), load_id, row_number)
    except corrections.CorrectionRefused as refused:
        raise ValidationError(str(refused)) from None
    if queries.open_request(system, load_id, row_number):
        raise ValidationError(
            f"Row {row_number} of {found['file']} is already waiting on its sender."
        )
    return found


# --- Unlinked records ----------------------------------------------------------------------------


def match_record(
    system: System, source: str, record_id: str, nhs_number: str, *, by
) -> LinkDecision:
    """Link an unlinked record to the person in the index with ``nhs_number``; used by the
    next linkage run."""
    if not queries.is_candidate(system, nhs_number):
        raise ValidationError(
            {"nhs_number": "Choose a person registered at one of this system's practices"}
        )
    return _link(system, source, record_id, nhs_number, new_person=False, by=by)


def confirm_new_person(system: System, source: str, record_id: str, *, by) -> LinkDecision:
    """Confirm an unlinked record as a person not in the index (kept under their NHS number
    when it is valid, else a local identifier); used by the next linkage run."""
    found = queries.find(system, source, record_id)
    person = manual_links.new_person_id(source, found["table"], record_id, found.get("nhs_number"))
    return _link(system, source, record_id, person, new_person=True, by=by)


def _link(system, source, record_id, person_id, *, new_person, by) -> LinkDecision:
    finish_pending(system)
    found = queries.find(system, source, record_id)
    with transaction.atomic():
        decision = LinkDecision.objects.create(
            system=system,
            table=found["table"],
            source=source,
            record_id=record_id,
            person_id=person_id,
            new_person=new_person,
            state=State.PENDING,
            by=by,
        )
    _link_to_lake(decision)
    return _link_done(decision)


def _link_to_lake(decision: LinkDecision) -> None:
    rule = manual_links.NEW_PERSON if decision.new_person else manual_links.MATCHED
    manual_links.record(
        queries.var_dir(),
        {
            "source": decision.source,
            "record_id": decision.record_id,
            "table": decision.table,
            "person_id": decision.person_id,
            "link_rule": rule,
            "by": str(decision.by),
            "at": decision.at.isoformat(),
        },
    )


@transaction.atomic
def _link_done(decision: LinkDecision) -> LinkDecision:
    decision.state, decision.done_at = State.DONE, timezone.now()
    decision.save(update_fields=["state", "done_at"])
    audit.record(
        "feeds.record_confirmed_new" if decision.new_person else "feeds.record_matched",
        audit.subject(decision.system),
        by=decision.by,
        reason="data quality: working the unlinked queue",
        details={
            "record": f"{decision.source}:{decision.record_id}",
            "person": decision.person_id,
            "applies": "at the next linkage run",
        },
    )
    return decision


def finish_pending(system: System, now=None) -> int:
    """Complete decisions a crash left pending (see the module's note): those pending longer
    than ``rules.PENDING_GRACE``, each claimed first; returns how many were finished."""
    cutoff = (now or timezone.now()) - rules.PENDING_GRACE
    finished = 0
    for decision in queries.pending_rows(system, before=cutoff):
        if not _claim(decision):
            continue
        try:
            done = _to_lake(decision)
        except corrections.CorrectionRefused:
            decision.delete()  # the lake refused it: nothing was changed, nothing to audit
            continue
        _row_done(decision, done)
        finished += 1
    for link in queries.pending_links(system, before=cutoff):
        if _claim(link):
            _link_to_lake(link)
            _link_done(link)
            finished += 1
    return finished


def _claim(decision: RowDecision | LinkDecision) -> bool:
    """Take a pending decision for this request: a compare-and-set of its time, so of two
    requests finishing the same leftover only one wins (the other sees it changed)."""
    claimed = timezone.now()
    won = (
        type(decision)
        .objects.filter(pk=decision.pk, state=State.PENDING, at=decision.at)
        .update(at=claimed)
    )
    decision.at = claimed
    return bool(won)
