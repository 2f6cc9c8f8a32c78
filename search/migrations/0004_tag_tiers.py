"""Copy the tier columns onto the tags, so the candidate query reads one table (see SearchTag)."""

from django.db import migrations, models

TIER_FIELDS = (
    "populations",
    "languages",
    "has_beds",
    "beds_available",
    "capacity_updated",
    "hours_known",
    "hours_exact",
    "always_open",
    "open_mask",
)


def copy_tiers(apps, schema_editor):
    # One statement, the same on SQLite and PostgreSQL; the table is derived data.
    sets = ", ".join(
        f"{name} = (SELECT d.{name} FROM search_servicesearchdocument d WHERE d.id = search_searchtag.document_id)"
        for name in TIER_FIELDS
    )
    schema_editor.execute(f"UPDATE search_searchtag SET {sets}")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_unmet_search"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchtag",
            name="always_open",
            field=models.BooleanField(default=False, verbose_name="open 24/7"),
        ),
        migrations.AddField(
            model_name="searchtag",
            name="beds_available",
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name="beds available"),
        ),
        migrations.AddField(
            model_name="searchtag",
            name="capacity_updated",
            field=models.DateTimeField(blank=True, null=True, verbose_name="beds counted at"),
        ),
        migrations.AddField(
            model_name="searchtag",
            name="has_beds",
            field=models.BooleanField(default=False, verbose_name="counts beds"),
        ),
        migrations.AddField(
            model_name="searchtag",
            name="hours_exact",
            field=models.BooleanField(default=True, verbose_name="weekly hours are exact"),
        ),
        migrations.AddField(
            model_name="searchtag",
            name="hours_known",
            field=models.BooleanField(default=False, verbose_name="hours known"),
        ),
        migrations.AddField(
            model_name="searchtag",
            name="languages",
            field=models.CharField(blank=True, max_length=200, verbose_name="language codes"),
        ),
        migrations.AddField(
            model_name="searchtag",
            name="populations",
            field=models.CharField(blank=True, max_length=300, verbose_name="population codes"),
        ),
        migrations.AddField(
            model_name="searchtag",
            name="open_mask",
            field=models.TextField(blank=True, verbose_name="open hourly slots, two weeks"),
        ),
        migrations.RunPython(copy_tiers, migrations.RunPython.noop),
    ]
