"""Query understanding for responder search: free text → :class:`SearchIntent`.

``parse_query("detox bed tonight, Spanish, near Park St", lat=…, lng=…, at=…)`` reads the
phrases in ``directory/vocabulary/phrases.json`` (categories, populations, languages, times, bed need, "near
me"), finds a place (``near X`` / a ZIP / a neighbourhood, landmark, "X St" or "X and Y" named
outright) and geocodes it (``search.geocode``), and keeps everything it did not understand as
``text`` for free-text relevance. The rules are data: add a phrase to the JSON, not an ``if``.

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
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from directory.vocabulary import Rule, WORD_RE, match_rule, match_words, norm_word, table, tokenize
from search import geocode as geo
from search.geocode import Place

MAX_QUERY_CHARS = 500
MAX_SPAN_WORDS = 7
MAX_PREFIXED_PLACES = 3  # "near X" lookups per query (a query is not a list of places)
MAX_BARE_PLACES = 3
FAR_FROM_HARTFORD_KM = 60
_CONNECTORS = frozenset({"for", "a", "an", "with", "in", "at", "on", "near", "the", "and", "who", "that", "is",
                         "speaks", "speaking", "para", "con", "en", "y", "de"})
OPEN_VALUES = ("now", "tonight", "late", "24/7", "weekend", "tomorrow_morning", "today")

__all__ = ["Chip", "Place", "SearchIntent", "parse_query", "query_without"]


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
        return not (self.text or self.categories or self.populations or self.languages or self.open
                    or self.needs_bed or self.near)


# --------------------------------------------------------------------------------------------
# Ages


def _match_age(tokens, i: int):
    """"19 year old", "19yo", "age 70" at tokens[i]: (length, age) or (0, None)."""
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
    if n and i + n < len(tokens) and re.fullmatch(r"\d{1,3}", tokens[i + n].word) and int(tokens[i + n].word) <= 110:
        return n + 1, int(tokens[i + n].word)
    return 0, None


def _age_band(age: int):
    for band in table().age_bands:
        if band.get("min", 0) <= age <= band.get("max", 200):
            return band
    return None

# Helpers for the output


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


def _tz():
    try:
        return ZoneInfo(settings.TIME_ZONE)
    except Exception:  # noqa: BLE001
        return ZoneInfo("America/New_York")


def _parse_at(at, warnings: list) -> datetime:
    tz = _tz()
    now = timezone.now().astimezone(tz)
    if at is None or at == "":
        return now
    value = at
    if isinstance(value, str):
        text = value.strip()
        try:
            if re.search(r"T\d\d:\d\d(:\d\d)? \d", text):  # a "+05:00" whose "+" became a space in a URL
                text = text.replace(" ", "+", 1)
            value = datetime.fromisoformat(text)
        except ValueError:
            warnings.append(
                f"'at' must be an ISO 8601 time like 2026-11-23T21:00-05:00; '{text[:40]}' ignored, using now."
            )
            return now
    if not isinstance(value, datetime):
        warnings.append("'at' must be an ISO 8601 time; using now.")
        return now
    if value.tzinfo is None or value.utcoffset() is None:
        value = value.replace(tzinfo=tz)
    return value.astimezone(tz)


def _local(day, hh, mm, tz) -> datetime:
    return datetime.combine(day, time(hh, mm), tzinfo=tz)


def time_window(open_value: str | None, at: datetime):
    """(window_start, window_end) for an ``open`` value, in the configured time zone."""
    if not open_value:
        return None, None
    tz = _tz()
    at = at.astimezone(tz)
    today = at.date()
    if open_value in ("now", "24/7"):
        return at, at + timedelta(minutes=1)
    if open_value == "today":
        return at, _local(today + timedelta(days=1), 0, 0, tz)
    if open_value == "tonight":
        if at.hour < 7:  # after midnight: the night we are in
            return _local(today - timedelta(days=1), 19, 0, tz), _local(today, 7, 0, tz)
        return _local(today, 19, 0, tz), _local(today + timedelta(days=1), 7, 0, tz)
    if open_value == "late":
        return _local(today, 21, 0, tz), _local(today, 23, 59, tz)
    if open_value == "tomorrow_morning":
        day = today + timedelta(days=1)
        return _local(day, 8, 0, tz), _local(day, 12, 0, tz)
    if open_value == "weekend":
        weekday = at.weekday()  # Mon=0 … Sat=5, Sun=6
        if weekday >= 5:  # already the weekend: the rest of it
            saturday = today - timedelta(days=weekday - 5)
            start = max(at, _local(saturday, 0, 0, tz))
        else:
            saturday = today + timedelta(days=5 - weekday)
            start = _local(saturday, 0, 0, tz)
        return start, _local(saturday + timedelta(days=2), 0, 0, tz)
    return None, None


def _coordinate(value, name: str, limit: float, warnings: list):
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        warnings.append(f"{name} '{str(value)[:40]}' is not a number; ignored.")
        return None
    if not math.isfinite(number):
        warnings.append(f"{name} {str(value)[:40]} is not a number; ignored.")
        return None
    if abs(number) > limit:
        shown = f"{number:g}"
        warnings.append(f"{name} {shown} is outside the globe; ignored.")
        return None
    return number


def _far_from_hartford(place: Place) -> bool:
    lat0, lng0 = geo.HARTFORD_CENTER
    dy = (place.lat - lat0) * 111.2
    dx = (place.lng - lng0) * 111.2 * math.cos(math.radians(lat0))
    return math.hypot(dx, dy) > FAR_FROM_HARTFORD_KM


# --------------------------------------------------------------------------------------------
# Parsing


@dataclass
class _Hit:
    kind: str  # rule | place | prefix-place-miss | near-me
    start: int  # token index
    end: int  # token index (exclusive)
    rule: Rule | None = None
    place: Place | None = None
    phrase: str = ""
    age: int | None = None


class _Tokens(list):
    """Tokens plus the punctuation gap before each one."""

    def __init__(self, raw: str):
        super().__init__(tokenize(raw))
        self.gaps = []
        prev = 0
        for tok in self:
            self.gaps.append(raw[prev:tok.start])
            prev = tok.end

    def hard_break_before(self, i: int) -> bool:
        return 0 < i < len(self) and bool(re.search(r"[,;.!?()\[\]{}|\n]", self.gaps[i]))


def _place_span_end(tokens: _Tokens, start: int, *, stop_at_phrases: bool = True) -> int:
    """Where a place named after "near" ends: a comma, a stop word, (a table phrase), or 7 words."""
    t = table()
    i = start
    while i < len(tokens) and i - start < MAX_SPAN_WORDS:
        if i > start and tokens.hard_break_before(i):
            break
        if match_words(tokens, i, sorted(t.place_stop, key=len, reverse=True)):
            break
        if stop_at_phrases:
            n, rule = match_rule(tokens, i)
            if rule is not None and i > start:
                break
            if rule is not None and i == start:
                return start  # "near shelter": no place here
        i += 1
    return i


def _text_of(raw: str, tokens: list, i: int, j: int) -> str:
    return raw[tokens[i].start:tokens[j - 1].end] if j > i else ""


def _starts_prefix(tokens, i: int) -> bool:
    t = table()
    return bool(match_words(tokens, i, t.strong_prefixes) or match_words(tokens, i, t.weak_prefixes))


def _find_prefixed_place(raw: str, tokens: _Tokens, i: int, warnings: list, *, use_remote: bool):
    """At tokens[i], a place prefix followed by a place? Returns a _Hit or None."""
    t = table()
    strong = match_words(tokens, i, t.strong_prefixes)
    weak = 0 if strong else match_words(tokens, i, t.weak_prefixes)
    n_prefix = strong or weak
    if not n_prefix:
        return None
    start = i + n_prefix
    # Skip a leading article: "near the library".
    while start < len(tokens) and tokens[start].word in {"the", "a"} and not tokens.hard_break_before(start):
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
        candidate = _text_of(raw, tokens, start, k)
        place = geo.geocode_offline(candidate, fuzzy=False)
        if place is not None:
            return _Hit("place", i, k, place=place, phrase=_text_of(raw, tokens, i, k))
    for k in range(end, start, -1):
        candidate = _text_of(raw, tokens, start, k)
        place = geo.geocode_offline(candidate, fuzzy=True)
        if place is not None:
            return _Hit("place", i, k, place=place, phrase=_text_of(raw, tokens, i, k))
    span_text = _text_of(raw, tokens, start, end)
    if not strong:
        return None  # "in", "at", "on" + something we do not know: just words
    if use_remote:
        place = geo.geocode_remote(span_text)
        if place is not None:
            return _Hit("place", i, end, place=place, phrase=_text_of(raw, tokens, i, end))
    return _Hit("place-miss", i, end, phrase=span_text)


def _find_bare_place(raw: str, tokens: _Tokens, i: int):
    """A ZIP, or a neighbourhood / landmark / "X St" / "X and Y" named without "near"."""
    tok = tokens[i]
    if re.fullmatch(r"\d{5}", tok.word):
        place = geo.geocode_zip(tok.word)
        if place is not None:
            return _Hit("place", i, i + 1, place=place, phrase=_text_of(raw, tokens, i, i + 1))
        return _Hit("place-miss", i, i + 1, phrase=tok.word)
    limit = min(len(tokens), i + 6)
    for k in range(limit, i, -1):
        if any(tokens.hard_break_before(m) for m in range(i + 1, k)):
            continue
        candidate = _text_of(raw, tokens, i, k)
        words = [tokens[m].word for m in range(i, k)]
        if k - i == 1:
            place = geo.geocode_offline(candidate, fuzzy=False, directory=False)
            if place is not None and place.kind == "neighbourhood" and tokens[i].word not in table().stopwords:
                return _Hit("place", i, k, place=place, phrase=candidate)
            continue
        if geo.is_gazetteer_name(candidate):
            place = geo.geocode_offline(candidate, fuzzy=False, directory=False)
            if place is not None:
                return _Hit("place", i, k, place=place, phrase=candidate)
        if k - i >= 3 and any(w in {"and", "y"} for w in words[1:-1]) or (
            k - i >= 2 and re.search(r"[&@/+]", candidate)
        ):
            place = geo._intersection(candidate, geo.gazetteer(), fuzzy=False)
            if place is not None:
                return _Hit("place", i, k, place=place, phrase=candidate)
    return None


def _label_for(kind: str, value: str, rule: Rule) -> str:
    labels = table().labels
    if kind == "category":
        return rule.label
    if kind == "population":
        return labels["population"].get(value, value)
    if kind == "language":
        return labels["language"].get(value, value)
    if kind == "open":
        return labels["open"].get(value, value)
    if kind == "bed":
        return labels["bed"]
    return rule.label


def parse_query(text=None, *, near=None, lat=None, lng=None, at=None) -> SearchIntent:
    """Read a responder's query. Never raises: odd input becomes warnings."""
    try:
        return _parse(text, near=near, lat=lat, lng=lng, at=at)
    except Exception as exc:  # noqa: BLE001 - a search must never fail on what was typed
        import logging

        logging.getLogger(__name__).exception("parse_query failed")
        intent = SearchIntent(raw=str(text or "")[:MAX_QUERY_CHARS], text=_clean_text(str(text or "")))
        intent.at = timezone.now().astimezone(_tz())
        intent.warnings.append(f"We could not fully read this search ({type(exc).__name__}); searching the words.")
        return intent


