"""Measure responder search: ``manage.py bench_search --services N``.

Generates N services across Hartford, then times, side by side in one run:

- **waypoint**: ``search_services`` on the active engine (query already parsed; the parse time
  is shown in its own row, as it is the same for every engine);
- **naive**: what a first version would do: ORM ``icontains`` over name and description for the
  query's key word, every match loaded, distance computed and sorted in Python;
- **floor**: one raw SQL statement on the same indexes (the tags' category-and-box index, or the
  documents' coordinates index), ordered by distance, ``LIMIT 20``: the least work any correct
  answer needs, with no ranking, no hours, no serialising.

Then it times the same queries again on a directory in a foreign taxonomy: one service in
``--unmapped`` (default 10) loses its categories, as services whose 211 terms map to none of
Waypoint's, so search must find them by their words.

Generated rows are search documents and their tags only (``bulk_create``; no Wagtail pages,
which would take minutes to build at 50,000): search reads nothing else. All of it happens inside
one transaction that is rolled back at the end, so the database is left as it was. With
``ELASTICSEARCH_URL`` set, the same rows are bulk-loaded into a temporary index that is deleted
afterwards.
"""

from __future__ import annotations

import math
import random
import statistics
import time
import uuid
from datetime import UTC

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.db.models import Q
from django.test.utils import override_settings

from directory.hours import mask_from_intervals
from geo import haversine_km
from search.intent import parse_query
from search.models import NO_CATEGORY_TAG, SearchTag, ServiceSearchDocument, codes_to_field
from search.selectors import active_engine_name, search_services
from search.services import save_tags

# Hartford, CT (city limits, roughly).
LAT_RANGE = (41.724, 41.806)
LNG_RANGE = (-72.718, -72.645)
PARK_ST = (41.7589, -72.6929)
ASYLUM_HILL = (41.7719, -72.6926)

CATEGORY_WORDS = {
    "emergency-shelter": ("Shelter", "emergency shelter beds overnight"),
    "warming-center": ("Warming Center", "warming centre overnight cold weather"),
    "detox": ("Detox", "detox withdrawal management medically supervised"),
    "outpatient-treatment": ("Outpatient Program", "outpatient counselling groups substance use"),
    "residential-treatment": ("Residential Program", "residential treatment live-in"),
    "medication-treatment": ("Methadone Clinic", "methadone buprenorphine suboxone"),
    "recovery-housing": ("Sober House", "recovery housing sober living"),
    "mental-health-crisis": ("Crisis Team", "mental health crisis mobile team"),
    "mental-health-walk-in": ("Walk-in Clinic", "mental health walk-in counselling"),
    "primary-care": ("Free Clinic", "primary care free clinic doctor nurse"),
    "food-pantry": ("Food Pantry", "food pantry groceries"),
    "meals": ("Soup Kitchen", "hot meals soup kitchen breakfast dinner"),
    "harm-reduction": ("Harm Reduction", "syringe services naloxone narcan test strips"),
    "showers-laundry": ("Showers", "showers laundry hygiene"),
    "id-benefits": ("Benefits Help", "ID birth certificate SNAP Medicaid benefits"),
    "youth-services": ("Youth Drop-in", "youth young adults drop-in"),
    "domestic-violence": ("Safe House", "domestic violence safety advocacy"),
    "veterans": ("Veterans Center", "veterans services"),
}
BED_CATEGORIES = {
    "emergency-shelter",
    "warming-center",
    "detox",
    "residential-treatment",
    "recovery-housing",
}
POPULATIONS = ["youth", "young-adults", "adults", "seniors", "women", "men", "families", "veterans"]
HOURS = [  # (weight, intervals maker)
    (10, "24/7"),
    (40, ("weekdays", 9 * 60, 17 * 60)),
    (15, ("daily", 19 * 60, 31 * 60)),
    (20, ("daily", 8 * 60, 20 * 60)),
    (15, None),
]

QUERIES = [
    # (q, lat/lng of the phone or None, the naive baseline's key word)
    ("detox bed tonight, Spanish, near Park St", None, "detox"),
    ("food pantry near 06106", None, "pantry"),
    ("shelter tonight", PARK_ST, "shelter"),
    ("methadone near Asylum Hill", None, "methadone"),
    ("open now near me", PARK_ST, ""),
    ("meals", ASYLUM_HILL, "meals"),
    ("naloxone", PARK_ST, "naloxone"),
    ("showers open now", ASYLUM_HILL, "showers"),
    ("youth shelter tonight Portuguese", PARK_ST, "shelter"),
    ("free clinic tomorrow morning near Frog Hollow", None, "clinic"),
]


def _intervals(kind):
    if kind == "24/7":
        return [[0, 7 * 1440]]
    if kind is None:
        return []
    days, opens, closes = kind
    return [
        [d * 1440 + opens, d * 1440 + closes]
        for d in (range(5) if days == "weekdays" else range(7))
    ]


def generate(n: int, seed: int = 1) -> int:
    rng = random.Random(seed)
    cats = list(CATEGORY_WORDS)
    hours_choices = [h for w, h in HOURS for _ in range(w)]
    masks = {}
    docs = []
    now = time.time()
    from datetime import datetime

    for i in range(n):
        chosen = rng.sample(cats, 2 if rng.random() < 0.25 else 1)
        label, words = CATEGORY_WORDS[chosen[0]]
        hours = rng.choice(hours_choices)
        key = repr(hours)
        if key not in masks:
            iv = _intervals(hours)
            masks[key] = (iv, mask_from_intervals(iv) if iv else "")
        intervals, mask = masks[key]
        langs = (
            []
            if rng.random() < 0.3
            else ["en"] + rng.sample(["es", "pt", "pl", "bs", "ht"], rng.randint(0, 2))
        )
        has_beds = bool(set(chosen) & BED_CATEGORIES)
        docs.append(
            ServiceSearchDocument(
                service_page_id=10_000_000 + i,
                service_hsds_id=str(uuid.UUID(int=rng.getrandbits(128))),
                service_at_location_hsds_id=str(uuid.UUID(int=rng.getrandbits(128))),
                name=f"{label} {i}",
                organization=f"Bench Organization {i % 997}",
                text=f"{words}. " + " ".join(CATEGORY_WORDS[c][1] for c in chosen[1:]),
                categories=codes_to_field(chosen),
                populations=codes_to_field(rng.sample(POPULATIONS, rng.randint(0, 2))),
                languages=codes_to_field(langs),
                latitude=rng.uniform(*LAT_RANGE),
                longitude=rng.uniform(*LNG_RANGE),
                has_beds=has_beds,
                beds_available=rng.randint(0, 8) if has_beds else None,
                capacity_updated=datetime.fromtimestamp(now - rng.uniform(0, 48 * 3600), UTC)
                if has_beds
                else None,
                hours_known=hours is not None,
                hours_exact=True,
                always_open=hours == "24/7",
                week_intervals=intervals,
                open_mask=mask,
                phone=f"+1860555{i % 10000:04d}",
                url=f"/services/bench-{i}/",
            )
        )
    ServiceSearchDocument.objects.bulk_create(docs, batch_size=1000)
    save_tags(docs)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_servicesearchdocument; ANALYZE search_searchtag")
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return n


def unmap(every: int) -> int:
    """Every ``every``-th generated service loses its categories (a foreign taxonomy's unmapped terms)."""
    ids = list(ServiceSearchDocument.objects.order_by("id").values_list("id", flat=True))[::every]
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        SearchTag.objects.filter(document_id__in=chunk, code__startswith="c:").delete()
        ServiceSearchDocument.objects.filter(id__in=chunk).update(categories="")
        SearchTag.objects.bulk_create(
            SearchTag(
                document=doc,
                code=NO_CATEGORY_TAG,
                latitude=doc.latitude,
                longitude=doc.longitude,
                **{name: getattr(doc, name) for name in SearchTag.TIER_FIELDS},
            )
            for doc in ServiceSearchDocument.objects.filter(id__in=chunk)
        )
    return len(ids)


def naive(intent, word: str, limit: int = 20):
    qs = ServiceSearchDocument.objects.all()
    if word:
        qs = qs.filter(Q(name__icontains=word) | Q(text__icontains=word))
    rows = list(qs.values("id", "name", "latitude", "longitude", "phone", "url"))
    near = intent.near
    if near is not None:
        for r in rows:
            r["d"] = (
                haversine_km(near.lat, near.lng, r["latitude"], r["longitude"])
                if r["latitude"] is not None
                else 1e9
            )
        rows.sort(key=lambda r: r["d"])
    return rows[:limit]


