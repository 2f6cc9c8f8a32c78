"""Panels that apps above outreach add to the person card (outreach cannot import them).

Beside the card's short sections (``PERSON_CARD_HOOK``), an app may register a whole panel with
``@hooks.register(PERSON_PANEL_HOOK)`` in its ``wagtail_hooks.py``: ``fn(request, person)`` returns
``(template_name, context)`` to render on the card, or ``None`` to show nothing. The function
scopes and audits its own reads.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from wagtail import hooks

PERSON_PANEL_HOOK = "outreach_person_panel"


def render_panels(request, person) -> list[str]:
    """The HTML of every registered panel that has something to show, in registration order."""
    out = []
    for fn in hooks.get_hooks(PERSON_PANEL_HOOK):
        panel = fn(request, person)
        if panel is not None:
            template_name, context = panel
            out.append(mark_safe(render_to_string(template_name, context, request=request)))
    return out
