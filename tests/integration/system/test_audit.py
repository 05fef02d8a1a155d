from engineroom.audit import services
from engineroom.audit.models import AuditEvent


def test_events_form_a_chain_that_verifies(db, user_for):
    first = services.record(actor=user_for("clinician"), action="record.viewed", subject="person:x")
    second = services.record(actor=None, action="feed.loaded", details={"rows": 3})
    assert second.previous_hash == first.hash
    assert services.verify_chain() is None


def test_a_changed_row_breaks_the_chain_at_that_row(db, user_for):
    services.record(actor=user_for("clinician"), action="record.viewed", subject="person:x")
    victim = services.record(
        actor=user_for("clinician"), action="record.viewed", subject="person:y"
    )
    AuditEvent.objects.filter(pk=victim.pk).update(subject="person:z")
    assert services.verify_chain() == victim.pk


def test_events_cannot_be_edited_or_deleted_through_the_model(db):
    event = services.record(actor=None, action="feed.loaded")
    for attempt in (event.save, event.delete):
        try:
            attempt()
        except ValueError:
            continue
        raise AssertionError("audit events must be append-only")
