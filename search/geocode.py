"""Offline-first geocoding for responder search (contracts §2 ``GEOCODER``, §4.2 ``query.near``).

``geocode(text)`` turns a place a responder typed into a :class:`Place`, trying in order:

1. a ZIP code anywhere in the US (``zipcodes`` package, offline), else a ZIP of the directory's
   own addresses;
2. the shipped Hartford gazetteer (``search/data/gazetteer.json``: the 17 neighbourhoods, parks,
   main streets, their intersections, landmarks) when the deployment is in Hartford, matched on
   normalised names, then names learned from the directory (location, service and organisation
   names, the streets of its addresses, its neighbourhoods and its other cities), then a
   small-typo fuzzy match over all of those;
3. the geopy geocoder named by ``settings.GEOCODER`` (e.g. ``nominatim``), bounded to the area,
   with a hard budget of ``settings.GEOCODER_TIMEOUT_MS`` and a Django-cache cache. A slow or
   failing geocoder costs at most the budget and never raises.

Every place but a ZIP lies inside the deployment's :func:`area`: ``settings.SEARCH_AREA`` when set,
else the box around the directory's locations with a margin (grown to the gazetteer's city when
they overlap), else the gazetteer's city. A name found only outside it is not found.

``Place.source`` says which answered: ``zip``, ``gazetteer`` (the gazetteer or the directory) or
``geocoder`` (``device`` is used by ``search.intent`` for the phone's own position).
"""

from __future__ import annotations

import contextlib
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
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import zipcodes
from django.conf import settings
from django.core.cache import cache

from geo import closest_approach, neighbourhood_at

logger = logging.getLogger(__name__)

GAZETTEER_PATH = Path(__file__).resolve().parent / "data" / "gazetteer.json"
AREA_MARGIN_KM = 3.0  # around the directory's locations or the gazetteer's city
FAR_KM = 50  # a ZIP or address this far outside the area is said to be far
KM_PER_DEGREE = 111.2
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
    kind: str = (
        ""  # neighbourhood, street, intersection, landmark, park, location, zip, address, device
    )
    neighbourhood: str = ""

    def to_json(self) -> dict:
        return {
            "label": self.label,
            "lat": round(self.lat, 6),
            "lng": round(self.lng, 6),
            "source": self.source,
        }


# --------------------------------------------------------------------------------------------
# Normalisation

_ABBREVIATIONS = {
    "st": "street",
    "str": "street",
    "ave": "avenue",
    "av": "avenue",
    "avn": "avenue",
    "rd": "road",
    "blvd": "boulevard",
    "bvd": "boulevard",
    "dr": "drive",
    "pkwy": "parkway",
    "pky": "parkway",
    "ln": "lane",
    "pl": "place",
    "sq": "square",
    "ter": "terrace",
    "terr": "terrace",
    "hwy": "highway",
    "ctr": "center",
    "centre": "center",
    "hosp": "hospital",
    "pk": "park",
    "mt": "mount",
    "ft": "fort",
    "n": "north",
    "s": "south",
    "e": "east",
    "w": "west",
    "sta": "station",
    "stn": "station",
    "lib": "library",
    "childrens": "children's",
}
_COUNTRY = frozenset({("usa",), ("us",)})
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


def _key(text: str, trailing: frozenset = _COUNTRY) -> str:
    """Lookup key: normalised words without joiner symbols, a leading "the" or a trailing town, state
    or country (``trailing``: word tuples, e.g. the area's ``("san", "francisco")``, ``("ca",)``)."""
    words = [w for w in normalise(text).split() if w not in {"&", "+", "@", "/"}]
    cut = True
    while cut:
        cut = False
        for tail in trailing:
            if len(words) > len(tail) and tuple(words[-len(tail) :]) == tail:
                del words[-len(tail) :]
                cut = True
    while len(words) > 1 and words[0] in {"the", "a"}:
        words.pop(0)
    return " ".join(words)


@lru_cache(maxsize=64)
def _tails(*names: str) -> frozenset:
    return _COUNTRY | {tuple(normalise(n).split()) for n in names if normalise(n)}


_STREET_TYPES = {
    "street",
    "avenue",
    "road",
    "boulevard",
    "drive",
    "parkway",
    "lane",
    "place",
    "square",
    "terrace",
}


