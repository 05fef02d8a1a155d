from engineroom.audit import actions as audit
from engineroom.audit.models import AuditEvent
from engineroom.audit.queries import verify_chain


def test_events_form_a_chain_that_verifies(member):
    first = audit.record("record.viewed", "person:x", by=member("clinician"))
    second = audit.record("feed.loaded", "", by=None, details={"rows": 3})
    assert second.previous_hash == first.hash
    assert verify_chain() is None


def test_a_changed_row_breaks_the_chain_at_that_row(member):
    clinician = member("clinician")
    audit.record("record.viewed", "person:x", by=clinician)
    victim = audit.record("record.viewed", "person:y", by=clinician)
    AuditEvent.objects.filter(pk=victim.pk).update(subject="person:z")
    assert verify_chain() == victim.pk


def test_events_cannot_be_edited_or_deleted_through_the_model(db):
    event = audit.record("feed.loaded", "", by=None)
    for attempt in (event.save, event.delete):
        try:
            attempt()
        except ValueError:
            continue
        raise AssertionError("audit events must be append-only")
