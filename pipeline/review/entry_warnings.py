"""Why a French selection may not be a glossary term: shown before an entry is saved.

A glossary entry replaces its French span in every sentence with the English,
so a mis-selected clause deletes half a sentence on the next run (issue 11:
"pilote, géré par la Grande-Bretagne – l'un des leaders de cette coalition."
saved as "UK"). These are warnings a reviewer can override, not lint errors.
"""
from __future__ import annotations

import re

from ..glossary.lint import french_stop_words
from ..glossary.normalize import norm_key

MAX_WORDS = 6
_SENTENCE_PUNCT = re.compile(r"[.!?;:…]|\s[–—-]\s|,")
# Fallback when spaCy's French model is not available: frequent finite verb forms.
_VERB_FORMS = frozenset(
    "a est sont était étaient sera seront a ont avait avaient aura fait font dit disent va vont peut peuvent doit "
    "doivent reste restent devient deviennent semble semblent géré gérée gérés gérées".split())
_VERB_ENDINGS = re.compile(r"(?:aient|ait|èrent|erons|eront|issent|issait)$")


def _is_stop(word: str) -> bool:
    return norm_key(word.strip("'’")) in french_stop_words()


def _has_verb(text: str) -> bool:
    # Word lists, not spaCy: loading its model takes seconds, too slow for a dialog.
    words = [w.lower() for w in re.findall(r"[^\W\d_]+", text)]
    return any(w in _VERB_FORMS or _VERB_ENDINGS.search(w) for w in words)


def entry_warnings(french: str, english: str = "") -> list[str]:
    text = " ".join(str(french).split())
    words = re.findall(r"[^\W_]+(?:['’][^\W_]+)?", text)
    warnings = []
    if len(words) > MAX_WORDS:
        warnings.append(f"{len(words)} words: a term is rarely longer than {MAX_WORDS}; is this a clause?")
    if _SENTENCE_PUNCT.search(re.sub(r"(?<=\b\w)\.", "", text)):  # "U.E." is an abbreviation
        warnings.append("sentence punctuation in the selection: the whole span will be replaced by the English")
    letters = [c for c in text if c.isalpha()]
    if len(letters) <= 1:
        warnings.append("a single letter matches inside ordinary words and sentences")
    elif _is_stop(text) or (words and all(_is_stop(w) for w in words)):
        warnings.append("a stop-word: it occurs in almost every sentence")
    if len(words) >= 2 and _has_verb(text):
        warnings.append("the selection contains a verb: glossary entries are names and terms, not phrases")
    if english and len(words) >= 3 and len(english.split()) * 3 < len(words):
        warnings.append(f"{len(words)} French words become {len(english.split())} English: text would be lost")
    return warnings
