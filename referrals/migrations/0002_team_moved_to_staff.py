import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Team moved to the ``staff`` app with its table kept: only the state's target changes."""

    dependencies = [
        ("referrals", "0001_initial"),
        ("staff", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="followup",
                    name="team",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="staff.team",
                        verbose_name="team",
                    ),
                ),
                migrations.AlterField(
                    model_name="referral",
                    name="team",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="referrals",
                        to="staff.team",
                        verbose_name="team",
                    ),
                ),
            ],
        ),
    ]
