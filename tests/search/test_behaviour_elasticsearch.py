"""The shared behaviour suite on a real Elasticsearch node (ELASTICSEARCH_URL must be set).

Deselected, with a printed line, when ELASTICSEARCH_URL is not set (see conftest.py).
"""

import os
import uuid

import pytest
from django.test import TestCase, override_settings

from search.engines.elastic import ElasticsearchEngine
from tests.factories import rebuild

from .behaviour import SearchBehaviour

ES_URL = os.environ.get("ELASTICSEARCH_URL", "")


@pytest.mark.elasticsearch
class ElasticsearchEngineBehaviourTests(SearchBehaviour, TestCase):
    engine = "elasticsearch"

    def setUp(self):
        super().setUp()
        override = override_settings(
            ELASTICSEARCH_URL=ES_URL, ELASTICSEARCH_INDEX=f"waypoint-test-{uuid.uuid4().hex[:12]}"
        )
        override.enable()
        self.addCleanup(override.disable)
        self.addCleanup(lambda: ElasticsearchEngine().drop())

    def index(self):
        rebuild()
        ElasticsearchEngine().rebuild()
