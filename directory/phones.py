"""Phone numbers read once and said one way everywhere: "(860) 555-0101" to read, "+18605550101"
to dial (the ``phone`` and ``tel`` template filters)."""

import phonenumbers
from django.conf import settings
from django.utils.translation import gettext as _


def _region(region: str | None) -> str:
    return region or getattr(settings, "PHONE_DEFAULT_REGION", "US")


def _parse(raw: str, region: str | None = None):
    try:
        parsed = phonenumbers.parse(raw, _region(region))
    except phonenumbers.NumberParseException:
        return None
    return parsed if phonenumbers.is_possible_number(parsed) else None


def to_e164(raw: str, region: str | None = None) -> str:
    """The number as +1860…, or "" when it cannot be read as a phone number."""
    parsed = _parse(raw, region)
    if parsed is None:
        return ""
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def display(number: str, region: str | None = None) -> str:
    """The number as people here write it: "(860) 555-0101" at home, "+44 20 7946 0958" from
    abroad, and as it was written when it cannot be read as a number (a short code, "211")."""
    parsed = _parse(number or "", region)
    if parsed is None:
        return number or ""
    home = phonenumbers.region_code_for_number(parsed) == _region(region)
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if home
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(parsed, style)


def phone_text(phone) -> str:
    """What a page shows for a number: a directory ``Phone`` (with its extension) or a plain string."""
    if isinstance(phone, str):
        return display(phone)
    text = display(getattr(phone, "number", "") or getattr(phone, "e164", ""))
    if getattr(phone, "extension", None):
        return _("%(number)s ext. %(extension)s") % {"number": text, "extension": phone.extension}
    return text


def tel_uri(phone) -> str:
    """A ``tel:`` link that dials the number, and its extension after a pause; ``phone`` is a
    directory ``Phone`` or a plain string."""
    if isinstance(phone, str):
        return f"tel:{to_e164(phone) or ''.join(ch for ch in phone if ch.isdigit() or ch == '+')}"
    number = getattr(phone, "e164", "") or "".join(
        ch for ch in getattr(phone, "number", "") if ch.isdigit() or ch == "+"
    )
    if getattr(phone, "extension", None):
        return f"tel:{number},{phone.extension}"
    return f"tel:{number}"