def _street_base(key: str) -> str:
    words = key.split()
    if len(words) > 1 and words[-1] in _STREET_TYPES:
        words = words[:-1]
    return " ".join(words)


# --------------------------------------------------------------------------------------------
# The deployment's area


@dataclass(frozen=True)
class Area:
    name: str  # "Hartford", "San Francisco"; "" when nothing says
    state: tuple  # the state as addresses write it: ("CT", "Connecticut")
    south: float
    west: float
    north: float
    east: float

    @property
    def tails(self) -> frozenset:
        """What may end a place typed here without changing it ("Park St, Hartford, CT")."""
        return _tails(self.name, *self.state)

    def contains(self, lat: float, lng: float) -> bool:
        return self.south <= lat <= self.north and self.west <= lng <= self.east

    def distance_km(self, lat: float, lng: float) -> float:
        """From the box's nearest edge (0 inside)."""
        dy = max(self.south - lat, 0.0, lat - self.north) * KM_PER_DEGREE
        dx = (
            max(self.west - lng, 0.0, lng - self.east) * KM_PER_DEGREE * math.cos(math.radians(lat))
        )
        return math.hypot(dx, dy)

    def is_far(self, lat: float, lng: float) -> bool:
        return self.distance_km(lat, lng) > FAR_KM

    def overlaps(self, other: Area) -> bool:
        return not (
            other.south > self.north
            or other.north < self.south
            or other.west > self.east
            or other.east < self.west
        )

    def grown(self, km: float) -> Area:
        dlat = km / KM_PER_DEGREE
        dlng = km / (KM_PER_DEGREE * math.cos(math.radians((self.south + self.north) / 2)))
        return Area(
            self.name,
            self.state,
            self.south - dlat,
            self.west - dlng,
            self.north + dlat,
            self.east + dlng,
        )

    def joined(self, other: Area) -> Area:
        return Area(
            self.name,
            self.state,
            min(self.south, other.south),
            min(self.west, other.west),
            max(self.north, other.north),
            max(self.east, other.east),
        )

    @property
    def geocoder_suffix(self) -> str:
        """What the geocoder query ends with: ", Hartford, CT" here, nothing when the area has no name."""
        return "".join(f", {part}" for part in (self.name, *self.state[:1]) if part)


def _configured_bounds():
    """settings.SEARCH_AREA ("south,west,north,east" or four numbers) as a tuple, or None."""
    value = getattr(settings, "SEARCH_AREA", None)
    if not value:
        return None
    try:
        parts = [float(v) for v in (value.split(",") if isinstance(value, str) else value)]
    except (TypeError, ValueError):
        parts = []
    if len(parts) != 4 or not (parts[0] < parts[2] and parts[1] < parts[3]):
        logger.warning("SEARCH_AREA must be south,west,north,east; %r ignored", value)
        return None
    return tuple(parts)


def area() -> Area:
    """Where this deployment searches: ``settings.SEARCH_AREA``, else the directory's locations with a
    margin (joined with the gazetteer's city when they overlap), else the gazetteer's city. Its
    name is ``settings.SEARCH_AREA_NAME``, else the gazetteer's city when the area overlaps it,
    else the city most of the directory's addresses give."""
    memo = _look.get()
    if memo is not None and "area" in memo:
        return memo["area"]
    home = gazetteer().area
    facts = _directory()
    configured = _configured_bounds()
    if configured is not None:
        box = Area("", (), *configured)
    elif facts["extent"] is not None:
        box = Area("", (), *facts["extent"]).grown(AREA_MARGIN_KM)
        box = box.joined(home) if box.overlaps(home) else box
    else:
        box = home
    name, state = (home.name, home.state) if box.overlaps(home) else (facts["city"], facts["state"])
    name = getattr(settings, "SEARCH_AREA_NAME", "") or name
    where = Area(name, state, box.south, box.west, box.north, box.east)
    if memo is not None:
        memo["area"] = where
    return where


