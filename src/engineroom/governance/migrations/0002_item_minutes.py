"""Minutes per agenda item; the meeting's old single text becomes its general minutes.

The old text cannot be split between items. If the meeting had any Part 2 (confidential) item
the text may discuss it (that is how Part 2 business reached the public page), so it is kept
with the Part 2 minutes (``notes_confidential``) until a governance lead re-records it per
item; if the meeting had no Part 2 item there is no Part 2 business it could hold, so it stays
Part 1 and keeps its published state.
"""

import django.db.models.deletion
from django.db import migrations, models


def restrict_old_minutes(apps, schema_editor):
    Meeting = apps.get_model("governance", "Meeting")
    with_part2 = Meeting.objects.filter(items__confidential=True).exclude(notes="")
    Meeting.objects.filter(pk__in=with_part2.values("pk")).update(notes_confidential=True)


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="ItemMinute",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("discussion", models.TextField(blank=True)),
                ("resolved", models.TextField(blank=True, verbose_name="what was resolved")),
                (
                    "item",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="minute",
                        to="governance.agendaitem",
                    ),
                ),
            ],
            options={"ordering": ["item__meeting", "item__number"]},
        ),
        migrations.RenameField(model_name="meeting", old_name="minutes", new_name="notes"),
        migrations.AlterField(
            model_name="meeting",
            name="notes",
            field=models.TextField(
                blank=True,
                help_text="Meeting-level minutes (welcome, opening remarks); each item has its own.",
                verbose_name="general minutes",
            ),
        ),
        migrations.AddField(
            model_name="meeting",
            name="notes_confidential",
            field=models.BooleanField(
                default=False,
                help_text="Kept with the Part 2 minutes: never published.",
                verbose_name="general minutes are Part 2",
            ),
        ),
        migrations.RunPython(restrict_old_minutes, migrations.RunPython.noop),
    ]
