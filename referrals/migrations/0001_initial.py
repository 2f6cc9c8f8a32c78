import uuid

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

# The models moved from ``outreach``; their tables keep the ``outreach_`` names (``db_table``), so
# this migration only tells the migration state where they live now. No table or row moves.
MOVED = ("consent", "referral", "referralevent", "followup")
# PersonMerge.moved is keyed by model label; an old merge must stay undoable.
MERGE_LABELS = {"outreach.Consent": "referrals.Consent", "outreach.Referral": "referrals.Referral"}


def _relabel(apps, old_app, new_app, labels):
    ContentType = apps.get_model("contenttypes", "ContentType")
    # Keeps the ids that permissions and Wagtail log entries point at.
    for model in MOVED:
        if not ContentType.objects.filter(app_label=new_app, model=model).exists():
            ContentType.objects.filter(app_label=old_app, model=model).update(app_label=new_app)
    PersonMerge = apps.get_model("outreach", "PersonMerge")
    for merge in PersonMerge.objects.all().iterator():
        moved = {labels.get(label, label): ids for label, ids in merge.moved.items()}
        if moved != merge.moved:
            merge.moved = moved
            merge.save(update_fields=["moved"])


def forwards(apps, schema_editor):
    _relabel(apps, "outreach", "referrals", MERGE_LABELS)


