"""Input of referrals: the page's form, and the JSON body of ``POST /api/referrals`` on the same
fields (contracts §4.4). Who, which service and whether consent still holds are the service's
checks (``referral_create``), not the form's."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from core.jsonforms import JsonForm, Nested
from outreach.forms import AwareDateTimeField, StrictCharField, StrictDateField, StrictUUIDField

from .models import ConsentMethod, ContactPreference, Handoff, ReferralMode, SharedField, Urgency

CONSENT_SHAPE = gettext_lazy('Required: {"method", "scope", "expires_on"}.')
PERSON_SHAPE = gettext_lazy('Required: {"id": UUID}.')


class ReferralForm(forms.Form):
    """The page that makes a referral; the JSON API reads the same fields (``ReferralJsonForm``)."""

    person = forms.UUIDField(label=gettext_lazy("Person"), widget=forms.HiddenInput)
    service = forms.UUIDField(label=gettext_lazy("Service"), widget=forms.HiddenInput)
    encounter = forms.UUIDField(required=False, widget=forms.HiddenInput)
    plan_step = forms.IntegerField(required=False, widget=forms.HiddenInput)
    mode = forms.ChoiceField(
        label=gettext_lazy("Send or log"),
        choices=ReferralMode.choices,
        initial=ReferralMode.LIVE,
        widget=forms.RadioSelect,
    )
    handoff = forms.ChoiceField(
        label=gettext_lazy("How the hand-off happens"),
        choices=Handoff.choices,
        initial=Handoff.INFORMATION,
    )
    urgency = forms.ChoiceField(
        label=gettext_lazy("Urgency"),
        choices=Urgency.choices,
        initial=Urgency.ROUTINE,
        widget=forms.RadioSelect,
    )
    consent_method = forms.ChoiceField(
        label=gettext_lazy("Consent"), choices=ConsentMethod.choices, widget=forms.RadioSelect
    )
    consent_scope = StrictCharField(
        label=gettext_lazy("What may be shared (say it to the person)"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    consent_purpose = StrictCharField(label=gettext_lazy("Purpose"), required=False, max_length=200)
    consent_expires_on = StrictDateField(
        label=gettext_lazy("Consent ends on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    consent_attested = forms.BooleanField(
        label=gettext_lazy("I read the consent text to the person and they agreed."), required=True
    )
    shared_fields = forms.MultipleChoiceField(
        label=gettext_lazy("Shared with the provider"),
        choices=SharedField.choices,
        required=False,
        initial=[SharedField.FIRST_NAME],
        widget=forms.CheckboxSelectMultiple,
    )
    contact_preference = forms.ChoiceField(
        label=gettext_lazy("How may we reach the person?"),
        choices=ContactPreference.choices,
        initial=ContactPreference.NONE,
        widget=forms.RadioSelect,
    )
    contact_phone = StrictCharField(
        label=gettext_lazy("Person's phone"), required=False, max_length=30
    )
    appointment_at = AwareDateTimeField(
        label=gettext_lazy("Appointment / expected at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    what_to_bring = StrictCharField(
        label=gettext_lazy("What to bring"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    notes = StrictCharField(
        label=gettext_lazy("Notes for the team (never sent)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    send_link = forms.BooleanField(
        label=gettext_lazy("Email the provider a one-time link"), required=False, initial=True
    )

    def to_service_data(self, referral_id) -> dict:
        d = self.cleaned_data
        return {
            "id": referral_id,
            "person_id": d["person"],
            "encounter_id": d.get("encounter"),
            "plan_step_id": d.get("plan_step"),
            "service_id": d["service"],
            "consent_method": d["consent_method"],
            "consent_scope": d["consent_scope"],
            "consent_expires_on": d["consent_expires_on"],
            "consent_purpose": d.get("consent_purpose") or "",
            "urgency": d["urgency"],
            "mode": d["mode"],
            "handoff": d["handoff"],
            "contact_preference": d["contact_preference"],
            "contact_phone": d.get("contact_phone") or "",
            "appointment_at": d.get("appointment_at"),
            "what_to_bring": d.get("what_to_bring") or "",
            "notes": d.get("notes") or "",
            "shared_fields": d.get("shared_fields") or [],
        }


ANONYMOUS = "anonymous"
CHOOSE_PERSON = gettext_lazy("Choose who this is for, or “Anonymous / not named”.")


class QuickReferralForm(ReferralForm):
    """The one-screen page: the person is one of the team's people or ``anonymous`` (a person
    by alias is made for the referral, which needs one); tapping Save is the attestation."""

    person = forms.CharField(label=gettext_lazy("Person"), required=False)
    person_alias = StrictCharField(
        label=gettext_lazy("Alias or description (optional)"), required=False, max_length=200
    )

    def clean_person(self):
        value = self.cleaned_data["person"].strip()
        if value == ANONYMOUS:
            return ANONYMOUS
        if not value:
            raise forms.ValidationError(CHOOSE_PERSON)
        return forms.UUIDField().clean(value)

    def to_service_data(self, referral_id) -> dict:
        anonymous = self.cleaned_data["person"] == ANONYMOUS
        if anonymous:
            self.cleaned_data["person"] = None
        data = super().to_service_data(referral_id)
        if anonymous:
            data["person_alias"] = self.cleaned_data.get("person_alias") or ""
        return data


class ReferralJsonForm(JsonForm, ReferralForm):
    """The JSON body: ``person`` and ``consent`` are objects, ``service_id`` the HSDS id; the
    coded choices may be left out (their defaults), and nothing the page alone asks is taken."""

    json_names = {"service": "service_id"}
    json_nested = {
        "person": Nested({"id": "person"}, PERSON_SHAPE),
        "consent": Nested(
            {
                "method": "consent_method",
                "scope": "consent_scope",
                "expires_on": "consent_expires_on",
                "purpose": "consent_purpose",
                "text": "consent_text",
            },
            CONSENT_SHAPE,
            dotted_errors=True,
        ),
    }
    DEFAULTED = ("urgency", "mode", "handoff", "contact_preference")

    id = StrictUUIDField(
        error_messages={
            "required": gettext_lazy("A UUID made by the client is required."),
            "invalid": gettext_lazy("A UUID made by the client is required."),
        }
    )
    consent_text = StrictCharField(required=False)
    plan_step = None
    consent_attested = None
    send_link = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["appointment_at"].require_offset = True
        for name in self.DEFAULTED:
            self.fields[name].required = False

    def to_service_data(self) -> dict:
        data = super().to_service_data(self.cleaned_data["id"])
        for name in self.DEFAULTED:
            data[name] = data[name] or self.fields[name].initial
        data["consent_text"] = self.cleaned_data.get("consent_text") or ""
        return data
