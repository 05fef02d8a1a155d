"""A decision reference is unique in its system, whatever its case (was: exact, per body)."""

import django.db.models.deletion
import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0003_decision_system"),
    ]

    operations = [
        migrations.AlterField(
            model_name="decision",
            name="system",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="system.system",
            ),
        ),
        migrations.RemoveConstraint(model_name="decision", name="decision_ref_unique"),
        migrations.AddConstraint(
            model_name="decision",
            constraint=models.UniqueConstraint(
                models.F("system"),
                django.db.models.functions.text.Lower("reference"),
                name="decision_ref_unique_in_system",
                violation_error_message="This system already has a decision with this reference.",
            ),
        ),
    ]
