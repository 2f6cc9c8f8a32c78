"""Input of screenings and assessments: one screening form serves the JSON API and the page."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from core.jsonforms import JsonForm, Nested
from outreach.forms import (
    PERSON,
    AwareDateTimeField,
    StrictCharField,
    StrictMultipleChoiceField,
    StrictUUIDField,
)

from .models import (
    ClinicalAssessment,
    Medical,
    Mood,
    PresentingConcern,
    ScreeningAction,
    Substance,
    Support,
)

ANSWERS_SHAPE = _('An object of question codes and answers, e.g. {"q1": "no"}.')
PERSON_OR_ALIAS = _("Choose a person or give an alias, not both.")
KNOWN_PERSON = Nested({"id": "person_id"}, _('Give {"id": UUID} of a known person.'), one_of=True)


class AnswersField(forms.Field):
    """A JSON object of question code → answer code (checked against the instrument later)."""

    json_schema = {
        "type": "object",
        "description": "asq: q1-q4 each yes, no or refused; q5 the same, "
        "left out when q1-q4 are all no.",
        "additionalProperties": {"type": "string"},
    }

    def to_python(self, value):
        if value in (None, ""):
            return {}
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        ):
            raise forms.ValidationError(ANSWERS_SHAPE, code="shape")
        return value


class ScreeningForm(JsonForm, forms.Form):
    json_names = {"encounter_id": "encounter"}
    json_nested = {"person": PERSON}
    json_options = {"require_offset": True}

    id = StrictUUIDField(label=_("id"))
    occurred_at = AwareDateTimeField(label=_("when"))
    person_id = StrictUUIDField(required=False)
    person_alias = StrictCharField(required=False, max_length=200)
    encounter_id = StrictUUIDField(required=False)
    instrument = StrictCharField(max_length=40)
    answers = AnswersField(label=_("answers"))
    actions = StrictMultipleChoiceField(
        label=_("What you did"), choices=ScreeningAction.choices, required=False
    )

    def __init__(self, *args, require_offset=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occurred_at"].require_offset = require_offset

    def clean(self):
        data = super().clean()
        if data.get("person_id") and (data.get("person_alias") or "").strip():
            self.add_error("person_alias", PERSON_OR_ALIAS)
        return data


class ScreeningPageForm(ScreeningForm):
    """The HTML screen: one radio group per question (``q1`` …), read into ``answers``; a
    question that is not asked for these answers is left out (the page shows it to everyone)."""

    occurred_at = AwareDateTimeField(
        label=_("when"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    answers = AnswersField(required=False)

    def __init__(self, *args, definition: dict, **kwargs):
        self.definition = definition
        super().__init__(*args, **kwargs)

    def clean(self):
        from .scoring import asked

        data = super().clean()
        given = {
            q["code"]: self.data.get(q["code"])
            for q in self.definition["questions"]
            if self.data.get(q["code"])
        }
        data["answers"] = {
            q["code"]: given[q["code"]] for q in asked(self.definition, given) if q["code"] in given
        }
        return data


def _chips(label, choices):
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple
    )


class ClinicalAssessmentForm(JsonForm, forms.ModelForm):
    """Every part optional: tap what you saw and heard, write only what a tap cannot say.

    The page and ``POST /api/assessments`` share it; the client's ``id`` makes a repeat safe.
    The page sends the id it was rendered with (a fresh one if none) and the time of saving.
    """

    json_names = {"encounter_id": "encounter"}
    json_nested = {"person": KNOWN_PERSON}
    id = StrictUUIDField(label=_("id"), widget=forms.HiddenInput)
    occurred_at = AwareDateTimeField(label=_("when"), required=False, widget=forms.HiddenInput)
    person_id = StrictUUIDField(required=False, widget=forms.HiddenInput)
    encounter_id = StrictUUIDField(required=False, widget=forms.HiddenInput)
    presenting_concerns = _chips(_("what brought us here"), PresentingConcern.choices)
    moods = _chips(_("mood"), Mood.choices)
    substances = _chips(_("substances used"), Substance.choices)
    medical_concerns = _chips(_("medical concerns"), Medical.choices)
    supports = _chips(_("supports"), Support.choices)

    SECTIONS = (
        (_("Presenting concern"), ("presenting_concerns", "presenting_notes")),
        (_("Mental status"), ("orientation", "moods", "thought_process", "hallucinations")),
        (_("Substance use"), ("substances", "last_use", "overdose_risk", "substance_notes")),
        (_("Medical concerns"), ("medical_concerns", "medical_notes")),
        (_("Where they slept last night"), ("slept_last_night",)),
        (_("Supports and strengths"), ("supports", "strengths")),
    )

    def __init__(self, *args, page=False, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("id", "occurred_at"):
            self.fields[name].required = not page
        self.fields["occurred_at"].require_offset = not page

    def clean_id(self):
        return self.cleaned_data["id"] or uuid.uuid4()

    def sections(self):
        return [(title, [self[name] for name in names]) for title, names in self.SECTIONS]

    class Meta:
        model = ClinicalAssessment
        fields = ClinicalAssessment.PARTS
        widgets = {
            name: forms.RadioSelect
            for name in (
                "orientation",
                "thought_process",
                "hallucinations",
                "last_use",
                "overdose_risk",
                "slept_last_night",
            )
        } | {
            name: forms.Textarea(attrs={"rows": 2})
            for name in ("presenting_notes", "substance_notes", "medical_notes", "strengths")
        }
