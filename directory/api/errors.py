"""JSON answers and the error shape of contracts §4: ``{"error": {"code", "message", "fields"}}``."""

import json
from functools import wraps

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.views.decorators.csrf import csrf_exempt

INVALID_PARAMETER = "invalid_parameter"
NOT_FOUND = "not_found"
METHOD_NOT_ALLOWED = "method_not_allowed"

MESSAGE_INVALID = "Some query parameters are not valid; see fields."
MESSAGE_NOT_FOUND = "There is nothing published with this id."
MESSAGE_NO_ENDPOINT = "There is no such endpoint in this API; see the OpenAPI document."
MESSAGE_METHOD = "This API is read-only: use GET."


class ApiError(Exception):
    def __init__(self, status, code, message, fields=None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields or {}


def json_response(data, *, status=200):
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return HttpResponse(body, status=status, content_type="application/json")


def error_response(status, code, message, fields=None):
    response = json_response(
        {"error": {"code": code, "message": message, "fields": fields or {}}}, status=status
    )
    if status == 405:
        response["Allow"] = "GET, HEAD, OPTIONS"
    return response


def api_view(view):
    """GET/HEAD only, public CORS, and every ``ApiError``/``Http404`` as the JSON error shape."""

    # Exempt so that a POST gets the JSON 405 below, not the CSRF page: nothing here writes.
    @csrf_exempt
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Allow"] = "GET, HEAD, OPTIONS"
        elif request.method not in ("GET", "HEAD"):
            response = error_response(405, METHOD_NOT_ALLOWED, MESSAGE_METHOD)
        else:
            try:
                response = view(request, *args, **kwargs)
            except ApiError as error:
                response = error_response(error.status, error.code, error.message, error.fields)
            except Http404:
                response = error_response(404, NOT_FOUND, MESSAGE_NOT_FOUND)
        # Public, read-only data: any site may read it (a 211's web client, for one).
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapper
