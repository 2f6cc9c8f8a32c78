"""The default engine: SQLite FTS5 or PostgreSQL full-text search over the search table.

Retrieval is a bounded candidate set: filters (categories via ``SearchTag``'s index, text via the
full-text index) and a bounding box around the asked place, ordered in SQL by the coarse tiers
(open at the asked time by the hourly slot mask, language, free bed) and then by distance.
The box doubles ring by ring (0.5, 1, 2, 4 … 50 km) until enough candidates fit, so the rows
examined track how dense the directory is near the asked place, not how big it is. ``ranking`` scores them.
"""

from __future__ import annotations

import json
import math
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import connection
from django.db.models import BooleanField, FloatField, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone

from directory.hours import window_slots

from .. import ranking
from ..models import NO_CATEGORY_TAG, SearchTag, ServiceSearchDocument
from .base import SearchEngine

RINGS_KM = (0.5, 1.0, 2.0, 4.0, 6.0, 12.0, 25.0, ranking.MAX_DISTANCE_KM)
# From which box size on a soft tier no longer has to be at its best for the box to be enough:
# farther rows can no longer win on it against nearer ones. At 6 km the distance part is under
# 7% of its weight (language and bed weigh as much as distance). A named population is worth
# 1.5 points over an unknown one, which 2-3 km of distance already costs. Open at the asked time
# is a hard tier: it is never settled.
SETTLED_KM = {"lang_tier": 6.0, "bed_tier": 6.0, "population_tier": 2.0}
KM_PER_DEGREE = 111.32


def candidate_pool(limit: int) -> int:
    """How many rows SQL hands to the scorer: a few pages' worth, never the whole table."""
    return max(40, 2 * limit)


def fts_match(tokens: list[str], vendor: str) -> tuple[str, list] | None:
    """A WHERE fragment matching any of the tokens (prefix match on words of 4+ letters)."""
    if not tokens:
        return None
    if vendor == "sqlite":
        terms = " OR ".join(f'"{t}"*' if len(t) >= 4 else f'"{t}"' for t in tokens)
        return "id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)", [terms]
    if vendor == "postgresql":
        terms = " | ".join(f"{t}:*" if len(t) >= 4 else t for t in tokens)
        return "search_vector @@ to_tsquery('english', %s)", [terms]
    # Any other database: plain containment on the name and text (slow but correct).
    return None


def bbox(lat: float, lng: float, km: float):
    dlat = km / KM_PER_DEGREE
    dlng = km / (KM_PER_DEGREE * max(0.01, math.cos(math.radians(lat))))
    return (lat - dlat, lat + dlat), (lng - dlng, lng + dlng)


class DatabaseEngine(SearchEngine):
    name = "database"

    def candidates(self, intent, *, limit: int):
        tokens = ranking.text_tokens(getattr(intent, "text", "") or "")
        pool = candidate_pool(limit)
        near = getattr(intent, "near", None)
        rings = RINGS_KM if near is not None else (None,)
        ids = []
        with connection.cursor() as cursor:
            for ring in rings:
                sql, params, tiers = phase_one_sql(
                    intent, tokens, ring_km=ring, pool=pool, vendor=connection.vendor
                )
                # Phase 1: ids and tiers only (cheap), best tiers first, then nearest.
                cursor.execute(sql, params)
                rows = unique_rows(cursor.fetchall(), pool)
                ids = [r[0] for r in rows]
                if ring is None or ring_is_enough(ring, rows, tiers, limit, intent):
                    break
            words = ranking.query_words(intent)
            if getattr(intent, "categories", None) and words.category:
                # A category is a filter only where categories are known: services with none are
                # found by their words in the same box.
                sql, params = no_category_sql(intent, words.category, ring_km=ring, pool=pool)
                cursor.execute(sql, params)
                ids += [r[0] for r in cursor.fetchall() if r[0] not in set(ids)]
            all_words = list(dict.fromkeys(words.category + words.name))
            if (
                getattr(intent, "categories", None)
                and all_words
                and (words.name or len(ids) < limit)
            ):
                # A service the query names, or, when the filtered answer is short, what the words
                # find under other categories (shown as such).
                text_only = replace(intent, categories=[])
                sql, params, _tiers = phase_one_sql(
                    text_only, all_words, ring_km=ring, pool=pool, vendor=connection.vendor
                )
                cursor.execute(sql, params)
                ids += [r[0] for r in unique_rows(cursor.fetchall(), pool) if r[0] not in set(ids)]
        if not ids and tokens and not getattr(intent, "categories", None):
            ids = self.fuzzy_ids(intent, tokens, pool)
        return fetch_candidates(ids)

    def fuzzy_ids(self, intent, tokens, pool):
        """Nothing matched the words: on PostgreSQL, try trigram similarity on the name (misspellings)."""
        if connection.vendor != "postgresql":
            return []
        query = " ".join(tokens)
        qs = ServiceSearchDocument.objects.annotate(
            similar=RawSQL("similarity(name, %s) > 0.3", [query], output_field=BooleanField()),
            similarity=RawSQL("similarity(name, %s)", [query], output_field=FloatField()),
        ).filter(similar=True)
        near = getattr(intent, "near", None)
        if near is not None:
            box = bbox(near.lat, near.lng, ranking.MAX_DISTANCE_KM)
            qs = qs.filter(
                Q(latitude__range=box[0], longitude__range=box[1]) | Q(latitude__isnull=True)
            )
        return list(qs.order_by("-similarity", "id").values_list("id", flat=True)[:pool])


