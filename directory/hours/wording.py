"""The one wording of opening hours, for the public pages and for search alike.

``templates/search/result.html`` says the same msgids, so one translation serves both.
"""

from django.utils.translation import gettext_lazy as _

# "24 hours" could be read as today only; "24/7" says every day, every hour.
ALWAYS_OPEN = _("Open 24/7")
# Says what to do about it, which "unknown" does not.
NOT_LISTED = _("Hours not listed: call first")
