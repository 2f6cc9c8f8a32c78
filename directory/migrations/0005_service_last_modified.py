from django.db import migrations, models
from django.utils import timezone


def fill_last_modified(apps, schema_editor):
    """Services that never had one: when they were last published (what sync compared before)."""
    ServicePage = apps.get_model("directory", "ServicePage")
    now = timezone.now()
    rows = ServicePage.objects.filter(last_modified__isnull=True).values_list(
        "pk", "last_published_at", "first_published_at"
    )
    for pk, last_published_at, first_published_at in rows.iterator():
        ServicePage.objects.filter(pk=pk).update(
            last_modified=last_published_at or first_published_at or now
        )


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0004_taxonomy_term_parent_hsds_id"),
    ]

    operations = [
        migrations.AlterField(
            model_name="servicepage",
            name="last_modified",
            field=models.DateTimeField(
                blank=True, db_index=True, null=True, verbose_name="last modified"
            ),
        ),
        migrations.RunPython(fill_last_modified, migrations.RunPython.noop),
    ]
