"""Build ``search/data/gazetteer.json``, Waypoint's offline Hartford gazetteer.

Run from the project root (it is deterministic; commit its output)::

    .venv/bin/python -m search.data.build_gazetteer [--geo-dir ../shared/geo]

Inputs
  * ``hartford-neighborhoods.geojson``: the 17 official neighbourhoods (City of Hartford layer,
    MIT-licensed copy in HandsOnDataViz/book) → one point each (area centroid). Naming a point's
    neighbourhood is ``geo.neighbourhood_at``, from the copy vendored in ``geo/data``.
  * ``hartford-parks.geojson``: named parks, cemeteries and monuments → one point each (the
    area-weighted centroid of all polygons sharing a name).
  * ``hartford-bike-lanes.geojson``: 26 named street segments → points along those streets.
  * ``HAND_STREETS`` / ``LANDMARKS`` below: hand-placed, approximate (±150 m) points along main
    streets that the bike-lane file misses and well-known landmarks. They are written by hand,
    not copied from any map product.
Intersections are computed: wherever two streets' lines cross or pass within 120 m, the closest
point pair's midpoint is the intersection.

Nothing here needs the network or the database; shelters and other directory locations are
added at run time from the database (``search.geocode``).
"""

import argparse
import json
from pathlib import Path

from geo import closest_approach, official_name

HERE = Path(__file__).resolve().parent
DEFAULT_GEO = HERE.parents[2] / "shared" / "geo"
OUT = HERE / "gazetteer.json"

# Names the city and people use for neighbourhoods beside the official spelling.
NEIGHBOURHOOD_ALIASES = {
    "South West": ["Southwest", "South-West", "SW Hartford"],
    "Clay-Arsenal": ["Clay Arsenal", "Clay Hill", "Arsenal"],
    "Sheldon-Charter Oak": ["Sheldon Charter Oak", "Sheldon/Charter Oak", "Charter Oak", "Sheldon"],
    "Behind the Rocks": ["Behind The Rock"],
    "Northeast": ["North East", "North-East", "NE Hartford"],
    "Downtown": ["Downtown Hartford", "Center City", "City Center"],
    "Upper Albany": ["Upper Albany Ave"],
    "Asylum Hill": [],
    "Barry Square": ["Barry Sq"],
    "Blue Hills": [],
    "Frog Hollow": ["Frogtown", "Frog Holow"],
    "North Meadows": [],
    "Parkville": ["Park Ville"],
    "South End": ["Southend", "Little Italy"],
    "South Green": [],
    "South Meadows": [],
    "West End": ["Westend"],
}