def backwards(apps, schema_editor):
    _relabel(apps, "referrals", "outreach", {new: old for old, new in MERGE_LABELS.items()})


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("directory", "0003_required_document_text"),
        ("outreach", "0003_referrals"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Consent",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "purpose",
                            models.CharField(
                                help_text="e.g. 'shelter intake tonight'.",
                                max_length=200,
                                verbose_name="purpose",
                            ),
                        ),
                        (
                            "method",
                            models.CharField(
                                choices=[
                                    ("verbal", "Verbal (responder attests)"),
                                    ("written", "Written"),
                                ],
                                max_length=10,
                                verbose_name="method",
                            ),
                        ),
                        (
                            "scope",
                            models.TextField(
                                help_text="What may be shared, in the words used with the person.",
                                verbose_name="scope",
                            ),
                        ),
                        (
                            "consent_text",
                            models.TextField(
                                help_text="The text the person agreed to, kept as it was.",
                                verbose_name="consent text",
                            ),
                        ),
                        (
                            "shared_fields",
                            models.JSONField(
                                blank=True, default=list, verbose_name="shared fields"
                            ),
                        ),
                        ("expires_on", models.DateField(verbose_name="expires on")),
                        (
                            "given_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="given at"
                            ),
                        ),
                        (
                            "attested_by",
                            models.ForeignKey(
                                help_text="For verbal consent: the responder who heard it.",
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="attested by",
                            ),
                        ),
                        (
                            "person",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="consents",
                                to="outreach.person",
                                verbose_name="person",
                            ),
                        ),
                        (
                            "recipient",
                            models.ForeignKey(
                                help_text="The organization the person agreed to share with.",
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="directory.organizationpage",
                                verbose_name="recipient",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "consent",
                        "verbose_name_plural": "consents",
                        "db_table": "outreach_consent",
                        "ordering": ["-given_at"],
                    },
                ),
                migrations.CreateModel(
                    name="Referral",
                    fields=[
                        (
                            "id",
                            models.UUIDField(
                                default=uuid.uuid4,
                                editable=False,
                                primary_key=True,
                                serialize=False,
                            ),
                        ),
                        (
                            "urgency",
                            models.CharField(
                                choices=[
                                    ("routine", "Routine"),
                                    ("today", "Today"),
                                    ("now", "Now"),
                                ],
                                default="routine",
                                max_length=10,
                                verbose_name="urgency",
                            ),
                        ),
                        (
                            "mode",
                            models.CharField(
                                choices=[
                                    ("live", "Live: sent to the provider"),
                                    ("logged", "Logged: information given only"),
                                ],
                                default="live",
                                max_length=10,
                                verbose_name="mode",
                            ),
                        ),
                        (
                            "handoff",
                            models.CharField(
                                choices=[
                                    ("information", "Information only"),
                                    ("phone_warm_transfer", "Phone warm transfer"),
                                    ("accompanied", "Accompanied in person"),
                                    ("transported", "Transported"),
                                    ("appointment", "Appointment booked"),
                                    ("bed_held", "Bed held"),
                                ],
                                default="information",
                                max_length=24,
                                verbose_name="hand-off",
                            ),
                        ),
                        (
                            "contact_preference",
                            models.CharField(
                                choices=[
                                    ("text", "Text me"),
                                    ("call", "Call me"),
                                    ("none", "Don't reach out"),
                                ],
                                default="none",
                                max_length=8,
                                verbose_name="contact preference",
                            ),
                        ),
                        (
                            "contact_phone",
                            models.CharField(
                                blank=True, max_length=30, verbose_name="person's phone"
                            ),
                        ),
                        (
                            "appointment_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="appointment / expected at"
                            ),
                        ),
                        (
                            "what_to_bring",
                            models.TextField(blank=True, verbose_name="what to bring"),
                        ),
                        (
                            "notes",
                            models.TextField(
                                blank=True,
                                help_text="For the team only; never sent to the provider.",
                                verbose_name="notes",
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("logged", "Logged (information given only)"),
                                    ("sent", "Sent"),
                                    ("accepted", "Accepted"),
                                    ("declined", "Declined"),
                                    ("arrived", "Arrived"),
                                    ("closed", "Closed"),
                                    ("cancelled", "Cancelled"),
                                ],
                                max_length=12,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "status_changed_at",
                            models.DateTimeField(verbose_name="status changed at"),
                        ),
                        ("sent_at", models.DateTimeField(db_index=True, verbose_name="sent at")),
                        (
                            "accepted_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="accepted at"),
                        ),
                        (
                            "arrived_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="arrived at"),
                        ),
                        (
                            "closed_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="closed at"),
                        ),
                        (
                            "reason",
                            models.TextField(blank=True, verbose_name="decline / cancel reason"),
                        ),
                        (
                            "outcome",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("engaged", "Engaged with the service"),
                                    ("not_engaged", "Did not engage"),
                                    ("lost_to_contact", "Lost to contact"),
                                    ("referred_elsewhere", "Referred elsewhere"),
                                    ("other", "Other"),
                                ],
                                max_length=24,
                                verbose_name="outcome",
                            ),
                        ),
                        ("outcome_note", models.TextField(blank=True, verbose_name="outcome note")),
                        (
                            "link_nonce",
                            models.CharField(
                                blank=True,
                                editable=False,
                                max_length=64,
                                verbose_name="provider link nonce",
                            ),
                        ),
                        (
                            "content_hash",
                            models.CharField(
                                editable=False, max_length=64, verbose_name="content hash"
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="received at"),
                        ),
                        (
                            "consent",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="referrals",
                                to="referrals.consent",
                                verbose_name="consent",
                            ),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="made by",
                            ),
                        ),
                        (
                            "encounter",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="referrals",
                                to="outreach.encounter",
                                verbose_name="encounter",
                            ),
                        ),
                        (
                            "organization",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="referrals",
                                to="directory.organizationpage",
                                verbose_name="organization",
                            ),
                        ),
                        (
                            "person",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="referrals",
                                to="outreach.person",
                                verbose_name="person",
                            ),
                        ),
                        (
                            "service",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="referrals",
                                to="directory.servicepage",
                                verbose_name="service",
                            ),
                        ),
                        (
                            "team",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="referrals",
                                to="outreach.team",
                                verbose_name="team",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "referral",
                        "verbose_name_plural": "referrals",
                        "db_table": "outreach_referral",
                        "ordering": ["-sent_at"],
                    },
                ),
                migrations.CreateModel(
                    name="FollowUp",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("not_arrived", "Not arrived yet: check in"),
                                    ("check_outcome", "Check the outcome"),
                                    ("other", "Other"),
                                ],
                                max_length=16,
                                verbose_name="kind",
                            ),
                        ),
                        ("label", models.CharField(max_length=200, verbose_name="label")),
                        ("due_at", models.DateTimeField(db_index=True, verbose_name="due at")),
                        (
                            "done_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="done at"),
                        ),
                        (
                            "cancelled_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="cancelled at"
                            ),
                        ),
                        ("note", models.TextField(blank=True, verbose_name="note")),
                        (
                            "reminded_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="reminder sent at"
                            ),
                        ),
                        (
                            "done_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="done by",
                            ),
                        ),
                        (
                            "owner",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="owner",
                            ),
                        ),
                        (
                            "team",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="outreach.team",
                                verbose_name="team",
                            ),
                        ),
                        (
                            "referral",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="follow_ups",
                                to="referrals.referral",
                                verbose_name="referral",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "follow-up",
                        "verbose_name_plural": "follow-ups",
                        "db_table": "outreach_followup",
                        "ordering": ["due_at"],
                    },
                ),
                migrations.CreateModel(
                    name="ReferralEvent",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "from_status",
                            models.CharField(blank=True, max_length=12, verbose_name="from"),
                        ),
                        ("to_status", models.CharField(max_length=12, verbose_name="to")),
                        (
                            "at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="when"
                            ),
                        ),
                        (
                            "by_label",
                            models.CharField(blank=True, max_length=150, verbose_name="by (label)"),
                        ),
                        (
                            "via",
                            models.CharField(
                                choices=[
                                    ("app", "Waypoint"),
                                    ("api", "JSON API"),
                                    ("link", "Provider link (no login)"),
                                ],
                                default="app",
                                max_length=8,
                                verbose_name="via",
                            ),
                        ),
                        ("reason", models.TextField(blank=True, verbose_name="reason")),
                        (
                            "outcome",
                            models.CharField(blank=True, max_length=24, verbose_name="outcome"),
                        ),
                        (
                            "by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="by",
                            ),
                        ),
                        (
                            "referral",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="events",
                                to="referrals.referral",
                                verbose_name="referral",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "referral event",
                        "verbose_name_plural": "referral events",
                        "db_table": "outreach_referralevent",
                        "ordering": ["at", "id"],
                    },
                ),
                migrations.AddIndex(
                    model_name="referral",
                    index=models.Index(
                        fields=["organization", "mode", "-sent_at"], name="referral_org_time_idx"
                    ),
                ),
                migrations.AddIndex(
                    model_name="referral",
                    index=models.Index(fields=["team", "-sent_at"], name="referral_team_time_idx"),
                ),
                migrations.AddIndex(
                    model_name="referral",
                    index=models.Index(
                        fields=["person", "-sent_at"], name="referral_person_time_idx"
                    ),
                ),
                migrations.AddIndex(
                    model_name="referral",
                    index=models.Index(fields=["status"], name="referral_status_idx"),
                ),
                migrations.AddConstraint(
                    model_name="referral",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            (
                                "status__in",
                                [
                                    "logged",
                                    "sent",
                                    "accepted",
                                    "declined",
                                    "arrived",
                                    "closed",
                                    "cancelled",
                                ],
                            )
                        ),
                        name="referral_status_valid",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="referral",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("status", "closed"), _negated=True),
                            models.Q(("outcome", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="referral_closed_has_outcome",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="referral",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("status", "declined"), _negated=True),
                            models.Q(("reason", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="referral_declined_has_reason",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="referral",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("mode", "logged"), _negated=True),
                            models.Q(
                                ("status__in", ["sent", "accepted", "declined"]), _negated=True
                            ),
                            _connector="OR",
                        ),
                        name="referral_logged_not_sent",
                    ),
                ),
                migrations.AddIndex(
                    model_name="followup",
                    index=models.Index(fields=["team", "due_at"], name="followup_team_due_idx"),
                ),
                migrations.AddIndex(
                    model_name="referralevent",
                    index=models.Index(fields=["referral", "at"], name="referral_event_idx"),
                ),
            ],
        ),
        migrations.RunPython(forwards, backwards),
    ]
