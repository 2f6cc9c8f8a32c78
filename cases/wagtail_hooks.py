from wagtail import hooks

from outreach.person_panels import PERSON_PANEL_HOOK

from .panels import case_panel

hooks.register(PERSON_PANEL_HOOK, case_panel)
