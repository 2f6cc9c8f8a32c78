"""Great-circle distance on the mean Earth sphere (IUGG radius)."""

import math

EARTH_RADIUS_M = 6_371_008.8
EARTH_RADIUS_KM = 6371.0088


def _central_angle(lat1, lng1, lat2, lng2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    # min(): rounding can push a just above 1 for antipodal points.
    return 2 * math.asin(min(1.0, math.sqrt(a)))


def haversine_m(lat1, lng1, lat2, lng2) -> float:
    return EARTH_RADIUS_M * _central_angle(lat1, lng1, lat2, lng2)


def haversine_km(lat1, lng1, lat2, lng2) -> float:
    return EARTH_RADIUS_KM * _central_angle(lat1, lng1, lat2, lng2)
