"""Writes waypoint/openapi/waypoint.json (run from the repository root); tests/security/test_openapi.py
checks that the committed file is what ``doc`` says. The input schemas come from the forms that
read the bodies (core.jsonforms.form_schema); the answers are declared here."""

import json
import os
import sys
from pathlib import Path

if __name__ == "__main__":  # run as a script: the forms need Django set up first
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "waypoint.settings.dev")
    import django

    django.setup()

from assessment.forms import ClinicalAssessmentForm, ScreeningForm
from assessment.models import ClinicalAssessment
from core.jsonforms import form_schema
from outreach.forms import EncounterForm
from referrals.forms import ReferralJsonForm


def assessment_parts() -> dict:
    """Each part of a stored assessment as the form takes it; a code not recorded is ""."""
    parts = form_schema(ClinicalAssessmentForm)["properties"]
    out = {}
    for name in ClinicalAssessment.PARTS:
        schema = dict(parts[name])
        if "enum" in schema:
            schema["enum"] = [*schema["enum"], ""]
        out[name] = schema
    return out


def N(t):
    return {"type": [t, "null"]}


DT = {"type": ["string", "null"], "format": "date-time"}
err_ref = {"$ref": "#/components/schemas/Error"}


def resp(desc, ref=None):
    r = {"description": desc}
    r["content"] = {"application/json": {"schema": ref or err_ref}}
    return r


ERR = {
    "400": resp("Bad input: field errors"),
    "401": resp("Not signed in"),
    "403": resp("Not allowed (role, CSRF or second factor)"),
    "404": resp("Not found or not visible to the caller"),
    "405": resp("Method not allowed"),
    "409": resp("Conflict"),
    "413": resp("Body too large"),
    "415": resp("Not JSON"),
}


def errs(*codes):
    return {c: ERR[c] for c in codes}


def uuid_param(name):
    return {
        "name": name,
        "in": "path",
        "required": True,
        "schema": {"type": "string", "format": "uuid"},
    }