def _gazetteer_here(where: Area) -> bool:
    """The shipped gazetteer answers only where the deployment is (a Hartford name is not a place in
    San Francisco)."""
    return where.overlaps(gazetteer().area)


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
    area: Area | None = None  # the city it covers (name, state, bounds with the margin)
    names: dict = field(default_factory=dict)  # key -> _Entry
    zips: dict = field(default_factory=dict)  # "06106" -> [lat, lng, city] (Connecticut)
    street_bases: dict = field(default_factory=dict)  # "albany" -> street label
    streets: dict = field(default_factory=dict)  # label -> [(lat, lng), ...]
    intersections: dict = field(default_factory=dict)  # frozenset(labels) -> _Entry

    def add(self, name: str, entry: _Entry) -> None:
        key = _key(name, self.area.tails)
        if not key:
            return
        current = self.names.get(key)
        if current is None or entry.priority < current.priority:
            self.names[key] = entry


_PRIORITY = {
    "neighbourhood": 0,
    "landmark": 1,
    "hospital": 1,
    "station": 1,
    "park": 2,
    "street": 3,
    "intersection": 0,
    "location": 4,
    "city": 5,
}


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    data = json.loads(GAZETTEER_PATH.read_text(encoding="utf-8"))
    b = data["bounds"]
    g = Gazetteer(
        Area(
            data["area"]["name"],
            tuple(data["area"]["state"]),
            b["south"],
            b["west"],
            b["north"],
            b["east"],
        ).grown(AREA_MARGIN_KM)
    )
    g.zips = data.get("zips_ct", {})
    for n in data["neighbourhoods"]:
        entry = _Entry(n["name"], n["lat"], n["lng"], "neighbourhood", 0)
        for name in [n["name"], *n.get("aliases", [])]:
            g.add(name, entry)
    for item in data["landmarks"]:
        entry = _Entry(item["name"], item["lat"], item["lng"], item["kind"], 1)
        for name in [item["name"], *item.get("aliases", [])]:
            g.add(name, entry)
    for p in data["parks"]:
        entry = _Entry(p["name"], p["lat"], p["lng"], p["kind"], 2)
        for name in [p["name"], *p.get("aliases", [])]:
            g.add(name, entry)
        if p["name"].endswith(
            " Park"
        ):  # "Riverside" for Riverside Park, unless it names something else
            g.add(p["name"][: -len(" Park")], _Entry(p["name"], p["lat"], p["lng"], p["kind"], 5))
    for s in data["streets"]:
        entry = _Entry(s["name"], s["lat"], s["lng"], "street", 3)
        for name in [s["name"], *s.get("aliases", [])]:
            g.add(name, entry)
        g.streets[s["name"]] = [tuple(p) for p in s["points"]]
        base = _street_base(_key(s["name"], g.area.tails))
        g.street_bases.setdefault(base, s["name"])
    for i in data["intersections"]:
        entry = _Entry(i["name"], i["lat"], i["lng"], "intersection", 0)
        g.intersections[frozenset(i["streets"])] = entry
    return g


def _place(entry: _Entry, source: str = "gazetteer") -> Place:
    return Place(
        entry.label,
        float(entry.lat),
        float(entry.lng),
        source,
        entry.kind,
        neighbourhood_at(entry.lat, entry.lng),
    )


# --------------------------------------------------------------------------------------------
# What the directory says about where it is, refreshed when its locations or addresses change.

_db_lock = threading.Lock()
_NO_DIRECTORY = {"stamp": None, "names": {}, "extent": None, "city": "", "state": (), "zips": {}}
_db_state: dict = dict(_NO_DIRECTORY)
_ADDRESS_NUMBER = re.compile(r"^\s*(?:\d+[a-z]?(?:[-/]\d+[a-z]?)?\s+)", re.IGNORECASE)
_ADDRESS_UNIT = re.compile(
    r"\s*(?:,.*|\s(?:#|suite|ste|apt|unit|floor|fl|room|rm)\b.*)$", re.IGNORECASE
)


_PO_BOX = re.compile(r"^\s*p\.?\s*o\.?\s*box\b", re.IGNORECASE)


def street_of(address_1: str) -> str:
    """The street of an address line: "1 Polk St, Suite 200" → "Polk St" ("" for a PO box)."""
    street = _ADDRESS_UNIT.sub("", _ADDRESS_NUMBER.sub("", address_1 or "")).strip()
    return street if re.search(r"[^\W\d_]{2}", street) and not _PO_BOX.match(street) else ""


