"""The default engine: SQLite FTS5 or PostgreSQL full-text search over the search table.

Retrieval is a bounded candidate set: filters (categories via ``SearchTag``'s index, text via the
full-text index) and a bounding box around the asked place, ordered in SQL by the coarse tiers
(open at the asked time by the 15-minute slot mask, language, free bed) and then by distance.
The box grows ring by ring (2, 6, 20, 50 km) until enough candidates fit. ``ranking`` scores them.
"""

from __future__ import annotations

import math
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.db.models import BooleanField, Case, F, FloatField, IntegerField, Q, Value, When
from django.db.models.expressions import ExpressionWrapper, RawSQL
from django.db.models.functions import Substr
from django.utils import timezone

from .. import ranking
from ..models import SearchTag, ServiceSearchDocument
from .base import SearchEngine

RINGS_KM = (2.0, 6.0, 20.0, ranking.MAX_DISTANCE_KM)
KM_PER_DEGREE = 111.32


def candidate_pool(limit: int) -> int:
    """How many rows SQL hands to the scorer: a few pages' worth, never the whole table."""
    return max(60, 3 * limit)


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

    def base_queryset(self, intent, tokens, *, ring_km=None, text_filter=True):
        qs = ServiceSearchDocument.objects.all()
        near = getattr(intent, "near", None)
        box = bbox(near.lat, near.lng, ring_km) if near is not None and ring_km else None
        categories = list(getattr(intent, "categories", None) or [])
        if categories:
            tags = SearchTag.objects.filter(code__in=[f"c:{c}" for c in categories])
            if box:
                tags = tags.filter(
                    Q(latitude__range=box[0], longitude__range=box[1]) | Q(latitude__isnull=True)
                )
            qs = qs.filter(id__in=tags.values("document_id"))
        elif box:
            qs = qs.filter(Q(latitude__range=box[0], longitude__range=box[1]) | Q(latitude__isnull=True))
        if tokens and text_filter and not categories:
            match = fts_match(tokens, connection.vendor)
            if match:
                sql, params = match
                qs = qs.filter(id__in=RawSQL(f"SELECT id FROM {ServiceSearchDocument._meta.db_table} WHERE {sql}", params))
            else:
                text_q = Q()
                for t in tokens:
                    text_q |= Q(name__icontains=t) | Q(text__icontains=t)
                qs = qs.filter(text_q)
        return qs

    def annotate_tiers(self, qs, intent):
        """Coarse tiers in SQL, so the pool holds the best rows and not just the nearest."""
        order = []
        win = ranking.window(intent)
        if win:
            first, n = ranking.window_slots(*win)
            whens = [
                When(always_open=True, then=Value(2)),
                When(Q(hours_known=False) | Q(hours_exact=False), then=Value(1)),
            ]
            if not ranking.always_open_asked(intent):  # "24/7": only round-the-clock places fit
                qs = qs.annotate(mask_window=Substr("open_mask", first + 1, n))
                whens.append(When(mask_window__contains="1", then=Value(2)))
            qs = qs.annotate(open_tier=Case(*whens, default=Value(0), output_field=IntegerField()))
            order.append(F("open_tier").desc())
        languages = list(getattr(intent, "languages", None) or [])
        if languages:
            spoken = Q()
            for code in languages:
                spoken |= Q(languages__contains=f"|{code}|")
            qs = qs.annotate(
                lang_tier=Case(
                    When(spoken, then=Value(2)), When(languages="", then=Value(1)), default=Value(0),
                    output_field=IntegerField(),
                )
            )
            order.append(F("lang_tier").desc())
        if getattr(intent, "needs_bed", False):
            fresh = timezone.now() - timedelta(hours=settings.CAPACITY_STALE_HOURS)
            qs = qs.annotate(
                bed_tier=Case(
                    When(beds_available__gt=0, capacity_updated__gte=fresh, then=Value(3)),
                    When(beds_available__gt=0, then=Value(2)),
                    When(has_beds=False, then=Value(1)),
                    default=Value(0),
                    output_field=IntegerField(),
                )
            )
            order.append(F("bed_tier").desc())
        near = getattr(intent, "near", None)
        if near is not None:
            k = math.cos(math.radians(near.lat))
            dlat = F("latitude") - Value(near.lat)
            dlng = (F("longitude") - Value(near.lng)) * Value(k)
            qs = qs.annotate(dist2=ExpressionWrapper(dlat * dlat + dlng * dlng, output_field=FloatField()))
            order.append(F("dist2").asc(nulls_last=True))
        order.append(F("id").asc())
        return qs.order_by(*order), bool(win), bool(languages)

    def candidates(self, intent, *, limit: int):
        tokens = ranking.text_tokens(getattr(intent, "text", "") or "")
        pool = candidate_pool(limit)
        near = getattr(intent, "near", None)
        rings = RINGS_KM if near is not None else (None,)
        fields = ranking.CANDIDATE_FIELDS
        rows = []
        for ring in rings:
            qs, has_window, has_lang = self.annotate_tiers(self.base_queryset(intent, tokens, ring_km=ring), intent)
            extra = [f for f in ("open_tier", "lang_tier", "bed_tier") if f in qs.query.annotations]
            rows = list(qs.values(*fields, *extra)[:pool])
            fitting = sum(1 for r in rows if all(r[f] == max_tier(f) for f in extra))
            if fitting >= limit or (not extra and len(rows) >= limit):
                break
        if not rows and tokens and not getattr(intent, "categories", None):
            rows = self.fuzzy_rows(intent, tokens, pool)
        return [ranking.Candidate.from_row(r) for r in rows]

    def fuzzy_rows(self, intent, tokens, pool):
        """Nothing matched the words: on PostgreSQL, try trigram similarity on the name."""
        if connection.vendor != "postgresql":
            return []
        qs = ServiceSearchDocument.objects.annotate(
            similar=RawSQL("similarity(name, %s) > 0.3", [" ".join(tokens)], output_field=BooleanField())
        ).filter(similar=True)
        if getattr(intent, "near", None) is not None:
            box = bbox(intent.near.lat, intent.near.lng, ranking.MAX_DISTANCE_KM)
            qs = qs.filter(Q(latitude__range=box[0], longitude__range=box[1]) | Q(latitude__isnull=True))
        qs, _, _ = self.annotate_tiers(qs, intent)
        return list(qs.values(*ranking.CANDIDATE_FIELDS)[:pool])


def max_tier(name: str) -> int:
    return {"open_tier": 2, "lang_tier": 2, "bed_tier": 3}[name]
