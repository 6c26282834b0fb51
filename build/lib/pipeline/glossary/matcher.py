"""Finding glossary terms in a French sentence.

Each form of each entry becomes a regular expression over the normalised
sentence (see normalize.py): words joined by one space (so hyphen, space and
no-break space are the same), bounded by non-word characters (``Est`` is not
in ``Estonie``; ``l'OTAN`` and ``« drones »`` are found because the apostrophe
and the guillemet are not word characters). Terms (kind ``term``) also match
their inflections: plural ``-s``/``-x``/``-aux``, and for adjectives the
feminine ``-e``/``-ne``/``-ve``/``-se``. All candidates are collected, then
kept longest first, never overlapping.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from .normalize import normalize
from .schema import Entry

# Words never inflected inside a multi-word term.
FUNCTION_WORDS = {
    "a", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les", "par", "pour",
    "sur", "sans", "un", "une", "avec", "dans", "contre", "vers", "ou",
}
WORD = r"[^\W_]"


def _inflect(word: str, adjective: bool) -> str:
    """A regex for ``word`` and its inflections (already normalised, lower case)."""
    base = re.escape(word)
    if len(word) < 3 or not word[-1].isalpha() or word.split("'")[-1] in FUNCTION_WORDS:
        return base
    if adjective:
        if word.endswith("al"):
            return re.escape(word[:-2]) + "(?:al|ale|ales|aux)"
        if word.endswith("if"):
            return re.escape(word[:-2]) + "(?:if|ive|ifs|ives)"
        if word.endswith("eux"):
            return re.escape(word[:-3]) + "(?:eux|euse|euses)"
        if word.endswith(("s", "x")):
            return base + "(?:e|es)?"
        if word.endswith("e"):
            return base + "s?"
        return base + "(?:e|s|es|ne|nes)?"
    if word.endswith("eux"):
        return re.escape(word[:-3]) + "(?:eux|euse|euses)"
    if word.endswith("euse"):
        return re.escape(word[:-4]) + "(?:eux|euse|euses)"
    if word.endswith(("s", "x", "z")):
        return base
    if word.endswith("er") and len(word) >= 6:  # first-group verbs: tousser → tousse, toussent, toussé…
        return re.escape(word[:-2]) + "(?:er|e|es|ent|ez|ons|e|ee|es|ees|ait|aient|ant)"
    if word.endswith("al"):
        return re.escape(word[:-2]) + "(?:al|aux)"
    if word.endswith(("eau", "eu", "au")):
        return base + "[sx]?"
    return base + "s?"


def form_pattern(form: str, entry: Entry) -> str:
    n = normalize(form.strip())
    text = (n.cased if entry.exact_case else n.lower).strip()
    words = text.split(" ")
    if entry.inflects:
        parts = [_inflect(w, entry.pos == "adjective") for w in words]
    else:
        parts = [re.escape(w) for w in words]
    return rf"(?<!{WORD})" + " ".join(parts) + rf"(?!{WORD})"


@dataclass
class Match:
    entry: Entry
    start: int  # offsets in the original sentence
    end: int
    surface: str
    #: the surface is a generated inflection (not a listed form) ending like a plural
    plural: bool = False


def _is_plural(surface: str, listed: set[str]) -> bool:
    """Whether an inflected surface is a plural of one of the listed forms."""
    words = surface.split(" ")
    for form in listed:
        fwords = form.split(" ")
        if len(fwords) != len(words):
            continue
        if all(w == f or w.startswith(f[:-2]) for w, f in zip(words, fwords)):
            return any(w != f and w.endswith(("s", "x")) and not f.endswith(("s", "x"))
                       for w, f in zip(words, fwords))
    return False


class Matcher:
    def __init__(self, entries: Iterable[Entry]):
        self.entries = list(entries)
        self._compiled: list[tuple[Entry, re.Pattern, re.Pattern, set[str]]] = []
        for e in self.entries:
            pats = [form_pattern(f, e) for f in e.forms]
            listed = {(normalize(f).cased if e.exact_case else normalize(f).lower).strip() for f in e.forms}
            flags = 0
            self._compiled.append((e, re.compile("|".join(f"(?:{p})" for p in pats), flags),
                                   re.compile(f"(?:{'|'.join(re.escape(x) for x in listed)})"), listed))
        # a cheap pre-filter: the first three letters of every form
        self._prefixes = {}
        for e, _, _, listed in self._compiled:
            self._prefixes[e.id] = {x[:3].lower() for x in listed}

    def find(self, sentence: str) -> list[Match]:
        n = normalize(sentence)
        candidates: list[tuple[int, int, Entry]] = []
        for entry, pattern, _, listed in self._compiled:
            if not any(p in n.lower for p in self._prefixes[entry.id]):
                continue
            haystack = n.cased if entry.exact_case else n.lower
            for m in pattern.finditer(haystack):
                if m.end() > m.start():
                    candidates.append((m.start(), m.end(), entry))
        candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
        taken: list[tuple[int, int]] = []
        chosen: list[Match] = []
        for start, end, entry in candidates:
            if any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            o_start, o_end = n.span(start, end)
            norm_surface = (n.cased if entry.exact_case else n.lower)[start:end]
            listed = next(c[3] for c in self._compiled if c[0] is entry)
            plural = False
            if entry.inflects and entry.pos == "noun" and norm_surface not in listed:
                plural = _is_plural(norm_surface, listed)
            chosen.append(Match(entry, o_start, o_end, sentence[o_start:o_end], plural))
        chosen.sort(key=lambda m: m.start)
        return chosen
