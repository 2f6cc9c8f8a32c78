"""What both engines share: one pipeline, the response shape, result rows and the fallback.

A search runs one way for both engines (``SearchEngine.search``):

1. **retrieve**: the engine's ``candidates`` (query understanding, ``search.intent``, came before);
2. **gather the facts**: ``search.facts``, the one place after retrieval that reads the database
   (hours, from ``directory.hours``);
3. **score**: ``search.ranking.rank``, pure functions, no queries;
4. **answer**: here — result rows, flags, and the "nothing fits" message with its 24/7 lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import facts as search_facts
from .. import ranking

OPEN_LABELS = {
    "now": gettext_lazy("now"),
    "tonight": gettext_lazy("tonight"),
    "late": gettext_lazy("late tonight"),
    "24/7": gettext_lazy("around the clock"),
    "weekend": gettext_lazy("this weekend"),
    "tomorrow_morning": gettext_lazy("tomorrow morning"),
    "today": gettext_lazy("today"),
}


class EngineUnavailable(Exception):
    """The configured engine could not be reached; the caller answers from the database."""


@dataclass
class SearchResponse:
    query: dict
    backend: str
    degraded: bool
    results: list[dict]
    fallback: list[dict] = field(default_factory=list)
    message: str = ""
    took_ms: float | None = None

    def to_json(self) -> dict:
        data = {
            "query": self.query,
            "backend": self.backend,
            "degraded": self.degraded,
            "results": self.results,
        }
        if self.message:
            data["message"] = self.message
        if self.fallback:
            data["fallback"] = self.fallback
        return data


def _iso(dt):
    return timezone.localtime(dt).isoformat() if dt else None


def result_json(c: ranking.Candidate, intent) -> dict:
    distance = round(c.distance_km, 2) if c.distance_km is not None else None
    row = {
        "service_id": c.service_hsds_id,
        "service_at_location_id": c.service_at_location_hsds_id or None,
        "name": c.name,
        "organization": c.organization,
        "distance_km": distance,
        "open_now": c.open_now,
        "opens_at": _iso(c.opens_at),
        "closes_at": _iso(c.closes_at),
        "beds_available": c.beds_available if c.has_beds else None,
        "availability_updated_at": _iso(c.capacity_updated) if c.has_beds else None,
        "languages": list(c.languages),
        "phone": c.phone or None,
        "url": c.url or None,
        # Extras (contracts §4.2 allows additions):
        "address": c.address or None,
        "categories": list(c.categories),
        "always_open": c.always_open,
        "hours": c.hours_summary or None,
        "language_confirmed": c.language_confirmed,
        "stale": bool(c.has_beds and c.stale),
        "call_to_confirm": ranking.needs_call(c, intent),
        "score": round(c.score, 4),
        # Why it is here when it is not in an asked category: its words matched.
        "matched": "name"
        if c.named
        else (
            "category"
            if set(c.categories) & set(getattr(intent, "categories", None) or [])
            else "text"
        ),
    }
    if ranking.window(intent):
        row["open_in_window"] = {ranking.OPEN: True, ranking.CLOSED: False}.get(c.open_tier)
    return row


def nothing_fits_message(intent, results) -> str:
    win = ranking.window(intent)
    label = OPEN_LABELS.get(getattr(intent, "open", None) or "", "at that time")
    words = getattr(intent, "category_words", "") or ""
    if (
        results
        and getattr(intent, "categories", None)
        and not any(r.category_tier >= ranking.IN_CATEGORY or r.named for r in results)
    ):
        return _(
            "Nothing is listed for “%(words)s”; these mention it. These 24/7 lines can help too."
        ) % {"words": words}
    if not results:
        if win:
            return _("Nothing open %(when)s matches; these 24/7 lines can help.") % {"when": label}
        return _("Nothing matches; these 24/7 lines can help.")
    if win and not any(r.open_tier == ranking.OPEN for r in results):
        return _("Nothing open %(when)s matches; these 24/7 lines can help.") % {"when": label}
    asked_bed = any(c.kind == "bed" for c in getattr(intent, "chips", None) or [])
    unknown_is_no = (
        ("free", "stale") if asked_bed else ("free", "stale", "unknown")
    )  # "shelter": call to ask
    if getattr(intent, "needs_bed", False) and not any(
        r.bed_state in unknown_is_no for r in results
    ):
        return _("No free bed found; these 24/7 lines can help.")
    return ""


def answer(intent, ranked, facts, *, backend: str, degraded: bool) -> SearchResponse:
    message = nothing_fits_message(intent, ranked)
    fallback = []
    if message:
        fitting = {c.service_hsds_id for c in ranked if ranking.fits(c, intent)}
        fallback = [
            result_json(c, intent)
            for c in search_facts.fallback_lines(intent, facts)
            if c.service_hsds_id not in fitting
        ]
    return SearchResponse(
        query=intent.to_json(),
        backend=backend,
        degraded=degraded,
        results=[result_json(c, intent) for c in ranked],
        fallback=fallback,
        message=message,
    )


class SearchEngine:
    name = "base"

    def candidates(
        self, intent, *, limit: int
    ) -> list[ranking.Candidate]:  # pragma: no cover - interface
        raise NotImplementedError

    def search(self, intent, *, limit: int = 20, degraded: bool = False) -> SearchResponse:
        candidates = self.candidates(intent, limit=limit)
        facts = search_facts.gather(candidates, intent)
        ranked = ranking.rank(candidates, intent, limit=limit)
        search_facts.shown(ranked, facts)
        return answer(intent, ranked, facts, backend=self.name, degraded=degraded)
