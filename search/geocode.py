"""Offline-first geocoding for responder search (contracts §2 ``GEOCODER``, §4.2 ``query.near``).

``geocode(text)`` turns a place a responder typed into a :class:`Place`, trying in order:

1. a ZIP code (``zipcodes`` package, offline; Connecticut first);
2. the shipped Hartford gazetteer (``search/data/gazetteer.json``: the 17 neighbourhoods, parks,
   main streets, their intersections, landmarks), matched on normalised names, then directory
   locations from the database (the shelters themselves, by location, service or organisation
   name), then a small-typo fuzzy match over all of those;
3. the geopy geocoder named by ``settings.GEOCODER`` (e.g. ``nominatim``), bounded to Hartford,
   with a hard budget of ``settings.GEOCODER_TIMEOUT_MS`` and a Django-cache cache. A slow or
   failing geocoder costs at most the budget and never raises.

``Place.source`` says which answered: ``zip``, ``gazetteer`` or ``geocoder`` (``device`` is used by
``search.intent`` for the phone's own position).
"""

from __future__ import annotations

import difflib
import hashlib
import json
import logging
import math
import re
import threading
import time
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import zipcodes
from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

GAZETTEER_PATH = Path(__file__).resolve().parent / "data" / "gazetteer.json"
# Hartford with a margin: anything a geocoder returns outside this box is not the place we meant.
HARTFORD_BOUNDS = {"south": 41.70, "west": -72.76, "north": 41.83, "east": -72.60}
HARTFORD_CENTER = (41.7658, -72.6734)
CACHE_PREFIX = "waypoint:geocode:v1:"
CACHE_SECONDS = 7 * 24 * 3600
NEGATIVE_CACHE_SECONDS = 3600
MAX_TEXT = 200  # longer "places" are not places

SOURCES = ("device", "zip", "gazetteer", "geocoder")


@dataclass(frozen=True)
class Place:
    label: str
    lat: float
    lng: float
    source: str  # device | zip | gazetteer | geocoder
    kind: str = ""  # neighbourhood, street, intersection, landmark, park, location, zip, address, device
    neighbourhood: str = ""

    def to_json(self) -> dict:
        return {"label": self.label, "lat": round(self.lat, 6), "lng": round(self.lng, 6), "source": self.source}


# --------------------------------------------------------------------------------------------
# Normalisation

_ABBREVIATIONS = {
    "st": "street", "str": "street", "ave": "avenue", "av": "avenue", "avn": "avenue", "rd": "road",
    "blvd": "boulevard", "bvd": "boulevard", "dr": "drive", "pkwy": "parkway", "pky": "parkway", "ln": "lane",
    "pl": "place", "sq": "square", "ter": "terrace", "terr": "terrace", "hwy": "highway", "ctr": "center",
    "centre": "center", "hosp": "hospital", "pk": "park", "mt": "mount", "ft": "fort", "n": "north",
    "s": "south", "e": "east", "w": "west", "sta": "station", "stn": "station", "lib": "library",
    "childrens": "children's",
}
_TRAILING = {"hartford", "ct", "connecticut", "usa", "us", "ma"}
_JOINERS = re.compile(r"\s+(?:and|at|x|y)\s+|\s*[&+@/]\s*")
_CORNER = re.compile(r"^\s*(?:the\s+)?(?:corner|intersection)(?:\s+of)?\s+")


def strip_accents(text: str) -> str:
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def normalise(text: str) -> str:
    """Lower-case, accent-free, punctuation-free words with street abbreviations expanded."""
    text = strip_accents(str(text)).lower().replace("’", "'")
    text = text.replace("'s", "s").replace("'", "")
    text = re.sub(r"[^\w&@+/]+|_", " ", text)
    words = text.split()
    out = []
    for i, word in enumerate(words):
        if word == "st" and i == 0 and len(words) > 1:
            out.append("saint")  # "St Francis"
        elif word == "saint" or word == "ste":
            out.append("saint")
        else:
            out.append(_ABBREVIATIONS.get(word, word))
    return " ".join(out).replace("children's", "childrens")