# Main streets: (name, aliases, [(lat, lng), ...] west→east or south→north), approximate.
HAND_STREETS = [
    (
        "Main St",
        ["Main Street", "North Main St", "Main"],
        [
            (41.7552, -72.6749),
            (41.7600, -72.6738),
            (41.7636, -72.6734),
            (41.7668, -72.6738),
            (41.7705, -72.6745),
            (41.7735, -72.6757),
            (41.7790, -72.6716),
            (41.7840, -72.6690),
        ],
    ),
    (
        "Park St",
        ["Park Street"],
        [
            (41.7562, -72.6757),
            (41.7570, -72.6830),
            (41.7575, -72.6880),
            (41.7577, -72.6906),
            (41.7573, -72.6960),
            (41.7570, -72.7010),
            (41.7572, -72.7060),
        ],
    ),
    (
        "Albany Ave",
        ["Albany Avenue", "Albany"],
        [
            (41.7738, -72.6768),
            (41.7760, -72.6820),
            (41.7775, -72.6870),
            (41.7788, -72.6930),
            (41.7797, -72.6992),
            (41.7805, -72.7045),
            (41.7815, -72.7100),
        ],
    ),
    (
        "Woodland St",
        ["Woodland Street", "Woodland"],
        [
            (41.7680, -72.7008),
            (41.7710, -72.7002),
            (41.7745, -72.6996),
            (41.7797, -72.6992),
            (41.7845, -72.6990),
        ],
    ),
    (
        "Farmington Ave",
        ["Farmington Avenue", "Farmington"],
        [
            (41.7678, -72.6880),
            (41.7672, -72.6950),
            (41.7668, -72.7010),
            (41.7665, -72.7060),
            (41.7662, -72.7111),
        ],
    ),
    (
        "Asylum Ave",
        ["Asylum Avenue", "Asylum St", "Asylum Street", "Asylum"],
        [
            (41.7668, -72.6745),
            (41.7680, -72.6800),
            (41.7690, -72.6860),
            (41.7700, -72.6930),
            (41.7718, -72.7000),
            (41.7738, -72.7080),
            (41.7758, -72.7160),
        ],
    ),
    (
        "Broad St",
        ["Broad Street", "Broad"],
        [
            (41.7577, -72.6906),
            (41.7605, -72.6880),
            (41.7638, -72.6867),
            (41.7681, -72.6861),
        ],
    ),
    (
        "Capitol Ave",
        ["Capitol Avenue"],
        [
            (41.7636, -72.6800),
            (41.7625, -72.6860),
            (41.7620, -72.6920),
            (41.7625, -72.6970),
        ],
    ),
    (
        "Washington St",
        ["Washington Street"],
        [
            (41.7500, -72.6850),
            (41.7530, -72.6830),
            (41.7560, -72.6818),
            (41.7600, -72.6820),
            (41.7630, -72.6830),
        ],
    ),
    ("Wethersfield Ave", ["Wethersfield Avenue", "Wethersfield"], [(41.7553, -72.6748)]),
    (
        "Maple Ave",
        ["Maple Avenue", "Maple"],
        [(41.7553, -72.6752), (41.7460, -72.6820), (41.7380, -72.6860)],
    ),
    (
        "Franklin Ave",
        ["Franklin Avenue", "Franklin"],
        [
            (41.7500, -72.6770),
            (41.7440, -72.6775),
            (41.7380, -72.6785),
            (41.7310, -72.6790),
        ],
    ),
    (
        "New Britain Ave",
        ["New Britain Avenue", "New Britain"],
        [
            (41.7470, -72.6890),
            (41.7430, -72.6960),
            (41.7395, -72.7050),
            (41.7370, -72.7140),
        ],
    ),
    (
        "Blue Hills Ave",
        ["Blue Hills Avenue"],
        [
            (41.7790, -72.6905),
            (41.7850, -72.6930),
            (41.7920, -72.6950),
            (41.8000, -72.6965),
        ],
    ),
    (
        "Homestead Ave",
        ["Homestead Avenue", "Homestead"],
        [
            (41.7770, -72.6930),
            (41.7755, -72.6990),
            (41.7750, -72.7050),
        ],
    ),
    (
        "Sigourney St",
        ["Sigourney Street", "Sigourney"],
        [
            (41.7640, -72.6930),
            (41.7690, -72.6935),
            (41.7750, -72.6930),
        ],
    ),
    ("Collins St", ["Collins Street"], [(41.7725, -72.6900), (41.7735, -72.6960)]),
    ("Pearl St", ["Pearl Street"], [(41.7660, -72.6735), (41.7655, -72.6775)]),
    ("Church St", ["Church Street"], [(41.7680, -72.6745), (41.7683, -72.6790)]),
    ("Trumbull St", ["Trumbull Street"], [(41.7650, -72.6760), (41.7690, -72.6770)]),
    ("Hudson St", ["Hudson Street"], [(41.7610, -72.6790), (41.7570, -72.6795)]),
    ("Retreat Ave", ["Retreat Avenue"], [(41.7530, -72.6770), (41.7520, -72.6810)]),
    ("Seymour St", ["Seymour Street"], [(41.7555, -72.6790), (41.7545, -72.6805)]),
]

