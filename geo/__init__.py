"""Geography for every app: distances, point-in-polygon, and Hartford's neighbourhoods.

Plain Python with no Django and no imports from the apps, so ``directory``, ``search`` and
``outreach`` (and the data build scripts) can all use it. The data it reads ships in ``geo/data``
(see ``geo/data/README.md`` for sources and licences); nothing is read from ``../shared``.
"""

from .distance import EARTH_RADIUS_KM, EARTH_RADIUS_M, haversine_km, haversine_m
from .neighbourhoods import canonical_neighbourhood, map_areas, neighbourhood_at, official_name
from .shapes import closest_approach, point_in_polygon, point_in_ring, polygons

__all__ = [
    "EARTH_RADIUS_KM",
    "EARTH_RADIUS_M",
    "canonical_neighbourhood",
    "closest_approach",
    "haversine_km",
    "haversine_m",
    "map_areas",
    "neighbourhood_at",
    "official_name",
    "point_in_polygon",
    "point_in_ring",
    "polygons",
]
