from django.db import migrations


def forwards(apps, schema_editor):
    """Each person with follow-ups gets one case holding them all: opened when their first
    referral was sent, by whoever made it, in its team; active while a follow-up is still open."""
    Case = apps.get_model("cases", "Case")
    FollowUp = apps.get_model("cases", "FollowUp")
    ContentType = apps.get_model("contenttypes", "ContentType")
    # Keeps the id that permissions and Wagtail log entries point at.
    ContentType.objects.filter(app_label="referrals", model="followup").update(app_label="cases")
    rows = (
        FollowUp.objects.filter(case__isnull=True)
        .select_related("referral")
        .order_by("referral__sent_at", "pk")
    )
    by_person = {}
    for follow_up in rows:
        by_person.setdefault(follow_up.referral.person_id, []).append(follow_up)
    for person_id, follow_ups in by_person.items():
        first = follow_ups[0].referral
        still_open = any(f.done_at is None and f.cancelled_at is None for f in follow_ups)
        case = Case.objects.create(
            person_id=person_id,
            encounter_id=first.encounter_id,
            team_id=first.team_id,
            assigned_to_id=first.created_by_id,
            opened_by_id=first.created_by_id,
            opened_at=first.sent_at,
            status_changed_at=first.sent_at,
            status="active" if still_open else "inactive",
        )
        FollowUp.objects.filter(pk__in=[f.pk for f in follow_ups]).update(case=case)


def backwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="cases", model="followup").update(app_label="referrals")
    FollowUp = apps.get_model("cases", "FollowUp")
    # A plan's own follow-ups have no referral and cannot exist before cases did.
    FollowUp.objects.filter(referral__isnull=True).delete()
    FollowUp.objects.update(case=None)
    apps.get_model("cases", "Case").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
