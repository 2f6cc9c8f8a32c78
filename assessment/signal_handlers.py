"""Signal handlers of the assessment app."""

from __future__ import annotations


def load_builtin_instruments(sender, using="default", **kwargs):
    from .services import instruments_load_builtin

    instruments_load_builtin(using=using)
