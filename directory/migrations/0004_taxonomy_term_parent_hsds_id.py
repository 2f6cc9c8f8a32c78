from django.db import migrations, models


def copy_parent_ids(apps, schema_editor):
    TaxonomyTerm = apps.get_model("directory", "TaxonomyTerm")
    for term in TaxonomyTerm.objects.filter(parent__isnull=False).select_related("parent"):
        TaxonomyTerm.objects.filter(pk=term.pk).update(parent_hsds_id=term.parent.hsds_id)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0003_required_document_text"),
    ]

    operations = [
        migrations.AddField(
            model_name="taxonomyterm",
            name="parent_hsds_id",
            field=models.UUIDField(
                blank=True, db_index=True, editable=False, null=True, verbose_name="parent HSDS id"
            ),
        ),
        migrations.RunPython(copy_parent_ids, migrations.RunPython.noop),
    ]
