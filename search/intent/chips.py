"""Each understood phrase as a removable :class:`Chip`: its label, and the query without every
phrase that produced it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .types import Chip, Hit
from .words import Tokens

# The little words that lead into a phrase and go with it when the chip is removed.
CONNECTORS = frozenset(
    {
        "for",
        "a",
        "an",
        "with",
        "in",
        "at",
        "on",
        "near",
        "the",
        "and",
        "who",
        "that",
        "is",
        "speaks",
        "speaking",
        "para",
        "con",
        "en",
        "y",
        "de",
    }
)
# Within one phrase ("spanish-speaking women's shelter bed"), the order its chips are shown in.
KIND_ORDER = ("category", "population", "language", "bed")


@dataclass(frozen=True)
class Ask:
    """A chip one reader asks for: ``hit`` is the phrase it came from (None for a parameter)."""

    kind: str
    value: str
    label: str
    hit: Hit | None = None
    params: tuple = ()  # URL parameters to drop too when the chip is removed


def in_query_order(asks: list[Ask]) -> list[Ask]:
    """Chips in the order the query says their phrases, and within a phrase in ``KIND_ORDER``."""
    return sorted(asks, key=lambda ask: (ask.hit.start, KIND_ORDER.index(ask.kind)))


def query_without(raw: str, spans) -> str:
    """``raw`` with the given (start, end) spans removed and the punctuation left tidy."""
    out = []
    pos = 0
    for start, end in sorted(spans):
        if start < pos:
            start = pos
        out.append(raw[pos:start])
        pos = max(pos, end)
    out.append(raw[pos:])
    text = "".join(out)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s+([,;.])", r"\1", text)
    text = re.sub(r"([,;])(\s*[,;])+", r"\1", text)
    return text.strip(" ,;.&-")


def removal_spans(hits: list[Hit], tokens: Tokens, consumed: set) -> list:
    """The character spans to remove for these hits. Removing a phrase takes the little words that
    lead into it along ("for a woman" → "")."""
    spans = []
    for h in hits:
        first = h.start
        while (
            first > 0
            and tokens[first - 1].word in CONNECTORS
            and not tokens.hard_break_before(first)
            and (first - 1) not in consumed
        ):
            first -= 1
        spans.append((tokens[first].start, tokens[h.end - 1].end))
    return spans


class ChipBook:
    """One chip per (kind, value), in the order first asked; the first label asked wins, and every
    phrase asking for it is removed with it."""

    def __init__(self):
        self.labels: dict = {}
        self.hits: dict = {}
        self.params: dict = {}

    def add(self, ask: Ask) -> None:
        key = (ask.kind, ask.value)
        if key not in self.labels:
            self.labels[key] = ask.label
            self.hits[key] = []
            self.params[key] = ask.params
        if ask.hit is not None:
            self.hits[key].append(ask.hit)

    def add_all(self, asks: list[Ask]) -> None:
        for ask in asks:
            self.add(ask)

    def chips(self, raw: str, tokens: Tokens, consumed: set, hits: list[Hit], near_text: str):
        chips = []
        for key, label in self.labels.items():
            key_hits = self.hits[key]
            # A "near me" phrase goes with the device chip.
            if key == ("near", "device"):
                key_hits = key_hits + [
                    h for h in hits if h.kind == "rule" and h.rule.set.get("near") == "device"
                ]
            phrase = ", ".join(dict.fromkeys(h.phrase for h in key_hits))
            if key[0] == "near" and not key_hits and self.params[key] == ("near",):
                phrase = near_text
            chips.append(
                Chip(
                    key[0],
                    key[1],
                    label,
                    query_without(raw, removal_spans(key_hits, tokens, consumed)),
                    tuple(self.params[key]),
                    phrase,
                )
            )
        return chips
