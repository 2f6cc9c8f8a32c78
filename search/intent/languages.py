"""The languages a query asks a service to speak ("Spanish", "en español", "ASL")."""

from __future__ import annotations

from .chips import Ask
from .labels import label_for
from .types import Hit


def read_languages(hits: list[Hit]) -> tuple[list, list]:
    """(language codes, chips)."""
    codes: list = []
    asks: list = []
    for hit in hits:
        if hit.kind != "rule":
            continue
        for code in hit.rule.set.get("languages", []):
            if code not in codes:
                codes.append(code)
            asks.append(Ask("language", code, label_for("language", code, hit.rule), hit))
    return codes, asks
