"""The kinds of service a query asks for, and the relevance hints of narrow phrases."""

from __future__ import annotations

from typing import NamedTuple

from directory.categorisation import GROUP_CATEGORIES

from .ages import AGE_GROUPS
from .chips import Ask
from .clock import time_words
from .types import Hit
from .words import Tokens


class Categories(NamedTuple):
    codes: list  # alternatives: a service in any of them fits
    asks: list  # chips
    words: list  # the phrases that named them ("shower"), searched as text too where needed
    meal: str | None  # a meal word among them ("breakfast"), a part of the day next to a day


def read_categories(hits: list[Hit], tokens: Tokens) -> Categories:
    # A broad phrase ("heroin") counts only when nothing more specific ("detox") was asked.
    specific_asked = any(
        h.kind == "rule" and not h.rule.broad and h.rule.set.get("categories") for h in hits
    )
    meals = time_words().meals
    codes: list = []
    asks: list = []
    words: list = []
    meal = None
    for hit in hits:
        if hit.kind != "rule" or not hit.rule.set.get("categories"):
            continue
        if hit.rule.broad and specific_asked:
            continue
        meal = meal or next(
            (meals[tokens[k].word] for k in range(hit.start, hit.end) if tokens[k].word in meals),
            None,
        )
        categories = hit.rule.set["categories"]
        for code in categories:
            if code not in codes:
                codes.append(code)
        asks.append(Ask("category", ",".join(categories), hit.rule.label, hit))
        words.append(hit.phrase)
    return Categories(codes, asks, words, meal)


def read_hints(hits: list[Hit]) -> list:
    """The table ``hint`` words of phrases narrower than their category ("wound care")."""
    hints: list = []
    for hit in hits:
        if hit.kind == "rule":
            hints.extend(w for w in hit.rule.hint.split() if w not in hints)
    return hints


def group_categories(categories: list, populations: list, hits: list[Hit]) -> list:
    """A group named in words with a kind of service steers to the group's own services too:
    "veteran housing" is also the veterans' services, whatever kind they are listed as."""
    if not categories:
        return []
    named = {code for h in hits if h.kind == "rule" for code in h.rule.set.get("populations", ())}
    return [
        c
        for p in populations
        if p in named and p not in AGE_GROUPS
        for c in GROUP_CATEGORIES.get(p, ())
    ]
