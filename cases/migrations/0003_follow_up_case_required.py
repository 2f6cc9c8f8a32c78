import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Every follow-up belongs to a case (a migration of its own: PostgreSQL will not alter a
    table in the transaction that just updated its rows)."""

    dependencies = [("cases", "0002_cases_for_follow_ups")]

    operations = [
        migrations.AlterField(
            model_name="followup",
            name="case",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="follow_ups",
                to="cases.case",
                verbose_name="case",
            ),
        ),
    ]
