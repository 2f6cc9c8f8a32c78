"""The words responders use, and what they mean: one phrase table for queries and for listings.

``phrases.json`` maps phrases (any spelling, plural or misspelling people type; matched after
lower-casing and stripping accents and punctuation, longest phrase first) to Waypoint's codes:
categories, populations, languages, times, a bed. Search reads a responder's query with it
(``search.intent``); the directory reads a foreign taxonomy term or a listing's own words with the
same table (``directory.categorisation``), so "Free Meals", "soup kitchen" and "comida caliente"
land in one category whoever wrote them.

Matching: the text is split into words, each lower-cased and stripped of accents; at each word the
longest phrase that starts there wins; single words of five or more letters also match a phrase
word one edit away ("withdrawl", "suboxne", "shleter").
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

TABLE_PATH = Path(__file__).resolve().parent / "phrases.json"


def norm_word(word: str) -> str:
    if not word.isascii():
        word = unicodedata.normalize("NFKD", word)
        word = "".join(c for c in word if not unicodedata.combining(c))
    word = word.lower()
    word = word.replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2] + "s"
    return word.replace("'", "")


WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*'?", re.UNICODE)


@dataclass(frozen=True)
class Token:
    word: str  # normalised
    start: int
    end: int


def tokenize(text: str) -> list:
    return [
        Token(norm_word(m.group(0)), m.start(), m.end())
        for m in WORD_RE.finditer(text)
        if norm_word(m.group(0))
    ]


def phrase_words(phrase: str) -> tuple:
    return tuple(t.word for t in tokenize(phrase))


@dataclass
class Rule:
    label: str
    set: dict
    hint: str = ""  # words kept as free-text relevance for a phrase narrower than its category
    broad: bool = False  # its categories count only when nothing more specific was asked


@dataclass
class Table:
    by_first: dict  # first word -> [(words, rule)] longest first
    fuzzy_words: dict  # word (>=5 letters) -> True, every phrase word eligible for fuzzy match
    labels: dict
    stopwords: frozenset
    strong_prefixes: list  # word tuples, longest first
    weak_prefixes: list
    place_stop: set
    ages_after: list
    ages_before: list
    age_bands: list
    bed_default: list
    bed_categories: frozenset  # the kinds of service that have beds


@lru_cache(maxsize=1)
def table() -> Table:
    data = json.loads(TABLE_PATH.read_text(encoding="utf-8"))
    by_first: dict = {}
    fuzzy_words: dict = {}
    for raw_rule in data["rules"]:
        rule = Rule(
            raw_rule["label"],
            raw_rule["set"],
            raw_rule.get("hint", ""),
            bool(raw_rule.get("broad")),
        )
        for phrase in raw_rule["phrases"]:
            words = phrase_words(phrase)
            if not words:
                continue
            by_first.setdefault(words[0], []).append((words, rule))
            for w in words:
                if len(w) >= 5 and not w.isdigit():
                    fuzzy_words[w] = True
    for entries in by_first.values():
        entries.sort(key=lambda e: -len(e[0]))
    prefixes = data["place_prefixes"]
    return Table(
        by_first=by_first,
        fuzzy_words=fuzzy_words,
        labels=data["labels"],
        stopwords=frozenset(norm_word(w) for w in data["stopwords"]),
        strong_prefixes=sorted(
            (phrase_words(p) for p in prefixes["strong"]), key=len, reverse=True
        ),
        weak_prefixes=sorted((phrase_words(p) for p in prefixes["weak"]), key=len, reverse=True),
        place_stop={phrase_words(p) for p in data["place_stop"]},
        ages_after=sorted((tuple(w) for w in data["ages"]["after"]), key=len, reverse=True),
        ages_before=sorted((tuple(w) for w in data["ages"]["before"]), key=len, reverse=True),
        age_bands=data["ages"]["bands"],
        bed_default=list(data.get("defaults", {}).get("bed_without_category", [])),
        bed_categories=frozenset(data.get("defaults", {}).get("bed_categories", [])),
    )


def within_one_edit(a: str, b: str) -> bool:
    """Levenshtein distance ≤ 1, counting a swap of neighbours as one edit."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    if la > lb:
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1 :]


def _deletes(word: str) -> set:
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


