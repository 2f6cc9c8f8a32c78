"""Signals the directory sends to the apps built on it (search listens; directory imports none of them)."""

from django.dispatch import Signal

# Services whose categories or groups changed without their pages being published (a moderator
# corrected the category crosswalk). Sent with ``service_page_ids``, a list of page ids.
services_reclassified = Signal()
