from django.db import migrations


class Migration(migrations.Migration):
    """Consents, referrals, their events and follow-ups now belong to the ``referrals`` app, which
    kept their tables: only the migration state forgets them here."""

    dependencies = [
        ("outreach", "0003_referrals"),
        ("referrals", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="referral", name="consent"),
                migrations.RemoveField(model_name="followup", name="done_by"),
                migrations.RemoveField(model_name="followup", name="owner"),
                migrations.RemoveField(model_name="followup", name="referral"),
                migrations.RemoveField(model_name="followup", name="team"),
                migrations.RemoveField(model_name="referral", name="created_by"),
                migrations.RemoveField(model_name="referral", name="encounter"),
                migrations.RemoveField(model_name="referral", name="organization"),
                migrations.RemoveField(model_name="referral", name="person"),
                migrations.RemoveField(model_name="referral", name="service"),
                migrations.RemoveField(model_name="referral", name="team"),
                migrations.RemoveField(model_name="referralevent", name="referral"),
                migrations.RemoveField(model_name="referralevent", name="by"),
                migrations.DeleteModel(name="Consent"),
                migrations.DeleteModel(name="FollowUp"),
                migrations.DeleteModel(name="Referral"),
                migrations.DeleteModel(name="ReferralEvent"),
            ],
        ),
    ]
