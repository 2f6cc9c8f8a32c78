"""The query as words: what is read of it, its tokens with the punctuation between them, and the
free text left once the phrases are taken out."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from directory.vocabulary import WORD_RE, norm_word, table, tokenize

MAX_QUERY_CHARS = 500


class Tokens(list):
    """Tokens plus the punctuation gap before each one."""

    def __init__(self, raw: str):
        super().__init__(tokenize(raw))
        self.gaps = []
        prev = 0
        for tok in self:
            self.gaps.append(raw[prev : tok.start])
            prev = tok.end

    def hard_break_before(self, i: int) -> bool:
        return 0 < i < len(self) and bool(re.search(r"[,;.!?()\[\]{}|\n]", self.gaps[i]))


def read_text(text, warnings: list) -> str:
    """The part of the query that is read: no NUL characters, at most ``MAX_QUERY_CHARS``."""
    raw = "" if text is None else str(text)
    raw = raw.replace("\x00", " ")
    if len(raw) > MAX_QUERY_CHARS:
        warnings.append(
            _("The search was %(length)s characters long; only the first %(limit)s were read.")
            % {"length": f"{len(raw):,}", "limit": MAX_QUERY_CHARS}
        )
        raw = raw[:MAX_QUERY_CHARS]
    return raw


def text_of(raw: str, tokens: list, i: int, j: int) -> str:
    return raw[tokens[i].start : tokens[j - 1].end] if j > i else ""


def clean_text(text: str) -> str:
    """Words only, for a query that could not be read any other way."""
    return " ".join(m.group(0) for m in WORD_RE.finditer(text[:MAX_QUERY_CHARS]))[:MAX_QUERY_CHARS]


def leftover_text(raw: str, tokens: Tokens, consumed: set, hints: list) -> str:
    """What was not understood stays as free text: words only, no query syntax, no filler; the
    hint words of narrow phrases are added as relevance."""
    stopwords = table().stopwords
    leftover = []
    for idx, tok in enumerate(tokens):
        if idx in consumed or tok.word in stopwords or re.fullmatch(r"\d{1,2}", tok.word):
            continue  # (a bare 1–2 digit number is a count: "my 3 kids")
        leftover.append(raw[tok.start : tok.end].strip("'’"))
    lowered = {norm_word(w) for w in leftover}
    leftover.extend(h for h in hints if h not in lowered)
    return " ".join(w for w in leftover if w)[:MAX_QUERY_CHARS]
