"""Index sync and zero-downtime rebuild against a real node (ELASTICSEARCH_URL must be set)."""

import os
import uuid

import pytest
from django.test import TestCase, override_settings

from search.engines.elastic import ElasticsearchEngine
from search.selectors import search_services
from tests.factories import intent, rebuild, service

ES_URL = os.environ.get("ELASTICSEARCH_URL", "")


@pytest.mark.elasticsearch
class ElasticsearchSyncTests(TestCase):
    def setUp(self):
        override = override_settings(
            ELASTICSEARCH_URL=ES_URL, ELASTICSEARCH_INDEX=f"waypoint-test-{uuid.uuid4().hex[:12]}"
        )
        override.enable()
        self.addCleanup(override.disable)
        self.engine = ElasticsearchEngine()
        self.addCleanup(self.engine.drop)

    def names(self):
        self.engine.es.indices.refresh(index=self.engine.index)
        response = search_services(intent=intent(categories=["emergency-shelter"]))
        self.assertEqual(response.backend, "elasticsearch")
        return [r["name"] for r in response.results]

    def test_publish_bed_change_and_delete_reach_the_index(self):
        page = service("Shelter", beds=1, hours="24/7")
        rebuild()
        self.engine.rebuild()
        new = service("New Shelter", hours="24/7")
        with self.captureOnCommitCallbacks(execute=True):
            new.save_revision().publish()
        self.assertEqual(sorted(self.names()), ["New Shelter", "Shelter"])
        capacity = page.capacities.get()
        capacity.available = 9
        with self.captureOnCommitCallbacks(execute=True):
            capacity.save()
        self.engine.es.indices.refresh(index=self.engine.index)
        response = search_services(intent=intent(categories=["emergency-shelter"], needs_bed=True))
        self.assertEqual(response.results[0]["beds_available"], 9)
        with self.captureOnCommitCallbacks(execute=True):
            new.unpublish()
        self.assertEqual(self.names(), ["Shelter"])

    def test_rebuild_swaps_the_alias(self):
        service("Shelter", hours="24/7")
        rebuild()
        first = self.engine.rebuild()
        self.assertEqual(first["replaced"], [])
        second = self.engine.rebuild()
        self.assertEqual(second["replaced"], [first["index"]])
        aliases = self.engine.es.indices.get_alias(name=self.engine.index)
        self.assertEqual(list(aliases), [second["index"]])
        self.assertFalse(self.engine.es.indices.exists(index=first["index"]))
        self.assertEqual(self.names(), ["Shelter"])
