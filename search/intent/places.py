"""Where to search from: the ``near`` parameter beats a place named in the query, which beats the
phone's position; what was not found or not used is said in a warning."""

from __future__ import annotations

from django.utils.translation import gettext as _

from search import geocode as geo
from search.geocode import Place

from .chips import Ask
from .types import Hit


def not_found(phrase: str, near: Place | None, where: geo.Area) -> str:
    """The warning for a place we could not find, saying what the results are sorted by instead."""
    if near is not None and near.source == "device":
        return _("We could not find '%(place)s'; showing results near you.") % {"place": phrase}
    if near is not None:
        return _("We could not find '%(place)s'; showing results near %(near)s.") % {
            "place": phrase,
            "near": near.label,
        }
    return _all_of(
        _("We could not find '%(place)s'; showing results from all of %(area)s."),
        _("We could not find '%(place)s'; showing results from the whole area."),
        where,
        place=phrase,
    )


def _all_of(named: str, unnamed: str, where: geo.Area, **values) -> str:
    """``named`` with the area's name, or ``unnamed`` when the deployment has none."""
    return named % {**values, "area": where.name} if where.name else unnamed % values


def read_near_param(near, device: Place | None, where: geo.Area, warnings: list):
    """(the text of the ``near`` parameter, its place or None)."""
    near_text = "" if near is None else str(near).replace("\x00", " ").strip()[: geo.MAX_TEXT]
    if not near_text:
        return near_text, None
    place = geo.geocode(near_text)
    if place is None:
        warnings.append(not_found(near_text, device, where))
    return near_text, place


def wants_device(hits: list[Hit]) -> bool:
    """ "Near me": the phone's position is asked for."""
    return any(h.kind == "rule" and h.rule.set.get("near") == "device" for h in hits)


def read_place(
    hits: list[Hit],
    *,
    param_place: Place | None,
    near_text: str,
    device: Place | None,
    asks_device: bool,
    where: geo.Area,
    warnings: list,
) -> tuple[Place | None, list]:
    """(the place to search near, its chips)."""
    place_hits = [h for h in hits if h.kind == "place"]
    miss_hits = [h for h in hits if h.kind == "place-miss"]
    q_place = place_hits[0].place if place_hits else None
    near = None
    asks = []
    if param_place is not None:
        near = param_place
        asks.append(Ask("near", param_place.source, param_place.label, None, ("near",)))
        if q_place is not None:
            warnings.append(
                _("Using '%(near)s' (the near field) rather than '%(place)s'.")
                % {"near": near_text, "place": place_hits[0].phrase}
            )
    elif q_place is not None:
        near = q_place
        asks.append(Ask("near", q_place.source, q_place.label, place_hits[0]))
    elif device is not None:
        near = device
        asks.append(Ask("near", "device", _("Near you"), None, ("lat", "lng")))
    for hit in place_hits[1:]:
        warnings.append(_("Only one place is used; '%(place)s' was not.") % {"place": hit.phrase})
        asks.append(Ask("near", near.source if near else "", near.label if near else "", hit))
    for hit in miss_hits:
        warnings.append(not_found(hit.phrase, near, where))
    if asks_device and near is None:
        warnings.append(
            _all_of(
                _(
                    "'Near me' needs your location (allow location on this page); showing results"
                    " from all of %(area)s."
                ),
                _(
                    "'Near me' needs your location (allow location on this page); showing results"
                    " from the whole area."
                ),
                where,
            )
        )
    if near is not None and near.source in ("zip", "geocoder") and where.is_far(near.lat, near.lng):
        warnings.append(
            _all_of(
                _("%(place)s is far from %(area)s; results are sorted by distance from it."),
                _("%(place)s is far from this area; results are sorted by distance from it."),
                where,
                place=near.label,
            )
        )
    return near, asks
