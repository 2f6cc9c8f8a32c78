"""While PostgreSQL is down or restarting: 503 with Retry-After (never a 500 or a 400), and search
answers its last good answer, marked degraded (tests/perf proves it with a real restart)."""

from unittest import mock

from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import OperationalError
from django.test import TestCase, override_settings

from tests.factories import rebuild, service
from waypoint.security.session_store import SessionStore

DOWN = OperationalError("server closed the connection unexpectedly")


@override_settings(ELASTICSEARCH_URL="")
class DatabaseUnavailableTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        service("Night Shelter", hours="24/7", beds=3)
        rebuild()

    def setUp(self):
        cache.clear()
        self.client.raise_request_exception = False

    def test_search_never_asked_before_answers_503_with_retry_after(self):
        with mock.patch("search.views.search_services", side_effect=DOWN):
            response = self.client.get("/api/search", {"q": "shelter"})
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response["Retry-After"], "1")
        self.assertEqual(response.json()["error"]["code"], "unavailable")

    def test_search_asked_before_gets_its_last_answer_marked_degraded(self):
        fresh = self.client.get("/api/search", {"q": "shelter"}).json()
        with mock.patch("search.views.search_services", side_effect=DOWN):
            response = self.client.get("/api/search", {"q": "shelter"})
        self.assertEqual(response.status_code, 200)
        self.assertIs(response.json()["degraded"], True)
        self.assertEqual(response.json()["results"], fresh["results"])

    def test_a_page_answers_503_not_500(self):
        with mock.patch("search.views.search_services", side_effect=DOWN):
            response = self.client.get("/search/", {"q": "shelter"})
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response["Retry-After"], "1")

    def test_session_save_on_a_lost_connection_is_not_session_interrupted(self):
        store = SessionStore()
        store["x"] = 1
        store.create()
        with (
            mock.patch.object(Session, "save", side_effect=DOWN),
            self.assertRaises(OperationalError),
        ):
            store.save()
