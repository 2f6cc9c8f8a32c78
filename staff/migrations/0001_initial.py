import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

# The models moved from ``outreach``; their tables keep the ``outreach_`` names (``db_table``), so
# this migration only tells the migration state where they live now. No table or row moves, and
# the append-only trigger on outreach_auditevent (waypoint.security 0001) stays where it is.
MOVED = ("team", "staffprofile", "shiftassignment", "auditevent")


def _relabel(apps, old_app, new_app):
    ContentType = apps.get_model("contenttypes", "ContentType")
    # Keeps the ids that permissions and Wagtail log entries point at.
    for model in MOVED:
        if not ContentType.objects.filter(app_label=new_app, model=model).exists():
            ContentType.objects.filter(app_label=old_app, model=model).update(app_label=new_app)


def forwards(apps, schema_editor):
    _relabel(apps, "outreach", "staff")


def backwards(apps, schema_editor):
    _relabel(apps, "staff", "outreach")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("directory", "0008_categorisation"),
        ("outreach", "0004_referrals_moved_out"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Team",
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
                            "name",
                            models.CharField(max_length=100, unique=True, verbose_name="name"),
                        ),
                    ],
                    options={
                        "verbose_name": "team",
                        "verbose_name_plural": "teams",
                        "db_table": "outreach_team",
                        "ordering": ["name"],
                    },
                ),
                migrations.CreateModel(
                    name="AuditEvent",
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
                            "at",
                            models.DateTimeField(
                                db_index=True,
                                default=django.utils.timezone.now,
                                editable=False,
                                verbose_name="when",
                            ),
                        ),
                        (
                            "username",
                            models.CharField(
                                blank=True, editable=False, max_length=150, verbose_name="username"
                            ),
                        ),
                        (
                            "action",
                            models.CharField(
                                db_index=True, editable=False, max_length=32, verbose_name="action"
                            ),
                        ),
                        (
                            "object_type",
                            models.CharField(
                                blank=True,
                                editable=False,
                                max_length=100,
                                verbose_name="object type",
                            ),
                        ),
                        (
                            "object_id",
                            models.CharField(
                                blank=True, editable=False, max_length=64, verbose_name="object id"
                            ),
                        ),
                        (
                            "person_id",
                            models.UUIDField(
                                blank=True,
                                db_index=True,
                                editable=False,
                                null=True,
                                verbose_name="person id",
                            ),
                        ),
                        (
                            "detail",
                            models.TextField(blank=True, editable=False, verbose_name="detail"),
                        ),
                        (
                            "path",
                            models.CharField(
                                blank=True,
                                editable=False,
                                max_length=500,
                                verbose_name="request path",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                blank=True,
                                editable=False,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="who",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "audit event",
                        "verbose_name_plural": "audit events",
                        "db_table": "outreach_auditevent",
                        "ordering": ["-at", "-id"],
                        "default_permissions": ("view",),
                        "indexes": [
                            models.Index(fields=["user", "-at"], name="audit_user_time_idx")
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="StaffProfile",
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
                            "role",
                            models.CharField(
                                choices=[
                                    ("responder", "Responder"),
                                    ("supervisor", "Supervisor"),
                                    ("moderator", "Moderator"),
                                    ("provider", "Provider"),
                                ],
                                max_length=20,
                                verbose_name="role",
                            ),
                        ),
                        (
                            "organization",
                            models.ForeignKey(
                                blank=True,
                                help_text="The one organization a provider account may edit.",
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="staff",
                                to="directory.organizationpage",
                                verbose_name="organization",
                            ),
                        ),
                        (
                            "user",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="staff_profile",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="user",
                            ),
                        ),
                        (
                            "team",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="members",
                                to="staff.team",
                                verbose_name="team",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "staff profile",
                        "verbose_name_plural": "staff profiles",
                        "db_table": "outreach_staffprofile",
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(("role", "provider"), _negated=True),
                                    ("organization__isnull", False),
                                    _connector="OR",
                                ),
                                name="provider_has_organization",
                                violation_error_message="A provider account needs an organization.",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("role", "provider"),
                                    ("organization__isnull", True),
                                    _connector="OR",
                                ),
                                name="only_providers_have_organization",
                            ),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="ShiftAssignment",
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
                        ("starts_at", models.DateTimeField(verbose_name="starts at")),
                        ("ends_at", models.DateTimeField(verbose_name="ends at")),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="staff member",
                            ),
                        ),
                        (
                            "team",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="shifts",
                                to="staff.team",
                                verbose_name="team",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "shift",
                        "verbose_name_plural": "shifts",
                        "db_table": "outreach_shiftassignment",
                        "ordering": ["starts_at"],
                        "indexes": [
                            models.Index(
                                fields=["team", "starts_at", "ends_at"], name="shift_team_time_idx"
                            )
                        ],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("ends_at__gt", models.F("starts_at"))),
                                name="shift_ends_after_start",
                            )
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(forwards, backwards),
    ]
