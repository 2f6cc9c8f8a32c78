"""What query understanding answers (``SearchIntent`` with its ``Chip``s), and a phrase found on
the way (``Hit``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from directory.vocabulary import Rule
from search.geocode import Place

if TYPE_CHECKING:
    from .clock import Clock


@dataclass(frozen=True)
class Chip:
    kind: str  # category | population | language | open | bed | near
    value: str
    label: str
    remove_query: str = ""  # q without the phrase(s) this chip came from
    remove_params: tuple = ()  # URL parameters to drop too (near / lat, lng)
    phrase: str = ""  # what the responder typed

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "value": self.value,
            "label": self.label,
            "phrase": self.phrase,
            "remove_query": self.remove_query,
            "remove_params": list(self.remove_params),
        }


@dataclass
class SearchIntent:
    raw: str = ""
    text: str = ""
    categories: list = field(default_factory=list)
    populations: list = field(default_factory=list)
    languages: list = field(default_factory=list)
    open: str | None = None
    window_start: datetime | None = None
    window_end: datetime | None = None
    at: datetime | None = None
    needs_bed: bool = False
    near: Place | None = None
    chips: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    # Extras: what else was read, for callers that want it.
    device: Place | None = None  # the phone's position when valid (even if a named place won)
    wants_device: bool = False  # "near me"
    requires_always_open: bool = False  # "24/7"
    hints: list = field(default_factory=list)  # relevance words kept in `text` from narrow phrases
    # The words that named a category or a group ("shower", "men's"): on a directory whose services
    # carry no category, or when a query names a service, these words are searched as text too.
    category_words: str = ""
    population_words: str = ""
    group_categories: list = field(default_factory=list)  # asked because a group was named

    def to_json(self) -> dict:
        """The ``query`` object of contracts §4.2, plus populations, chips and warnings."""
        return {
            "text": self.text,
            "categories": list(self.categories),
            "languages": list(self.languages),
            "open": self.open,
            "needs_bed": bool(self.needs_bed),
            "near": self.near.to_json() if self.near else None,
            "populations": list(self.populations),
            "window": (
                {"start": self.window_start.isoformat(), "end": self.window_end.isoformat()}
                if self.window_start and self.window_end
                else None
            ),
            "at": self.at.isoformat() if self.at else None,
            "chips": [c.to_json() for c in self.chips],
            "warnings": list(self.warnings),
            "hints": list(self.hints),
        }

    @property
    def is_empty(self) -> bool:
        return not (
            self.text
            or self.categories
            or self.populations
            or self.languages
            or self.open
            or self.needs_bed
            or self.near
        )


@dataclass
class Hit:
    kind: str  # rule | place | place-miss | age | clock
    start: int  # token index
    end: int  # token index (exclusive)
    rule: Rule | None = None
    place: Place | None = None
    phrase: str = ""
    age: int | None = None
    clock: Clock | None = None
