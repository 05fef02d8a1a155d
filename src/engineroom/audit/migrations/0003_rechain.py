"""Number the existing events in the order written and chain them again with the keyed hash.

Earlier events carried an unkeyed SHA-256 chain; their content is kept as it was and their hashes
are recomputed with ``AUDIT_KEY``, so from here on every event verifies the same way. The head
row is set to the last event.
"""

from django.db import migrations

from engineroom.audit.chain import GENESIS, HEAD, digest


def rechain(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditHead = apps.get_model("audit", "AuditHead")
    previous, seq = GENESIS, 0
    for event in AuditEvent.objects.order_by("id").iterator():
        seq += 1
        event.seq, event.previous_hash = seq, previous
        event.hash = digest(
            seq=seq,
            previous=previous,
            at=event.at,
            actor_id=event.actor_id,
            actor_name=event.actor_name,
            action=event.action,
            subject=event.subject,
            reason=event.reason,
            details=event.details,
        )
        event.save(update_fields=["seq", "previous_hash", "hash"])
        previous = event.hash
    AuditHead.objects.update_or_create(pk=HEAD, defaults={"seq": seq, "hash": previous})


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_chain"),
    ]

    operations = [migrations.RunPython(rechain, migrations.RunPython.noop)]
