"""The walk along the query's words: at each word, the longest thing that starts there (an age, a
place, a clock time or a table phrase) becomes a :class:`Hit`."""

from __future__ import annotations

from directory.vocabulary import match_rule

from .ages import match_age
from .clock import match_clock
from .place_spans import find_bare_place, find_prefixed_place, starts_prefix
from .types import Hit
from .words import Tokens, text_of

MAX_PREFIXED_PLACES = 3  # "near X" lookups per query (a query is not a list of places)
MAX_BARE_PLACES = 3


def find_hits(raw: str, tokens: Tokens) -> list[Hit]:
    hits: list = []
    i = 0
    remote_used = False
    prefixed_tries = bare_tries = 0
    while i < len(tokens):
        n_age, age = match_age(tokens, i)
        if n_age:
            hits.append(
                Hit("age", i, i + n_age, phrase=text_of(raw, tokens, i, i + n_age), age=age)
            )
            i += n_age
            continue
        n_rule, rule = match_rule(tokens, i)
        place_hit = None
        if prefixed_tries < MAX_PREFIXED_PLACES and starts_prefix(tokens, i):
            prefixed_tries += 1
            place_hit = find_prefixed_place(raw, tokens, i, use_remote=not remote_used)
            if place_hit is not None:
                remote_used = True  # at most one call to the real geocoder per search
        if place_hit is None and bare_tries < MAX_BARE_PLACES:
            place_hit = find_bare_place(raw, tokens, i)
            if place_hit is not None:
                bare_tries += 1
        n_clock, clock = match_clock(tokens, i)
        if place_hit is not None and (place_hit.end - place_hit.start) > max(n_rule, n_clock):
            hits.append(place_hit)
            i = place_hit.end
            continue
        if n_clock > n_rule:  # a table phrase ("after 9" = late) beats the general pattern
            hits.append(
                Hit(
                    "clock",
                    i,
                    i + n_clock,
                    phrase=text_of(raw, tokens, i, i + n_clock),
                    clock=clock,
                )
            )
            i += n_clock
            continue
        if rule is not None:
            hits.append(
                Hit("rule", i, i + n_rule, rule=rule, phrase=text_of(raw, tokens, i, i + n_rule))
            )
            i += n_rule
            continue
        i += 1
    return hits


def consumed_words(hits: list[Hit]) -> set:
    """The indexes of the words that some hit took."""
    consumed = set()
    for hit in hits:
        consumed.update(range(hit.start, hit.end))
    return consumed