def _clean_text(text: str) -> str:
    return " ".join(m.group(0) for m in WORD_RE.finditer(text[:MAX_QUERY_CHARS]))[:MAX_QUERY_CHARS]


def _parse(text, *, near, lat, lng, at) -> SearchIntent:
    warnings: list = []
    raw = "" if text is None else str(text)
    raw = raw.replace("\x00", " ")
    if len(raw) > MAX_QUERY_CHARS:
        warnings.append(f"The search was {len(raw):,} characters long; only the first {MAX_QUERY_CHARS} were read.")
        raw = raw[:MAX_QUERY_CHARS]
    intent = SearchIntent(raw=raw)
    intent.at = _parse_at(at, warnings)

    # The phone's position.
    lat_v = _coordinate(lat, "lat", 90, warnings)
    lng_v = _coordinate(lng, "lng", 180, warnings)
    if (lat_v is None) != (lng_v is None):
        if (lat is None or lat == "") != (lng is None or lng == ""):
            warnings.append("Both lat and lng are needed for your position; ignored.")
        lat_v = lng_v = None
    if lat_v is not None:
        intent.device = Place("Your location", lat_v, lng_v, "device", "device")

    # The explicit near= parameter.
    near_text = "" if near is None else str(near).replace("\x00", " ").strip()[:geo.MAX_TEXT]
    param_place = None
    if near_text:
        param_place = geo.geocode(near_text)
        if param_place is None:
            fallback = "showing results near you" if intent.device else "showing results from all of Hartford"
            warnings.append(f"We could not find '{near_text}'; {fallback}.")

    tokens = _Tokens(raw)
    t = table()
    hits: list = []
    i = 0
    remote_used = False
    prefixed_tries = bare_tries = 0
    while i < len(tokens):
        n_age, age = _match_age(tokens, i)
        if n_age:
            hits.append(_Hit("age", i, i + n_age, phrase=_text_of(raw, tokens, i, i + n_age), age=age))
            i += n_age
            continue
        n_rule, rule = match_rule(tokens, i)
        place_hit = None
        if prefixed_tries < MAX_PREFIXED_PLACES and _starts_prefix(tokens, i):
            prefixed_tries += 1
            place_hit = _find_prefixed_place(raw, tokens, i, warnings, use_remote=not remote_used)
            if place_hit is not None:
                remote_used = True  # at most one call to the real geocoder per search
        if place_hit is None and bare_tries < MAX_BARE_PLACES:
            place_hit = _find_bare_place(raw, tokens, i)
            if place_hit is not None:
                bare_tries += 1
        if place_hit is not None and (place_hit.end - place_hit.start) > n_rule:
            hits.append(place_hit)
            i = place_hit.end
            continue
        if rule is not None:
            hits.append(_Hit("rule", i, i + n_rule, rule=rule, phrase=_text_of(raw, tokens, i, i + n_rule)))
            i += n_rule
            continue
        i += 1

    consumed = set()
    for hit in hits:
        consumed.update(range(hit.start, hit.end))

    def spans_for(hit_list):
        # Removing a phrase takes the little words that lead into it along ("for a woman" → "").
        spans = []
        for h in hit_list:
            first = h.start
            while (first > 0 and tokens[first - 1].word in _CONNECTORS and not tokens.hard_break_before(first)
                   and (first - 1) not in consumed):
                first -= 1
            spans.append((tokens[first].start, tokens[h.end - 1].end))
        return spans

    chips_by_key: dict = {}
    chip_hits: dict = {}
    chip_meta: dict = {}

    def add_chip(kind, value, label, hit, params=()):
        key = (kind, value)
        if key not in chips_by_key:
            chips_by_key[key] = label
            chip_hits[key] = []
            chip_meta[key] = params
        if hit is not None:
            chip_hits[key].append(hit)

    open_hit = None
    hints: list = []
    category_words: list = []
    population_words: list = []
    specific_asked = any(h.kind == "rule" and not h.rule.broad and h.rule.set.get("categories") for h in hits)
    for hit in hits:
        if hit.kind == "age":
            band = _age_band(hit.age)
            if band:
                for code in band["populations"]:
                    if code not in intent.populations:
                        intent.populations.append(code)
                add_chip("population", ",".join(band["populations"]), band["label"].format(age=hit.age), hit)
            continue
        if hit.kind != "rule":
            continue
        hints.extend(w for w in hit.rule.hint.split() if w not in hints)
        effects = hit.rule.set
        if effects.get("categories") and hit.rule.broad and specific_asked:
            pass  # "heroin … detox": detox, not every kind of treatment
        elif effects.get("categories"):
            for code in effects["categories"]:
                if code not in intent.categories:
                    intent.categories.append(code)
            add_chip("category", ",".join(effects["categories"]), hit.rule.label, hit)
            category_words.append(hit.phrase)
        if effects.get("populations"):
            population_words.append(hit.phrase)
        for code in effects.get("populations", []):
            if code not in intent.populations:
                intent.populations.append(code)
            add_chip("population", code, _label_for("population", code, hit.rule), hit)
        for code in effects.get("languages", []):
            if code not in intent.languages:
                intent.languages.append(code)
            add_chip("language", code, _label_for("language", code, hit.rule), hit)
        if effects.get("open"):
            value = effects["open"]
            if intent.open is None:
                intent.open = value
                open_hit = hit
                add_chip("open", value, _label_for("open", value, hit.rule), hit)
            elif value != intent.open:
                warnings.append(f"Using '{open_hit.phrase}' for the time; '{hit.phrase}' was not used.")
                add_chip("open", intent.open, _label_for("open", intent.open, hit.rule), hit)
            else:
                add_chip("open", value, _label_for("open", value, hit.rule), hit)
        if effects.get("needs_bed"):
            intent.needs_bed = True
            add_chip("bed", "true", _label_for("bed", "true", hit.rule), hit)
        if effects.get("near") == "device":
            intent.wants_device = True

    # Where: near= beats the place in q, which beats the phone's position.
    place_hits = [h for h in hits if h.kind == "place"]
    miss_hits = [h for h in hits if h.kind == "place-miss"]
    q_place = place_hits[0].place if place_hits else None
    if param_place is not None:
        intent.near = param_place
        add_chip("near", param_place.source, param_place.label, None, ("near",))
        if q_place is not None:
            warnings.append(f"Using '{near_text}' (the near field) rather than '{place_hits[0].phrase}'.")
    elif q_place is not None:
        intent.near = q_place
        add_chip("near", q_place.source, q_place.label, place_hits[0])
    elif intent.device is not None:
        intent.near = intent.device
        add_chip("near", "device", "Near you", None, ("lat", "lng"))
    for hit in place_hits[1:]:
        warnings.append(f"Only one place is used; '{hit.phrase}' was not.")
        add_chip("near", intent.near.source if intent.near else "", intent.near.label if intent.near else "", hit)
    for hit in miss_hits:
        if intent.near is not None and intent.near.source == "device":
            fallback = "showing results near you"
        elif intent.near is not None:
            fallback = f"showing results near {intent.near.label}"
        else:
            fallback = "showing results from all of Hartford"
        warnings.append(f"We could not find '{hit.phrase}'; {fallback}.")
    if intent.wants_device and intent.near is None:
        warnings.append(
            "'Near me' needs your location (allow location on this page); showing results from all of Hartford."
        )
    if intent.near is not None and intent.near.source in ("zip", "geocoder") and _far_from_hartford(intent.near):
        warnings.append(f"{intent.near.label} is far from Hartford; results are sorted by distance from it.")

    # Every chip's removal: q without every phrase that produced it.
    chips = []
    for key, label in chips_by_key.items():
        key_hits = chip_hits[key]
        # A "near me" phrase goes with the device chip.
        if key == ("near", "device"):
            key_hits = key_hits + [h for h in hits if h.kind == "rule" and h.rule.set.get("near") == "device"]
        phrase = ", ".join(dict.fromkeys(h.phrase for h in key_hits))
        if key[0] == "near" and not key_hits and chip_meta[key] == ("near",):
            phrase = near_text
        chips.append(Chip(key[0], key[1], label, query_without(raw, spans_for(key_hits)), tuple(chip_meta[key]),
                          phrase))
    intent.chips = chips

    # A bed with no kind of service named is a shelter bed (data: defaults.bed_without_category).
    if intent.needs_bed and not intent.categories:
        intent.categories = list(t.bed_default)

    # Time window.
    if intent.open:
        intent.window_start, intent.window_end = time_window(intent.open, intent.at)
        intent.requires_always_open = intent.open == "24/7"

    # What was not understood stays as free text: words only, no query syntax, no filler.
    leftover = []
    for idx, tok in enumerate(tokens):
        if idx in consumed or tok.word in t.stopwords or re.fullmatch(r"\d{1,2}", tok.word):
            continue  # (a bare 1–2 digit number is a count: "my 3 kids")
        leftover.append(raw[tok.start:tok.end].strip("'’"))
    lowered = {norm_word(w) for w in leftover}
    leftover.extend(h for h in hints if h not in lowered)
    intent.text = " ".join(w for w in leftover if w)[:MAX_QUERY_CHARS]
    intent.hints = hints
    intent.category_words = " ".join(category_words)
    intent.population_words = " ".join(population_words)
    intent.warnings = list(dict.fromkeys(warnings))
    return intent
