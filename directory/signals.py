"""Signals the directory sends to the apps built on it (search listens; directory imports none of them)."""

from django.dispatch import Signal

# Services whose categories or groups changed without their pages being published (a moderator
# corrected the category crosswalk). Sent with ``service_page_ids``, a list of page ids.
services_reclassified = Signal()

# Services an HSDS import wrote, once it has committed (one signal for the whole import, so the
# apps built on the directory index them in one go). Sent with ``service_page_ids``.
services_imported = Signal()
