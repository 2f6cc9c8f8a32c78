"""Plane geometry at city scale: points in GeoJSON polygons, where two street lines meet.

GeoJSON rings are lists of ``[lng, lat]``; every function here takes ``lat, lng`` first, as the
rest of Waypoint does.
"""

import math

from .distance import EARTH_RADIUS_M


def point_in_ring(lat: float, lng: float, ring) -> bool:
    """Ray casting; a ring may or may not repeat its first point at the end."""
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > lat) != (yj > lat) and lng < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def point_in_polygon(lat: float, lng: float, rings) -> bool:
    """Inside the outer ring and in none of the holes (GeoJSON Polygon coordinates)."""
    return point_in_ring(lat, lng, rings[0]) and not any(
        point_in_ring(lat, lng, hole) for hole in rings[1:]
    )


def polygons(geometry) -> list:
    """A GeoJSON geometry's polygons (each a list of rings); other geometry types have none."""
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["coordinates"]
    return []


def _to_xy(p, lat0):
    # Local equirectangular metres; p = (lat, lng).
    return (
        math.radians(p[1]) * EARTH_RADIUS_M * math.cos(math.radians(lat0)),
        math.radians(p[0]) * EARTH_RADIUS_M,
    )


def _from_xy(xy, lat0):
    return (
        math.degrees(xy[1] / EARTH_RADIUS_M),
        math.degrees(xy[0] / (EARTH_RADIUS_M * math.cos(math.radians(lat0)))),
    )


def _closest_on_segment(p, a, b):
    ax, ay = a
    bx, by = b
    dx, dy = bx - ax, by - ay
    d2 = dx * dx + dy * dy
    t = 0.0 if d2 == 0 else max(0.0, min(1.0, ((p[0] - ax) * dx + (p[1] - ay) * dy) / d2))
    return (ax + t * dx, ay + t * dy)


def _seg_intersection(a, b, c, d):
    (x1, y1), (x2, y2), (x3, y3), (x4, y4) = a, b, c, d
    den = (x1 - x2) * (y3 - y4) - (y1 - y2) * (x3 - x4)
    if den == 0:
        return None
    t = ((x1 - x3) * (y3 - y4) - (y1 - y3) * (x3 - x4)) / den
    u = -((x1 - x2) * (y1 - y3) - (y1 - y2) * (x1 - x3)) / den
    if 0 <= t <= 1 and 0 <= u <= 1:
        return (x1 + t * (x2 - x1), y1 + t * (y2 - y1))
    return None


def closest_approach(line_a, line_b, lat0=41.76):
    """(distance_m, (lat, lng)) of the closest approach of two polylines of (lat, lng) points."""
    pa = [_to_xy(p, lat0) for p in line_a]
    pb = [_to_xy(p, lat0) for p in line_b]
    segs_a = list(zip(pa, pa[1:])) or [(pa[0], pa[0])]
    segs_b = list(zip(pb, pb[1:])) or [(pb[0], pb[0])]
    best = (float("inf"), None)
    for a0, a1 in segs_a:
        for b0, b1 in segs_b:
            hit = _seg_intersection(a0, a1, b0, b1)
            if hit is not None:
                return 0.0, _from_xy(hit, lat0)
            for p, s0, s1 in ((a0, b0, b1), (a1, b0, b1), (b0, a0, a1), (b1, a0, a1)):
                q = _closest_on_segment(p, s0, s1)
                dist = math.hypot(p[0] - q[0], p[1] - q[1])
                if dist < best[0]:
                    best = (dist, _from_xy(((p[0] + q[0]) / 2, (p[1] + q[1]) / 2), lat0))
    return best
