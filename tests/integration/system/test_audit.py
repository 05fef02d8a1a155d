"""The audit log from the system's side (the tamper tests are in ``tests/integration/audit``)."""

from engineroom.audit import actions as audit
from engineroom.audit import integrity


def test_events_form_a_chain_that_verifies(member):
    first = audit.record("record.viewed", "person:x", by=member("clinician"))
    second = audit.record("feed.loaded", "", by=None, details={"rows": 3})
    assert second.previous_hash == first.hash and second.seq == first.seq + 1
    assert integrity.check().ok


def test_events_cannot_be_edited_or_deleted_through_the_model(db):
    event = audit.record("feed.loaded", "", by=None)
    for attempt in (event.save, event.delete):
        try:
            attempt()
        except ValueError:
            continue
        raise AssertionError("audit events must be append-only")
