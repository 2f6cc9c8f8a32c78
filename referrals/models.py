"""Warm-handoff referrals: the referral, its status history and the consent it rests on
(contracts §4.4). Its follow-ups are ``cases.FollowUp`` (every follow-up belongs to a case);
who works one comes from the team shift calendar, ``staff.ShiftAssignment``.

The tables keep the ``outreach_`` names they had when these models lived in ``outreach``, so
moving them here moved no rows.

Every write goes through ``referrals.services``; the lifecycle rules live in
``Referral.TRANSITIONS`` so the service layer, the API and the pages all ask the same table.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Follow-ups moved to cases (every follow-up belongs to a case); named here for the callers.
from cases.models import FollowUp, FollowUpKind  # noqa: F401


class ReferralStatus(models.TextChoices):
    LOGGED = "logged", _("Logged (information given only)")
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    ARRIVED = "arrived", _("Arrived")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


# The referral model has no decline-reason code: a decline counts as "for lack of capacity" when
# its reason says so in one of these words (case-insensitive). The dashboard counts them, and
# anonymising a reason keeps that much of it.
CAPACITY_WORDS = (
    "capacity",
    "no bed",
    "no beds",
    "full",
    "no space",
    "no room",
    "no opening",
    "waitlist",
    "wait list",
    "no availability",
)


class Urgency(models.TextChoices):
    ROUTINE = "routine", _("Routine")
    TODAY = "today", _("Today")
    NOW = "now", _("Now")


class ReferralMode(models.TextChoices):
    LIVE = "live", _("Live: sent to the provider")
    LOGGED = "logged", _("Logged: information given only")


class Handoff(models.TextChoices):
    INFORMATION = "information", _("Information only")
    PHONE_WARM_TRANSFER = "phone_warm_transfer", _("Phone warm transfer")
    ACCOMPANIED = "accompanied", _("Accompanied in person")
    TRANSPORTED = "transported", _("Transported")
    APPOINTMENT = "appointment", _("Appointment booked")
    BED_HELD = "bed_held", _("Bed held")


class ContactPreference(models.TextChoices):
    TEXT = "text", _("Text me")
    CALL = "call", _("Call me")
    NONE = "none", _("Don't reach out")


class Outcome(models.TextChoices):
    ENGAGED = "engaged", _("Engaged with the service")
    NOT_ENGAGED = "not_engaged", _("Did not engage")
    LOST_TO_CONTACT = "lost_to_contact", _("Lost to contact")
    REFERRED_ELSEWHERE = "referred_elsewhere", _("Referred elsewhere")
    OTHER = "other", _("Other")


class ConsentMethod(models.TextChoices):
    VERBAL = "verbal", _("Verbal (responder attests)")
    WRITTEN = "written", _("Written")


class SharedField(models.TextChoices):
    """What the person agreed may go to the provider (and onto a slip or a text)."""

    FIRST_NAME = "first_name", _("First name or alias")
    PHONE = "phone", _("Phone number")
    NEEDS = "needs", _("Needs")
    LANGUAGE = "language", _("Preferred language")
    # 42 CFR Part 2: only under a written consent naming it and the recipient (services/create.py).
    SUBSTANCE_USE = "substance_use", _("Substance use (42 CFR Part 2, written consent only)")


class Consent(models.Model):
    """Consent to share, per recipient and purpose, with the words the person agreed to."""

    wagtail_reference_index_ignore = True

    person = models.ForeignKey(
        "outreach.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="consents",
    )
    recipient = models.ForeignKey(
        "directory.OrganizationPage",
        verbose_name=_("recipient"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The organization the person agreed to share with."),
    )
    purpose = models.CharField(
        _("purpose"), max_length=200, help_text=_("e.g. 'shelter intake tonight'.")
    )
    method = models.CharField(_("method"), max_length=10, choices=ConsentMethod.choices)
    scope = models.TextField(
        _("scope"), help_text=_("What may be shared, in the words used with the person.")
    )
    consent_text = models.TextField(
        _("consent text"), help_text=_("The text the person agreed to, kept as it was.")
    )
    shared_fields = models.JSONField(_("shared fields"), default=list, blank=True)
    expires_on = models.DateField(_("expires on"))
    attested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("attested by"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("For verbal consent: the responder who heard it."),
    )
    given_at = models.DateTimeField(_("given at"), default=timezone.now)

    class Meta:
        db_table = "outreach_consent"
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at"]

    def __str__(self):
        return f"{self.get_method_display()} → {self.recipient_id} until {self.expires_on}"

    def is_valid_on(self, day=None) -> bool:
        return (day or timezone.localdate()) <= self.expires_on


class ReferralQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=Referral.OPEN_STATUSES)

    def for_team(self, team):
        if team is None:
            return self.none()
        return self.filter(team=team)

    def for_organization(self, organization_id):
        if organization_id is None:
            return self.none()
        return self.filter(organization_id=organization_id, mode=ReferralMode.LIVE)


class Referral(models.Model):
    wagtail_reference_index_ignore = True

    TRANSITIONS = {
        ReferralStatus.LOGGED: {
            ReferralStatus.ARRIVED,
            ReferralStatus.CLOSED,
            ReferralStatus.CANCELLED,
        },
        ReferralStatus.SENT: {
            ReferralStatus.ACCEPTED,
            ReferralStatus.DECLINED,
            ReferralStatus.CANCELLED,
        },
        ReferralStatus.ACCEPTED: {
            ReferralStatus.ARRIVED,
            ReferralStatus.CLOSED,
            ReferralStatus.CANCELLED,
        },
        ReferralStatus.ARRIVED: {ReferralStatus.CLOSED},
        ReferralStatus.DECLINED: set(),
        ReferralStatus.CLOSED: set(),
        ReferralStatus.CANCELLED: set(),
    }
    OPEN_STATUSES = (
        ReferralStatus.LOGGED,
        ReferralStatus.SENT,
        ReferralStatus.ACCEPTED,
        ReferralStatus.ARRIVED,
    )

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        "outreach.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    encounter = models.ForeignKey(
        "outreach.Encounter",
        verbose_name=_("encounter"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
    )
    service = models.ForeignKey(
        "directory.ServicePage",
        verbose_name=_("service"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    # Denormalised from service.organization: the provider scope is one indexed column.
    organization = models.ForeignKey(
        "directory.OrganizationPage",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    consent = models.ForeignKey(
        Consent, verbose_name=_("consent"), on_delete=models.PROTECT, related_name="referrals"
    )
    team = models.ForeignKey(
        "staff.Team",
        verbose_name=_("team"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.ROUTINE
    )
    mode = models.CharField(
        _("mode"), max_length=10, choices=ReferralMode.choices, default=ReferralMode.LIVE
    )
    handoff = models.CharField(
        _("hand-off"), max_length=24, choices=Handoff.choices, default=Handoff.INFORMATION
    )
    contact_preference = models.CharField(
        _("contact preference"),
        max_length=8,
        choices=ContactPreference.choices,
        default=ContactPreference.NONE,
    )
    contact_phone = models.CharField(_("person's phone"), max_length=30, blank=True)
    appointment_at = models.DateTimeField(_("appointment / expected at"), null=True, blank=True)
    what_to_bring = models.TextField(_("what to bring"), blank=True)
    notes = models.TextField(
        _("notes"), blank=True, help_text=_("For the team only; never sent to the provider.")
    )
    # The step of a case's plan this referral carries out; arriving or closing marks it done.
    plan_step = models.ForeignKey(
        "cases.PlanStep",
        verbose_name=_("plan step"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
    )

    status = models.CharField(_("status"), max_length=12, choices=ReferralStatus.choices)
    status_changed_at = models.DateTimeField(_("status changed at"))
    sent_at = models.DateTimeField(_("sent at"), db_index=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    arrived_at = models.DateTimeField(_("arrived at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    reason = models.TextField(_("decline / cancel reason"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=24, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("outcome note"), blank=True)

    link_nonce = models.CharField(
        _("provider link nonce"), max_length=64, blank=True, editable=False
    )
    content_hash = models.CharField(_("content hash"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        db_table = "outreach_referral"
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-sent_at"]
        indexes = [
            models.Index(fields=["organization", "mode", "-sent_at"], name="referral_org_time_idx"),
            models.Index(fields=["team", "-sent_at"], name="referral_team_time_idx"),
            models.Index(fields=["person", "-sent_at"], name="referral_person_time_idx"),
            models.Index(fields=["status"], name="referral_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in ReferralStatus]),
                name="referral_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | ~Q(outcome=""), name="referral_closed_has_outcome"
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(reason=""), name="referral_declined_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(mode="logged") | ~Q(status__in=["sent", "accepted", "declined"]),
                name="referral_logged_not_sent",
            ),
        ]

    def __str__(self):
        return f"{self.service_id} · {self.get_status_display()} · {self.sent_at:%Y-%m-%d %H:%M}"

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES

    @property
    def is_live(self):
        return self.mode == ReferralMode.LIVE

    def allowed_next(self) -> set[str]:
        return {str(s) for s in self.TRANSITIONS.get(ReferralStatus(self.status), set())}

    def next_choices(self, *, exclude=()) -> list[tuple[str, str]]:
        """The allowed next statuses as (value, label), in the order a referral moves (accepted
        before arrived before closed), so a form's first option is the next step, never "closed"."""
        allowed = self.allowed_next() - set(exclude)
        return [(s.value, s.label) for s in ReferralStatus if s.value in allowed]

    def can_move_to(self, status: str) -> bool:
        return status in self.allowed_next()

    @property
    def person_label(self):
        """First name or alias: the most a provider or a slip ever shows of who the person is."""
        person = self.person
        if person.alias:
            return person.alias
        return (person.name or "").split(" ")[0]


class ReferralEvent(models.Model):
    """One status change: who (a user, or the provider link), when, from what to what."""

    wagtail_reference_index_ignore = True

    class Via(models.TextChoices):
        APP = "app", _("Waypoint")
        API = "api", _("JSON API")
        LINK = "link", _("Provider link (no login)")

    referral = models.ForeignKey(
        Referral, verbose_name=_("referral"), on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(
        _("from"), max_length=12, blank=True, choices=ReferralStatus.choices
    )
    to_status = models.CharField(_("to"), max_length=12, choices=ReferralStatus.choices)
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    by_label = models.CharField(_("by (label)"), max_length=150, blank=True)
    via = models.CharField(_("via"), max_length=8, choices=Via.choices, default=Via.APP)
    reason = models.TextField(_("reason"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=24, blank=True)

    class Meta:
        db_table = "outreach_referralevent"
        verbose_name = _("referral event")
        verbose_name_plural = _("referral events")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["referral", "at"], name="referral_event_idx")]

    def __str__(self):
        return f"{self.from_status or '∅'} → {self.to_status} ({self.by_label})"
