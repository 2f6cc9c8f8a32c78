"""The shared request/response layer of Waypoint's own JSON APIs (contracts §4).

One error shape, one JSON body parser and one timing header for ``/api/encounters`` and
``/api/referrals``, so an app's ``api.py`` never imports another app's views to answer an error.
"""

from __future__ import annotations

import json
import time
from functools import wraps

from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.utils.translation import gettext as _

MAX_BODY_BYTES = 64 * 1024
# A batch (a list of objects): 200 quick-log encounters take about 150 KB, so this leaves room for
# long notes and stays under Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB), past which the body
# is not read at all (answered with the same 413).
MAX_BATCH_BYTES = 2 * 1024 * 1024


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    """The inside of the error shape: also one entry's ``error`` in a batch's results."""
    return {"code": code, "message": str(message), "fields": fields or {}}


def iso(value) -> str | None:
    """A date or time as the APIs write it (ISO 8601), None for none."""
    return value.isoformat() if value else None


def json_error(status: int, code: str, message: str, fields: dict | None = None) -> JsonResponse:
    """The error shape of contracts §4: ``{"error": {"code", "message", "fields"}}``."""
    return JsonResponse({"error": error_body(code, message, fields)}, status=status)


def too_large_alone(obj) -> bool:
    """Whether one object of a batch would have been refused as too large sent by itself."""
    return len(json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode()) > MAX_BODY_BYTES


def json_body(request, *, max_items: int = 0) -> tuple[dict | list | None, JsonResponse | None]:
    """The JSON object a POST carries, or the error to answer instead (one parser for every API).

    With ``max_items``, a list of 1 to ``max_items`` objects (a batch) is taken too, up to
    ``MAX_BATCH_BYTES``; a single object is held to ``MAX_BODY_BYTES`` either way. Too large is
    413; not JSON, not an object, or nested too deep for the parser (``[`` × 30,000 fits in the
    size limit and raises RecursionError) is 400 ``invalid_json``; a list that is empty, too long
    or holds anything but objects is 400 ``invalid_batch``.
    """
    too_large = json_error(413, "too_large", _("The request body is too large."))
    try:
        body = request.body
    except RequestDataTooBig:
        return None, too_large
    if len(body) > (MAX_BATCH_BYTES if max_items else MAX_BODY_BYTES):
        return None, too_large
    try:
        payload = json.loads(body or b"null")
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None, json_error(400, "invalid_json", _("The body is not valid JSON."))
    if isinstance(payload, dict):
        return (payload, None) if len(body) <= MAX_BODY_BYTES else (None, too_large)
    if max_items and isinstance(payload, list):
        if not 1 <= len(payload) <= max_items or not all(isinstance(o, dict) for o in payload):
            message = _("Send a list of 1 to %(max)d JSON objects.") % {"max": max_items}
            return None, json_error(400, "invalid_batch", message)
        return payload, None
    if max_items:
        message = _("The body must be a JSON object or a list of JSON objects.")
    else:
        message = _("The body must be a JSON object.")
    return None, json_error(400, "invalid_json", message)


def server_timing(view):
    """Adds ``Server-Timing: app;dur=<ms>`` so clients (and the browser tests) can see server time."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        start = time.perf_counter()
        response = view(request, *args, **kwargs)
        response["Server-Timing"] = f"app;dur={(time.perf_counter() - start) * 1000:.1f}"
        return response

    return wrapper