@lru_cache(maxsize=1)
def _delete_index() -> dict:
    """Symmetric-delete index of the table's fuzzy-matchable words (one deletion each side)."""
    index: dict = {}
    for w in table().fuzzy_words:
        for d in _deletes(w):
            index.setdefault(d, set()).add(w)
    return index


@lru_cache(maxsize=4096)
def fuzzy_candidates(word: str) -> tuple:
    if len(word) < 4 or word.isdigit():
        return ()
    t = table()
    if word in t.fuzzy_words or word in t.stopwords:
        return ()
    index = _delete_index()
    found = set()
    for d in _deletes(word):
        found |= index.get(d, set())
    # A four-letter word only as a table word with one letter left out ("detx" for "detox").
    return tuple(
        sorted(
            w for w in found if within_one_edit(word, w) and (len(word) >= 5 or len(w) > len(word))
        )
    )


def word_matches(token_word: str, phrase_word: str) -> bool:
    if token_word == phrase_word:
        return True
    return len(phrase_word) >= 5 and phrase_word in fuzzy_candidates(token_word)


def match_rule(tokens: list, i: int, *, fuzzy: bool = True):
    """Longest table phrase starting at tokens[i]: (length, rule) or (0, None)."""
    t = table()
    first = tokens[i].word
    candidates = list(t.by_first.get(first, ()))
    for alt in fuzzy_candidates(first) if fuzzy else ():
        candidates.extend(t.by_first.get(alt, ()))
    same = word_matches if fuzzy else str.__eq__
    best = (0, None)
    for words, rule in candidates:
        n = len(words)
        if n <= best[0] or i + n > len(tokens):
            continue
        if all(same(tokens[i + k].word, words[k]) for k in range(n)):
            # A phrase never spans a comma or other hard break.
            if n > 1 and any(hard_break(tokens, i + k) for k in range(1, n)):
                continue
            best = (n, rule)
    return best


def hard_break(tokens, i: int) -> bool:
    check = getattr(tokens, "hard_break_before", None)
    return bool(check and check(i))


def match_words(tokens: list, i: int, options: list) -> int:
    for words in options:
        n = len(words)
        if i + n <= len(tokens) and tuple(tok.word for tok in tokens[i : i + n]) == words:
            return n
    return 0


@dataclass(frozen=True)
class Reading:
    """What a text says in Waypoint's codes, and the phrases that said it."""

    categories: tuple = ()
    populations: tuple = ()
    phrases: tuple = ()  # (phrase as written, rule label)
    broad_only: bool = False  # only broad phrases ("food", "addiction") named a category


def read(text: str) -> Reading:
    """Categories and populations a listing's text names (longest phrase first, as for a query).

    Broad phrases count only when nothing more specific was named, as in a query: "Addiction &
    Recovery > Detox" is detox, not every kind of treatment. No typo matching: a listing is
    written with care, and "other" is not a misspelt "mother".
    """
    tokens = tokenize(text or "")
    hits = []
    i = 0
    while i < len(tokens):
        n, rule = match_rule(tokens, i, fuzzy=False)
        if rule is None:
            i += 1
            continue
        hits.append((rule, text[tokens[i].start : tokens[i + n - 1].end]))
        i += n
    specific = [h for h in hits if h[0].set.get("categories") and not h[0].broad]
    chosen = specific or [h for h in hits if h[0].set.get("categories")]
    categories = tuple(dict.fromkeys(c for rule, _ in chosen for c in rule.set["categories"]))
    if not categories and any(
        rule.set.get("needs_bed") or rule.set.get("bed_implied") for rule, _ in hits
    ):
        categories = tuple(
            table().bed_default
        )  # "Emergency Beds", as a bed asked with no kind of service
        specific = chosen = [h for h in hits if h[0].set.get("needs_bed")]
    populations = tuple(
        dict.fromkeys(p for rule, _ in hits for p in rule.set.get("populations", ()))
    )
    phrases = tuple(
        dict.fromkeys(
            (phrase, rule.label)
            for rule, phrase in hits
            if rule.set.get("categories")
            or rule.set.get("populations")
            or rule.set.get("needs_bed")
        )
    )
    return Reading(categories, populations, phrases, broad_only=bool(chosen) and not specific)
