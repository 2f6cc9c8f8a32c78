"""Who a service must serve: the populations a query names in words ("women", "veteran") or by an
age said outright ("19 yo")."""

from __future__ import annotations

from typing import NamedTuple

from .ages import AGE_GROUPS, age_band
from .chips import Ask
from .labels import label_for
from .types import Hit


class Populations(NamedTuple):
    codes: list  # requirements the engine may relax when nothing fits
    asks: list  # chips
    words: list  # the phrases that named a group ("men's"), searched as text too where needed


def _add(codes: list, code: str) -> None:
    if code not in codes:
        codes.append(code)


def read_populations(hits: list[Hit]) -> Populations:
    codes: list = []
    asks: list = []
    words: list = []
    for hit in hits:
        if hit.kind == "age":
            band = age_band(hit.age)
            if band:
                for code in band["populations"]:
                    _add(codes, code)
                label = band["label"].format(age=hit.age)
                asks.append(Ask("population", ",".join(band["populations"]), label, hit))
            continue
        if hit.kind != "rule":
            continue
        named = hit.rule.set.get("populations", [])
        if named:
            words.append(hit.phrase)
        for code in named:
            _add(codes, code)
            asks.append(Ask("population", code, label_for("population", code, hit.rule), hit))
    return Populations(codes, asks, words)


def narrow_age_groups(populations: list, hits: list[Hit]) -> list:
    """An age said outright decides the age groups: "19 yo kicked out" is a young adult, though
    "kicked out" alone would be a teenager."""
    ages = [h for h in hits if h.kind == "age" and age_band(h.age)]
    if not ages:
        return populations
    said = {code for h in ages for code in age_band(h.age)["populations"]}
    return [p for p in populations if p not in AGE_GROUPS or p in said]
