"""The input schemas of the OpenAPI document are derived from the forms that read the bodies
(core.jsonforms.form_schema): a body the form takes fits the schema, and the schema refuses what
the form refuses for its shape or its codes."""

import json
import uuid

import pytest
from django import forms
from django.conf import settings
from jsonschema import Draft202012Validator

from assessment.forms import ClinicalAssessmentForm, ScreeningForm
from core.jsonforms import JsonForm, Nested, form_schema
from outreach.forms import EncounterForm
from referrals.forms import ReferralJsonForm
from tests.factories import assessment_json, encounter_json, screening_json

SCHEMAS = json.loads((settings.BASE_DIR / "waypoint" / "openapi" / "waypoint.json").read_text())[
    "components"
]["schemas"]
ID = str(uuid.uuid4())


def referral_body(**overrides):
    body = {
        "id": str(uuid.uuid4()),
        "person": {"id": ID},
        "service_id": ID,
        "consent": {"method": "verbal", "scope": "first name", "expires_on": "2099-01-01"},
        "urgency": "today",
        "notes": "prefers mornings",
    }
    return body | overrides


CASES = [
    ("EncounterInput", EncounterForm, encounter_json),
    ("ScreeningInput", ScreeningForm, screening_json),
    ("ReferralInput", ReferralJsonForm, referral_body),
    ("AssessmentInput", ClinicalAssessmentForm, assessment_json),
]
REFUSED = {
    "person with a blank alias": {"person": {"alias": ""}},
    "person with an alias not text": {"person": {"alias": 5}},
    "person as text": {"person": "Bo"},
    "id not a uuid": {"id": "not-a-uuid"},
    "id missing": {"id": None},
}


def fits(schema, body) -> bool:
    return Draft202012Validator(
        schema, format_checker=Draft202012Validator.FORMAT_CHECKER
    ).is_valid({k: v for k, v in body.items() if v is not None})


@pytest.mark.parametrize(("name", "form_class", "body"), CASES)
def test_a_body_the_form_takes_fits_the_committed_schema(name, form_class, body):
    form = form_class.from_json(body())
    assert form.is_valid() and not form.shape_errors, form.json_errors()
    assert SCHEMAS[name] == form_schema(form_class)
    assert fits(SCHEMAS[name], body())


@pytest.mark.parametrize(("name", "form_class", "body"), CASES)
@pytest.mark.parametrize("case", REFUSED)
def test_what_the_form_refuses_the_schema_refuses(name, form_class, body, case):
    bad = {k: v for k, v in (body() | REFUSED[case]).items() if v is not None}
    form = form_class.from_json(bad)
    assert not form.is_valid() or form.shape_errors
    assert not fits(SCHEMAS[name], bad)


@pytest.mark.parametrize(("name", "form_class", "body"), CASES[:2])
def test_a_person_is_an_id_or_an_alias_not_both(name, form_class, body):
    both = body(person={"id": ID, "alias": "Bo"})
    assert form_class.from_json(both).shape_errors == {
        "person": [form_class.json_nested["person"].message]
    }
    assert not fits(SCHEMAS[name], both)
    assert fits(SCHEMAS[name], body(person={"alias": "Bo"}))


def test_codes_bounds_and_nested_shapes():
    class Visit(JsonForm, forms.Form):
        json_names = {"place_id": "place"}
        json_nested = {"who": Nested({"id": "who_id"}, "Give {id}.")}
        place_id = forms.UUIDField(help_text="Where it was")
        who_id = forms.UUIDField()
        kind = forms.TypedChoiceField(choices=[("", "-"), ("a", "A"), ("b", "B")], required=False)
        tags = forms.MultipleChoiceField(choices=[("x", "X")], required=False)
        count = forms.IntegerField(min_value=0, max_value=9)
        share = forms.FloatField(required=False)
        on = forms.DateField(required=False)
        note = forms.CharField(max_length=5, required=False)
        ok = forms.BooleanField(required=False)

    assert form_schema(Visit) == {
        "type": "object",
        "required": ["place", "count", "who"],
        "properties": {
            "place": {"type": "string", "format": "uuid", "description": "Where it was"},
            "kind": {"enum": ["a", "b"]},
            "tags": {"type": "array", "items": {"enum": ["x"]}},
            "count": {"type": "integer", "minimum": 0, "maximum": 9},
            "share": {"type": "number"},
            "on": {"type": "string", "format": "date"},
            "note": {"type": "string", "maxLength": 5},
            "ok": {"type": "boolean"},
            "who": {
                "type": "object",
                "properties": {"id": {"type": "string", "format": "uuid"}},
                "required": ["id"],
            },
        },
    }
