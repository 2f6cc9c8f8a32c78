"""Query understanding for responder search: free text → :class:`SearchIntent`.

``parse_query("detox bed tonight, Spanish, near Park St", lat=…, lng=…, at=…)`` reads the
phrases in ``directory/vocabulary/phrases.json`` (categories, populations, languages, times, bed
need, "near me"), reads days, clock times and parts of the day into one time window ("saturday
after 5", "at 2am", "sunday breakfast"; the table's ``times`` section), finds a place (``near X`` /
a ZIP / a neighbourhood, landmark, "X St" or "X and Y" named outright) and geocodes it
(``search.geocode``), and keeps everything it did not understand as ``text`` for free-text
relevance. The rules are data: add a phrase to the JSON, not an ``if``.

Matching: the query is split into words, each lower-cased and stripped of accents; at each word
the longest phrase that starts there wins; single words of five or more letters also match a
phrase word one edit away ("withdrawl", "suboxne", "shleter"). ``parse_query`` never raises.

A few phrases are narrower than their category ("wound care", "needle exchange", "methadone"):
their table ``hint`` words stay in ``text`` as relevance (``intent.hints`` lists them). A few are
broader ("food", "addiction", "homeless"): their categories count only when nothing more specific
was asked. "19 year old" / "age 70" become populations, and a bed with no kind of service named
means a shelter bed. Every one of these is a line in the JSON table.

Each understood phrase becomes a removable :class:`Chip` whose ``remove_query`` is the query
without that phrase (``remove_params`` names URL parameters to drop as well, e.g. ``near`` or
``lat``/``lng``).

``categories`` are alternatives (a service in any of them fits); ``populations`` and
``languages`` are requirements the engine may relax when nothing fits.

The modules, in the order ``parse`` uses them:

- ``types``: the answer (``SearchIntent``, ``Chip``) and a phrase found in the query (``Hit``);
- ``words``: the query as words, and what is left of it as free text;
- ``params``: the ``at`` time and the phone's ``lat``/``lng``;
- ``hits``: the walk along the words that finds phrases, ages, clock times and places
  (``ages``, ``clock``, ``place_spans``);
- one reader per thing asked: ``categories``, ``eligibility``, ``languages``, ``beds``,
  ``times`` (with ``windows`` and ``labels``) and ``places``;
- ``chips``: each understood phrase as a removable chip;
- ``parse``: ``parse_query``, which puts them together.
"""

from search.geocode import Place

from .chips import query_without
from .clock import time_words
from .parse import parse_query
from .types import Chip, SearchIntent
from .windows import OPEN_VALUES, time_window

__all__ = [
    "OPEN_VALUES",
    "Chip",
    "Place",
    "SearchIntent",
    "parse_query",
    "query_without",
    "time_window",
    "time_words",
]
