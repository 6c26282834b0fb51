"""French typography → English typography.

French sets « guillemets » with inner spaces and puts a (no-break) space
before : ; ? ! and %. English uses “double quotes” / ‘single quotes’ hugging
the words, and no space before those signs. Curly quotes, because the corpus'
own English quotations are curly (“drone coalition”).
"""
from __future__ import annotations

import re

# Space, no-break space, narrow no-break space, thin space: all French spacings.
SPACES = " \u00a0\u202f\u2009"
_SP = f"[{SPACES}]"

_OPEN = re.compile(rf"([«‹]){_SP}*")
_CLOSE = re.compile(rf"{_SP}*([»›])")
_PAIRS = {"«": "“", "»": "”", "‹": "‘", "›": "’"}


def guillemets(text: str) -> str:
    """« x » → “x”, ‹ x › → ‘x’ (also unpaired ones, as in a quote over several sentences)."""
    if not any(c in text for c in _PAIRS):
        return text
    text = _OPEN.sub(lambda m: _PAIRS[m[1]], text)
    return _CLOSE.sub(lambda m: _PAIRS[m[1]], text)


# A space before : ; ? ! or %, unless the sign starts a token of its own
# (":)" smileys) — the sign must be followed by a space, the end, a closing
# quote or other punctuation (or a bracket, after ? ! %). Not inside URLs/times:
# "10 : 30" is rare in French (10 h 30) and "http://" has no space before ':'.
_BEFORE = re.compile(rf"(?<=\S){_SP}+(?=[?!%](?:$|[\s)\]}}”’\"'.,;:?!])|[:;](?:$|[\s\]}}”’\"'.,;:?!]))")


def space_before_punctuation(text: str) -> str:
    return _BEFORE.sub("", text)


# "M. Siminoff" (Monsieur) → "Mr. Siminoff"; "The Dr Ur" (le Dr) → "Dr. Ur".
_MISTER = re.compile(r"(?<![\w.])M\.(?= [A-Z][a-z])")
_DOCTOR = re.compile(r"(?:\b[Tt]he )?\bDr(?!\.)(?= [A-Z])")


def honorifics(text: str) -> str:
    if "M." not in text and "Dr" not in text:
        return text
    return _DOCTOR.sub("Dr.", _MISTER.sub("Mr.", text))


_SPACES = re.compile(r"(?<=\S)[ ]{2,}(?=\S)")


def double_spaces(text: str) -> str:
    """Apertium leaves two spaces where it dropped a word ("not  audible")."""
    return _SPACES.sub(" ", text)
