"""Language names for result cards ("English, Spanish", not "en, es"), in the visitor's language
(and as it writes them: "inglés, español").

Names come from Django's LANG_INFO, whose catalogue already translates them, and for codes it
lacks from ``data/language_names.json`` (each name there in every interface language, English when
a language is missing). An unknown code is shown as it came.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from django.conf.locale import LANG_INFO
from django.utils.translation import get_language, gettext

from directory.labels import as_language_name

NAMES_PATH = Path(__file__).parent / "data" / "language_names.json"


@cache
def _extra_names() -> dict[str, dict[str, str]]:
    names = json.loads(NAMES_PATH.read_text(encoding="utf-8"))
    return {code: name for code, name in names.items() if not code.startswith("_")}


def language_name(code: str) -> str:
    key = (code or "").strip().lower()
    info = LANG_INFO.get(key) or LANG_INFO.get(key.split("-")[0])
    if info and "name" in info:
        return as_language_name(gettext(info["name"]))
    extra = _extra_names().get(key)
    if not extra:
        return code
    language = (get_language() or "en").split("-")[0]
    return as_language_name(extra.get(language) or extra["en"])


def language_names(codes) -> list[str]:
    return [language_name(code) for code in codes or []]