def _key(text: str) -> str:
    """Lookup key: normalised words without joiner symbols, a leading "the" or a trailing town/state."""
    words = [w for w in normalise(text).split() if w not in {"&", "+", "@", "/"}]
    while len(words) > 1 and words[-1] in _TRAILING:
        words.pop()
    while len(words) > 1 and words[0] in {"the", "a"}:
        words.pop(0)
    return " ".join(words)


_STREET_TYPES = {"street", "avenue", "road", "boulevard", "drive", "parkway", "lane", "place", "square", "terrace"}


def _street_base(key: str) -> str:
    words = key.split()
    if len(words) > 1 and words[-1] in _STREET_TYPES:
        words = words[:-1]
    return " ".join(words)


# --------------------------------------------------------------------------------------------
# Gazetteer


@dataclass
class _Entry:
    label: str
    lat: float
    lng: float
    kind: str
    priority: int  # lower wins when two entries share a key


@dataclass
class Gazetteer:
    names: dict = field(default_factory=dict)  # key -> _Entry
    zips: dict = field(default_factory=dict)  # "06106" -> [lat, lng, city] (Connecticut)
    street_bases: dict = field(default_factory=dict)  # "albany" -> street label
    streets: dict = field(default_factory=dict)  # label -> [(lat, lng), ...]
    intersections: dict = field(default_factory=dict)  # frozenset(labels) -> _Entry
    neighbourhoods: list = field(default_factory=list)  # (name, ring[[lng, lat], ...])

    def add(self, name: str, entry: _Entry) -> None:
        key = _key(name)
        if not key:
            return
        current = self.names.get(key)
        if current is None or entry.priority < current.priority:
            self.names[key] = entry


_PRIORITY = {"neighbourhood": 0, "landmark": 1, "hospital": 1, "station": 1, "park": 2, "street": 3,
             "intersection": 0, "location": 4}


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    data = json.loads(GAZETTEER_PATH.read_text(encoding="utf-8"))
    g = Gazetteer()
    g.zips = data.get("zips_ct", {})
    for n in data["neighbourhoods"]:
        entry = _Entry(n["name"], n["lat"], n["lng"], "neighbourhood", 0)
        for name in [n["name"], *n.get("aliases", [])]:
            g.add(name, entry)
        g.neighbourhoods.append((n["name"], n["polygon"]))
    for item in data["landmarks"]:
        entry = _Entry(item["name"], item["lat"], item["lng"], item["kind"], 1)
        for name in [item["name"], *item.get("aliases", [])]:
            g.add(name, entry)
    for p in data["parks"]:
        entry = _Entry(p["name"], p["lat"], p["lng"], p["kind"], 2)
        for name in [p["name"], *p.get("aliases", [])]:
            g.add(name, entry)
        if p["name"].endswith(" Park"):  # "Riverside" for Riverside Park, unless it names something else
            g.add(p["name"][: -len(" Park")], _Entry(p["name"], p["lat"], p["lng"], p["kind"], 5))
    for s in data["streets"]:
        entry = _Entry(s["name"], s["lat"], s["lng"], "street", 3)
        for name in [s["name"], *s.get("aliases", [])]:
            g.add(name, entry)
        g.streets[s["name"]] = [tuple(p) for p in s["points"]]
        base = _street_base(_key(s["name"]))
        g.street_bases.setdefault(base, s["name"])
    for i in data["intersections"]:
        entry = _Entry(i["name"], i["lat"], i["lng"], "intersection", 0)
        g.intersections[frozenset(i["streets"])] = entry
    return g


def neighbourhood_at(lat: float, lng: float) -> str:
    """The official neighbourhood containing the point, or "" outside Hartford."""
    for name, ring in gazetteer().neighbourhoods:
        inside = False
        for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
            if (y0 > lat) != (y1 > lat):
                x = x0 + (lat - y0) * (x1 - x0) / (y1 - y0)
                if lng < x:
                    inside = not inside
        if inside:
            return name
    return ""