def _centroid(points: list) -> tuple:
    return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)


def _most_common(values) -> str:
    counts: dict = {}
    for v in values:
        if v:
            counts[v] = counts.get(v, 0) + 1
    return max(counts, key=lambda v: (counts[v], v)) if counts else ""


_look: ContextVar[dict | None] = ContextVar("waypoint_geocode_look", default=None)


@contextmanager
def one_look():
    """Inside this block the directory and the area are read once: one search asks about many
    spans of its text, and each would otherwise check the directory again."""
    if _look.get() is not None:
        yield
        return
    token = _look.set({})
    try:
        yield
    finally:
        _look.reset(token)


def _directory() -> dict:
    memo = _look.get()
    if memo is None:
        return _read_directory()
    if "directory" not in memo:
        memo["directory"] = _read_directory()
    return memo["directory"]


def _read_directory() -> dict:
    """Names, extent, main city and state, and ZIPs of the directory's physical locations.

    ``names`` maps a key to an _Entry: every location with coordinates by location, service and
    organisation name (kind ``location``), then the directory's neighbourhoods, the streets of its
    addresses and its cities other than the main one, each at the centre of its locations. Re-read
    when the number or newest id of located locations or of addresses changes."""
    try:
        from django.db.models import Count, Max

        from directory.models import Address, Location, ServiceAtLocation

        located = Location.objects.filter(latitude__isnull=False, longitude__isnull=False)
        stamp = (
            tuple(located.aggregate(n=Count("id"), m=Max("id")).values()),
            tuple(Address.objects.aggregate(n=Count("id"), m=Max("id")).values()),
            getattr(settings, "SEARCH_AREA_NAME", ""),
        )
        if stamp == _db_state["stamp"]:
            return _db_state
        by_id = {loc.id: loc for loc in located.select_related("organization")}
        addresses = list(
            Address.objects.filter(location_id__in=list(by_id)).values(
                "location_id", "address_1", "city", "state_province", "postal_code"
            )
        )
        city = _most_common(a["city"].strip() for a in addresses)
        state = tuple(
            dict.fromkeys(
                a["state_province"].strip()
                for a in addresses
                if a["state_province"].strip() and a["city"].strip() == city
            )
        )
        tails = _tails(getattr(settings, "SEARCH_AREA_NAME", "") or city, *state)
        names: dict = {}

        def centre(ids):
            return _centroid([(by_id[i].latitude, by_id[i].longitude) for i in ids])

        def add(name, entry):
            key = _key(name, tails)
            if key and len(key) >= 3 and key not in names:
                names[key] = entry

        entries = {}
        for loc in by_id.values():
            label = loc.name or (loc.organization.title if loc.organization_id else "")
            if not label:
                continue
            entries[loc.id] = _Entry(label, loc.latitude, loc.longitude, "location", 4)
            add(loc.name, entries[loc.id])
            if loc.alternate_name:
                add(loc.alternate_name, entries[loc.id])
        org_seen = {}
        for sal in ServiceAtLocation.objects.filter(location_id__in=list(entries)).select_related(
            "service", "location__organization"
        ):
            entry = entries[sal.location_id]
            add(sal.service.title, entry)
            org = sal.location.organization
            if org is not None:
                org_seen.setdefault(org.title, entry)
        for title, entry in org_seen.items():
            add(title, entry)
        # Places the directory names: each at the centre of the locations that name it.
        groups: dict = {}
        for loc in by_id.values():
            if loc.neighbourhood:
                groups.setdefault(("neighbourhood", loc.neighbourhood.strip()), []).append(loc.id)
        zips: dict = {}  # "94103" -> (city, state, [location ids])
        for a in addresses:
            groups.setdefault(("street", street_of(a["address_1"])), []).append(a["location_id"])
            if a["city"].strip() != city:  # the main city is the whole area, not a place in it
                groups.setdefault(("city", a["city"].strip()), []).append(a["location_id"])
            z = a["postal_code"].strip()[:5]
            if re.fullmatch(r"\d{5}", z):
                zips.setdefault(z, (a["city"].strip(), a["state_province"].strip(), []))[2].append(
                    a["location_id"]
                )
        for (kind, label), ids in groups.items():
            if label:
                add(label, _Entry(label, *centre(ids), kind, _PRIORITY[kind]))
        extent = None
        if by_id:
            lats, lngs = (
                [loc.latitude for loc in by_id.values()],
                [loc.longitude for loc in by_id.values()],
            )
            extent = (min(lats), min(lngs), max(lats), max(lngs))
        facts = {
            "stamp": stamp,
            "names": names,
            "extent": extent,
            "city": city,
            "state": state,
            "zips": {z: (*centre(ids), town, st) for z, (town, st, ids) in zips.items()},
        }
        with _db_lock:
            _db_state.update(facts)
        return facts
    except Exception:
        logger.debug("directory unavailable for geocoding", exc_info=True)
        return _NO_DIRECTORY


