"""Point-in-polygon against Hartford's official neighbourhoods (used by the demo builder and its tests).

Pure Python, no GIS stack: the city's 17 neighbourhood polygons are small. The GeoJSON files live in
``../shared/geo`` (MIT, see THIRD_PARTY_NOTICES.md); nothing from them is copied into the project,
only the neighbourhood names derived for each demo location.
"""

import json
import os
from functools import lru_cache
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]


def shared_geo_dir() -> Path:
    try:
        from django.conf import settings

        if settings.configured:
            return Path(settings.SHARED_DIR) / "geo"
    except ImportError:  # pragma: no cover - Django is always installed in the project
        pass
    return Path(os.environ.get("WAYPOINT_SHARED_DIR", PROJECT_DIR.parent / "shared")) / "geo"


def normalise_neighbourhood(name: str) -> str:
    """The city writes "Southwest"; the GeoJSON export says "South West"."""
    return "Southwest" if name == "South West" else name


def _in_ring(lng: float, lat: float, ring) -> bool:
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > lat) != (yj > lat) and lng < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def _in_polygon(lng: float, lat: float, rings) -> bool:
    return _in_ring(lng, lat, rings[0]) and not any(_in_ring(lng, lat, hole) for hole in rings[1:])


def _polygons(geometry):
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["coordinates"]
    return []


@lru_cache(maxsize=4)
def _load(filename: str, geo_dir: str):
    with open(Path(geo_dir) / filename, encoding="utf-8") as fh:
        return [
            (feature["properties"].get("name", ""), _polygons(feature["geometry"]))
            for feature in json.load(fh)["features"]
        ]


def neighbourhood_at(lat: float, lng: float, geo_dir: Path | None = None) -> str:
    """The official Hartford neighbourhood containing the point, or "" outside the city."""
    for name, polygons in _load("hartford-neighborhoods.geojson", str(geo_dir or shared_geo_dir())):
        if any(_in_polygon(lng, lat, rings) for rings in polygons):
            return normalise_neighbourhood(name)
    return ""


def in_hartford(lat: float, lng: float, geo_dir: Path | None = None) -> bool:
    """Whether the point lies inside the city boundary (2010 Census town outline)."""
    return any(
        _in_polygon(lng, lat, rings)
        for _name, polygons in _load("hartford-city-boundary.geojson", str(geo_dir or shared_geo_dir()))
        for rings in polygons
    )
