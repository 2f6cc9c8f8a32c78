"""The HSDS ``Page`` envelope, and ``format=ndjson`` streaming.

Listing is done in two steps so that the cost of a page does not depend on where it is:
1. the filtered, ordered primary keys of the page (one ``COUNT`` and one ``LIMIT/OFFSET`` query
   on a narrow index-only select, or a list already computed, e.g. sorted by distance);
2. ``fetch(pks)`` loads just those rows with their ``select_related``/``prefetch_related``: a
   fixed number of queries whatever the page number and size.
NDJSON runs step 2 over the whole result in chunks, so memory stays flat however long the list.
"""

import math

from django.core.serializers.json import DjangoJSONEncoder
from django.http import StreamingHttpResponse

from .errors import json_response

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 1000
# ``minimal`` asks for everything on one page; its rows are tiny.
DEFAULT_PER_PAGE_MINIMAL = 10_000
MAX_PER_PAGE_MINIMAL = 10_000
MAX_PAGE = 1_000_000
NDJSON_CHUNK = 500
NDJSON_CONTENT_TYPE = "application/x-ndjson"


def _count(pks):
    return len(pks) if isinstance(pks, list) else pks.count()


def _pk(obj):
    return obj["pk"] if isinstance(obj, dict) else obj.pk


def _in_order(pks, objects):
    by_pk = {_pk(obj): obj for obj in objects}
    return [by_pk[pk] for pk in pks if pk in by_pk]


def page_envelope(pks, *, page, per_page, fetch, serialize):
    """The ``Page`` object of the OpenAPI document, ``contents`` included.

    ``empty`` is true when this page holds nothing (an empty result set, or a page past the
    last); ``size`` is the number of entities on this page, as the document defines it.
    """
    total = _count(pks)
    offset = (page - 1) * per_page
    page_pks = list(pks[offset : offset + per_page]) if offset < total else []
    contents = [serialize(obj) for obj in _in_order(page_pks, fetch(page_pks))] if page_pks else []
    total_pages = math.ceil(total / per_page)
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


def page_response(pks, *, page, per_page, fetch, serialize):
    return json_response(
        page_envelope(pks, page=page, per_page=per_page, fetch=fetch, serialize=serialize)
    )


def ndjson_lines(pks, *, fetch, serialize, chunk_size=NDJSON_CHUNK):
    pks = list(pks)
    encoder = DjangoJSONEncoder(ensure_ascii=False, separators=(",", ":"))
    for start in range(0, len(pks), chunk_size):
        chunk = pks[start : start + chunk_size]
        lines = [encoder.encode(serialize(obj)) for obj in _in_order(chunk, fetch(chunk))]
        if lines:
            yield ("\n".join(lines) + "\n").encode()


def ndjson_response(pks, *, fetch, serialize):
    """Every result, one JSON object a line, no envelope and no pagination (the document's ``format``)."""
    return StreamingHttpResponse(
        ndjson_lines(pks, fetch=fetch, serialize=serialize), content_type=NDJSON_CONTENT_TYPE
    )
