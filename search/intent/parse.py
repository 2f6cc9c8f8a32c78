"""``parse_query``: the readers of ``search.intent`` put together, in the order their warnings are
said."""

from __future__ import annotations

import logging

from django.utils import timezone
from django.utils.translation import gettext as _

from search import geocode as geo

from .beds import bed_categories, read_bed
from .categories import group_categories, read_categories, read_hints
from .chips import Ask, ChipBook, in_query_order
from .eligibility import narrow_age_groups, read_populations
from .hits import consumed_words, find_hits
from .languages import read_languages
from .params import read_at, read_device
from .places import read_near_param, read_place, wants_device
from .times import time_hits, time_of
from .types import SearchIntent
from .windows import local_zone
from .words import MAX_QUERY_CHARS, Tokens, clean_text, leftover_text, read_text

logger = logging.getLogger(__name__)


def parse_query(text=None, *, near=None, lat=None, lng=None, at=None) -> SearchIntent:
    """Read a responder's query. Never raises: odd input becomes warnings."""
    try:
        with geo.one_look():
            return _parse(text, near=near, lat=lat, lng=lng, at=at)
    except Exception as exc:
        logger.exception("parse_query failed")
        intent = SearchIntent(
            raw=str(text or "")[:MAX_QUERY_CHARS], text=clean_text(str(text or ""))
        )
        intent.at = timezone.now().astimezone(local_zone())
        intent.warnings.append(
            _("We could not fully read this search (%(error)s); searching the words.")
            % {"error": type(exc).__name__}
        )
        return intent


def _parse(text, *, near, lat, lng, at) -> SearchIntent:
    warnings: list = []
    raw = read_text(text, warnings)
    intent = SearchIntent(raw=raw)
    intent.at = read_at(at, warnings)
    intent.device = read_device(lat, lng, warnings)
    where = geo.area()
    near_text, param_place = read_near_param(near, intent.device, where, warnings)

    tokens = Tokens(raw)
    hits = find_hits(raw, tokens)
    consumed = consumed_words(hits)

    categories = read_categories(hits, tokens)
    populations = read_populations(hits)
    intent.languages, language_asks = read_languages(hits)
    intent.needs_bed, bed_asks = read_bed(hits)
    intent.wants_device = wants_device(hits)
    chips = ChipBook()
    chips.add_all(in_query_order(categories.asks + populations.asks + language_asks + bed_asks))

    when = time_of(time_hits(hits), categories.meal, intent.at, warnings)
    if when is not None:
        intent.open, intent.window_start, intent.window_end = when.open, when.start, when.end
        intent.requires_always_open = when.open == "24/7"
        chips.add_all([Ask("open", when.open, when.label, hit) for hit in when.hits])

    intent.near, near_asks = read_place(
        hits,
        param_place=param_place,
        near_text=near_text,
        device=intent.device,
        asks_device=intent.wants_device,
        where=where,
        warnings=warnings,
    )
    chips.add_all(near_asks)
    intent.chips = chips.chips(raw, tokens, consumed, hits, near_text)

    intent.populations = narrow_age_groups(populations.codes, hits)
    intent.group_categories = group_categories(categories.codes, intent.populations, hits)
    intent.categories = categories.codes + [
        c for c in intent.group_categories if c not in categories.codes
    ]
    intent.categories = bed_categories(intent.needs_bed, intent.categories)

    intent.hints = read_hints(hits)
    intent.text = leftover_text(raw, tokens, consumed, intent.hints)
    intent.category_words = " ".join(categories.words)
    intent.population_words = " ".join(populations.words)
    intent.warnings = list(dict.fromkeys(warnings))
    return intent
