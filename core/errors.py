"""The 500 handler: a database that is down or restarting answers 503 with Retry-After.

Django calls ``handler500`` while the exception is being handled, whether a view or a middleware
(the session, the second factor) raised it, so ``sys.exc_info()`` tells a lost database
connection from a bug. Clients retry a 503 (the offline queue resends the same encounter id);
APIs answer in the contracts §4 error shape.
"""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.views.defaults import server_error as django_server_error

RETRY_AFTER_SECONDS = 1


# Connection refused or dropped, the server shutting down, a deadlock: all worth a retry.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


def server_error(request):
    exc = sys.exc_info()[1]
    api = request.path_info.startswith("/api/")
    if isinstance(exc, DATABASE_UNAVAILABLE):
        if api:
            response = JsonResponse(
                {
                    "error": {
                        "code": "unavailable",
                        "fields": {},
                        "message": "The database is briefly unavailable; try again.",
                    }
                },
                status=503,
            )
        else:
            response = HttpResponse(loader.get_template("500.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    if api:
        return JsonResponse(
            {"error": {"code": "server_error", "message": "Server error.", "fields": {}}},
            status=500,
        )
    return django_server_error(request)