def floor(intent, limit: int = 20):
    near = intent.near or type("P", (), {"lat": PARK_ST[0], "lng": PARK_ST[1]})
    dlat = 2.0 / 111.32
    dlng = 2.0 / (111.32 * math.cos(math.radians(near.lat)))
    k = math.cos(math.radians(near.lat))
    box = [near.lat - dlat, near.lat + dlat, near.lng - dlng, near.lng + dlng]
    dist = f"((d.latitude - %s) * (d.latitude - %s) + (d.longitude - %s) * (d.longitude - %s) * {k * k})"
    dparams = [near.lat, near.lat, near.lng, near.lng]
    if intent.categories:
        dist = dist.replace("d.", "t.")
        sql = (
            f"SELECT t.document_id, t.latitude, t.longitude FROM search_searchtag t "
            f"WHERE t.code = %s AND t.latitude BETWEEN %s AND %s AND t.longitude BETWEEN %s AND %s "
            f"ORDER BY {dist} LIMIT %s"
        )
        params = [f"c:{intent.categories[0]}", *box, *dparams, limit]
    else:
        sql = (
            f"SELECT d.id, d.name, d.latitude, d.longitude FROM search_servicesearchdocument d "
            f"WHERE d.latitude BETWEEN %s AND %s AND d.longitude BETWEEN %s AND %s ORDER BY {dist} LIMIT %s"
        )
        params = [*box, *dparams, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, max(0, math.ceil(p / 100 * len(values)) - 1))]


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Generate N services across Hartford and time search against a naive baseline and the floor."

    def add_arguments(self, parser):
        parser.add_argument(
            "--services",
            type=int,
            default=5000,
            help="How many services to generate (up to 50,000).",
        )
        parser.add_argument(
            "--runs", type=int, default=200, help="Timed runs per query and contender."
        )
        parser.add_argument(
            "--naive-runs",
            type=int,
            default=None,
            help="Timed runs for the naive baseline (default: --runs).",
        )
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--unmapped",
            type=int,
            default=10,
            help="Then again with one service in this many left with no category.",
        )

    def handle(self, *args, **options):
        n, runs = options["services"], options["runs"]
        naive_runs = options["naive_runs"] or runs
        engine = active_engine_name()
        self.stdout.write(
            f"Database: {connection.vendor}; engine: {engine}; services: {n:,}; runs per query: {runs}"
        )
        try:
            with transaction.atomic():
                started = time.perf_counter()
                generate(n, options["seed"])
                self.stdout.write(
                    f"Generated {n:,} services in {time.perf_counter() - started:.1f} s"
                )
                self._measure(engine, n, runs, naive_runs, "Waypoint's own categories")
                unmapped = unmap(options["unmapped"])
                self._measure(
                    engine,
                    n,
                    runs,
                    naive_runs,
                    f"a foreign taxonomy: {unmapped:,} services with no category",
                )
                raise _Rollback
        except _Rollback:
            self.stdout.write("Generated rows rolled back.")

    def _measure(self, engine, n, runs, naive_runs, title):
        self.stdout.write(f"\n== {title}")
        if engine == "elasticsearch":
            self._with_es(n, runs, naive_runs)
        else:
            self._run(runs, naive_runs)

    def _with_es(self, n, runs, naive_runs):
        from search.engines.elastic import ElasticsearchEngine

        name = f"waypoint-bench-{uuid.uuid4().hex[:8]}"
        with override_settings(ELASTICSEARCH_INDEX=name):
            es = ElasticsearchEngine()
            started = time.perf_counter()
            es.rebuild()
            self.stdout.write(
                f"Loaded {n:,} documents into Elasticsearch in {time.perf_counter() - started:.1f} s"
            )
            try:
                self._run(runs, naive_runs)
            finally:
                es.drop()

    def _run(self, runs, naive_runs):
        intents = [
            (q, parse_query(q, lat=pos[0] if pos else None, lng=pos[1] if pos else None), pos, word)
            for q, pos, word in QUERIES
        ]
        for _q, intent, _pos, _word in intents:  # warm caches and connections
            search_services(intent=intent, limit=20)
            floor(intent)
        series = {"parse": [], "waypoint": [], "naive": [], "floor": []}
        per_query = []
        for q, intent, pos, word in intents:
            parse_t = timed(
                lambda: parse_query(q, lat=pos[0] if pos else None, lng=pos[1] if pos else None),
                max(20, runs // 4),
            )
            way_t = timed(lambda: search_services(intent=intent, limit=20), runs)
            naive_t = timed(lambda: naive(intent, word), naive_runs)
            floor_t = timed(lambda: floor(intent), runs)
            series["parse"] += parse_t
            series["waypoint"] += way_t
            series["naive"] += naive_t
            series["floor"] += floor_t
            hits = len(search_services(intent=intent, limit=20).results)
            per_query.append(
                (
                    q,
                    statistics.median(way_t),
                    pct(way_t, 95),
                    statistics.median(naive_t),
                    statistics.median(floor_t),
                    hits,
                )
            )

        self.stdout.write("")
        self.stdout.write(
            f"{'per query':48} {'p50':>8} {'p95':>8} {'naive p50':>10} {'floor p50':>10} {'results':>8}"
        )
        for q, p50, p95, n50, f50, hits in per_query:
            self.stdout.write(
                f"{q[:48]:48} {p50:8.2f} {p95:8.2f} {n50:10.2f} {f50:10.2f} {hits:8d}"
            )
        self.stdout.write("")
        self.stdout.write(f"{'all queries (ms)':28} {'p50':>9} {'p95':>9} {'p99':>9}")
        label = {
            "waypoint": f"waypoint ({active_engine_name()})",
            "naive": "naive baseline",
            "floor": "floor (raw indexed lookup)",
            "parse": "query parsing (shared)",
        }
        for key in ("waypoint", "naive", "floor", "parse"):
            v = series[key]
            self.stdout.write(
                f"{label[key]:28} {pct(v, 50):9.2f} {pct(v, 95):9.2f} {pct(v, 99):9.2f}"
            )
        w95, n95, f95 = (
            pct(series["waypoint"], 95),
            pct(series["naive"], 95),
            pct(series["floor"], 95),
        )
        self.stdout.write("")
        self.stdout.write(
            f"p95: waypoint is {n95 / w95:.1f}x faster than naive; {w95 / f95:.1f}x the floor"
        )
