"""Gather the facts: after an engine has retrieved its candidates, the one place a search reads.

The pipeline is retrieve (``engines``) → gather the facts (here) → score (``ranking``, pure)
→ answer (``engines.base``). Hours come from ``directory.hours``: the weekly intervals the index
precomputed from the rules, or, for a service whose hours are not a plain weekly pattern, its
rules, read in one query for the whole pool.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from directory.hours import HOURS_PREFETCH, hours_at
from directory.models import ServicePage

from . import ranking
from .models import SearchTag, ServiceSearchDocument


@dataclass
class Facts:
    at: datetime
    window: tuple | None
    # Services whose hours only their rules can tell, with those rules prefetched.
    rules: dict = field(default_factory=dict)

    def hours(self, candidates: list[ranking.Candidate], *, status: bool) -> None:
        """Open in the asked window (and, with ``status``, open now / opens at / closes at)."""
        if not self.window and not status:
            return
        # Many services keep the same hours (Mon–Fri 9–5, 24/7): work each pattern out once.
        by_pattern: dict[tuple, object] = {}
        for c in candidates:
            service = (
                self.rules.get(c.service_page_id) if c.hours_known and not c.hours_exact else None
            )
            if service is not None or not c.hours_known:
                answer = hours_at(
                    self.at, self.window, known=c.hours_known, service=service, status=status
                )
            else:
                pattern = tuple(map(tuple, c.week_intervals))
                if pattern not in by_pattern:
                    by_pattern[pattern] = hours_at(
                        self.at, self.window, intervals=c.week_intervals, status=status
                    )
                answer = by_pattern[pattern]
            c.in_window = answer.in_window
            if status:
                c.open_now, c.opens_at, c.closes_at = (
                    answer.open_now,
                    answer.opens_at,
                    answer.closes_at,
                )


def gather(candidates: list[ranking.Candidate], intent) -> Facts:
    """The facts ranking needs about ``candidates`` (in place), and what the answer will need."""
    facts = Facts(at=getattr(intent, "at", None) or timezone.now(), window=ranking.window(intent))
    irregular = {c.service_page_id for c in candidates if c.hours_known and not c.hours_exact}
    if irregular and facts.window:
        facts.rules.update(_with_rules(irregular))
    facts.hours(candidates, status=False)
    return facts


def shown(candidates: list[ranking.Candidate], facts: Facts) -> None:
    """The hours a shown result displays (open now, opens at, closes at)."""
    missing = {c.service_page_id for c in candidates if c.hours_known and not c.hours_exact} - set(
        facts.rules
    )
    if missing:
        facts.rules.update(_with_rules(missing))
    facts.hours(candidates, status=True)


def _with_rules(page_ids) -> dict:
    pages = ServicePage.objects.filter(pk__in=page_ids).prefetch_related(*HOURS_PREFETCH)
    return {page.pk: page for page in pages}


def fallback_lines(intent, facts: Facts) -> list[ranking.Candidate]:
    """The 24/7 lines to offer when nothing fits: crisis lines, and for substance use the access line."""
    codes = ["c:crisis-line"]
    if set(getattr(intent, "categories", None) or []) & ranking.SUBSTANCE_USE_CATEGORIES:
        codes.insert(0, "c:access-line")
    ids = SearchTag.objects.filter(code__in=codes).values("document_id")
    rows = (
        ServiceSearchDocument.objects.filter(id__in=ids, always_open=True)
        .order_by("name")
        .values(*ranking.CANDIDATE_FIELDS)[:10]
    )
    lines = [ranking.Candidate.from_row(r) for r in rows]
    # The access line first when it was asked for, then crisis lines.
    lines.sort(
        key=lambda c: (
            0 if "access-line" in c.categories and codes[0] == "c:access-line" else 1,
            c.name,
        )
    )
    # One row per service (a line listed at several places is still one number).
    seen, unique = set(), []
    for c in lines:
        if c.service_hsds_id not in seen:
            seen.add(c.service_hsds_id)
            unique.append(c)
    ranking.fill_distance(unique, intent)
    shown(unique, facts)
    ranking.fill_open_tiers(unique, intent)
    return unique
