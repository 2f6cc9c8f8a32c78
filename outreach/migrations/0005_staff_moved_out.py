import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Teams, staff profiles, shifts and the audit log now belong to the ``staff`` app, which kept
    their tables: only the migration state forgets them here, and the outreach foreign keys to a
    team point at ``staff.Team`` (the same table)."""

    dependencies = [
        ("outreach", "0004_referrals_moved_out"),
        ("referrals", "0002_team_moved_to_staff"),
        ("staff", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="shiftassignment",
                    name="team",
                ),
                migrations.RemoveField(
                    model_name="shiftassignment",
                    name="user",
                ),
                migrations.RemoveField(
                    model_name="staffprofile",
                    name="organization",
                ),
                migrations.RemoveField(
                    model_name="staffprofile",
                    name="team",
                ),
                migrations.RemoveField(
                    model_name="staffprofile",
                    name="user",
                ),
                migrations.AlterField(
                    model_name="encounter",
                    name="team",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="encounters",
                        to="staff.team",
                        verbose_name="team",
                    ),
                ),
                migrations.AlterField(
                    model_name="person",
                    name="created_by_team",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="staff.team",
                        verbose_name="created by team",
                    ),
                ),
                migrations.DeleteModel(
                    name="AuditEvent",
                ),
                migrations.DeleteModel(
                    name="ShiftAssignment",
                ),
                migrations.DeleteModel(
                    name="StaffProfile",
                ),
                migrations.DeleteModel(
                    name="Team",
                ),
            ],
        ),
    ]
