"""Hartford's 17 official neighbourhoods: which one a point lies in, their names, the map outline.

Pure Python, no GIS stack: the city's neighbourhood polygons are small. The city's layer ships in
``geo/data`` as it was published (see ``geo/data/README.md``); the map outline is a simplified
copy built from it by ``geo/data/build_neighbourhood_map.py``.
"""

import json
import re
from functools import lru_cache
from pathlib import Path

from .shapes import point_in_polygon, polygons

DATA_DIR = Path(__file__).resolve().parent / "data"
NEIGHBOURHOODS_PATH = DATA_DIR / "hartford-neighborhoods.geojson"
MAP_PATH = DATA_DIR / "neighbourhood-map.json"

# The city writes "Southwest"; its GeoJSON export says "South West".
NAME_FIXES = {"South West": "Southwest"}


def official_name(name: str) -> str:
    """The name as the city writes it, for a name as the GeoJSON export spells it."""
    return NAME_FIXES.get(name, name)


@lru_cache(maxsize=1)
def _neighbourhoods() -> list[tuple[str, tuple[float, float, float, float], list]]:
    """(official name, (south, west, north, east), polygons) per neighbourhood, in the file's order."""
    with open(NEIGHBOURHOODS_PATH, encoding="utf-8") as fh:
        features = json.load(fh)["features"]
    out = []
    for feature in features:
        polys = polygons(feature["geometry"])
        points = [p for rings in polys for p in rings[0]]
        box = (
            min(p[1] for p in points),
            min(p[0] for p in points),
            max(p[1] for p in points),
            max(p[0] for p in points),
        )
        out.append((official_name(feature["properties"].get("name", "")), box, polys))
    return out


def neighbourhood_at(lat: float, lng: float) -> str:
    """The official Hartford neighbourhood containing the point, or "" outside the city."""
    for name, (south, west, north, east), polys in _neighbourhoods():
        # The box test first: search names a neighbourhood for every place it resolves.
        if (
            south <= lat <= north
            and west <= lng <= east
            and any(point_in_polygon(lat, lng, rings) for rings in polys)
        ):
            return name
    return ""


@lru_cache(maxsize=1)
def map_areas() -> list[dict]:
    """The simplified outline for the dashboard map: id, name, rings and centroid per area."""
    return json.loads(MAP_PATH.read_text())["areas"]


def _key(name: str) -> str:
    return re.sub(r"[^a-z]", "", (name or "").lower())


@lru_cache(maxsize=1)
def _by_key() -> dict[str, str]:
    out = {_key(a["name"]): a["name"] for a in map_areas()}
    out.update({_key(raw): official for raw, official in NAME_FIXES.items()})
    return out


def canonical_neighbourhood(name: str) -> str | None:
    """The official name for a recorded neighbourhood ("clay arsenal" → "Clay-Arsenal"), else None."""
    return _by_key().get(_key(name))
