"""The common plan steps offered as chips, with the due time each defaults to (data/common_steps.json)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import timedelta
from functools import lru_cache
from pathlib import Path

from django.utils.translation import get_language

from .models import StepKind

# A step typed by hand is due tomorrow at this time unless the worker says otherwise.
DEFAULT_DUE = timedelta(hours=24)


@dataclass(frozen=True)
class CommonStep:
    code: str
    text: str
    kind: str
    due_hours: float
    # The text in other interface languages, by language code (the data file's "translations").
    translations: dict = field(default_factory=dict)

    @property
    def label(self):
        return self.translations.get(get_language(), self.text)

    def is_worded(self, text: str) -> bool:
        return text == self.text or text in self.translations.values()

    @property
    def due_after(self):
        return timedelta(hours=self.due_hours)


@lru_cache(maxsize=1)
def common_steps() -> dict[str, CommonStep]:
    rows = json.loads((Path(__file__).parent / "data" / "common_steps.json").read_text())
    steps = {row["code"]: CommonStep(**row) for row in rows}
    for step in steps.values():
        assert step.kind in StepKind.values, step
    return steps


def common_step_worded(text: str) -> CommonStep | None:
    """The common step a plan step's text is, in whichever language it was added."""
    return next((s for s in common_steps().values() if s.is_worded(text)), None)
