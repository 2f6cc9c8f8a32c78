"""The shared request/response layer of Waypoint's own JSON APIs (contracts §4).

One error shape, one JSON body parser and one timing header for ``/api/encounters`` and
``/api/referrals``, so an app's ``api.py`` never imports another app's views to answer an error.
"""

from __future__ import annotations

import json
import time
from functools import wraps

from django.http import JsonResponse
from django.utils.translation import gettext as _

MAX_BODY_BYTES = 64 * 1024


def iso(value) -> str | None:
    """A date or time as the APIs write it (ISO 8601), None for none."""
    return value.isoformat() if value else None


def json_error(status: int, code: str, message: str, fields: dict | None = None) -> JsonResponse:
    """The error shape of contracts §4: ``{"error": {"code", "message", "fields"}}``."""
    return JsonResponse(
        {"error": {"code": code, "message": str(message), "fields": fields or {}}}, status=status
    )


def json_body(request) -> tuple[dict | None, JsonResponse | None]:
    """The JSON object a POST carries, or the error to answer instead (one parser for every API).

    Too large is 413; not JSON, not an object, or nested too deep for the parser (``[`` × 30,000
    fits in the size limit and raises RecursionError) is 400 ``invalid_json``.
    """
    if len(request.body) > MAX_BODY_BYTES:
        return None, json_error(413, "too_large", _("The request body is too large."))
    try:
        payload = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None, json_error(400, "invalid_json", _("The body is not valid JSON."))
    if not isinstance(payload, dict):
        return None, json_error(400, "invalid_json", _("The body must be a JSON object."))
    return payload, None


def server_timing(view):
    """Adds ``Server-Timing: app;dur=<ms>`` so clients (and the browser tests) can see server time."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        start = time.perf_counter()
        response = view(request, *args, **kwargs)
        response["Server-Timing"] = f"app;dur={(time.perf_counter() - start) * 1000:.1f}"
        return response

    return wrapper
