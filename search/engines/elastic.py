"""The Elasticsearch engine: the same behaviour as the database engine, scored by Elasticsearch.

The index holds the rows of the search table (``search.models``); the mapping, the query and the
bulk actions are built with elasticsearch-dsl and can be inspected without a node
(``index_body()``, ``query_body()``, ``bulk_actions()``).

Elasticsearch picks and orders the candidate pool with one ``function_score``: the text part comes
from the query (a constant score per query word, on the same 0…1 scale as the database engine's),
the rest are filter functions with the weights of ``search.ranking`` and a ``gauss`` decay on
distance; the tiers (named by the query, each asked need met, eligible, open at the asked time)
get weights larger than everything below them together. ``search.ranking`` then orders the pool
exactly as it does the database engine's, so both engines answer alike.
Only core-server features are used (no scripts, no ``_reindex``/``_delete_by_query``).
"""

from __future__ import annotations

import logging
import time as _time
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from elasticsearch import Elasticsearch, helpers
from elasticsearch.dsl import Index, Mapping, Q, Search
from elasticsearch.dsl import field as f

from directory.hours import WEEK_MINUTES, minute_of_week, shifted

from .. import ranking
from ..models import ServiceSearchDocument, field_to_codes
from .base import EngineUnavailable, SearchEngine
from .database import candidate_pool

logger = logging.getLogger(__name__)

OPEN_TIER_WEIGHT = 1000.0
ELIGIBLE_WEIGHT = 5000.0
CATEGORY_TIER_WEIGHT = 20000.0
NAMED_WEIGHT = 1000000.0
BASELINE_WEIGHT = 0.001
# Seconds a rebuild's request may take: creating and bulk-loading an index on a busy node takes
# longer than a search may wait (ELASTICSEARCH_TIMEOUT).
WRITE_TIMEOUT = 60.0
_clients: dict[str, Elasticsearch] = {}


def client() -> Elasticsearch:
    url = settings.ELASTICSEARCH_URL
    if not url:
        raise EngineUnavailable("ELASTICSEARCH_URL is not set")
    timeout = settings.ELASTICSEARCH_TIMEOUT
    key = f"{url}|{timeout}"
    if key not in _clients:
        _clients[key] = Elasticsearch(
            url, request_timeout=timeout, max_retries=0, retry_on_timeout=False
        )
    return _clients[key]


def alias_name() -> str:
    return settings.ELASTICSEARCH_INDEX


def mapping() -> Mapping:
    m = Mapping()
    m.field("service_page_id", f.Integer())
    m.field("service_hsds_id", f.Keyword())
    m.field("service_at_location_hsds_id", f.Keyword())
    m.field("name", f.Text(analyzer="standard", fields={"raw": f.Keyword()}))
    m.field("organization", f.Text(analyzer="standard"))
    m.field("text", f.Text(analyzer="standard"))
    m.field("categories", f.Keyword())
    m.field("populations", f.Keyword())
    m.field("languages", f.Keyword())
    m.field("location", f.GeoPoint())
    m.field("has_beds", f.Boolean())
    m.field("beds_available", f.Integer())
    m.field("capacity_updated", f.Date())
    m.field("hours_known", f.Boolean())
    m.field("hours_exact", f.Boolean())
    m.field("always_open", f.Boolean())
    # Minutes of the week, local time, on a three-week line so a window never needs to wrap.
    m.field("open_intervals", f.IntegerRange())
    m.field("week_intervals", f.Object(enabled=False))
    for name in ("phone", "url", "address", "hours_summary"):
        m.field(name, f.Keyword(index=False))
    return m


def index_body() -> dict:
    """Settings and mappings of a new index (what ``PUT /<index>`` sends)."""
    index = Index("unused")
    index.settings(number_of_shards=1, number_of_replicas=0)
    index.mapping(mapping())
    return index.to_dict()


def doc_id(doc) -> str:
    return f"{doc.service_page_id}:{doc.service_at_location_hsds_id or '-'}"


