# Cases, their plans, notes and safety plans; FollowUp moves in from referrals (table kept).

import uuid

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("outreach", "0005_staff_moved_out"),
        ("referrals", "0002_team_moved_to_staff"),
        ("staff", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Case",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("open", "Open"),
                            ("active", "Active"),
                            ("inactive", "Inactive"),
                            ("closed", "Closed"),
                        ],
                        default="open",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                (
                    "status_changed_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="status changed at"
                    ),
                ),
                (
                    "opened_at",
                    models.DateTimeField(
                        db_index=True, default=django.utils.timezone.now, verbose_name="opened at"
                    ),
                ),
                (
                    "closed_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="closed at"),
                ),
                (
                    "closure_reason",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("goals_met", "Goals met"),
                            ("transferred", "Transferred to another provider"),
                            ("declined", "Person declined further help"),
                            ("lost_to_contact", "Lost to contact"),
                            ("moved_away", "Moved away"),
                            ("other", "Other"),
                        ],
                        max_length=20,
                        verbose_name="closure reason",
                    ),
                ),
                (
                    "outcome",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("improved", "Improved"),
                            ("stable", "Stable"),
                            ("worse", "Worse"),
                            ("unknown", "Unknown"),
                        ],
                        max_length=10,
                        verbose_name="outcome",
                    ),
                ),
                (
                    "assigned_to",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="assigned to",
                    ),
                ),
                (
                    "encounter",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="outreach.encounter",
                        verbose_name="opened from contact",
                    ),
                ),
                (
                    "opened_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="opened by",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="cases",
                        to="outreach.person",
                        verbose_name="person",
                    ),
                ),
                (
                    "team",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="staff.team",
                        verbose_name="team",
                    ),
                ),
            ],
            options={
                "verbose_name": "case",
                "verbose_name_plural": "cases",
                "ordering": ["-opened_at"],
            },
        ),
        migrations.CreateModel(
            name="CaseNote",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("text", models.TextField(verbose_name="note")),
                (
                    "written_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="written at"
                    ),
                ),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notes",
                        to="cases.case",
                        verbose_name="case",
                    ),
                ),
                (
                    "written_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="written by",
                    ),
                ),
            ],
            options={
                "verbose_name": "case note",
                "verbose_name_plural": "case notes",
                "ordering": ["-written_at", "-id"],
            },
        ),
        migrations.CreateModel(
            name="Goal",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("text", models.TextField(verbose_name="goal, in the person's words")),
                (
                    "created_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="created at"
                    ),
                ),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="goals",
                        to="cases.case",
                        verbose_name="case",
                    ),
                ),
            ],
            options={
                "verbose_name": "goal",
                "verbose_name_plural": "goals",
                "ordering": ["created_at", "id"],
            },
        ),
        migrations.CreateModel(
            name="PlanStep",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("text", models.CharField(max_length=200, verbose_name="step")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("task", "Task"),
                            ("referral", "Referral"),
                            ("follow_up", "Follow-up"),
                        ],
                        default="task",
                        max_length=10,
                        verbose_name="kind",
                    ),
                ),
                ("due_at", models.DateTimeField(db_index=True, verbose_name="due")),
                ("done_at", models.DateTimeField(blank=True, null=True, verbose_name="done at")),
                (
                    "created_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="created at"
                    ),
                ),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="steps",
                        to="cases.case",
                        verbose_name="case",
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
            ],
            options={
                "verbose_name": "plan step",
                "verbose_name_plural": "plan steps",
                "ordering": ["due_at", "id"],
            },
        ),
        # FollowUp moves here from referrals with its table: the state learns of it, no row moves.
        migrations.SeparateDatabaseAndState(
            state_operations=[
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
                            "referral",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="follow_ups",
                                to="referrals.referral",
                                verbose_name="referral",
                            ),
                        ),
                        (
                            "team",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="staff.team",
                                verbose_name="team",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "follow-up",
                        "verbose_name_plural": "follow-ups",
                        "db_table": "outreach_followup",
                        "ordering": ["due_at"],
                        "indexes": [
                            models.Index(fields=["team", "due_at"], name="followup_team_due_idx")
                        ],
                    },
                ),
            ],
        ),
        # Every follow-up belongs to a case (filled in by 0002, then required by 0003); a plan
        # step of kind follow-up makes one without a referral.
        migrations.AddField(
            model_name="followup",
            name="case",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="follow_ups",
                to="cases.case",
                verbose_name="case",
            ),
        ),
        migrations.AddField(
            model_name="followup",
            name="plan_step",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="follow_ups",
                to="cases.planstep",
                verbose_name="plan step",
            ),
        ),
        migrations.AlterField(
            model_name="followup",
            name="referral",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="follow_ups",
                to="referrals.referral",
                verbose_name="referral",
            ),
        ),
        migrations.CreateModel(
            name="SafetyPlan",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "warning_signs",
                    models.TextField(
                        blank=True, verbose_name="Warning signs that a crisis may be coming"
                    ),
                ),
                (
                    "coping",
                    models.TextField(
                        blank=True, verbose_name="Things I can do on my own to take my mind off it"
                    ),
                ),
                (
                    "distractions",
                    models.TextField(
                        blank=True, verbose_name="People and places that help distract me"
                    ),
                ),
                ("helpers", models.TextField(blank=True, verbose_name="People I can ask for help")),
                (
                    "professionals",
                    models.TextField(
                        blank=True, verbose_name="Professionals and crisis lines I can call"
                    ),
                ),
                (
                    "safer_surroundings",
                    models.TextField(blank=True, verbose_name="Making my surroundings safer"),
                ),
                (
                    "updated_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="updated at"
                    ),
                ),
                (
                    "sms_consent_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="agreed to a text on"),
                ),
                (
                    "sms_phone",
                    models.CharField(blank=True, max_length=30, verbose_name="phone for the text"),
                ),
                (
                    "case",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="safety_plan",
                        to="cases.case",
                        verbose_name="case",
                    ),
                ),
                (
                    "sms_consent_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="agreement heard by",
                    ),
                ),
                (
                    "updated_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="updated by",
                    ),
                ),
            ],
            options={
                "verbose_name": "safety plan",
                "verbose_name_plural": "safety plans",
            },
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["team", "status"], name="case_team_status_idx"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["assigned_to", "status"], name="case_worker_status_idx"),
        ),
        migrations.AddConstraint(
            model_name="case",
            constraint=models.CheckConstraint(
                condition=models.Q(("status__in", ["open", "active", "inactive", "closed"])),
                name="case_status_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="case",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("status", "closed"), _negated=True),
                    models.Q(
                        models.Q(("closure_reason", ""), _negated=True),
                        models.Q(("outcome", ""), _negated=True),
                        ("closed_at__isnull", False),
                    ),
                    _connector="OR",
                ),
                name="case_closed_has_reason_and_outcome",
            ),
        ),
        migrations.AddConstraint(
            model_name="case",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "closed"), _negated=True),
                fields=("person",),
                name="case_one_open_per_person",
            ),
        ),
    ]
