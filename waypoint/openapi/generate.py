"""Writes waypoint/openapi/waypoint.json (run from the repository root); tests/security/test_openapi.py
checks that the committed file is what ``doc`` says."""

import json


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
        "description": "Waypoint's own APIs (contracts §4.2-4.5). The HSDS read API has its own document "
        "(../shared/hsds/openapi.json). Every error has the shape of components.schemas.Error.",
    },
    "servers": [{"url": "/"}],
    "components": {
        "securitySchemes": {"session": {"type": "apiKey", "in": "cookie", "name": "sessionid"}},
        "schemas": {
            "Error": {
                "type": "object",
                "required": ["error"],
                "properties": {
                    "error": {
                        "type": "object",
                        "required": ["code", "message", "fields"],
                        "properties": {
                            "code": {"type": "string"},
                            "message": {"type": "string"},
                            "fields": {"type": "object"},
                        },
                    }
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
            "EncounterInput": {
                "type": "object",
                "required": ["id", "occurred_at", "source", "disposition"],
                "properties": {
                    "id": {"type": "string", "format": "uuid"},
                    "occurred_at": {"type": "string", "format": "date-time"},
                    "source": {"enum": ["dispatch", "outreach", "walk_in", "follow_up"]},
                    "cad_incident": {"type": "string"},
                    "lat": {"type": "number"},
                    "lng": {"type": "number"},
                    "location_text": {"type": "string"},
                    "person": {
                        "type": "object",
                        "properties": {
                            "id": {"type": "string", "format": "uuid"},
                            "alias": {"type": "string"},
                        },
                    },
                    "needs": {
                        "type": "array",
                        "items": {
                            "enum": [
                                "mental_health",
                                "substance_use",
                                "housing",
                                "food",
                                "medical",
                                "safety",
                                "benefits",
                                "other",
                            ]
                        },
                    },
                    "disposition": {
                        "enum": [
                            "resolved_on_scene",
                            "referred",
                            "transported",
                            "police_requested",
                            "declined",
                            "unable_to_locate",
                        ]
                    },
                    "notes": {"type": "string"},
                },
            },
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
            "ScreeningInput": {
                "type": "object",
                "required": ["id", "occurred_at", "instrument", "answers"],
                "properties": {
                    "id": {"type": "string", "format": "uuid"},
                    "occurred_at": {"type": "string", "format": "date-time"},
                    "person": {
                        "type": "object",
                        "properties": {
                            "id": {"type": "string", "format": "uuid"},
                            "alias": {"type": "string"},
                        },
                    },
                    "encounter": {"type": "string", "format": "uuid"},
                    "instrument": {"type": "string", "examples": ["asq"]},
                    "answers": {
                        "type": "object",
                        "description": "asq: q1-q4 each yes, no or refused; q5 the same, "
                        "left out when q1-q4 are all no.",
                        "additionalProperties": {"type": "string"},
                    },
                    "actions": {
                        "type": "array",
                        "items": {
                            "enum": [
                                "stayed_with_person",
                                "emergency_evaluation",
                                "safety_assessment",
                                "safety_plan",
                                "means_removed",
                                "referred",
                                "transported",
                                "resources_given",
                                "declined",
                            ]
                        },
                    },
                },
            },
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
            "ReferralInput": {
                "type": "object",
                "required": ["id", "person", "service_id", "consent"],
                "properties": {
                    "id": {"type": "string", "format": "uuid"},
                    "person": {
                        "type": "object",
                        "required": ["id"],
                        "properties": {"id": {"type": "string", "format": "uuid"}},
                    },
                    "encounter": {"type": "string", "format": "uuid"},
                    "service_id": {"type": "string"},
                    "consent": {
                        "type": "object",
                        "required": ["method", "scope", "expires_on"],
                        "properties": {
                            "method": {"enum": ["verbal", "written"]},
                            "scope": {"type": "string"},
                            "expires_on": {"type": "string", "format": "date"},
                        },
                    },
                    "urgency": {"enum": ["routine", "today", "now"]},
                    "notes": {"type": "string"},
                },
            },
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
                "summary": "Log an encounter (contracts §4.3); idempotent on id.",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/EncounterInput"}
                        }
                    },
                },
                "responses": {
                    "201": resp("Stored", {"$ref": "#/components/schemas/Encounter"}),
                    "200": resp(
                        "Same id, same content (retry)", {"$ref": "#/components/schemas/Encounter"}
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
    },
}
if __name__ == "__main__":
    with open("waypoint/openapi/waypoint.json", "w") as out:
        json.dump(doc, out, indent=1)