def es_source(doc: ServiceSearchDocument) -> dict:
    intervals = [[int(s), int(e)] for s, e in doc.week_intervals or []]
    ranges = [{"gte": s, "lt": e} for s, e in shifted(intervals)]
    return {
        "service_page_id": doc.service_page_id,
        "service_hsds_id": doc.service_hsds_id,
        "service_at_location_hsds_id": doc.service_at_location_hsds_id,
        "name": doc.name,
        "organization": doc.organization,
        "text": doc.text,
        "categories": field_to_codes(doc.categories),
        "populations": field_to_codes(doc.populations),
        "languages": field_to_codes(doc.languages),
        "location": (
            {"lat": doc.latitude, "lon": doc.longitude}
            if doc.latitude is not None and doc.longitude is not None
            else None
        ),
        "has_beds": doc.has_beds,
        "beds_available": doc.beds_available,
        "capacity_updated": doc.capacity_updated.isoformat() if doc.capacity_updated else None,
        "hours_known": doc.hours_known,
        "hours_exact": doc.hours_exact,
        "always_open": doc.always_open,
        "open_intervals": ranges,
        "week_intervals": intervals,
        "phone": doc.phone,
        "url": doc.url,
        "address": doc.address,
        "hours_summary": doc.hours_summary,
    }


def bulk_actions(docs, index: str, *, delete_ids=()):
    for _id in delete_ids:
        yield {"_op_type": "delete", "_index": index, "_id": _id}
    for doc in docs:
        yield {"_op_type": "index", "_index": index, "_id": doc_id(doc), "_source": es_source(doc)}


