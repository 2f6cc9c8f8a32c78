"""The common plan steps offered as chips, with the due time each defaults to (data/common_steps.json)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from pathlib import Path

from django.utils.translation import gettext as _

from .models import StepKind

# A step typed by hand is due tomorrow at this time unless the worker says otherwise.
DEFAULT_DUE = timedelta(hours=24)


@dataclass(frozen=True)
class CommonStep:
    code: str
    text: str
    kind: str
    due_hours: float

    @property
    def label(self):
        return _(self.text)

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