# --------------------------------------------------------------------------------------------
# ZIP codes

ZIP_RE = re.compile(r"^\s*(\d{5})(?:-\d{4})?\s*$")


def _zip_place(code: str, lat, lng, city: str, state: str) -> Place:
    lat, lng = float(lat), float(lng)
    label = f"{code} ({city}, {state})".replace(" (, )", "")
    return Place(label, lat, lng, "zip", "zip", neighbourhood_at(lat, lng))


def geocode_zip(text: str) -> Place | None:
    """A US ZIP's centre: the shipped Connecticut table (no 0.6 s load), the ``zipcodes`` package,
    or else the directory's own locations with that ZIP. Wherever it is: a ZIP is never refused."""
    m = ZIP_RE.match(str(text))
    if not m:
        return None
    code = m.group(1)
    ct = gazetteer().zips.get(code)
    if ct:
        return _zip_place(code, ct[0], ct[1], ct[2], "CT")
    try:
        matches = [z for z in zipcodes.matching(code) if z.get("lat") and z.get("long")]
    except Exception:
        matches = []
    if matches:
        z = matches[0]
        return _zip_place(code, z["lat"], z["long"], z.get("city", "").title(), z.get("state", ""))
    known = _directory()["zips"].get(code)
    return _zip_place(code, *known) if known else None


def _warm_zipcodes():
    with contextlib.suppress(Exception):
        zipcodes.matching("06106")  # the package loads its national table lazily (~0.6 s)


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
        dist, point = closest_approach(sorted(g.streets[a]), sorted(g.streets[b]))
        if point is None or dist > 400:
            return None
        entry = _Entry(f"{a} & {b}", point[0], point[1], "intersection", 0)
    return _place(entry)


_NO_GAZETTEER = Gazetteer()
# Directory names that are places, not listings: these may be named without "near".
_PLACE_KINDS = frozenset({"neighbourhood", "street", "city"})


def _here():
    """(area, the gazetteer if the area is its city else an empty one, lookup tails)."""
    where = area()
    if _gazetteer_here(where):
        g = gazetteer()
        return where, g, where.tails | g.area.tails
    return where, _NO_GAZETTEER, where.tails


def _inside(found, where: Area) -> Place | None:
    place = _place(found) if isinstance(found, _Entry) else found
    return place if place is not None and where.contains(place.lat, place.lng) else None