def no_category_sql(intent, words, *, ring_km, pool):
    """Documents with no category known, in the box, whose name or text holds one of the words.

    Their ``c:-`` tags are few (the services a foreign taxonomy left unmapped), so the words are
    matched on those rows alone instead of through the full-text index.
    """
    where, params = ["t.code = %s"], [NO_CATEGORY_TAG]
    near = getattr(intent, "near", None)
    if near is not None and ring_km:
        (lat0, lat1), (lng0, lng1) = bbox(near.lat, near.lng, ring_km)
        where.append(
            "((t.latitude BETWEEN %s AND %s AND t.longitude BETWEEN %s AND %s) OR t.latitude IS NULL)"
        )
        params += [lat0, lat1, lng0, lng1]
    likes = []
    for word in words:
        likes.append("LOWER(d.name) LIKE %s OR LOWER(d.text) LIKE %s")
        params += [f"%{ranking.token_stem(word)}%"] * 2
    where.append("(" + " OR ".join(likes) + ")")
    order, order_params = "t.document_id", []
    if near is not None:
        k = math.cos(math.radians(near.lat))
        order = (
            "CASE WHEN t.latitude IS NULL THEN 1 ELSE 0 END, "
            "(t.latitude - %s) * (t.latitude - %s) + (t.longitude - %s) * (t.longitude - %s) * %s, t.document_id"
        )
        order_params = [near.lat, near.lat, near.lng, near.lng, k * k]
    sql = (
        f"SELECT t.document_id FROM {TAG_TABLE} t JOIN {DOC_TABLE} d ON d.id = t.document_id "
        f"WHERE {' AND '.join(where)} ORDER BY {order} LIMIT %s"
    )
    return sql, [*params, *order_params, pool]


def max_tier(name: str, intent) -> int:
    if name == "population_tier":
        return 2 * len(set(getattr(intent, "populations", None) or []))
    return {"open_tier": 2, "lang_tier": 2, "bed_tier": 3}[name]


def ring_is_enough(ring_km: float, rows, tiers: list[str], limit: int, intent) -> bool:
    """Stop growing the box once ``limit`` rows fit what was asked.

    In a small box every asked tier must be at its best; from ``SETTLED_KM`` on a soft tier no
    longer counts, since farther rows can no longer win on it; the hard one (open at the asked
    time) always does.
    """
    if ring_km >= ranking.MAX_DISTANCE_KM:
        return True
    needed = [t for t in tiers if ring_km < SETTLED_KM.get(t, ranking.MAX_DISTANCE_KM)]
    positions = [1 + tiers.index(t) for t in needed]
    fitting = sum(1 for r in rows if all(r[i] == max_tier(tiers[i - 1], intent) for i in positions))
    return fitting >= limit


DOC_TABLE = ServiceSearchDocument._meta.db_table
TAG_TABLE = SearchTag._meta.db_table


