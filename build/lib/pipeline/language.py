"""Is this sentence already English? (web boilerplate such as "Leave a Comment")

Such text is passed through unchanged instead of being sent to a fr→en engine,
which would mangle it. A function-word vote is enough for whole sentences and is
deliberately conservative: a sentence needs at least two English function words
and none of the French ones, so a French sentence is never skipped.
"""
from __future__ import annotations

import re

_WORD_RE = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ’']+")
ENGLISH = frozenset(
    "the a an of to and is are was were this that these those how your you our we it its "
    "be been by with for from on in at as or not can will learn uses use data comment "
    "share leave reply processed".split()
)
FRENCH = frozenset(
    "le la les l un une des du de d et est sont était à au aux ce cette ces qui que qu "
    "en dans pour par sur avec pas ne il elle ils elles nous vous son sa ses leur".split()
)


def looks_english(sentence: str) -> bool:
    words = [w.lower().strip("’'") for w in _WORD_RE.findall(sentence)]
    if not words:
        return False
    english = sum(w in ENGLISH for w in words)
    french = sum(w in FRENCH for w in words)
    return french == 0 and english >= 2
