"""Split sentences that are too long for an engine, and join the outputs back.

Web text has paragraphs with no punctuation at all (a 30,000-character run is a
test case). Engines have input limits (a neural model's maximum positions), so
such a sentence is cut into pieces at the best boundary available (clause
punctuation, else a space, else a hard cut), each piece translated, and the
translations joined with a space. No source character is dropped.
"""
from __future__ import annotations

import re

MAX_CHARS = 600
_CLAUSE_RE = re.compile(r"[,;:–—)»”]\s")


def split_long(sentence: str, max_chars: int = MAX_CHARS) -> list[str]:
    """Pieces of at most ``max_chars`` characters whose concatenation is ``sentence``."""
    pieces: list[str] = []
    rest = sentence
    while len(rest) > max_chars:
        window = rest[:max_chars]
        cut = 0
        for match in _CLAUSE_RE.finditer(window):
            cut = match.end()
        if cut < max_chars // 3:
            space = window.rfind(" ")
            cut = space + 1 if space > max_chars // 3 else max_chars
        pieces.append(rest[:cut])
        rest = rest[cut:]
    pieces.append(rest)
    return pieces
