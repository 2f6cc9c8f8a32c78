"""Panels that apps above outreach add to the person card (outreach cannot import them).

An app registers ``fn(request, person)`` in its ``AppConfig.ready()``; the function returns
``(template_name, context)`` to render on the card, or ``None`` to show nothing. The function
scopes and audits its own reads.
"""

from __future__ import annotations

from collections.abc import Callable

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

_panels: list[Callable] = []


def register(fn: Callable) -> Callable:
    if fn not in _panels:
        _panels.append(fn)
    return fn


def render_panels(request, person) -> list[str]:
    """The HTML of every registered panel that has something to show, in registration order."""
    out = []
    for fn in _panels:
        panel = fn(request, person)
        if panel is not None:
            template_name, context = panel
            out.append(mark_safe(render_to_string(template_name, context, request=request)))
    return out
