"""Build ``neighbourhood-map.json``: Hartford's 17 neighbourhoods, simplified for a small SVG map.

Source: the vendored ``hartford-neighborhoods.geojson`` next to this file (see ``README.md`` here
and THIRD_PARTY_NOTICES.md). Each ring is simplified with Douglas–Peucker (tolerance in degrees,
about 40 m) and rounded to 5 decimals; names are written as the city writes them
(``geo.official_name``). Run from the repository root:

    .venv/bin/python -m geo.data.build_neighbourhood_map [path/to/geojson]
"""

import json
import math
import sys
from pathlib import Path

from geo.neighbourhoods import MAP_PATH, NEIGHBOURHOODS_PATH, official_name

DEFAULT_SOURCE = NEIGHBOURHOODS_PATH
TOLERANCE = 0.0004


def _perpendicular(p, a, b):
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return math.hypot(x - x1, y - y1)
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / math.hypot(dx, dy)


def douglas_peucker(points, tolerance):
    """Iterative Douglas–Peucker on an open polyline: keeps both end points."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        worst, index = 0.0, None
        for i in range(first + 1, last):
            d = _perpendicular(points[i], points[first], points[last])
            if d > worst:
                worst, index = d, i
        if index is not None and worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep) if k]


def simplify_ring(ring, tolerance):
    """A closed ring: split at the point farthest from the start so both halves simplify well."""
    ring = ring[:-1] if ring[0] == ring[-1] else ring
    far = max(
        range(len(ring)), key=lambda i: math.hypot(ring[i][0] - ring[0][0], ring[i][1] - ring[0][1])
    )
    a = douglas_peucker(ring[: far + 1], tolerance)
    b = douglas_peucker(ring[far:] + [ring[0]], tolerance)
    out = a[:-1] + b
    return [[round(x, 5), round(y, 5)] for x, y in out]


def centroid(ring):
    area = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        cross = x1 * y2 - x2 * y1
        area += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    area /= 2
    return [round(cx / (6 * area), 5), round(cy / (6 * area), 5)]


def build(source: Path) -> dict:
    data = json.loads(source.read_text())
    areas = []
    for feature in data["features"]:
        props, geometry = feature["properties"], feature["geometry"]
        polygons = (
            geometry["coordinates"]
            if geometry["type"] == "MultiPolygon"
            else [geometry["coordinates"]]
        )
        rings = [simplify_ring(poly[0], TOLERANCE) for poly in polygons]  # outer rings only
        name = official_name(props["name"])
        areas.append(
            {"id": props["HPD_NH_ID"], "name": name, "rings": rings, "centroid": centroid(rings[0])}
        )
    areas.sort(key=lambda a: a["id"])
    return {
        "source": "hartford-neighborhoods.geojson, HandsOnDataViz/book (MIT, (c) 2018 Jack Dougherty); "
        "City of Hartford open data 2015. Simplified (Douglas-Peucker, 0.0004 deg).",
        "areas": areas,
    }


if __name__ == "__main__":
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SOURCE
    out = build(source)
    MAP_PATH.write_text(json.dumps(out, separators=(",", ":")) + "\n")
    points = sum(len(r) for a in out["areas"] for r in a["rings"])
    print(f"{len(out['areas'])} areas, {points} points -> {MAP_PATH}")
