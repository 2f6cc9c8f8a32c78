"""How old a reported figure is, short enough for a phone screen: "5 min", "2 h ago", "just now"."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def age_text(value):
    """'5 min', '2 h', '3 days' — short enough for a phone screen."""
    seconds = max(0, (timezone.now() - value).total_seconds())
    minutes = int(seconds // 60)
    if minutes < 60:
        return _("%(n)d min") % {"n": max(minutes, 1)}
    hours = minutes // 60
    if hours < 48:
        return _("%(n)d h") % {"n": hours}
    days = hours // 24
    return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}


def ago(value):
    """'just now', '5 min ago'; nothing for no time."""
    if not value:
        return ""
    if (timezone.now() - value).total_seconds() < 60:
        return _("just now")
    return _("%(age)s ago") % {"age": age_text(value)}