def _open_filter(intent):
    if ranking.always_open_asked(intent):
        return Q("term", always_open=True)
    win = ranking.window(intent)
    start, end = win
    a = minute_of_week(start)
    length = max(0, int((end - start).total_seconds() // 60))
    if length == 0:
        rng = {"gte": a, "lte": a, "relation": "intersects"}
    else:
        rng = {"gte": a, "lt": a + min(length, WEEK_MINUTES), "relation": "intersects"}
    return Q(
        "bool",
        should=[Q("term", always_open=True), Q("range", open_intervals=rng)],
        minimum_should_match=1,
    )


def _name_prefixes(token: str) -> list:
    stem = ranking.token_stem(token)
    return [Q("prefix", name=stem), Q("prefix", organization=stem)]


def _word_match(token: str):
    return Q(
        "bool",
        should=_name_prefixes(token) + [Q("prefix", text=ranking.token_stem(token))],
        minimum_should_match=1,
    )


def _ruled_out(asked):
    """``ranking.rules_out`` as a query: the service states groups that leave the person out."""
    clauses = []
    for group in dict.fromkeys(asked):
        broader, excluding = ranking.broader_and_excluding([group])
        if not excluding:
            continue
        keep = [Q("term", populations=group)] + (
            [Q("terms", populations=sorted(broader - excluding))] if broader - excluding else []
        )
        clauses.append(Q("bool", filter=[Q("terms", populations=sorted(excluding))], must_not=keep))
    if "families" in asked:
        # Only adult groups stated: every stated group is one of ADULTS_ONLY.
        from directory.categories import POPULATIONS

        others = sorted((set(POPULATIONS) | {"families"}) - ranking.ADULTS_ONLY)
        clauses.append(
            Q(
                "bool",
                filter=[Q("exists", field="populations")],
                must_not=[Q("terms", populations=others)],
            )
        )
    return Q("bool", should=clauses, minimum_should_match=1) if clauses else None


def query_body(intent, *, size: int) -> dict:
    """The search request for one intent (what ``POST /<alias>/_search`` sends)."""
    w = ranking.weights()
    tokens = ranking.text_tokens(getattr(intent, "text", "") or "")
    categories = list(getattr(intent, "categories", None) or [])
    filters = []
    words = ranking.query_words(intent)
    if categories:
        # A category filters only where categories are known; the query's words find the rest.
        by_words = list(dict.fromkeys(words.category + words.name))
        filters.append(
            Q(
                "bool",
                should=[Q("terms", categories=categories)] + [_word_match(t) for t in by_words],
                minimum_should_match=1,
            )
        )
    near = getattr(intent, "near", None)
    if near is not None:
        filters.append(
            Q(
                "bool",
                should=[
                    Q(
                        "geo_distance",
                        distance=f"{ranking.MAX_DISTANCE_KM}km",
                        location={"lat": near.lat, "lon": near.lng},
                    ),
                    Q("bool", must_not=[Q("exists", field="location")]),
                ],
                minimum_should_match=1,
            )
        )
    text_queries = []
    for token in tokens:
        stem = ranking.token_stem(token)
        text_queries.append(
            Q(
                "dis_max",
                queries=[
                    Q(
                        "constant_score",
                        filter=Q(
                            "bool", should=[Q("prefix", name=stem), Q("prefix", organization=stem)]
                        ),
                        boost=w["TEXT"] / len(tokens),
                    ),
                    Q(
                        "constant_score",
                        filter=Q("prefix", text=stem),
                        boost=w["TEXT"] * w["TEXT_BODY_FACTOR"] / len(tokens),
                    ),
                ],
            )
        )
    text_is_filter = bool(tokens) and not categories
    base = Q(
        "bool",
        filter=filters,
        should=text_queries,
        minimum_should_match=1 if text_is_filter else 0,
    )

    functions = [{"weight": BASELINE_WEIGHT}]
    if words.name:
        named = Q(
            "bool",
            filter=[
                Q("bool", should=_name_prefixes(t), minimum_should_match=1) for t in words.name
            ],
        )
        functions.append({"filter": named.to_dict(), "weight": NAMED_WEIGHT})
    for group in ranking.category_groups(intent):
        functions.append(
            {
                "filter": Q("terms", categories=sorted(group)).to_dict(),
                "weight": CATEGORY_TIER_WEIGHT,
            }
        )
    if categories and words.category:
        unlisted = Q(
            "bool",
            must_not=[Q("exists", field="categories")],
            should=[_word_match(t) for t in words.category],
            minimum_should_match=1,
        )
        functions.append({"filter": unlisted.to_dict(), "weight": CATEGORY_TIER_WEIGHT})
    ruled_out = _ruled_out(getattr(intent, "populations", None) or [])
    if ruled_out is not None:
        functions.append(
            {"filter": Q("bool", must_not=[ruled_out]).to_dict(), "weight": ELIGIBLE_WEIGHT}
        )
    if ranking.window(intent):
        is_open = _open_filter(intent)
        functions.append({"filter": is_open.to_dict(), "weight": OPEN_TIER_WEIGHT})
        unknown = Q(
            "bool",
            should=[Q("term", hours_known=False), Q("term", hours_exact=False)],
            minimum_should_match=1,
            must_not=[is_open],
        )
        functions.append({"filter": unknown.to_dict(), "weight": OPEN_TIER_WEIGHT / 2})
    for code in dict.fromkeys(categories):
        functions.append(
            {
                "filter": Q("term", categories=code).to_dict(),
                "weight": w["CATEGORY"] / len(set(categories)),
            }
        )
    populations = list(getattr(intent, "populations", None) or [])
    if populations:
        # One function per asked group, as ranking.population_fit shares the weight among them.
        share = w["POPULATION"] / len(set(populations))
        for group in dict.fromkeys(populations):
            functions.append({"filter": Q("term", populations=group).to_dict(), "weight": share})
            broader, excluding = ranking.broader_and_excluding([group])
            if broader:
                not_named = [Q("term", populations=group)] + (
                    [Q("terms", populations=sorted(excluding))] if excluding else []
                )
                functions.append(
                    {
                        "filter": Q(
                            "bool",
                            filter=[Q("terms", populations=sorted(broader))],
                            must_not=not_named,
                        ).to_dict(),
                        "weight": share * w["BROADER_FACTOR"],
                    }
                )
        functions.append(
            {
                "filter": Q("bool", must_not=[Q("exists", field="populations")]).to_dict(),
                "weight": w["POPULATION"] * w["UNKNOWN"],
            }
        )
    restricted = sorted(ranking.restricted_not_asked(intent))
    open_to_all = {"weight": w["OPEN_TO_ALL"]}
    if restricted:
        open_to_all["filter"] = Q("bool", must_not=[Q("terms", categories=restricted)]).to_dict()
    functions.append(open_to_all)
    languages = list(getattr(intent, "languages", None) or [])
    if languages:
        functions.append(
            {"filter": Q("terms", languages=languages).to_dict(), "weight": w["LANGUAGE"]}
        )
        functions.append(
            {
                "filter": Q("bool", must_not=[Q("exists", field="languages")]).to_dict(),
                "weight": w["LANGUAGE"] * w["UNKNOWN"],
            }
        )
    if getattr(intent, "needs_bed", False):
        fresh = (timezone.now() - timedelta(hours=settings.CAPACITY_STALE_HOURS)).isoformat()
        functions.append(
            {
                "filter": Q(
                    "bool",
                    filter=[
                        Q("range", beds_available={"gt": 0}),
                        Q("range", capacity_updated={"gte": fresh}),
                    ],
                ).to_dict(),
                "weight": w["BED"],
            }
        )
        functions.append(
            {
                "filter": Q(
                    "bool",
                    filter=[Q("range", beds_available={"gt": 0})],
                    must_not=[Q("range", capacity_updated={"gte": fresh})],
                ).to_dict(),
                "weight": w["BED"] * w["STALE_BED_FACTOR"],
            }
        )
        functions.append(
            {
                "filter": Q("term", has_beds=False).to_dict(),
                "weight": w["BED"] * w["UNKNOWN_BED_FACTOR"],
            }
        )
    sort = ["_score"]
    if near is not None:
        origin = {"lat": near.lat, "lon": near.lng}
        functions.append(
            {
                "filter": Q("exists", field="location").to_dict(),
                "gauss": {
                    "location": {
                        "origin": origin,
                        "scale": f"{w['DISTANCE_SCALE_KM']}km",
                        "decay": 0.5,
                    }
                },
                "weight": w["DISTANCE"],
            }
        )
        functions.append(
            {
                "filter": Q("bool", must_not=[Q("exists", field="location")]).to_dict(),
                "weight": w["DISTANCE"] * w["NO_LOCATION_DISTANCE_FACTOR"],
            }
        )
        sort.append(
            {
                "_geo_distance": {
                    "location": origin,
                    "order": "asc",
                    "unit": "km",
                    "ignore_unmapped": True,
                }
            }
        )
    sort.append({"name.raw": {"order": "asc"}})
    query = Q("function_score", query=base, functions=functions, score_mode="sum", boost_mode="sum")
    search = Search().query(query).extra(size=size, track_total_hits=False).sort(*sort)
    return search.to_dict()


def _candidate(hit: dict) -> ranking.Candidate:
    src = hit["_source"]
    location = src.get("location") or {}
    updated = src.get("capacity_updated")
    return ranking.Candidate(
        id=0,
        service_page_id=src["service_page_id"],
        service_hsds_id=src["service_hsds_id"],
        service_at_location_hsds_id=src.get("service_at_location_hsds_id") or "",
        name=src["name"],
        organization=src.get("organization") or "",
        text=src.get("text") or "",
        categories=src.get("categories") or [],
        populations=src.get("populations") or [],
        languages=src.get("languages") or [],
        latitude=location.get("lat"),
        longitude=location.get("lon"),
        has_beds=bool(src.get("has_beds")),
        beds_available=src.get("beds_available"),
        capacity_updated=_parse_dt(updated),
        hours_known=bool(src.get("hours_known")),
        hours_exact=bool(src.get("hours_exact", True)),
        always_open=bool(src.get("always_open")),
        week_intervals=src.get("week_intervals") or [],
        phone=src.get("phone") or "",
        url=src.get("url") or "",
        address=src.get("address") or "",
        hours_summary=src.get("hours_summary") or "",
    )


def _parse_dt(value):
    if not value:
        return None
    from datetime import datetime

    return datetime.fromisoformat(value)


class ElasticsearchEngine(SearchEngine):
    name = "elasticsearch"

    def __init__(self, es: Elasticsearch | None = None, index: str | None = None):
        self._es = es
        self.index = index or alias_name()

    @property
    def es(self) -> Elasticsearch:
        if self._es is None:
            self._es = client()
        return self._es

    def candidates(self, intent, *, limit: int):
        body = query_body(intent, size=candidate_pool(limit))
        response = self.es.search(index=self.index, body=body)
        hits = response["hits"]["hits"]
        return [_candidate(h) for h in hits]

    # --- writing --------------------------------------------------------------------------------

    @property
    def writer(self) -> Elasticsearch:
        """The client for rebuilding: index creation and bulk loads, off the request path."""
        return self.es.options(request_timeout=WRITE_TIMEOUT)

    def create_index(self, name: str) -> None:
        body = index_body()
        self.writer.indices.create(
            index=name, settings=body.get("settings"), mappings=body.get("mappings")
        )

    def sync_service(self, *, service_page_id: int, refresh: bool | str = False) -> None:
        """Make the index hold exactly the table's rows for one service."""
        if not self.es.indices.exists(index=self.index):
            # No index yet: `manage.py rebuild_search_index` creates it from the whole table.
            logger.warning(
                "Elasticsearch index %s does not exist; run rebuild_search_index", self.index
            )
            return
        docs = list(ServiceSearchDocument.objects.filter(service_page_id=service_page_id))
        found = self.es.search(
            index=self.index,
            body={
                "query": {"term": {"service_page_id": service_page_id}},
                "_source": False,
                "size": 1000,
            },
        )
        keep = {doc_id(d) for d in docs}
        stale = [h["_id"] for h in found["hits"]["hits"] if h["_id"] not in keep]
        helpers.bulk(
            self.es,
            bulk_actions(docs, self.index, delete_ids=stale),
            refresh=refresh,
            raise_on_error=False,
        )

    def rebuild(self, *, chunk_size: int = 1000) -> dict:
        """Zero downtime: load a new index, then move the alias to it in one atomic step."""
        alias = self.index
        new = f"{alias}-{int(_time.time() * 1000)}"
        self.create_index(new)
        docs = ServiceSearchDocument.objects.order_by("pk").iterator(chunk_size=chunk_size)
        ok, _errors = helpers.bulk(
            self.writer, bulk_actions(docs, new), chunk_size=chunk_size, raise_on_error=True
        )
        self.writer.indices.refresh(index=new)
        old = []
        if self.writer.indices.exists_alias(name=alias):
            old = list(self.writer.indices.get_alias(name=alias).keys())
        elif self.writer.indices.exists(index=alias):
            # A concrete index under the alias's name (from an old version): it has to go first.
            self.writer.indices.delete(index=alias)
        actions = [{"remove": {"index": i, "alias": alias}} for i in old] + [
            {"add": {"index": new, "alias": alias}}
        ]
        self.writer.indices.update_aliases(actions=actions)
        for i in old:
            self.writer.indices.delete(index=i, ignore_unavailable=True)
        return {"index": new, "alias": alias, "documents": ok, "replaced": old}

    def drop(self) -> None:
        """Delete the alias and every index behind it (tests)."""
        if self.writer.indices.exists_alias(name=self.index):
            for i in self.writer.indices.get_alias(name=self.index):
                self.writer.indices.delete(index=i, ignore_unavailable=True)
        elif self.writer.indices.exists(index=self.index):
            self.writer.indices.delete(index=self.index)