def _place(entry: _Entry, source: str = "gazetteer") -> Place:
    return Place(entry.label, float(entry.lat), float(entry.lng), source, entry.kind,
                 neighbourhood_at(entry.lat, entry.lng))


# --------------------------------------------------------------------------------------------
# Directory locations (the shelters themselves), refreshed when the locations table changes.

_db_lock = threading.Lock()
_db_state: dict = {"stamp": None, "names": {}}


def _directory_names() -> dict:
    """key -> _Entry for every physical directory location with coordinates, by location, service
    and organisation name. Re-read when the number or newest id of locations changes."""
    try:
        from django.db.models import Count, Max

        from directory.models import Location, ServiceAtLocation

        stamp = tuple(Location.objects.filter(latitude__isnull=False).aggregate(n=Count("id"), m=Max("id")).values())
        if stamp == _db_state["stamp"]:
            return _db_state["names"]
        names: dict = {}

        def add(name, entry):
            key = _key(name)
            if key and len(key) >= 3 and key not in names:
                names[key] = entry

        locations = Location.objects.filter(latitude__isnull=False, longitude__isnull=False).select_related(
            "organization"
        )
        by_id = {}
        for loc in locations:
            label = loc.name or (loc.organization.title if loc.organization_id else "")
            if not label:
                continue
            entry = _Entry(label, loc.latitude, loc.longitude, "location", 4)
            by_id[loc.id] = entry
            add(loc.name, entry)
            if loc.alternate_name:
                add(loc.alternate_name, entry)
        org_seen = {}
        for sal in ServiceAtLocation.objects.filter(location_id__in=list(by_id)).select_related(
            "service", "location__organization"
        ):
            entry = by_id[sal.location_id]
            add(sal.service.title, entry)
            org = sal.location.organization
            if org is not None:
                org_seen.setdefault(org.title, entry)
        for title, entry in org_seen.items():
            add(title, entry)
        with _db_lock:
            _db_state["stamp"] = stamp
            _db_state["names"] = names
        return names
    except Exception:  # noqa: BLE001 - no database (or not migrated) must not break geocoding
        logger.debug("directory names unavailable for geocoding", exc_info=True)
        return {}


# --------------------------------------------------------------------------------------------
# ZIP codes

ZIP_RE = re.compile(r"^\s*(\d{5})(?:-\d{4})?\s*$")


def geocode_zip(text: str) -> Place | None:
    m = ZIP_RE.match(str(text))
    if not m:
        return None
    ct = gazetteer().zips.get(m.group(1))
    if ct:
        lat, lng, city = ct
        return Place(f"{m.group(1)} ({city}, CT)", float(lat), float(lng), "zip", "zip", neighbourhood_at(lat, lng))
    try:
        matches = zipcodes.matching(m.group(1))
    except Exception:  # noqa: BLE001 - the package raises on odd input
        return None
    matches = [z for z in matches if z.get("lat") and z.get("long")]
    if not matches:
        return None
    matches.sort(key=lambda z: (z.get("state") != "CT", z.get("city") != "Hartford"))
    z = matches[0]
    lat, lng = float(z["lat"]), float(z["long"])
    label = f"{z['zip_code']} ({z.get('city', '').title()}, {z.get('state', '')})".replace(" (, )", "")
    return Place(label, lat, lng, "zip", "zip", neighbourhood_at(lat, lng))


def _warm_zipcodes():
    try:
        zipcodes.matching("06106")  # the package loads its national table lazily (~0.6 s)
    except Exception:  # noqa: BLE001
        pass


threading.Thread(target=_warm_zipcodes, name="waypoint-zip-warmup", daemon=True).start()


# --------------------------------------------------------------------------------------------
# Offline lookup


def _split_intersection(key: str):
    key = _CORNER.sub("", key[:MAX_TEXT])
    parts = [p.strip() for p in _JOINERS.split(key) if p.strip()]
    if len(parts) == 2:
        return parts
    return None


