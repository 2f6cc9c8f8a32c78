"""After Elasticsearch fails, the database answers for a while without trying it (a hung node
would otherwise cost every search the client's timeout)."""

from unittest import mock

from django.test import TestCase, override_settings
from elasticsearch import ConnectionError as ElasticsearchConnectionError

from search import selectors
from search.engines.elastic import ElasticsearchEngine
from tests.factories import intent, rebuild, service

URL = "http://127.0.0.1:9/resting-test"


@override_settings(ELASTICSEARCH_URL=URL)
class ElasticsearchRestingTests(TestCase):
    def setUp(self):
        service("Night Shelter", hours="24/7")
        rebuild()
        self.addCleanup(selectors._elasticsearch_failed_at.pop, URL, None)
        patcher = mock.patch.object(
            ElasticsearchEngine, "search", side_effect=ElasticsearchConnectionError("down")
        )
        self.es_search = patcher.start()
        self.addCleanup(patcher.stop)

    def search(self):
        return selectors.search_services(intent=intent(categories=["emergency-shelter"]))

    def test_after_a_failure_the_database_answers_without_asking_elasticsearch(self):
        first, second = self.search(), self.search()
        self.assertEqual(self.es_search.call_count, 1)
        for response in (first, second):
            self.assertEqual((response.backend, response.degraded), ("database", True))
            self.assertEqual([r["name"] for r in response.results], ["Night Shelter"])

    @override_settings(ELASTICSEARCH_RETRY_AFTER=0)
    def test_elasticsearch_is_tried_again_after_the_pause(self):
        self.search()
        self.search()
        self.assertEqual(self.es_search.call_count, 2)
