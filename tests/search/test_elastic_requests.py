"""What the Elasticsearch engine sends, checked without a node (the dicts elasticsearch-dsl builds)."""

import json
import time

from django.test import SimpleTestCase, TestCase, override_settings

from directory.hours import WEEK_MINUTES
from search import ranking
from search.engines.elastic import OPEN_TIER_WEIGHT, bulk_actions, doc_id, index_body, query_body
from search.models import ServiceSearchDocument
from search.selectors import search_services
from tests.factories import PARK_ST, intent, rebuild, service


def functions(body):
    return body["query"]["function_score"]["functions"]


class MappingTests(SimpleTestCase):
    def test_index_body(self):
        body = index_body()
        props = body["mappings"]["properties"]
        self.assertEqual(props["location"], {"type": "geo_point"})
        self.assertEqual(props["open_intervals"], {"type": "integer_range"})
        for name in ("categories", "populations", "languages", "service_hsds_id"):
            self.assertEqual(props[name]["type"], "keyword")
        self.assertEqual(props["name"]["type"], "text")
        self.assertEqual(props["name"]["fields"]["raw"]["type"], "keyword")
        self.assertEqual(props["capacity_updated"]["type"], "date")
        self.assertEqual(props["week_intervals"], {"type": "object", "enabled": False})
        self.assertEqual(body["settings"], {"number_of_shards": 1, "number_of_replicas": 0})


class QueryBodyTests(SimpleTestCase):
    def test_detox_bed_tonight_spanish_near_park_st(self):
        body = query_body(
            intent(categories=["detox"], open="tonight", languages=["es"], needs_bed=True), size=60
        )
        fs = body["query"]["function_score"]
        self.assertEqual((fs["score_mode"], fs["boost_mode"]), ("sum", "sum"))
        self.assertEqual(body["size"], 60)
        filters = fs["query"]["bool"]["filter"]
        # The category filters where categories are known; the query's words find the rest.
        self.assertEqual(filters[0]["bool"]["should"][0], {"terms": {"categories": ["detox"]}})
        geo = filters[1]["bool"]["should"][0]["geo_distance"]
        self.assertEqual(geo["distance"], "50.0km")
        self.assertEqual(geo["location"], {"lat": PARK_ST[0], "lon": PARK_ST[1]})

        fns = functions(body)
        gauss = next(f for f in fns if "gauss" in f)
        self.assertEqual(
            gauss["gauss"]["location"],
            {"origin": {"lat": PARK_ST[0], "lon": PARK_ST[1]}, "scale": "3.0km", "decay": 0.5},
        )
        self.assertEqual(gauss["weight"], ranking.DEFAULT_WEIGHTS["DISTANCE"])
        self.assertIn({"filter": {"terms": {"languages": ["es"]}}, "weight": 4.0}, fns)
        open_fn = next(f for f in fns if f.get("weight") == OPEN_TIER_WEIGHT)
        # Monday 21:00 → tonight is what is left of it: 21:00 Monday … 07:00 Tuesday, in minutes of the week.
        rng = open_fn["filter"]["bool"]["should"][1]["range"]["open_intervals"]
        self.assertEqual(rng, {"gte": 21 * 60, "lt": 21 * 60 + 10 * 60, "relation": "intersects"})
        bed = [f for f in fns if "beds_available" in json.dumps(f.get("filter", {}))]
        self.assertEqual([f["weight"] for f in bed], [4.0, 2.0])
        self.assertEqual(body["sort"][0], "_score")

    def test_text_is_a_constant_score_per_word_and_query_syntax_never_reaches_elasticsearch(self):
        body = query_body(intent(text='methadone name:* \\ " OR 1=1 --', near=None), size=20)
        dumped = json.dumps(body)
        self.assertNotIn("query_string", dumped)
        self.assertNotIn("name:*", dumped)
        should = body["query"]["function_score"]["query"]["bool"]["should"]
        stems = [
            q["dis_max"]["queries"][0]["constant_score"]["filter"]["bool"]["should"][0]["prefix"][
                "name"
            ]
            for q in should
        ]
        self.assertEqual(stems, ["methadone", "name", "1"])
        self.assertEqual(
            body["query"]["function_score"]["query"]["bool"]["minimum_should_match"], 1
        )

    def test_24_7_asks_for_always_open(self):
        body = query_body(intent(categories=["crisis-line"], open="24/7"), size=20)
        open_fn = next(f for f in functions(body) if f.get("weight") == OPEN_TIER_WEIGHT)
        self.assertEqual(open_fn["filter"], {"term": {"always_open": True}})

    def test_no_time_no_open_functions(self):
        body = query_body(intent(categories=["meals"]), size=20)
        self.assertFalse([f for f in functions(body) if f.get("weight") == OPEN_TIER_WEIGHT])


class BulkActionTests(SimpleTestCase):
    def test_index_and_delete_actions(self):
        doc = ServiceSearchDocument(
            service_page_id=12,
            service_hsds_id="s-1",
            service_at_location_hsds_id="",
            name="Night Shelter",
            categories="|emergency-shelter|",
            languages="|en|es|",
            latitude=41.76,
            longitude=-72.69,
            week_intervals=[[1140, 1860]],
            hours_known=True,
        )
        actions = list(bulk_actions([doc], "idx-1", delete_ids=["12:old"]))
        self.assertEqual(actions[0], {"_op_type": "delete", "_index": "idx-1", "_id": "12:old"})
        action = actions[1]
        self.assertEqual(
            (action["_op_type"], action["_index"], action["_id"]), ("index", "idx-1", doc_id(doc))
        )
        self.assertEqual(action["_id"], "12:-")
        source = action["_source"]
        self.assertEqual(source["location"], {"lat": 41.76, "lon": -72.69})
        self.assertEqual(source["categories"], ["emergency-shelter"])
        self.assertEqual(source["languages"], ["en", "es"])
        self.assertEqual(
            source["open_intervals"],
            [{"gte": 1140 + s, "lt": 1860 + s} for s in (-WEEK_MINUTES, 0, WEEK_MINUTES)],
        )


class DegradedTests(TestCase):
    @override_settings(ELASTICSEARCH_URL="http://127.0.0.1:9", ELASTICSEARCH_TIMEOUT=1.0)
    def test_unreachable_elasticsearch_answers_from_the_database(self):
        service("Night Shelter", hours="24/7")
        rebuild()
        started = time.monotonic()
        response = search_services(intent=intent(categories=["emergency-shelter"]))
        self.assertLess(time.monotonic() - started, 3)
        self.assertEqual(response.backend, "database")
        self.assertTrue(response.degraded)
        self.assertEqual([r["name"] for r in response.results], ["Night Shelter"])
        data = self.client.get("/api/search", {"q": "shelter"}).json()
        self.assertTrue(data["degraded"])
        self.assertEqual(data["backend"], "database")