def _street_label(part: str, g: Gazetteer, fuzzy: bool) -> str | None:
    key = _key(part)
    if not key:
        return None
    entry = g.names.get(key)
    if entry is not None and entry.kind == "street":
        return entry.label
    base = _street_base(key)
    if base in g.street_bases:
        return g.street_bases[base]
    if fuzzy and len(base) >= 4:
        close = difflib.get_close_matches(base, list(g.street_bases), n=1, cutoff=0.8)
        if close:
            return g.street_bases[close[0]]
    return None


def _intersection(text: str, g: Gazetteer, fuzzy: bool) -> Place | None:
    lowered = strip_accents(str(text)).lower()
    parts = _split_intersection(lowered)
    if not parts:
        return None
    a, b = (_street_label(p, g, fuzzy) for p in parts)
    if not a or not b or a == b:
        return None
    entry = g.intersections.get(frozenset((a, b)))
    if entry is None:
        # Not a crossing we computed: the closest approach of the two lines, if they come close.
        from search.data.build_gazetteer import closest_approach

        dist, point = closest_approach(sorted(g.streets[a]), sorted(g.streets[b]))
        if point is None or dist > 400:
            return None
        entry = _Entry(f"{a} & {b}", point[0], point[1], "intersection", 0)
    return _place(entry)


def geocode_offline(text: str, *, fuzzy: bool = True, directory: bool = True) -> Place | None:
    """ZIP, then the gazetteer (and the directory's own locations), without any network."""
    if text is None:
        return None
    text = str(text)[:MAX_TEXT]
    if not text.strip():
        return None
    place = geocode_zip(text)
    if place is not None:
        return place
    g = gazetteer()
    key = _key(text)
    if not key:
        return None
    entry = g.names.get(key)
    if entry is not None:
        return _place(entry)
    place = _intersection(text, g, fuzzy=False)
    if place is not None:
        return place
    # "Park" alone, "Albany" alone: a street by its base name.
    if key in g.street_bases:
        return _place(g.names[_key(g.street_bases[key])])
    names = _directory_names() if directory else {}
    entry = names.get(key)
    if entry is not None:
        return _place(entry)
    if not fuzzy:
        return None
    place = _intersection(text, g, fuzzy=True)
    if place is not None:
        return place
    if 5 <= len(key) <= 40 and len(key.split()) <= 5:
        # Small typos only: a name of about the same length, at least 86 % alike.
        slack = max(2, len(key) // 6)
        candidates = [n for n in (*g.names, *names) if abs(len(n) - len(key)) <= slack]
        close = difflib.get_close_matches(key, candidates, n=1, cutoff=0.86)
        if close:
            return _place(g.names.get(close[0]) or names[close[0]])
    return None


def is_gazetteer_name(text: str) -> bool:
    """True when ``text`` is exactly a neighbourhood, landmark, park or "X St"-style street name
    (used to spot places in a query without "near")."""
    g = gazetteer()
    key = _key(text)
    entry = g.names.get(key)
    if entry is None:
        return False
    if entry.kind == "street":
        # A bare base name ("park", "main") is too ambiguous without "near": require the suffix.
        return key.split()[-1] in _STREET_TYPES or len(key.split()) > 1
    return True


# --------------------------------------------------------------------------------------------
# The real geocoder, with a time budget

_executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="waypoint-geocoder")
_slots = threading.BoundedSemaphore(4)
_inflight: dict = {}
_inflight_lock = threading.Lock()


def _cache_key(service: str, text: str) -> str:
    digest = hashlib.sha1(f"{service}|{_key(text)}".encode()).hexdigest()
    return CACHE_PREFIX + digest


def _in_hartford(lat: float, lng: float) -> bool:
    b = HARTFORD_BOUNDS
    return b["south"] <= lat <= b["north"] and b["west"] <= lng <= b["east"]


def _build_geocoder(service: str, timeout_s: float):
    from geopy.geocoders import get_geocoder_for_service

    cls = get_geocoder_for_service(service)
    options = dict(getattr(settings, "GEOCODER_OPTIONS", None) or {})
    options.setdefault("user_agent", getattr(settings, "GEOCODER_USER_AGENT", "waypoint-hartford-search"))
    # The HTTP timeout is longer than the search's budget on purpose: a late answer still fills
    # the cache for the next search, while the search itself stops waiting at the budget.
    options.setdefault("timeout", max(timeout_s, float(getattr(settings, "GEOCODER_HTTP_TIMEOUT_S", 5.0))))
    try:
        return cls(**options)
    except TypeError:
        options.pop("user_agent", None)
        return cls(**options)


