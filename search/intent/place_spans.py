"""Places named in the query's words: after "near" ("near the library", "near Park St at 5pm"),
or outright (a ZIP, a neighbourhood, a landmark, "X St", "X and Y")."""

from __future__ import annotations

import re

from directory.vocabulary import match_rule, match_words, table
from search import geocode as geo

from .clock import match_clock
from .types import Hit
from .words import Tokens, text_of

MAX_SPAN_WORDS = 7


def _place_span_end(tokens: Tokens, start: int, *, stop_at_phrases: bool = True) -> int:
    """Where a place named after "near" ends: a comma, a stop word, (a table phrase), or 7 words."""
    t = table()
    i = start
    while i < len(tokens) and i - start < MAX_SPAN_WORDS:
        if i > start and tokens.hard_break_before(i):
            break
        if match_words(tokens, i, sorted(t.place_stop, key=len, reverse=True)):
            break
        if i > start and match_clock(tokens, i)[0]:
            break  # "near Park St at 5pm"
        if stop_at_phrases:
            n, rule = match_rule(tokens, i)
            if rule is not None and i > start:
                break
            if rule is not None and i == start:
                return start  # "near shelter": no place here
        i += 1
    return i


def starts_prefix(tokens, i: int) -> bool:
    t = table()
    return bool(
        match_words(tokens, i, t.strong_prefixes) or match_words(tokens, i, t.weak_prefixes)
    )


def find_prefixed_place(raw: str, tokens: Tokens, i: int, *, use_remote: bool):
    """At tokens[i], a place prefix followed by a place? Returns a Hit or None."""
    t = table()
    strong = match_words(tokens, i, t.strong_prefixes)
    weak = 0 if strong else match_words(tokens, i, t.weak_prefixes)
    n_prefix = strong or weak
    if not n_prefix:
        return None
    start = i + n_prefix
    # Skip a leading article: "near the library".
    while (
        start < len(tokens)
        and tokens[start].word in {"the", "a"}
        and not tokens.hard_break_before(start)
    ):
        start += 1
    if start >= len(tokens) or tokens.hard_break_before(start):
        return None
    end = _place_span_end(tokens, start)
    if end <= start:
        return None
    # A place name may hold a table word ("Hartford Hospital", "Shelter Rock Rd"): try the longer
    # span first, then the one cut at the first phrase.
    full_end = _place_span_end(tokens, start, stop_at_phrases=False)
    for k in range(full_end, end, -1):
        candidate = text_of(raw, tokens, start, k)
        place = geo.geocode_offline(candidate, fuzzy=False)
        if place is not None:
            return Hit("place", i, k, place=place, phrase=text_of(raw, tokens, i, k))
    for k in range(end, start, -1):
        candidate = text_of(raw, tokens, start, k)
        place = geo.geocode_offline(candidate, fuzzy=True)
        if place is not None:
            return Hit("place", i, k, place=place, phrase=text_of(raw, tokens, i, k))
    span_text = text_of(raw, tokens, start, end)
    if not strong:
        return None  # "in", "at", "on" + something we do not know: just words
    if use_remote:
        place = geo.geocode_remote(span_text)
        if place is not None:
            return Hit("place", i, end, place=place, phrase=text_of(raw, tokens, i, end))
    return Hit("place-miss", i, end, phrase=span_text)


def find_bare_place(raw: str, tokens: Tokens, i: int):
    """A ZIP, or a neighbourhood / landmark / "X St" / "X and Y" named without "near"."""
    tok = tokens[i]
    if re.fullmatch(r"\d{5}", tok.word):
        place = geo.geocode_zip(tok.word)
        if place is not None:
            return Hit("place", i, i + 1, place=place, phrase=text_of(raw, tokens, i, i + 1))
        return Hit("place-miss", i, i + 1, phrase=tok.word)
    limit = min(len(tokens), i + 6)
    for k in range(limit, i, -1):
        if any(tokens.hard_break_before(m) for m in range(i + 1, k)):
            continue
        candidate = text_of(raw, tokens, i, k)
        words = [tokens[m].word for m in range(i, k)]
        place = geo.named_place(candidate)
        if k - i == 1:
            if (
                place is not None
                and place.kind in ("neighbourhood", "city")
                and tokens[i].word not in table().stopwords
            ):
                return Hit("place", i, k, place=place, phrase=candidate)
            continue
        if place is not None:
            return Hit("place", i, k, place=place, phrase=candidate)
        if (
            k - i >= 3
            and any(w in {"and", "y"} for w in words[1:-1])
            or (k - i >= 2 and re.search(r"[&@/+]", candidate))
        ):
            place = geo.intersection(candidate)
            if place is not None:
                return Hit("place", i, k, place=place, phrase=candidate)
    return None
