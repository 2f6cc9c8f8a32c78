"""Find the English a page shows a Spanish reader: ``english_in(html) -> list[str]``.

A visible text (a text node, or what a screen reader says: ``aria-label``, ``placeholder``,
``title``, ``alt``, a button's ``value``) is English when one of its words is in
``data/english_words.txt``, unless it is a Spanish msgstr of our catalogue as it stands, or
allowed by name in ``data/english_allowed.txt``. What is not UI text is left out: ``script``,
``style``, ``template`` and ``textarea`` content, anything inside ``translate="no"`` or ``lang="en…"`` (names and
listing text, marked where they render; usernames passed as ``names``), and URLs, e-mail addresses, phone numbers and numbers.
"""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

from django.utils import translation

DATA = Path(__file__).parent / "data"
# Not shown as UI text: code, and a textarea's content (what someone typed, being edited).
HIDDEN = {"script", "style", "template", "noscript", "textarea"}
VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip
# An element that ends where the next of its kind begins (<li>one<li>two).
ENDED_BY = {
    "li": {"li"}, "p": {"p"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"}, "option": {"option"},
    "tr": {"tr", "td", "th"}, "td": {"td", "th"}, "th": {"td", "th"},
}  # fmt: skip
SPOKEN_ATTRIBUTES = ("aria-label", "placeholder", "title", "alt")
NOT_WORDS = re.compile(
    r"https?://\S+|\S+@\S+\.\S+|\+?\(?\d[\d\s().\-]{6,}\d|\d+(?:[.,:]\d+)*", re.IGNORECASE
)
WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def _lines(name: str) -> list[str]:
    text = (DATA / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@cache
def english_words() -> frozenset[str]:
    return frozenset(_lines("english_words.txt"))


@cache
def allowed() -> frozenset[str]:
    return frozenset(_lines("english_allowed.txt"))


def spanish_msgstrs() -> frozenset[str]:
    """Every Spanish translation in the catalogue, so "No" or "Total" said in Spanish pass."""
    catalog = translation.trans_real.translation("es")._catalog
    return frozenset(" ".join(str(value).split()) for _key, value in catalog.items())


class _Texts(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, hidden from the check)
        self.texts: list[str] = []

    def _hidden(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.stack and self.stack[-1][0] in ENDED_BY.get(tag, ()):
            self.stack.pop()
        lang = (attrs.get("lang") or "").lower()
        hidden = (
            self._hidden()
            or tag in HIDDEN
            or attrs.get("translate") == "no"
            or lang == "en"
            or lang.startswith("en-")
        )
        if not hidden:
            self.texts.extend(attrs[a] for a in SPOKEN_ATTRIBUTES if attrs.get(a))
            if tag == "input" and attrs.get("type") in {"submit", "button"} and attrs.get("value"):
                self.texts.append(attrs["value"])
        if tag not in VOID:
            self.stack.append((tag, hidden))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        # Close up to the matching tag, forgiving what HTML lets go unclosed (<p>, <li>).
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        if not self._hidden():
            self.texts.append(data)


def is_english(text: str, *, spanish: frozenset[str] = frozenset()) -> bool:
    text = " ".join(text.split())
    if not text or text in allowed() or text in spanish:
        return False
    words = WORD.findall(NOT_WORDS.sub(" ", text).lower())
    return any(word in english_words() for word in words)


def english_in(html: str, *, names=()) -> list[str]:
    """The English texts a page shows, each once, in the order it shows them; ``names`` (people's
    usernames, shown where Wagtail gives no way to mark them) are not UI text."""
    parser = _Texts()
    parser.feed(html)
    parser.close()
    spanish = spanish_msgstrs()
    found: list[str] = []
    for text in parser.texts:
        text = " ".join(text.split())
        if text not in found and text not in names and is_english(text, spanish=spanish):
            found.append(text)
    return found
