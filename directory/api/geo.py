"""Distances for ``postcode`` + ``proximity`` on ``/service_at_locations``.

HSDS 3.0 says ``proximity`` is a distance in metres "from the centroid of the provided postcode".
Waypoint also takes ``proximity=LAT,LNG,METRES`` (a point of the caller's own, e.g. a phone's
position), which needs no postcode. Postcode centroids come from the offline ``zipcodes``
package (US ZIP codes), so nothing here calls out to a geocoder.
"""

import math
import re
from dataclasses import dataclass

import zipcodes

from geo import EARTH_RADIUS_M, haversine_m

MAX_PROXIMITY_M = 500_000

MESSAGE_PROXIMITY = f"Must be a distance in metres (with postcode), or LAT,LNG,METRES; metres from 1 to {MAX_PROXIMITY_M}."
MESSAGE_PROXIMITY_NEEDS_POINT = (
    "A distance alone is measured from the postcode's centroid: give postcode too."
)
MESSAGE_POSTCODE_UNKNOWN = "Unknown postcode: give a 5-digit US ZIP code."
MESSAGE_POSTCODE = "Must be a 5-digit US ZIP code, optionally ZIP+4 (e.g. 06106 or 06106-1234)."

_POSTCODE = re.compile(r"^(\d{5})(?:-?\d{4})?$")


@dataclass(frozen=True)
class Circle:
    lat: float
    lng: float
    radius_m: float

    def bounding_box(self):
        """(min_lat, max_lat, min_lng, max_lng) that holds the circle; lng is None near a pole or the antimeridian."""
        dlat = math.degrees(self.radius_m / EARTH_RADIUS_M)
        min_lat, max_lat = max(-90.0, self.lat - dlat), min(90.0, self.lat + dlat)
        cos_lat = math.cos(math.radians(self.lat))
        if max_lat >= 90 or min_lat <= -90 or cos_lat < 1e-6:
            return min_lat, max_lat, None, None
        dlng = math.degrees(self.radius_m / (EARTH_RADIUS_M * cos_lat))
        min_lng, max_lng = self.lng - dlng, self.lng + dlng
        if dlng >= 180 or min_lng < -180 or max_lng > 180:
            return min_lat, max_lat, None, None
        return min_lat, max_lat, min_lng, max_lng

    def distance_m(self, lat, lng):
        return haversine_m(self.lat, self.lng, lat, lng)


def normalize_postcode(value):
    """The 5-digit ZIP from ``06106`` or ``06106-1234``, or None."""
    match = _POSTCODE.match(value or "")
    return match.group(1) if match else None


def _zip_rows(zip5):
    try:
        return zipcodes.matching(zip5)
    except (TypeError, ValueError):
        return []


def postcode_centroid(zip5):
    """(lat, lng) of a US ZIP code, offline; None when the ZIP is unknown."""
    for row in _zip_rows(zip5):
        try:
            return float(row["lat"]), float(row["long"])
        except (KeyError, TypeError, ValueError):
            continue
    return None


# How a service area names a whole city (matched without regard to case); {state} is the
# two-letter code, as US addresses write it.
CITY_AREA_NAMES = (
    "{city}",
    "City of {city}",
    "{city}, {state}",
    "{city} {state}",
    "City of {city}, {state}",
)


def postcode_city(zip5):
    """(city, state) a US ZIP code belongs to, offline; None when the ZIP is unknown."""
    for row in _zip_rows(zip5):
        if row.get("city") and row.get("state"):
            return row["city"], row["state"]
    return None


def city_area_names(zip5):
    """The names a service area covering the whole city of ``zip5`` may go by."""
    place = postcode_city(zip5)
    if place is None:
        return []
    city, state = place
    return [name.format(city=city, state=state) for name in CITY_AREA_NAMES]


def parse_proximity(value):
    """(lat, lng, metres) or (None, None, metres) from the parameter; None when malformed."""
    parts = [part.strip() for part in value.split(",")]
    if len(parts) not in (1, 3):
        return None
    numbers = []
    for part in parts:
        try:
            number = float(part)
        except ValueError:
            return None
        if not math.isfinite(number):
            return None
        numbers.append(number)
    radius = numbers[-1]
    if not 1 <= radius <= MAX_PROXIMITY_M:
        return None
    if len(numbers) == 1:
        return None, None, radius
    lat, lng = numbers[0], numbers[1]
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        return None
    return lat, lng, radius
