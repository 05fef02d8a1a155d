"""Each decision names its body's system, so that references can be unique in the system.

Duplicates already recorded (the same reference, in any case, twice in one system) keep the
earliest decision's reference; each later one gets ``-2``, ``-3``... so that the constraint in
0004 can be added without losing a decision. Schema changes follow in 0004 (PostgreSQL does
not alter a table with pending deferred-constraint events in the same transaction).
"""

import django.db.models.deletion
from django.db import migrations, models

MAX_LENGTH = 40


def fill_system_and_separate_duplicates(apps, schema_editor):
    Decision = apps.get_model("governance", "Decision")
    taken: dict[int, set[str]] = {}
    for decision in Decision.objects.select_related("body").order_by("proposed_on", "pk"):
        system = decision.body.system_id
        seen = taken.setdefault(system, set())
        reference, n = decision.reference, 1
        while reference.lower() in seen:
            n += 1
            suffix = f"-{n}"
            reference = decision.reference[: MAX_LENGTH - len(suffix)] + suffix
        seen.add(reference.lower())
        decision.system_id, decision.reference = system, reference
        decision.save(update_fields=["system", "reference"])


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0002_item_minutes"),
        ("system", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="decision",
            name="system",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="system.system",
            ),
        ),
        migrations.RunPython(fill_system_and_separate_duplicates, migrations.RunPython.noop),
    ]
