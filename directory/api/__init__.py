"""The HSDS 3.0 read API under ``/api/hsds/`` (contracts §4.1).

``urls.py`` routes every path of the HSDS OpenAPI document; ``views.py`` keeps each view to
"parse the parameters, ask a selector, render"; ``params.py`` turns query strings into typed
values or a 400; ``selectors.py`` holds the queries (public data only); ``pagination.py`` the
``Page`` envelope and the NDJSON stream; ``document.py`` the vendored OpenAPI document.
"""