def _call_geocoder(service: str, text: str, timeout_s: float):
    """Runs in a worker thread. Returns (lat, lng, label) or None; caches the answer."""
    key = _cache_key(service, text)
    try:
        geocoder = _build_geocoder(service, timeout_s)
        query = f"{text}, Hartford, CT"
        kwargs = {"exactly_one": True}
        import inspect

        params = inspect.signature(geocoder.geocode).parameters
        b = HARTFORD_BOUNDS
        if "viewbox" in params:
            kwargs["viewbox"] = [(b["south"], b["west"]), (b["north"], b["east"])]
        if "bounded" in params:
            kwargs["bounded"] = True
        if "country_codes" in params:
            kwargs["country_codes"] = "us"
        elif "country" in params:
            kwargs["country"] = "US"
        location = geocoder.geocode(query, **kwargs)
        result = None
        if location is not None:
            lat, lng = float(location.latitude), float(location.longitude)
            if math.isfinite(lat) and math.isfinite(lng) and _in_hartford(lat, lng):
                result = (lat, lng, text.strip())
        cache.set(key, {"result": result}, CACHE_SECONDS if result else NEGATIVE_CACHE_SECONDS)
        return result
    except Exception:  # noqa: BLE001 - any geocoder failure is "not found"
        logger.info("geocoder %s failed for %r", service, text, exc_info=True)
        cache.set(key, {"result": None}, 60)
        return None
    finally:
        with _inflight_lock:
            _inflight.pop(key, None)
        _slots.release()


def geocode_remote(text: str, *, budget_ms: int | None = None) -> Place | None:
    """Ask ``settings.GEOCODER`` (a geopy service name), waiting at most the budget. Never raises."""
    service = (getattr(settings, "GEOCODER", "") or "").strip()
    if not service or not text or not str(text).strip():
        return None
    text = str(text)[:MAX_TEXT]
    if budget_ms is None:
        budget_ms = int(getattr(settings, "GEOCODER_TIMEOUT_MS", 300) or 300)
    budget_s = max(budget_ms, 1) / 1000.0
    started = time.monotonic()
    key = _cache_key(service, text)
    try:
        hit = cache.get(key)
    except Exception:  # noqa: BLE001
        hit = None
    if hit is not None:
        result = hit.get("result")
        return _remote_place(result) if result else None
    with _inflight_lock:
        future = _inflight.get(key)
        if future is None:
            if not _slots.acquire(blocking=False):
                return None  # every worker is busy with slow calls: do not queue behind them
            try:
                future = _executor.submit(_call_geocoder, service, text, budget_s)
            except RuntimeError:
                _slots.release()
                return None
            _inflight[key] = future
    remaining = budget_s - (time.monotonic() - started)
    try:
        result = future.result(timeout=max(remaining, 0.0))
    except FutureTimeout:
        return None  # the call carries on in the background and fills the cache for next time
    except Exception:  # noqa: BLE001
        return None
    if not result:
        return None
    return _remote_place(result)


def _remote_place(result) -> Place:
    lat, lng, label = result
    return Place(label, lat, lng, "geocoder", "address", neighbourhood_at(lat, lng))


def geocode(text, *, remote: bool = True) -> Place | None:
    """The place ``text`` names, or None. Offline sources first; never raises."""
    try:
        if text is None:
            return None
        text = str(text).replace("\x00", " ")[:MAX_TEXT]
        if not text.strip():
            return None
        place = geocode_offline(text)
        if place is not None or not remote:
            return place
        return geocode_remote(text)
    except Exception:  # noqa: BLE001 - a place we cannot read is just "not found"
        logger.warning("geocode failed for %r", text, exc_info=True)
        return None
