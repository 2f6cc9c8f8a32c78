"""Responder search: ``GET /api/search`` (contracts §4.2) and the ``/search/`` page for phones."""

from __future__ import annotations

import hashlib
import json
import math
from datetime import datetime
from types import SimpleNamespace
from urllib.parse import urlencode

from django.core.cache import cache
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.errors import DATABASE_UNAVAILABLE
from directory.hours import wording as hours_wording
from directory.selectors import bed_totals
from directory.service_facts import beds_text

from .engines.base import OPEN_LABELS
from .intent import parse_query
from .languages import language_names
from .selectors import DEFAULT_LIMIT, MAX_LIMIT, search_services
from .services import unmet_search_record

MAX_Q_CHARS = 5_000  # longer is refused; up to this, query understanding reads the first 500
# While the database is unreachable (a restart takes seconds), a search asked recently gets its
# last good answer, marked degraded, instead of a 503.
LAST_ANSWER_SECONDS = 15 * 60


class BadRequest(Exception):
    def __init__(self, fields: dict):
        super().__init__("bad request")
        self.fields = fields


def _number(value, name, limit, fields):
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        fields[name] = _("Must be a number.")
        return None
    if not math.isfinite(number) or abs(number) > limit:
        fields[name] = _("Must be between -%(limit)s and %(limit)s.") % {"limit": limit}
        return None
    return number


def read_params(params) -> dict:
    """Checked parameters, or ``BadRequest`` naming each bad field."""
    fields = {}
    q = params.get("q", "")
    if len(q) > MAX_Q_CHARS:
        fields["q"] = _("At most %(n)s characters.") % {"n": f"{MAX_Q_CHARS:,}"}
    lat_raw, lng_raw = params.get("lat", "").strip(), params.get("lng", "").strip()
    lat = _number(lat_raw, "lat", 90, fields) if lat_raw else None
    lng = _number(lng_raw, "lng", 180, fields) if lng_raw else None
    if bool(lat_raw) != bool(lng_raw):
        fields["lat" if not lat_raw else "lng"] = _("Give both lat and lng, or neither.")
    at = params.get("at", "").strip() or None
    if at:
        try:
            datetime.fromisoformat(at.replace(" ", "+") if "T" in at else at)
        except ValueError:
            fields["at"] = _("Must be an ISO 8601 time, e.g. 2026-11-23T21:00-05:00.")
    limit_raw = params.get("limit", "").strip()
    limit = DEFAULT_LIMIT
    if limit_raw:
        try:
            limit = int(limit_raw)
        except ValueError:
            limit = 0
        if not 1 <= limit <= MAX_LIMIT:
            fields["limit"] = _("Must be a whole number from 1 to %(max)s.") % {"max": MAX_LIMIT}
    if fields:
        raise BadRequest(fields)
    return {
        "q": q,
        "lat": lat,
        "lng": lng,
        "near": params.get("near", "").strip() or None,
        "at": at,
        "limit": limit,
    }


def run_search(params: dict):
    intent = parse_query(
        params["q"], near=params["near"], lat=params["lat"], lng=params["lng"], at=params["at"]
    )
    response = search_services(intent=intent, limit=params["limit"])
    unmet_search_record(intent=intent, response=response)
    return intent, response


@require_GET
def api_search(request):
    try:
        params = read_params(request.GET)
    except BadRequest as exc:
        return JsonResponse(
            {
                "error": {
                    "code": "invalid",
                    "message": _("Some search parameters are not valid."),
                    "fields": exc.fields,
                }
            },
            status=400,
        )
    key = "search-answer:" + hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()
    try:
        _intent, response = run_search(params)
    except DATABASE_UNAVAILABLE:
        answer = cache.get(key)
        if answer is None:
            raise  # core.errors.server_error answers 503 with Retry-After
        return JsonResponse({**answer, "degraded": True}, json_dumps_params={"ensure_ascii": False})
    answer = response.to_json()
    cache.set(key, answer, LAST_ANSWER_SECONDS)
    return JsonResponse(answer, json_dumps_params={"ensure_ascii": False})


def _chip_links(intent, params) -> list[dict]:
    """Each chip as a link to the same search without it."""
    links = []
    for chip in intent.chips:
        query = {"q": chip.remove_query}
        for name in ("near", "lat", "lng", "at"):
            if params.get(name) is not None and name not in chip.remove_params:
                query[name] = params[name]
        links.append({"label": chip.label, "kind": chip.kind, "url": "?" + urlencode(query)})
    return links


def _asked_time(intent) -> str:
    """The asked time as the result cards say it ("tonight", "Saturday")."""
    chip = next((c for c in intent.chips if c.kind == "open"), None)
    return OPEN_LABELS.get(intent.open or "") or (chip.label if chip else "")


def _directions_url(address: str | None) -> str:
    """A maps link that opens the phone's maps app on Android and iOS (Google Maps URLs)."""
    if not address:
        return ""
    return "https://www.google.com/maps/dir/?" + urlencode({"api": 1, "destination": address})


def _status_text(row: dict, at) -> str:
    """The card's "open now · closes 5:00 p.m." in the words of the service page (one wording)."""
    status = SimpleNamespace(
        known=row.get("open_now") is not None,
        always_open=row.get("always_open"),
        open=row.get("open_now"),
        closes_at=datetime.fromisoformat(row["closes_at"]) if row.get("closes_at") else None,
        opens_at=datetime.fromisoformat(row["opens_at"]) if row.get("opens_at") else None,
        closed_reason="",
    )
    return hours_wording.status_line(status, closed_today=None, now=at)[1]


def _display(rows: list[dict], at, asked_time: str = "") -> list[dict]:
    totals = bed_totals(
        [row.get("service_id") for row in rows if row.get("beds_available") is not None]
    )
    out = []
    for row in rows:
        row = dict(row)
        row["asked_time"] = asked_time
        row["status_text"] = _status_text(row, at)
        if row.get("beds_available") is not None:
            row["beds_text"] = beds_text(row["beds_available"], totals.get(row.get("service_id")))
        row["language_names"] = language_names(row.get("languages"))
        row["directions_url"] = _directions_url(row.get("address"))
        if row.get("availability_updated_at"):
            row["updated_at"] = datetime.fromisoformat(row["availability_updated_at"])
        out.append(row)
    return out


@require_GET
def search_page(request):
    context = {"params": {}, "q": request.GET.get("q", "")}
    status = 200
    try:
        params = read_params(request.GET)
    except BadRequest as exc:
        context["errors"] = exc.fields
        status = 400
    else:
        context["params"] = params
        if any(request.GET.get(k) for k in ("q", "near", "lat")):
            intent, response = run_search(params)
            context.update(
                results=_display(response.results, intent.at, _asked_time(intent)),
                fallback=_display(response.fallback, intent.at, _asked_time(intent)),
                intent=intent,
                response=response,
                chips=_chip_links(intent, params),
                more_url=(
                    "?"
                    + urlencode(
                        {
                            k: v
                            for k, v in {
                                **params,
                                "limit": min(MAX_LIMIT, params["limit"] + 20),
                            }.items()
                            if v not in (None, "")
                        }
                    )
                    if len(response.results) >= params["limit"] and params["limit"] < MAX_LIMIT
                    else None
                ),
            )
    return render(request, "search/search.html", context, status=status)
