"""Sequence numbers required and unique; triggers refuse changing or removing audit events.

The triggers are created after the ``AlterField`` (SQLite rebuilds the table to alter a column,
which would drop them): see ``engineroom.audit.triggers``.
"""

from django.db import migrations, models

from engineroom.audit import triggers


def install(apps, schema_editor):
    triggers.install(schema_editor.connection)


def remove(apps, schema_editor):
    triggers.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_rechain"),
    ]

    operations = [
        migrations.AlterModelOptions(name="auditevent", options={"ordering": ["seq"]}),
        migrations.AlterField(
            model_name="auditevent",
            name="seq",
            field=models.PositiveBigIntegerField(
                help_text="1, 2, 3, ... with no gaps: a missing number is a deleted event.",
                unique=True,
            ),
        ),
        migrations.RunPython(install, remove),
    ]
