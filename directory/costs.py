"""What a service costs, said once: a zero amount is "Free", an amount is "$25" in its currency,
and the provider's own wording is shown once, not repeated by a cost row that says the same."""

import re
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

# HSDS leaves cost_option.currency optional; a listing here that names none is in dollars.
DEFAULT_CURRENCY = "USD"
SYMBOLS = {"USD": "$", "CAD": "CA$", "EUR": "€", "GBP": "£", "MXN": "MX$"}


def price(amount: Decimal | int | None, currency: str = "") -> str:
    """ "Free" for 0, "$25" or "$12.50" for an amount (its currency's sign, or "25 JPY"), "" for none."""
    if amount is None:
        return ""
    amount = Decimal(amount)
    if amount == 0:
        return _("Free")
    places = 0 if amount == amount.to_integral_value() else 2
    number = number_format(amount, decimal_pos=places, use_l10n=True, force_grouping=True)
    code = (currency or DEFAULT_CURRENCY).upper()
    symbol = SYMBOLS.get(code)
    return f"{symbol}{number}" if symbol else f"{number} {code}"


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def option_line(option) -> str:
    """One HSDS cost option as "Insurance or HUSKY: Free · Usually no cost"."""
    label = (option.option or "").strip()
    cost = price(option.amount, option.currency)
    if _words(label) == _words(cost):  # "Free: Free"
        label = ""
    head = ": ".join(p for p in (label, cost) if p)
    return " · ".join(p for p in (head, (option.amount_description or "").strip()) if p)


def cost_lines(fees_description: str, options) -> list[str]:
    """The provider's description, then each cost option that adds something to it."""
    lines = [fees_description.strip()] if fees_description and fees_description.strip() else []
    said = _words(" ".join(lines))
    for option in options:
        line = option_line(option)
        if line and _words(line) not in said:
            lines.append(line)
            said += " " + _words(line)
    return lines