def geocode_offline(text: str, *, fuzzy: bool = True) -> Place | None:
    """A ZIP, then the gazetteer and the directory's names inside the area, without any network."""
    if text is None:
        return None
    text = str(text)[:MAX_TEXT]
    if not text.strip():
        return None
    place = geocode_zip(text)
    if place is not None:
        return place
    where, g, tails = _here()
    key = _key(text, tails)
    if not key:
        return None
    names = _directory()["names"]

    def found():
        yield g.names.get(key)
        yield _intersection(text, g, fuzzy=False)
        if key in g.street_bases:  # "Park" alone, "Albany" alone: a street by its base name
            yield g.names[_key(g.street_bases[key], tails)]
        yield names.get(key)
        if fuzzy:
            yield _intersection(text, g, fuzzy=True)
            if 5 <= len(key) <= 40 and len(key.split()) <= 5:
                # Small typos only: a name of about the same length, at least 86 % alike.
                slack = max(2, len(key) // 6)
                candidates = [n for n in (*g.names, *names) if abs(len(n) - len(key)) <= slack]
                for close in difflib.get_close_matches(key, candidates, n=1, cutoff=0.86):
                    yield g.names.get(close) or names[close]

    return next(filter(None, (_inside(f, where) for f in found())), None)


def named_place(text: str) -> Place | None:
    """The place ``text`` names exactly, inside the area: a neighbourhood, landmark, park or "X St"
    street of the gazetteer, or a neighbourhood, street or city of the directory (used to spot
    places in a query without "near")."""
    where, g, tails = _here()
    key = _key(text, tails)
    entry = g.names.get(key)
    if entry is None:
        entry = _directory()["names"].get(key)
        if entry is None or entry.kind not in _PLACE_KINDS:
            return None
    if entry.kind == "street" and not (key.split()[-1] in _STREET_TYPES or len(key.split()) > 1):
        return None  # a bare base name ("park", "main") is too ambiguous without "near"
    return _inside(entry, where)


def intersection(text: str) -> Place | None:
    """Two of the gazetteer's streets ("Albany and Woodland"), inside the area."""
    where, g, _tails_here = _here()
    return _inside(_intersection(text, g, fuzzy=False), where)


# --------------------------------------------------------------------------------------------
# The real geocoder, with a time budget

_executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="waypoint-geocoder")
_slots = threading.BoundedSemaphore(4)
_inflight: dict = {}
_inflight_lock = threading.Lock()


def _cache_key(service: str, text: str, where: Area) -> str:
    digest = hashlib.sha1(f"{service}|{_key(text)}|{where}".encode()).hexdigest()
    return CACHE_PREFIX + digest


def _geocoder_suffix(where: Area) -> str:
    configured = getattr(settings, "GEOCODER_QUERY_SUFFIX", None)
    return where.geocoder_suffix if configured is None else configured


def _build_geocoder(service: str, timeout_s: float):
    from geopy.geocoders import get_geocoder_for_service

    cls = get_geocoder_for_service(service)
    options = dict(getattr(settings, "GEOCODER_OPTIONS", None) or {})
    options.setdefault(
        "user_agent", getattr(settings, "GEOCODER_USER_AGENT", "waypoint-hartford-search")
    )
    # The HTTP timeout is longer than the search's budget on purpose: a late answer still fills
    # the cache for the next search, while the search itself stops waiting at the budget.
    options.setdefault(
        "timeout", max(timeout_s, float(getattr(settings, "GEOCODER_HTTP_TIMEOUT_S", 5.0)))
    )
    try:
        return cls(**options)
    except TypeError:
        options.pop("user_agent", None)
        return cls(**options)


def _call_geocoder(service: str, text: str, timeout_s: float, where: Area):
    """Runs in a worker thread (``where`` is read before: no database here). Returns (lat, lng,
    label) or None; caches the answer."""
    key = _cache_key(service, text, where)
    try:
        geocoder = _build_geocoder(service, timeout_s)
        query = f"{text}{_geocoder_suffix(where)}"
        kwargs = {"exactly_one": True}
        import inspect

        params = inspect.signature(geocoder.geocode).parameters
        if "viewbox" in params:
            kwargs["viewbox"] = [(where.south, where.west), (where.north, where.east)]
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
            if math.isfinite(lat) and math.isfinite(lng) and where.contains(lat, lng):
                result = (lat, lng, text.strip())
        cache.set(key, {"result": result}, CACHE_SECONDS if result else NEGATIVE_CACHE_SECONDS)
        return result
    except Exception:
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
    where = area()
    key = _cache_key(service, text, where)
    try:
        hit = cache.get(key)
    except Exception:
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
                future = _executor.submit(_call_geocoder, service, text, budget_s, where)
            except RuntimeError:
                _slots.release()
                return None
            _inflight[key] = future
    remaining = budget_s - (time.monotonic() - started)
    try:
        result = future.result(timeout=max(remaining, 0.0))
    except FutureTimeout:
        return None  # the call carries on in the background and fills the cache for next time
    except Exception:
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
        with one_look():
            place = geocode_offline(text)
            if place is not None or not remote:
                return place
            return geocode_remote(text)
    except Exception:
        logger.warning("geocode failed for %r", text, exc_info=True)
        return None
