"""Hartford's neighbourhoods for the map (shipped, simplified: see data/build_neighbourhoods.py)."""

import json
import re
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "neighbourhoods.json"


@lru_cache(maxsize=1)
def areas() -> list[dict]:
    return json.loads(DATA.read_text())["areas"]


def _key(name: str) -> str:
    return re.sub(r"[^a-z]", "", (name or "").lower())


@lru_cache(maxsize=1)
def _by_key() -> dict[str, str]:
    out = {_key(a["name"]): a["name"] for a in areas()}
    out[_key("South West")] = "Southwest"
    return out


def canonical_neighbourhood(name: str) -> str | None:
    """The official name for a recorded neighbourhood ("clay arsenal" → "Clay-Arsenal"), else None."""
    return _by_key().get(_key(name))
