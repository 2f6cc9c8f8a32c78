"""Asking and scoring an instrument from its data (``instruments/*.json``, see the README there).

No instrument is written in code: which questions are asked and what the answers mean are read
from the definition, so a programme's own instrument works the same way as the ASQ. The offline
screen (static/assessment/screening.js) reads the same definition and applies the same rules.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

# The instruments shipped with Waypoint, and their translations in a folder per language.
BUILTIN_DIR = Path(__file__).resolve().parent / "instruments"

NOT_ASKED = gettext_noop("This question is asked only when {condition}; leave it out.")
REQUIRED = gettext_noop("Answer this question.")
UNKNOWN_ANSWER = gettext_noop("Not one of: {choices}.")
UNKNOWN_QUESTION = gettext_noop("Not a question of this instrument.")
NOT_AN_OBJECT = gettext_noop("An object of question codes and answers.")


def holds(condition: dict | None, answers: dict) -> bool:
    """A condition of the definition: any of its questions answered with one of its answers."""
    if not condition:
        return True
    return any(answers.get(q) in condition["is_one_of"] for q in condition["any_of"])


def asked(definition: dict, answers: dict) -> list[dict]:
    """The questions asked, given the answers so far."""
    return [q for q in definition["questions"] if holds(q.get("asked_when"), answers)]


def validate(definition: dict, answers) -> dict[str, list[str]]:
    """Field errors of a set of answers (empty when every asked question, and only those, has a
    valid answer)."""
    if not isinstance(answers, dict):
        return {"answers": [_(NOT_AN_OBJECT)]}
    choices = [a["code"] for a in definition["answers"]]
    codes = {q["code"] for q in definition["questions"]}
    errors: dict[str, list[str]] = {}
    for key in answers:
        if key not in codes:
            errors[key] = [_(UNKNOWN_QUESTION)]
    for key, value in answers.items():
        if key in codes and value not in choices:
            errors[key] = [_(UNKNOWN_ANSWER).format(choices=", ".join(choices))]
    asked_codes = {q["code"] for q in asked(definition, answers)}
    for q in definition["questions"]:
        code = q["code"]
        if code in asked_codes and code not in answers:
            errors.setdefault(code, []).append(_(REQUIRED))
        elif code not in asked_codes and code in answers:
            condition = q["asked_when"]
            errors.setdefault(code, []).append(
                _(NOT_ASKED).format(
                    condition=_("%(questions)s is %(answers)s")
                    % {
                        "questions": " / ".join(condition["any_of"]),
                        "answers": " / ".join(condition["is_one_of"]),
                    }
                )
            )
    return errors


def score(definition: dict, answers: dict) -> dict:
    """The result (a ``results`` entry of the definition) for valid answers."""
    for result in definition["results"]:
        if holds(result.get("when"), answers):
            return result
    raise ValueError(f"{definition['code']}: no default result")


def localised(definition: dict) -> dict:
    """The definition worded in the user's language, from the instrument's translation file
    (``instruments/<language>/<code>.json``, for the same version). What it does not translate
    stays as the authors wrote it and is marked with their language (``lang``): the questions of
    a validated instrument are only ever its publisher's own translation."""
    words = translation_of(definition, get_language())
    source = definition.get("language", "en")
    out = dict(definition)
    answers = words.get("answers", {})
    out["answers"] = [
        {**a, "label": answers[a["code"]]} if a["code"] in answers else {**a, "lang": source}
        for a in definition["answers"]
    ]
    questions = words.get("questions", {})
    out["questions"] = []
    for q in definition["questions"]:
        worded = questions.get(q["code"], {})
        out["questions"].append(
            {**q, **worded} if "text" in worded else {**q, **worded, "lang": source}
        )
    results = words.get("results", {})
    out["results"] = [{**r, **results.get(r["code"], {})} for r in definition["results"]]
    for key in ("intro", "resources"):
        if words.get(key):
            out[key] = words[key]
    # Said on the screen, so that nobody reads out their own translation of a validated question.
    out["questions_untranslated"] = bool(words) and any("lang" in q for q in out["questions"])
    return out


def translation_of(definition: dict, language: str) -> dict:
    """The instrument's wording in ``language`` ({} when there is none for its version)."""
    if not definition.get("code") or language == definition.get("language", "en"):
        return {}
    path = BUILTIN_DIR / language / f"{definition['code']}.json"
    if not path.is_file():
        return {}
    words = json.loads(path.read_text(encoding="utf-8"))
    return words if words.get("version") == definition.get("version") else {}


def result_of(definition: dict, code: str) -> dict | None:
    return next((r for r in definition["results"] if r["code"] == code), None)


def check_definition(definition: dict) -> list[str]:
    """What is wrong with a definition file (empty when it can be loaded)."""
    problems = []
    for key in ("code", "version", "name", "source", "answers", "questions", "results"):
        if key not in definition:
            problems.append(f"missing {key!r}")
    if problems:
        return problems
    answers = {a["code"] for a in definition["answers"]}
    questions = [q["code"] for q in definition["questions"]]
    if len(set(questions)) != len(questions):
        problems.append("question codes repeat")
    conditions = [q.get("asked_when") for q in definition["questions"]]
    conditions += [r.get("when") for r in definition["results"]]
    for c in filter(None, conditions):
        if set(c.get("any_of", [])) - set(questions) or set(c.get("is_one_of", [])) - answers:
            problems.append(f"a condition names an unknown question or answer: {c}")
    results = definition["results"]
    if not results or results[-1].get("when"):
        problems.append("the last result must have no 'when' (the default)")
    for r in results:
        if r.get("level") not in ("acute", "positive", "negative") or not r.get("action"):
            problems.append(f"result {r.get('code')!r} needs a level and an action")
    return problems
