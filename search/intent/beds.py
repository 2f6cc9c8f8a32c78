"""Whether a query needs a bed: a phrase that asks for one ("bed", "cot"), or one that means it
without saying so ("shelter")."""

from __future__ import annotations

from directory.vocabulary import table

from .chips import Ask
from .labels import label_for
from .types import Hit


def read_bed(hits: list[Hit]) -> tuple[bool, list]:
    """(needs a bed, chips): a phrase that asks for a bed gets a chip; one that implies it does not."""
    needs_bed = False
    asks: list = []
    for hit in hits:
        if hit.kind != "rule":
            continue
        if hit.rule.set.get("needs_bed"):
            needs_bed = True
            asks.append(Ask("bed", "true", label_for("bed", "true", hit.rule), hit))
        if hit.rule.set.get("bed_implied"):
            needs_bed = True
    return needs_bed, asks


def bed_categories(needs_bed: bool, categories: list) -> list:
    """A bed with no kind of service named is a shelter bed (data: defaults.bed_without_category)."""
    if needs_bed and not categories:
        return list(table().bed_default)
    return categories
