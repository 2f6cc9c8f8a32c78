"""Input validation for the outreach log: one form serves the JSON API and the plain HTML page."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.jsonforms import JsonForm, Nested

from .models import (
    ConsentStatus,
    CoResponse,
    Disposition,
    Interpreter,
    LivingSituation,
    Need,
    Person,
    ServiceGiven,
    Source,
    TransportDestination,
    YesNoUnknown,
)

OFFSET_REQUIRED = _("Give the time with its UTC offset, e.g. 2026-11-23T21:05:00-05:00.")
CAD_REQUIRED = _("A dispatch encounter needs the CAD incident number.")
PERSON_SHAPE = _('Give either {"id": UUID} of a known person or {"alias": text}.')
UNKNOWN_PERSON = _("No such person.")
TIMES_OUT_OF_ORDER = _("Must not be earlier than the previous dispatch time.")
BACKUP_REASON_NEEDS_BACKUP = _("Give a reason only when police backup was requested.")

RISK_FIELDS = ("danger_to_self", "danger_to_others", "medical_emergency", "intoxication")
DISPATCH_TIME_FIELDS = ("call_received_at", "dispatched_at", "on_scene_at", "cleared_at")


class AwareDateTimeField(forms.DateTimeField):
    """ISO 8601; with ``require_offset`` a naive time is refused (the JSON API, contracts §4.3).

    Without it (the HTML form's datetime-local input) a naive time is read in the site's zone.
    """

    def __init__(self, *, require_offset=False, **kwargs):
        self.require_offset = require_offset
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str) and self.require_offset:
            from django.utils.dateparse import parse_datetime

            try:
                parsed = parse_datetime(value.strip())
            except ValueError:
                parsed = None
            if parsed is not None and timezone.is_naive(parsed):
                raise forms.ValidationError(OFFSET_REQUIRED, code="offset")
        if value is not None and not isinstance(value, (str, dt.datetime, dt.date)):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        result = super().to_python(value)
        if result is None or timezone.is_naive(result):
            return result
        # Stored in UTC: PostgreSQL refuses offsets past ±16 h that ISO 8601 allows (a 500 otherwise).
        try:
            return result.astimezone(dt.UTC)
        except OverflowError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class StrictCharField(forms.CharField):
    """A CharField that refuses numbers, lists and objects instead of turning them into text."""

    def to_python(self, value):
        if value is not None and not isinstance(value, str):
            raise forms.ValidationError(_("Must be text."), code="type")
        return super().to_python(value)


class StrictUUIDField(forms.UUIDField):
    def to_python(self, value):
        if value is not None and not isinstance(value, str):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class StrictDateField(forms.DateField):
    def to_python(self, value):
        if value is not None and not isinstance(value, (str, dt.date)):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class StrictFloatField(forms.FloatField):
    def to_python(self, value):
        if isinstance(value, bool) or (
            value is not None and not isinstance(value, (str, int, float))
        ):
            raise forms.ValidationError(_("Must be a number."), code="type")
        return super().to_python(value)


class SharedCodesMixin:
    """For a fixed list of codes: every copy of the form shares the field's choices.

    Django deep-copies each field's choices, label by label, for every form it builds, and a batch
    of encounters builds 200 forms. Nothing changes these lists after the class is made.
    """

    def __deepcopy__(self, memo):
        return forms.Field.__deepcopy__(self, memo)  # the widget is still copied


class CodeChoiceField(SharedCodesMixin, forms.ChoiceField):
    pass


class StrictMultipleChoiceField(SharedCodesMixin, forms.MultipleChoiceField):
    def to_python(self, value):
        if (
            value
            and isinstance(value, (list, tuple))
            and any(not isinstance(v, str) for v in value)
        ):
            raise forms.ValidationError(_("Must be a list of codes."), code="type")
        return super().to_python(value)


# The body's ``person``: ``{"id": UUID}`` of a known person or ``{"alias": text}`` for a new one.
PERSON = Nested(
    {"id": "person_id", "alias": "person_alias"},
    PERSON_SHAPE,
    one_of=True,
    text=frozenset({"alias"}),
)


class EncounterForm(JsonForm, forms.Form):
    """The fields of contracts §4.3 plus what CRT evaluators count; codes are the stored values."""

    id = StrictUUIDField(label=_("id"), widget=forms.HiddenInput)
    occurred_at = AwareDateTimeField(label=_("when"))
    source = CodeChoiceField(label=_("source"), choices=Source.choices, widget=forms.RadioSelect)
    cad_incident = StrictCharField(label=_("CAD incident number"), max_length=50, required=False)
    lat = StrictFloatField(
        label=_("latitude"), min_value=-90, max_value=90, required=False, widget=forms.HiddenInput
    )
    lng = StrictFloatField(
        label=_("longitude"),
        min_value=-180,
        max_value=180,
        required=False,
        widget=forms.HiddenInput,
    )
    location_text = StrictCharField(label=_("where"), max_length=255, required=False)
    neighbourhood = StrictCharField(label=_("neighbourhood"), max_length=100, required=False)
    person_id = StrictUUIDField(label=_("person"), required=False)
    person_alias = StrictCharField(label=_("new person: alias"), max_length=200, required=False)
    needs = StrictMultipleChoiceField(
        label=_("needs"), choices=Need.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    disposition = CodeChoiceField(
        label=_("disposition"), choices=Disposition.choices, widget=forms.RadioSelect
    )
    notes = StrictCharField(
        label=_("notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    # Beyond the contract's minimum (all optional, with coded defaults).
    call_received_at = AwareDateTimeField(label=_("call received"), required=False)
    dispatched_at = AwareDateTimeField(label=_("dispatched"), required=False)
    on_scene_at = AwareDateTimeField(label=_("on scene"), required=False)
    cleared_at = AwareDateTimeField(label=_("cleared"), required=False)
    co_response = CodeChoiceField(
        label=_("co-response"), choices=CoResponse.choices, required=False, widget=forms.RadioSelect
    )
    police_backup_requested = forms.BooleanField(
        label=_("police backup requested on scene"), required=False
    )
    police_backup_reason = StrictCharField(label=_("reason for police backup"), required=False)
    arrest_or_citation = forms.BooleanField(label=_("arrest or citation"), required=False)
    transport_destination = CodeChoiceField(
        label=_("transported to"), choices=TransportDestination.choices, required=False
    )
    transport_destination_text = StrictCharField(
        label=_("destination name"), max_length=200, required=False
    )
    danger_to_self = CodeChoiceField(
        label=_("danger to self"),
        choices=YesNoUnknown.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    danger_to_others = CodeChoiceField(
        label=_("danger to others"),
        choices=YesNoUnknown.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    medical_emergency = CodeChoiceField(
        label=_("medical emergency"),
        choices=YesNoUnknown.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    intoxication = CodeChoiceField(
        label=_("intoxication"),
        choices=YesNoUnknown.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    services_given = StrictMultipleChoiceField(
        label=_("services given on scene"),
        choices=ServiceGiven.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    living_situation = CodeChoiceField(
        label=_("current living situation (HMIS 4.12)"),
        choices=LivingSituation.choices,
        required=False,
    )
    language = StrictCharField(label=_("language used"), max_length=10, required=False)
    interpreter = CodeChoiceField(
        label=_("interpreter"), choices=Interpreter.choices, required=False
    )
    # Nobody unless the caller passes ``team_member_queryset`` (selectors.team_member_list): a wider
    # set would let a responder name any account, and tell active ids from others by the answer.
    team_members = forms.ModelMultipleChoiceField(
        label=_("team members on scene"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    json_nested = {"person": PERSON}
    json_options = {"require_offset": True}

    DEFAULTS = {
        "co_response": CoResponse.ALONE,
        "transport_destination": TransportDestination.NONE,
        "living_situation": LivingSituation.NOT_COLLECTED,
        "interpreter": Interpreter.NONE,
        **{name: YesNoUnknown.UNKNOWN for name in RISK_FIELDS},
    }

    def __init__(self, *args, require_offset=False, team_member_queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("occurred_at", *DISPATCH_TIME_FIELDS):
            self.fields[name].require_offset = require_offset
        if team_member_queryset is not None:
            self.fields["team_members"].queryset = team_member_queryset
        for name, default in self.DEFAULTS.items():
            self.fields[name].initial = default

    def clean(self):
        data = super().clean()
        for name, default in self.DEFAULTS.items():
            if not data.get(name):
                data[name] = default
        if data.get("source") == Source.DISPATCH and not data.get("cad_incident"):
            self.add_error("cad_incident", CAD_REQUIRED)
        if data.get("person_id") and data.get("person_alias"):
            self.add_error("person_id", PERSON_SHAPE)
        known = [(n, data.get(n)) for n in DISPATCH_TIME_FIELDS if data.get(n)]
        for (_a, earlier), (name, later) in zip(known, known[1:]):
            if later < earlier:
                self.add_error(name, TIMES_OUT_OF_ORDER)
        if data.get("police_backup_reason") and not data.get("police_backup_requested"):
            self.add_error("police_backup_reason", BACKUP_REASON_NEEDS_BACKUP)
        if (data.get("lat") is None) != (data.get("lng") is None):
            self.add_error(
                "lat" if data.get("lat") is None else "lng", _("Give both latitude and longitude.")
            )
        return data


class QuickLogForm(EncounterForm):
    """The HTML quick log: naive ``datetime-local`` times are read in the site's time zone."""

    occurred_at = AwareDateTimeField(
        label=_("when"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = [
            "alias",
            "name",
            "descriptors",
            "date_of_birth",
            "preferred_language",
            "hazard_note",
            "consent_to_store",
            "consent_to_store_on",
            "consent_to_share",
            "consent_to_share_on",
            "consent_to_share_scope",
        ]
        widgets = {
            "date_of_birth": forms.DateInput(attrs={"type": "date"}),
            "consent_to_store_on": forms.DateInput(attrs={"type": "date"}),
            "consent_to_share_on": forms.DateInput(attrs={"type": "date"}),
            "descriptors": forms.Textarea(attrs={"rows": 2}),
            "hazard_note": forms.Textarea(attrs={"rows": 2}),
            "consent_to_share_scope": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self):
        data = super().clean()
        for status, on in (
            ("consent_to_store", "consent_to_store_on"),
            ("consent_to_share", "consent_to_share_on"),
        ):
            if data.get(status) == ConsentStatus.GIVEN and not data.get(on):
                self.add_error(on, _("Give the date consent was given."))
        return data


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name, alias or what they look like"), max_length=200, required=False
    )


class PersonMergeForm(forms.Form):
    other = forms.UUIDField(label=_("The other record (id)"))