doc = {
    "openapi": "3.1.0",
    "info": {
        "title": "Waypoint JSON APIs",
        "version": "1.0.0",
        "description": "Waypoint's own APIs (contracts §4.2-4.6). The HSDS read API has its own document "
        "(../shared/hsds/openapi.json). Every error has the shape of components.schemas.Error.",
    },
    "servers": [{"url": "/"}],
    "components": {
        "securitySchemes": {"session": {"type": "apiKey", "in": "cookie", "name": "sessionid"}},
        "schemas": {
            "Error": {
                "type": "object",
                "required": ["error"],
                "properties": {"error": {"$ref": "#/components/schemas/ErrorDetail"}},
            },
            "ErrorDetail": {
                "type": "object",
                "required": ["code", "message", "fields"],
                "properties": {
                    "code": {"type": "string"},
                    "message": {"type": "string"},
                    "fields": {"type": "object"},
                },
            },
            "Place": {
                "type": "object",
                "required": ["label", "lat", "lng", "source"],
                "properties": {
                    "label": {"type": "string"},
                    "lat": {"type": "number"},
                    "lng": {"type": "number"},
                    "source": {"enum": ["device", "zip", "gazetteer", "geocoder"]},
                },
            },
            "SearchQuery": {
                "type": "object",
                "required": ["text", "categories", "languages", "open", "needs_bed", "near"],
                "properties": {
                    "text": {"type": "string"},
                    "categories": {"type": "array", "items": {"type": "string"}},
                    "languages": {"type": "array", "items": {"type": "string"}},
                    "open": N("string"),
                    "needs_bed": {"type": "boolean"},
                    "near": {"oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/Place"}]},
                },
            },
            "SearchResult": {
                "type": "object",
                "required": [
                    "service_id",
                    "service_at_location_id",
                    "name",
                    "organization",
                    "distance_km",
                    "open_now",
                    "opens_at",
                    "closes_at",
                    "beds_available",
                    "availability_updated_at",
                    "languages",
                    "phone",
                    "url",
                ],
                "properties": {
                    "service_id": {"type": "string"},
                    "service_at_location_id": N("string"),
                    "name": {"type": "string"},
                    "organization": N("string"),
                    "distance_km": N("number"),
                    "open_now": N("boolean"),
                    "opens_at": DT,
                    "closes_at": DT,
                    "beds_available": N("integer"),
                    "availability_updated_at": DT,
                    "languages": {"type": "array", "items": {"type": "string"}},
                    "phone": N("string"),
                    "url": {"type": "string"},
                },
            },
            "SearchResponse": {
                "type": "object",
                "required": ["query", "backend", "degraded", "results"],
                "properties": {
                    "query": {"$ref": "#/components/schemas/SearchQuery"},
                    "backend": {"type": "string"},
                    "degraded": {"type": "boolean"},
                    "results": {
                        "type": "array",
                        "items": {"$ref": "#/components/schemas/SearchResult"},
                    },
                },
            },
            "EncounterInput": form_schema(EncounterForm),
            "Encounter": {
                "type": "object",
                "required": [
                    "id",
                    "occurred_at",
                    "source",
                    "cad_incident",
                    "lat",
                    "lng",
                    "location_text",
                    "person",
                    "needs",
                    "disposition",
                    "notes",
                ],
                "properties": {
                    "id": {"type": "string", "format": "uuid"},
                    "occurred_at": {"type": "string"},
                    "source": {"type": "string"},
                    "cad_incident": {"type": "string"},
                    "lat": N("number"),
                    "lng": N("number"),
                    "location_text": {"type": "string"},
                    "person": {
                        "oneOf": [
                            {"type": "null"},
                            {
                                "type": "object",
                                "required": ["id"],
                                "properties": {"id": {"type": "string", "format": "uuid"}},
                            },
                        ]
                    },
                    "needs": {"type": "array", "items": {"type": "string"}},
                    "disposition": {"type": "string"},
                    "notes": {"type": "string"},
                },
            },
            "ScreeningInput": form_schema(ScreeningForm),
            "Screening": {
                "type": "object",
                "required": [
                    "id",
                    "occurred_at",
                    "person",
                    "encounter",
                    "instrument",
                    "instrument_version",
                    "answers",
                    "result",
                    "actions",
                ],
                "properties": {
                    "id": {"type": "string", "format": "uuid"},
                    "occurred_at": {"type": "string", "format": "date-time"},
                    "person": {
                        "oneOf": [
                            {"type": "null"},
                            {
                                "type": "object",
                                "required": ["id"],
                                "properties": {
                                    "id": {"type": "string", "format": "uuid"},
                                    "alias": {"type": "string"},
                                    "url": {"type": "string"},
                                },
                            },
                        ]
                    },
                    "encounter": N("string"),
                    "instrument": {"type": "string"},
                    "instrument_version": {"type": "string"},
                    "answers": {"type": "object", "additionalProperties": {"type": "string"}},
                    "result": {"enum": ["negative", "positive_non_acute", "positive_acute"]},
                    "actions": {"type": "array", "items": {"type": "string"}},
                    "team": N("string"),
                    "responder": {"type": "string"},
                    "url": {"type": "string"},
                    "created_at": DT,
                },
            },
            "AssessmentInput": form_schema(ClinicalAssessmentForm),
            "Assessment": {
                "type": "object",
                "required": ["id", "occurred_at", "person", "encounter", *ClinicalAssessment.PARTS],
                "properties": {
                    "id": {"type": "string", "format": "uuid"},
                    "occurred_at": {"type": "string", "format": "date-time"},
                    "person": {"$ref": "#/components/schemas/Screening/properties/person"},
                    "encounter": N("string"),
                    **assessment_parts(),
                    "team": N("string"),
                    "responder": {"type": "string"},
                    "url": {"type": "string"},
                    "created_at": DT,
                },
            },
            "EncounterBatch": {
                "type": "array",
                "minItems": 1,
                "maxItems": 200,
                "items": {"$ref": "#/components/schemas/EncounterInput"},
            },
            "EncounterBatchResults": {
                "type": "object",
                "required": ["results"],
                "properties": {
                    "results": {
                        "type": "array",
                        "description": "One entry per object sent, in the same order.",
                        "items": {
                            "type": "object",
                            "required": ["id", "status"],
                            "properties": {
                                "id": {"description": "The id as sent"},
                                "status": {"enum": [201, 200, 409, 400]},
                                "record": {"$ref": "#/components/schemas/Encounter"},
                                "error": {"$ref": "#/components/schemas/ErrorDetail"},
                            },
                            "oneOf": [{"required": ["record"]}, {"required": ["error"]}],
                        },
                    }
                },
            },
            "ReferralInput": form_schema(ReferralJsonForm),
            "Referral": {
                "type": "object",
                "required": ["id", "person", "service_id", "status", "urgency"],
                "properties": {
                    "id": {"type": "string", "format": "uuid"},
                    "person": {"type": "object"},
                    "service_id": {"type": "string"},
                    "consent": {"type": "object"},
                    "status": {
                        "enum": [
                            "logged",
                            "sent",
                            "accepted",
                            "declined",
                            "arrived",
                            "closed",
                            "cancelled",
                        ]
                    },
                    "urgency": {"enum": ["routine", "today", "now"]},
                    "sent_at": DT,
                    "accepted_at": DT,
                    "arrived_at": DT,
                    "closed_at": DT,
                    "allowed_next": {"type": "array", "items": {"type": "string"}},
                },
            },
            "ReferralList": {
                "type": "object",
                "required": ["results"],
                "properties": {
                    "count": {"type": "integer"},
                    "results": {
                        "type": "array",
                        "items": {"$ref": "#/components/schemas/Referral"},
                    },
                },
            },
            "Case": {
                "type": "object",
                "required": [
                    "id",
                    "person",
                    "status",
                    "assigned_to",
                    "opened_at",
                    "closed_at",
                    "plan",
                    "follow_ups",
                ],
                "properties": {
                    "id": {"type": "string", "format": "uuid"},
                    "person": {
                        "type": "object",
                        "required": ["id"],
                        "properties": {"id": {"type": "string", "format": "uuid"}},
                    },
                    "status": {"enum": ["open", "active", "inactive", "closed"]},
                    "assigned_to": {"type": "string"},
                    "opened_at": {"type": "string", "format": "date-time"},
                    "closed_at": DT,
                    "plan": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["text", "owner", "due", "done"],
                            "properties": {
                                "text": {"type": "string"},
                                "owner": {"type": "string"},
                                "due": {"type": "string", "format": "date-time"},
                                "done": {"type": "boolean"},
                            },
                        },
                    },
                    "follow_ups": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["due", "done", "kind"],
                            "properties": {
                                "due": {"type": "string", "format": "date-time"},
                                "done": {"type": "boolean"},
                                "kind": {"enum": ["not_arrived", "check_outcome", "other"]},
                            },
                        },
                    },
                },
            },
            "CaseList": {
                "type": "object",
                "required": ["results"],
                "properties": {
                    "count": {"type": "integer"},
                    "results": {"type": "array", "items": {"$ref": "#/components/schemas/Case"}},
                },
            },
            "StatusChange": {
                "type": "object",
                "required": ["status"],
                "properties": {
                    "status": {"enum": ["accepted", "declined", "arrived", "closed", "cancelled"]},
                    "reason": {"type": "string"},
                    "outcome": {"type": "string"},
                },
            },
        },
    },
    "paths": {
        "/api/search": {
            "get": {
                "operationId": "search",
                "summary": "Responder search (contracts §4.2); public.",
                "parameters": [
                    {"name": "q", "in": "query", "schema": {"type": "string", "maxLength": 500}},
                    {
                        "name": "lat",
                        "in": "query",
                        "schema": {"type": "number", "minimum": -90, "maximum": 90},
                    },
                    {
                        "name": "lng",
                        "in": "query",
                        "schema": {"type": "number", "minimum": -180, "maximum": 180},
                    },
                    {"name": "near", "in": "query", "schema": {"type": "string", "maxLength": 200}},
                    {
                        "name": "at",
                        "in": "query",
                        "schema": {"type": "string", "format": "date-time"},
                    },
                    {
                        "name": "limit",
                        "in": "query",
                        "schema": {"type": "integer", "minimum": 1, "maximum": 100},
                    },
                ],
                "responses": {
                    "200": resp("Results", {"$ref": "#/components/schemas/SearchResponse"}),
                    **errs("400"),
                },
            }
        },
        "/api/encounters": {
            "post": {
                "operationId": "createEncounter",
                "security": [{"session": []}],
                "summary": "Log an encounter, or a batch of up to 200 (contracts §4.3); idempotent on id.",
                "description": "A list is answered 200 with one result per object, in order, each "
                "judged and stored exactly as if it had been sent alone.",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "oneOf": [
                                    {"$ref": "#/components/schemas/EncounterInput"},
                                    {"$ref": "#/components/schemas/EncounterBatch"},
                                ]
                            }
                        }
                    },
                },
                "responses": {
                    "201": resp("Stored", {"$ref": "#/components/schemas/Encounter"}),
                    "200": resp(
                        "Same id, same content (retry); for a list, the result of each object",
                        {
                            "oneOf": [
                                {"$ref": "#/components/schemas/Encounter"},
                                {"$ref": "#/components/schemas/EncounterBatchResults"},
                            ]
                        },
                    ),
                    **errs("400", "401", "403", "405", "409", "413", "415"),
                },
            }
        },
        "/api/encounters/{id}": {
            "get": {
                "operationId": "getEncounter",
                "security": [{"session": []}],
                "parameters": [uuid_param("id")],
                "responses": {
                    "200": resp("The encounter", {"$ref": "#/components/schemas/Encounter"}),
                    **errs("400", "401", "403", "404", "405"),
                },
            }
        },
        "/api/screenings": {
            "post": {
                "operationId": "createScreening",
                "security": [{"session": []}],
                "summary": "Record a risk screening (contracts §4.5); scored on save; idempotent on id.",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/ScreeningInput"}
                        }
                    },
                },
                "responses": {
                    "201": resp("Stored", {"$ref": "#/components/schemas/Screening"}),
                    "200": resp(
                        "Same id, same content (retry)", {"$ref": "#/components/schemas/Screening"}
                    ),
                    **errs("400", "401", "403", "405", "409", "413", "415"),
                },
            }
        },
        "/api/screenings/{id}": {
            "get": {
                "operationId": "getScreening",
                "security": [{"session": []}],
                "parameters": [uuid_param("id")],
                "responses": {
                    "200": resp("The screening", {"$ref": "#/components/schemas/Screening"}),
                    **errs("400", "401", "403", "404", "405"),
                },
            }
        },
        "/api/assessments": {
            "post": {
                "operationId": "createAssessment",
                "security": [{"session": []}],
                "summary": "Record a clinical assessment; every part optional; idempotent on id.",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/AssessmentInput"}
                        }
                    },
                },
                "responses": {
                    "201": resp("Stored", {"$ref": "#/components/schemas/Assessment"}),
                    "200": resp(
                        "Same id, same content (retry)",
                        {"$ref": "#/components/schemas/Assessment"},
                    ),
                    **errs("400", "401", "403", "405", "409", "413", "415"),
                },
            }
        },
        "/api/assessments/{id}": {
            "get": {
                "operationId": "getAssessment",
                "security": [{"session": []}],
                "parameters": [uuid_param("id")],
                "responses": {
                    "200": resp("The assessment", {"$ref": "#/components/schemas/Assessment"}),
                    **errs("400", "401", "403", "404", "405"),
                },
            }
        },
        "/api/referrals": {
            "get": {
                "operationId": "listReferrals",
                "security": [{"session": []}],
                "responses": {
                    "200": resp(
                        "Referrals the caller may see",
                        {"$ref": "#/components/schemas/ReferralList"},
                    ),
                    **errs("400", "401", "403"),
                },
            },
            "post": {
                "operationId": "createReferral",
                "security": [{"session": []}],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/ReferralInput"}
                        }
                    },
                },
                "responses": {
                    "201": resp("Stored", {"$ref": "#/components/schemas/Referral"}),
                    "200": resp("Retry", {"$ref": "#/components/schemas/Referral"}),
                    **errs("400", "401", "403", "404", "405", "409", "413", "415"),
                },
            },
        },
        "/api/referrals/{id}": {
            "get": {
                "operationId": "getReferral",
                "security": [{"session": []}],
                "parameters": [uuid_param("id")],
                "responses": {
                    "200": resp("The referral", {"$ref": "#/components/schemas/Referral"}),
                    **errs("400", "401", "403", "404", "405"),
                },
            }
        },
        "/api/referrals/{id}/status": {
            "post": {
                "operationId": "changeReferralStatus",
                "security": [{"session": []}],
                "parameters": [uuid_param("id")],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/StatusChange"}
                        }
                    },
                },
                "responses": {
                    "200": resp("Changed", {"$ref": "#/components/schemas/Referral"}),
                    **errs("400", "401", "403", "404", "405", "409", "413", "415"),
                },
            }
        },
        "/api/cases": {
            "get": {
                "operationId": "listCases",
                "security": [{"session": []}],
                "parameters": [
                    {
                        "name": "person",
                        "in": "query",
                        "required": False,
                        "schema": {"type": "string", "format": "uuid"},
                    }
                ],
                "responses": {
                    "200": resp(
                        "Cases the caller may see (team scope)",
                        {"$ref": "#/components/schemas/CaseList"},
                    ),
                    **errs("400", "401", "403", "405"),
                },
            }
        },
    },
}
if __name__ == "__main__":
    with open("waypoint/openapi/waypoint.json", "w") as out:
        json.dump(doc, out, indent=1)