# Landmarks: (name, kind, lat, lng, aliases). Approximate, hand-placed.
LANDMARKS = [
    (
        "Union Station",
        "station",
        41.7686,
        -72.6819,
        [
            "Hartford Union Station",
            "Union Station Hartford",
            "Hartford train station",
            "train station",
            "bus station",
            "Greyhound",
            "Amtrak station",
            "Union Place",
            "Hartford Line station",
        ],
    ),
    ("Hartford Hospital", "hospital", 41.7547, -72.6790, ["Hartford Hosp", "HH"]),
    (
        "Saint Francis Hospital",
        "hospital",
        41.7745,
        -72.6995,
        [
            "St Francis Hospital",
            "St. Francis Hospital",
            "Saint Francis",
            "St Francis",
            "Trinity Health Saint Francis",
            "St Francis Hospital and Medical Center",
            "Saint Francis Hospital and Medical Center",
        ],
    ),
    (
        "Connecticut Children's",
        "hospital",
        41.7552,
        -72.6815,
        [
            "Connecticut Childrens",
            "CT Children's",
            "CT Childrens",
            "Connecticut Children's Medical Center",
            "CCMC",
            "Children's Hospital",
            "Childrens Hospital",
        ],
    ),
    ("Institute of Living", "hospital", 41.7520, -72.6785, ["IOL", "The Institute of Living"]),
    (
        "Connecticut State Capitol",
        "landmark",
        41.7641,
        -72.6824,
        ["State Capitol", "the Capitol", "Capitol", "Capitol Building", "CT Capitol"],
    ),
    ("Legislative Office Building", "landmark", 41.7655, -72.6860, ["LOB"]),
    ("Hartford City Hall", "landmark", 41.7637, -72.6731, ["City Hall", "Municipal Building"]),
    (
        "Hartford Public Library",
        "library",
        41.7630,
        -72.6727,
        ["Downtown Library", "Main Library", "HPL", "Public Library", "the library", "library"],
    ),
    ("Old State House", "landmark", 41.7661, -72.6728, ["Old Statehouse"]),
    ("Wadsworth Atheneum", "landmark", 41.7634, -72.6737, ["Wadsworth", "the Atheneum"]),
    (
        "The Bushnell",
        "landmark",
        41.7627,
        -72.6810,
        ["Bushnell Theater", "Bushnell Center for the Performing Arts"],
    ),
    (
        "Dunkin' Park",
        "stadium",
        41.7726,
        -72.6739,
        [
            "Dunkin Park",
            "Dunkin Donuts Park",
            "Dunkin' Donuts Park",
            "Yard Goats stadium",
            "ballpark",
            "baseball stadium",
        ],
    ),
    ("XL Center", "arena", 41.7685, -72.6768, ["Civic Center", "Hartford Civic Center", "XL"]),
    (
        "Capitol Community College",
        "college",
        41.7678,
        -72.6738,
        ["CCC", "Capital Community College", "G. Fox building"],
    ),
    ("UConn Hartford", "college", 41.7657, -72.6733, ["UConn Hartford campus", "UConn downtown"]),
    ("Trinity College", "college", 41.7470, -72.6903, ["Trinity"]),
    ("University of Hartford", "college", 41.8000, -72.7140, ["UHart", "U of Hartford"]),
    (
        "Mark Twain House",
        "landmark",
        41.7668,
        -72.7012,
        ["Twain House", "Mark Twain House and Museum"],
    ),
    (
        "Coltsville",
        "landmark",
        41.7546,
        -72.6663,
        ["Colt Building", "Colt Armory", "Coltsville National Historical Park"],
    ),
    ("Hartford-Brainard Airport", "airport", 41.7361, -72.6494, ["Brainard Airport", "Brainard"]),
    ("Constitution Plaza", "landmark", 41.7655, -72.6705, []),
    (
        "Riverfront",
        "park",
        41.7630,
        -72.6680,
        ["Riverfront Plaza", "Mortensen Riverfront Plaza", "the riverfront"],
    ),
    (
        "Hartford Police Department",
        "landmark",
        41.7719,
        -72.6800,
        ["Hartford PD", "HPD", "police station", "police headquarters"],
    ),
    (
        "Hartford Superior Court",
        "landmark",
        41.7630,
        -72.6870,
        ["Superior Court", "courthouse", "Washington St courthouse"],
    ),
    ("State Armory", "landmark", 41.7650, -72.6870, ["Armory"]),
    ("North End", "area", 41.7890, -72.6820, ["the North End", "Hartford North End"]),
    ("Billings Forge", "landmark", 41.7610, -72.6890, ["The Kitchen at Billings Forge"]),
    (
        "Park Street Library",
        "library",
        41.7578,
        -72.6900,
        ["Park St Library", "Park Street library at the Lyric"],
    ),
    ("Albany Library", "library", 41.7800, -72.6985, ["Albany Branch Library", "Albany branch"]),
]

