"""Matching normalisation with an offset map back to the original text.

Both the sentence and the glossary forms go through :func:`normalize`, so the
matcher compares like with like: accents stripped (``Etats`` = ``États``),
typographic apostrophes unified (’ ‘ ʼ → '), hyphens and every kind of space
(no-break, narrow no-break, thin) collapsed into one space, ligatures expanded
(œ → oe). Two strings come out with the same offsets: ``lower`` (case-folded,
for names and terms) and ``cased`` (for acronyms, which match exactly).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

APOSTROPHES = "'’‘ʼ`´′"
HYPHENS = "-‐‑‒−"
LIGATURES = {"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"}


@dataclass
class Normalized:
    lower: str
    cased: str
    #: offsets[i] = index in the original text of normalised char i
    offsets: list[int]
    original: str

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of the normalised slice [start, end)."""
        return self.offsets[start], self.offsets[end - 1] + 1


@lru_cache(maxsize=65536)
def _fold(ch: str) -> str:
    if ch in LIGATURES:
        return LIGATURES[ch]
    decomposed = unicodedata.normalize("NFD", ch)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


#: what the slow path changes in ASCII text: apostrophes, hyphens, whitespace other than single spaces
_ASCII_SPECIAL = re.compile(r"['`\-]|[^\S ]|  |^ ")


class _Table(dict):
    """The ``str.translate`` table of :func:`normalize`: each character's
    normalised form, computed the first time the character is seen."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if ch in APOSTROPHES:
            out = "'"
        elif ch in HYPHENS or ch.isspace():
            out = " "
        else:
            out = _fold(ch)
        if len(out) != 1:
            _NOT_ONE_TO_ONE.add(ch)
        self[code] = out
        return out


_TABLE = _Table()
#: characters whose normalised form is not one character (œ → oe, a lone combining accent → "")
_NOT_ONE_TO_ONE: set[str] = set()
#: separators (already mapped to spaces) after a space or an apostrophe: dropped
_COLLAPSED = re.compile(r"(?<=[ '])(?: )+")


def normalize(text: str) -> Normalized:
    if text.isascii() and not _ASCII_SPECIAL.search(text):
        # nothing to fold: the common case for glossary names (20,000 of them load in well under a second)
        return Normalized(text.lower(), text, list(range(len(text))), text)
    # One translate() and one regular expression instead of a loop over the
    # characters (a third of the matching time on newstest); characters that
    # change length, and Σ (whose lower case depends on its place), take the loop.
    mapped = text.translate(_TABLE)
    if not _NOT_ONE_TO_ONE.isdisjoint(text) or "Σ" in mapped:
        return _normalize_per_char(text)
    pieces: list[str] = []
    offsets: list[int] = []
    pos = 0
    for run in _COLLAPSED.finditer(mapped):
        pieces.append(mapped[pos:run.start()])
        offsets.extend(range(pos, run.start()))
        pos = run.end()
    pieces.append(mapped[pos:])
    offsets.extend(range(pos, len(mapped)))
    cased = "".join(pieces)
    lower = cased.lower()
    if len(lower) != len(cased):  # a capital whose lower case is two characters (İ)
        return _normalize_per_char(text)
    return Normalized(lower, cased, offsets, text)


def _normalize_per_char(text: str) -> Normalized:
    lower: list[str] = []
    cased: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        if ch in APOSTROPHES:
            out = "'"
        elif ch in HYPHENS or ch.isspace():
            if cased and cased[-1] in " '":
                continue  # collapse runs; "d' incubation" == "d'incubation"
            out = " "
        else:
            out = _fold(ch)
        for c in out:
            low = c.lower()
            cased.append(c)
            lower.append(low if len(low) == 1 else c)
            offsets.append(i)
    return Normalized("".join(lower), "".join(cased), offsets, text)


def norm_key(form: str, exact_case: bool = False) -> str:
    """The normalised form used to detect duplicates and to build patterns."""
    form = form.strip()
    if form.isascii() and not _ASCII_SPECIAL.search(form):
        return form if exact_case else form.lower()  # nothing to fold (no offsets needed)
    n = normalize(form)
    return (n.cased if exact_case else n.lower).strip()
