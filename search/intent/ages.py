"""Ages said outright: "19 year old", "19yo", "age 70", and the age band (phrases.json ``ages``)
each falls in."""

from __future__ import annotations

import re

from directory.vocabulary import match_words, table

# The populations that are age groups: an age said outright decides among these.
AGE_GROUPS = frozenset({"youth", "young-adults", "adults", "seniors"})


def match_age(tokens, i: int):
    """ "19 year old", "19yo", "age 70" at tokens[i]: (length, age) or (0, None)."""
    t = table()
    word = tokens[i].word
    m = re.fullmatch(r"(\d{1,3})(yo|yrs?|y)?", word)
    if m and int(m.group(1)) <= 110:
        if m.group(2) == "yo":
            return 1, int(m.group(1))
        n = match_words(tokens, i + 1, t.ages_after)
        if n and not m.group(2):
            return 1 + n, int(m.group(1))
        if n and m.group(2) in ("yr", "yrs", "y"):
            return 1 + n, int(m.group(1))
        return 0, None
    n = match_words(tokens, i, t.ages_before)
    if (
        n
        and i + n < len(tokens)
        and re.fullmatch(r"\d{1,3}", tokens[i + n].word)
        and int(tokens[i + n].word) <= 110
    ):
        return n + 1, int(tokens[i + n].word)
    return 0, None


def age_band(age: int):
    for band in table().age_bands:
        if band.get("min", 0) <= age <= band.get("max", 200):
            return band
    return None
