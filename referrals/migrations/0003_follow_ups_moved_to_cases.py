import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """FollowUp moved to ``cases`` with its table kept (state only); a referral may carry out a
    step of a case's plan."""

    dependencies = [
        ("cases", "0003_follow_up_case_required"),
        ("referrals", "0002_team_moved_to_staff"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="FollowUp")]
        ),
        migrations.AddField(
            model_name="referral",
            name="plan_step",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="referrals",
                to="cases.planstep",
                verbose_name="plan step",
            ),
        ),
    ]
