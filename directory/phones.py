import phonenumbers
from django.conf import settings


def to_e164(raw: str, region: str | None = None) -> str:
    """The number as +1860…, or "" when it cannot be read as a phone number."""
    region = region or getattr(settings, "PHONE_DEFAULT_REGION", "US")
    try:
        parsed = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_possible_number(parsed):
        return ""
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def tel_uri(phone) -> str:
    """A ``tel:`` link that dials the number, and its extension after a pause."""
    number = getattr(phone, "e164", "") or "".join(
        ch for ch in getattr(phone, "number", "") if ch.isdigit() or ch == "+"
    )
    if getattr(phone, "extension", None):
        return f"tel:{number},{phone.extension}"
    return f"tel:{number}"