def phase_one_sql(intent, tokens, *, ring_km, pool, vendor):
    """The candidate query as plain SQL (the same for SQLite and PostgreSQL but for full text).

    Written out by hand rather than with the ORM: building it costs microseconds where a queryset
    with these annotations costs about a millisecond, which matters at a 25 ms budget. Every value
    is a bound parameter; only fixed column names and numbers are part of the text.
    """
    where, params = [], []
    near = getattr(intent, "near", None)
    box = bbox(near.lat, near.lng, ring_km) if near is not None and ring_km else None
    categories = list(getattr(intent, "categories", None) or [])
    # With a category, the tags table alone answers (it carries the tier columns); a document with
    # two asked categories comes back once per tag, so the caller de-duplicates.
    d, table, key = ("t", TAG_TABLE, "t.document_id") if categories else ("d", DOC_TABLE, "d.id")
    if categories:
        where.append(f"t.code IN ({', '.join(['%s'] * len(categories))})")
        params += [f"c:{c}" for c in categories]
    if box:
        where.append(
            f"(({d}.latitude BETWEEN %s AND %s AND {d}.longitude BETWEEN %s AND %s) OR {d}.latitude IS NULL)"
        )
        params += [*box[0], *box[1]]
    if tokens and not categories:
        match = fts_match(tokens, vendor)
        if match:
            frag, fparams = match
            where.append(f"d.id IN (SELECT id FROM {DOC_TABLE} WHERE {frag})")
            params += fparams
        else:
            ors = []
            for t in tokens:
                ors.append("(LOWER(d.name) LIKE %s OR LOWER(d.text) LIKE %s)")
                params += [f"%{t}%", f"%{t}%"]
            where.append("(" + " OR ".join(ors) + ")")
    select, select_params, order, tiers = [key], [], [], []
    win = ranking.window(intent)
    if win:
        first, n = window_slots(*win)
        case = f"CASE WHEN {d}.always_open THEN 2 WHEN NOT {d}.hours_known OR NOT {d}.hours_exact THEN 1 "
        if not ranking.always_open_asked(intent):
            case += f"WHEN SUBSTR({d}.open_mask, %s, %s) LIKE %s THEN 2 "
            select_params += [first + 1, n, "%1%"]
        select.append(case + "ELSE 0 END")
        tiers.append("open_tier")
    languages = list(getattr(intent, "languages", None) or [])
    if languages:
        likes = " OR ".join([f"{d}.languages LIKE %s"] * len(languages))
        select.append(f"CASE WHEN {likes} THEN 2 WHEN {d}.languages = '' THEN 1 ELSE 0 END")
        select_params += [f"%|{c}|%" for c in languages]
        tiers.append("lang_tier")
    if getattr(intent, "needs_bed", False):
        fresh = timezone.now() - timedelta(hours=settings.CAPACITY_STALE_HOURS)
        fresh_value = connection.ops.adapt_datetimefield_value(fresh)
        select.append(
            f"CASE WHEN {d}.beds_available > 0 AND {d}.capacity_updated >= %s THEN 3 "
            f"WHEN {d}.beds_available > 0 THEN 2 WHEN NOT {d}.has_beds THEN 1 ELSE 0 END"
        )
        select_params.append(fresh_value)
        tiers.append("bed_tier")
    populations = list(getattr(intent, "populations", None) or [])
    if populations:
        # Coarse, for the pool only (ranking.population_fit has the final word): names the group,
        # then unknown or a broader group, then the rest.
        # Two points per asked group it names (so "LGBTQ youth" puts a place for both first), one
        # for unknown or a broader group.
        groups = list(dict.fromkeys(populations))
        broader, _excluding = ranking.broader_and_excluding(groups)
        parts = []
        for group in groups:
            parts.append(f"CASE WHEN {d}.populations LIKE %s THEN 2 ELSE 0 END")
            select_params.append(f"%|{group}|%")
        named = " + ".join(parts)
        case = f"CASE WHEN {d}.populations = '' THEN 1 WHEN ({named}) > 0 THEN {named} "
        select_params += select_params[-len(groups) :]
        if broader:
            case += "WHEN " + " OR ".join([f"{d}.populations LIKE %s"] * len(broader)) + " THEN 1 "
            select_params += [f"%|{c}|%" for c in sorted(broader)]
        select.append(case + "ELSE 0 END")
        tiers.append("population_tier")
    order = [f"{i + 2} DESC" for i in range(len(tiers))]
    order_params = []
    if near is not None:
        k = math.cos(math.radians(near.lat))
        order.append(
            f"CASE WHEN {d}.latitude IS NULL THEN 1 ELSE 0 END, "
            f"({d}.latitude - %s) * ({d}.latitude - %s) + ({d}.longitude - %s) * ({d}.longitude - %s) * %s"
        )
        order_params += [near.lat, near.lat, near.lng, near.lng, k * k]
    order.append(key)
    sql = f"SELECT {', '.join(select)} FROM {table} {d}"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY " + ", ".join(order) + " LIMIT %s"
    return sql, [*select_params, *params, *order_params, pool * max(1, len(categories))], tiers


def unique_rows(rows, pool: int):
    """The first row of each document, in order, at most ``pool`` of them."""
    seen, out = set(), []
    for row in rows:
        if row[0] not in seen:
            seen.add(row[0])
            out.append(row)
    return out[:pool]


def _as_datetime(value):
    if value is None or isinstance(value, datetime):
        return (
            value if value is None or timezone.is_aware(value) else timezone.make_aware(value, UTC)
        )
    parsed = datetime.fromisoformat(str(value))
    return parsed if timezone.is_aware(parsed) else parsed.replace(tzinfo=UTC)


def fetch_candidates(ids) -> list[ranking.Candidate]:
    """Phase 2: the whole rows of the pool, read with one plain SELECT (no ORM row machinery)."""
    if not ids:
        return []
    columns = ", ".join(f"d.{name}" for name in ranking.CANDIDATE_FIELDS)
    marks = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {DOC_TABLE} d WHERE d.id IN ({marks})", list(ids))
        rows = cursor.fetchall()
    out = []
    for row in rows:
        data = dict(zip(ranking.CANDIDATE_FIELDS, row))
        for key in ("has_beds", "hours_known", "hours_exact", "always_open"):
            data[key] = bool(data[key])
        if isinstance(data["week_intervals"], (str, bytes)):
            data["week_intervals"] = json.loads(data["week_intervals"] or "[]")
        data["capacity_updated"] = _as_datetime(data["capacity_updated"])
        out.append(ranking.Candidate.from_row(data))
    return out
