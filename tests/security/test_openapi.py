"""Issue 9 item 8: the OpenAPI document is served and real responses match it."""

import json
import uuid

from django.conf import settings
from django.test import TestCase
from jsonschema import Draft202012Validator

from staff.models import Role
from tests.factories import (
    PersonFactory,
    ServicePageFactory,
    TeamFactory,
    encounter_json,
    home_page,
    referral_json,
    staff,
)

DOC = json.loads((settings.BASE_DIR / "waypoint" / "openapi" / "waypoint.json").read_text())


def validate(instance, schema):
    schema = {**schema, "components": DOC["components"]}
    errors = sorted(Draft202012Validator(schema).iter_errors(instance), key=str)
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors]


def response_schema(path, method, status):
    op = DOC["paths"][path][method]
    return op["responses"][str(status)]["content"]["application/json"]["schema"]


class OpenAPIDocumentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home_page()
        cls.team = TeamFactory()
        cls.responder = staff(Role.RESPONDER, team=cls.team)
        cls.person = PersonFactory(created_by_team=cls.team)
        cls.service = ServicePageFactory()

    def check(self, response, path, method):
        self.assertIn(
            str(response.status_code),
            DOC["paths"][path][method]["responses"],
            (path, method, response.status_code, response.content[:300]),
        )
        validate(response.json(), response_schema(path, method, response.status_code))

    def test_served_and_valid_openapi(self):
        response = self.client.get("/api/openapi.json")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["openapi"], "3.1.0")
        self.assertEqual(
            set(response.json()["paths"]),
            {
                "/api/search",
                "/api/encounters",
                "/api/encounters/{id}",
                "/api/referrals",
                "/api/referrals/{id}",
                "/api/referrals/{id}/status",
                "/api/screenings",
                "/api/screenings/{id}",
                "/api/assessments",
                "/api/assessments/{id}",
                "/api/cases",
            },
        )
        Draft202012Validator.check_schema({"components": DOC["components"]})

    def test_search_responses(self):
        self.check(
            self.client.get("/api/search", {"q": "detox bed tonight, Spanish, near Park St"}),
            "/api/search",
            "get",
        )
        self.check(
            self.client.get("/api/search", {"q": "shelter", "lat": "41.76", "lng": "-72.68"}),
            "/api/search",
            "get",
        )
        self.check(self.client.get("/api/search", {"lat": "north"}), "/api/search", "get")

    def test_encounter_responses(self):
        self.check(
            self.client.get(f"/api/encounters/{uuid.uuid4()}"), "/api/encounters/{id}", "get"
        )  # 401
        self.client.force_login(self.responder)
        body = encounter_json(person={"alias": "Sunny"})

        def post(b):
            return self.client.post(
                "/api/encounters", data=json.dumps(b), content_type="application/json"
            )

        created = post(body)
        self.assertEqual(created.status_code, 201)
        self.check(created, "/api/encounters", "post")
        self.check(post(body), "/api/encounters", "post")  # 200 retry
        self.check(post({**body, "notes": "different"}), "/api/encounters", "post")  # 409
        self.check(post({"id": "x"}), "/api/encounters", "post")  # 400
        batch = post([encounter_json(), body, {**body, "notes": "different"}, {"id": "x"}])
        self.assertEqual([e["status"] for e in batch.json()["results"]], [201, 200, 409, 400])
        self.check(batch, "/api/encounters", "post")
        validate(
            [encounter_json()],
            DOC["paths"]["/api/encounters"]["post"]["requestBody"]["content"]["application/json"][
                "schema"
            ],
        )
        self.check(post([]), "/api/encounters", "post")  # 400
        self.check(self.client.get(f"/api/encounters/{body['id']}"), "/api/encounters/{id}", "get")
        self.check(
            self.client.get(f"/api/encounters/{uuid.uuid4()}"), "/api/encounters/{id}", "get"
        )  # 404

    def test_screening_responses(self):
        from tests.factories import ACUTE, screening_json

        self.check(
            self.client.get(f"/api/screenings/{uuid.uuid4()}"), "/api/screenings/{id}", "get"
        )  # 401
        self.client.force_login(self.responder)
        body = screening_json(
            person={"alias": "Sunny"}, answers=ACUTE, actions=["stayed_with_person"]
        )

        def post(b):
            return self.client.post(
                "/api/screenings", data=json.dumps(b), content_type="application/json"
            )

        created = post(body)
        self.assertEqual(created.status_code, 201)
        self.check(created, "/api/screenings", "post")
        self.check(post(body), "/api/screenings", "post")  # 200 retry
        self.check(post({**body, "actions": []}), "/api/screenings", "post")  # 409
        self.check(post({"id": "x"}), "/api/screenings", "post")  # 400
        self.check(self.client.get(f"/api/screenings/{body['id']}"), "/api/screenings/{id}", "get")
        self.check(
            self.client.get(f"/api/screenings/{uuid.uuid4()}"), "/api/screenings/{id}", "get"
        )  # 404

    def test_assessment_responses(self):
        from tests.factories import assessment_json

        self.check(
            self.client.get(f"/api/assessments/{uuid.uuid4()}"), "/api/assessments/{id}", "get"
        )  # 401
        self.client.force_login(self.responder)
        body = assessment_json(person={"id": str(self.person.pk)})
        path = "/api/assessments"
        validate(
            body, DOC["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]
        )

        def post(b):
            return self.client.post(path, data=json.dumps(b), content_type="application/json")

        created = post(body)
        self.assertEqual(created.status_code, 201, created.content)
        self.check(created, path, "post")
        self.check(post(body), path, "post")  # 200 retry
        self.check(post({**body, "strengths": "other"}), path, "post")  # 409
        self.check(post({"id": "x"}), path, "post")  # 400
        self.check(self.client.get(f"{path}/{body['id']}"), "/api/assessments/{id}", "get")
        self.check(self.client.get(f"{path}/{uuid.uuid4()}"), "/api/assessments/{id}", "get")  # 404

    def test_referral_responses(self):
        self.client.force_login(self.responder)

        def post(url, b):
            return self.client.post(url, data=json.dumps(b), content_type="application/json")

        body = referral_json(person=self.person, service=self.service)
        created = post("/api/referrals", body)
        self.assertEqual(created.status_code, 201, created.content)
        self.check(created, "/api/referrals", "post")
        self.check(post("/api/referrals", {"id": "nope"}), "/api/referrals", "post")
        self.check(self.client.get("/api/referrals"), "/api/referrals", "get")
        rid = body["id"]
        self.check(self.client.get(f"/api/referrals/{rid}"), "/api/referrals/{id}", "get")
        self.check(
            post(
                f"/api/referrals/{rid}/status",
                {"status": "cancelled", "reason": "no longer needed"},
            ),
            "/api/referrals/{id}/status",
            "post",
        )
        self.check(
            post(f"/api/referrals/{rid}/status", {"status": "accepted"}),
            "/api/referrals/{id}/status",
            "post",
        )
        self.check(self.client.get(f"/api/referrals/{uuid.uuid4()}"), "/api/referrals/{id}", "get")