# Parks/monuments from the parks file to skip (not names anyone would search for).
SKIP_PARK_NAMES = {"Park Unknown", "Park Unknown (Building)", "Park Unknown (Monument)"}
PARK_ALIASES = {
    "Bushnell Park": ["Bushnell"],
    "Keney Park": ["Keney", "Keney Pk"],
    "Pope Park": ["Pope Pk"],
    "Colt Park": ["Colt Pk"],
    "Elizabeth Park": [],
    "Goodwin Park": [],
    "Riverside Park": [],
    "Keney Memorial Tower": ["Keney Tower", "Keney Clock Tower"],
}

INTERSECTION_MAX_M = 120.0


def ring_centroid(ring):
    """Area centroid (lat, lng, area) of a closed [lng, lat] ring, in degree units (fine at city scale)."""
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    a /= 2
    if abs(a) < 1e-15:
        xs = [p[0] for p in ring]
        ys = [p[1] for p in ring]
        return sum(ys) / len(ys), sum(xs) / len(xs), 0.0
    return cy / (6 * a), cx / (6 * a), abs(a)


def _round(p):
    return [round(p[0], 5), round(p[1], 5)]


def build(geo_dir: Path) -> dict:
    neighbourhoods = []
    data = json.loads((geo_dir / "hartford-neighborhoods.geojson").read_text())
    for feature in data["features"]:
        name = feature["properties"]["name"]
        ring = feature["geometry"]["coordinates"][0]
        lat, lng, _area = ring_centroid(ring)
        display = official_name(name)
        aliases = sorted(
            set(NEIGHBOURHOOD_ALIASES.get(name, [])) | ({name} if display != name else set())
        )
        neighbourhoods.append(
            {
                "name": display,
                "kind": "neighbourhood",
                "official_id": feature["properties"].get("HPD_NH_ID"),
                "lat": round(lat, 5),
                "lng": round(lng, 5),
                "aliases": aliases,
            }
        )
    neighbourhoods.sort(key=lambda n: n["name"])

    parks = {}
    pdata = json.loads((geo_dir / "hartford-parks.geojson").read_text())
    for feature in pdata["features"]:
        name = feature["properties"]["name"]
        if name in SKIP_PARK_NAMES:
            continue
        lat, lng, area = ring_centroid(feature["geometry"]["coordinates"][0])
        acc = parks.setdefault(
            name,
            {"type": feature["properties"]["type"], "sum_lat": 0.0, "sum_lng": 0.0, "area": 0.0},
        )
        w = area or 1e-12
        acc["sum_lat"] += lat * w
        acc["sum_lng"] += lng * w
        acc["area"] += w
    park_entries = [
        {
            "name": name,
            "kind": "park" if acc["type"] in {"park", "playground"} else acc["type"],
            "lat": round(acc["sum_lat"] / acc["area"], 5),
            "lng": round(acc["sum_lng"] / acc["area"], 5),
            "aliases": PARK_ALIASES.get(name, []),
        }
        for name, acc in sorted(parks.items())
    ]

    streets = {}
    for name, aliases, points in HAND_STREETS:
        streets[name] = {
            "name": name,
            "kind": "street",
            "aliases": list(aliases),
            "points": [list(p) for p in points],
            "source": "hand-placed",
        }
    bdata = json.loads((geo_dir / "hartford-bike-lanes.geojson").read_text())
    for feature in bdata["features"]:
        name = feature["properties"]["bikelane"]
        pts = [[lat, lng] for lng, lat in feature["geometry"]["coordinates"]]
        entry = streets.setdefault(
            name, {"name": name, "kind": "street", "aliases": [], "points": [], "source": ""}
        )
        entry["points"].extend(pts)
        entry["source"] = (entry["source"] + "+bike-lanes").strip("+")
    street_entries = []
    for name in sorted(streets):
        entry = streets[name]
        pts = entry["points"]
        # Representative point: the vertex nearest the mean (a street's "middle"), or the hand anchor.
        mlat = sum(p[0] for p in pts) / len(pts)
        mlng = sum(p[1] for p in pts) / len(pts)
        anchor = min(pts, key=lambda p: (p[0] - mlat) ** 2 + (p[1] - mlng) ** 2)
        if name == "Park St":
            anchor = [41.7577, -72.6906]  # Park & Broad, the heart of Park Street (Frog Hollow)
        if name == "Main St":
            anchor = [41.7636, -72.6734]  # Main St at City Hall
        aliases = set(entry["aliases"])
        base = name.rsplit(" ", 1)[0]
        suffix = name.rsplit(" ", 1)[-1]
        long_suffix = {"St": "Street", "Ave": "Avenue", "Rd": "Road", "Blvd": "Boulevard"}.get(
            suffix
        )
        if long_suffix:
            aliases.add(f"{base} {long_suffix}")
        street_entries.append(
            {
                "name": name,
                "kind": "street",
                "base": base,
                "lat": round(anchor[0], 5),
                "lng": round(anchor[1], 5),
                "aliases": sorted(aliases),
                "points": [_round(p) for p in pts],
                "source": entry["source"],
            }
        )

    # Intersections between every pair of streets whose lines meet (or nearly meet).
    intersections = []
    lines = {}
    for entry in street_entries:
        # Bike-lane and hand points are separate runs; order them along the dominant axis.
        pts = entry["points"]
        span_lat = max(p[0] for p in pts) - min(p[0] for p in pts)
        span_lng = max(p[1] for p in pts) - min(p[1] for p in pts)
        key = 0 if span_lat * 1.33 > span_lng else 1
        lines[entry["name"]] = sorted(pts, key=lambda p: p[key])
    names = sorted(lines)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            dist, point = closest_approach(lines[a], lines[b])
            if point is not None and dist <= INTERSECTION_MAX_M:
                intersections.append(
                    {
                        "name": f"{a} & {b}",
                        "kind": "intersection",
                        "streets": [a, b],
                        "lat": round(point[0], 5),
                        "lng": round(point[1], 5),
                        "gap_m": round(dist),
                    }
                )

    landmarks = [
        {"name": name, "kind": kind, "lat": lat, "lng": lng, "aliases": aliases}
        for name, kind, lat, lng, aliases in LANDMARKS
    ]

    # Connecticut ZIP centroids from the `zipcodes` package, so a CT ZIP needs no 0.6 s table load.
    import zipcodes

    zips = {
        z["zip_code"]: [float(z["lat"]), float(z["long"]), z.get("city", "").title()]
        for z in zipcodes.filter_by(state="CT")
        if z.get("lat") and z.get("long")
    }

    return {
        "about": (
            "Offline Hartford, CT gazetteer for Waypoint search. Built by search/data/build_gazetteer.py from "
            "../shared/geo (City of Hartford neighbourhood and park layers and bike-lane street lines, MIT-licensed "
            "copies in HandsOnDataViz/book and HandsOnDataViz/leaflet-maps-with-google-sheets; see "
            "THIRD_PARTY_NOTICES.md) plus hand-placed approximate points for main streets and landmarks."
        ),
        "bounds": {"south": 41.7205, "west": -72.7250, "north": 41.8110, "east": -72.6400},
        # The place this gazetteer covers: search's area when the directory is here too.
        "area": {"name": "Hartford", "state": ["CT", "Connecticut"]},
        "neighbourhoods": neighbourhoods,
        "parks": park_entries,
        "streets": street_entries,
        "intersections": intersections,
        "landmarks": landmarks,
        "zips_ct": dict(sorted(zips.items())),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--geo-dir", type=Path, default=DEFAULT_GEO)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    result = build(args.geo_dir)
    args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False, sort_keys=False) + "\n")
    counts = {k: len(v) for k, v in result.items() if isinstance(v, list)}
    print(f"wrote {args.out}: {counts}")


if __name__ == "__main__":
    main()
