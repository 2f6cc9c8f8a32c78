"""The shared behaviour suite on the database engine (SQLite or PostgreSQL, per DATABASE_URL)."""

from django.test import TestCase, override_settings

from tests.factories import rebuild

from .behaviour import SearchBehaviour


@override_settings(ELASTICSEARCH_URL="")
class DatabaseEngineBehaviourTests(SearchBehaviour, TestCase):
    engine = "database"

    def index(self):
        rebuild()
