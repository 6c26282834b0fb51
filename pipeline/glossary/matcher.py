"""Finding glossary terms in a French sentence.

Every surface of every entry (its forms and, for terms, their inflections) is
a key of one Aho-Corasick automaton over the normalised sentence (see
normalize.py), so matching costs the same with 100 or 100,000 entries: words
joined by one space (so hyphen, space and no-break space are the same),
bounded by non-word characters (``Est`` is not
in ``Estonie``; ``l'OTAN`` and ``« drones »`` are found because the apostrophe
and the guillemet are not word characters). Terms (kind ``term``) also match
their inflections: plural ``-s``/``-x``/``-aux``, and for adjectives the
feminine ``-e``/``-ne``/``-ve``/``-se`` (also for a noun in ``-ant``/``-if``
whose English rendering is an adjective too). All candidates are collected,
then kept longest first, never overlapping (on a tie, an entry whose form the
text spells with another last letter loses: ``infecte`` is not ``infecté``; then
an entry that lists the form wins over another entry's inflection of it). Adjective entries never match one half
of a hyphenated compound (``nord-américain``).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Iterable, Optional

from .normalize import HYPHENS, norm_key, normalize
from .schema import Entry

# Words never inflected inside a multi-word term.
FUNCTION_WORDS = {
    "a", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les", "par", "pour",
    "sur", "sans", "un", "une", "avec", "dans", "contre", "vers", "ou",
}


def _inflect(word: str, adjective: bool, feminine: bool = False) -> list[str]:
    """``word`` and its inflections (already normalised, lower case); ``feminine``:
    a one-word ``-ant``/``-ent``/``-if`` noun whose rendering is an English
    adjective too also matches its feminine (see :func:`_adjective_too`)."""
    if len(word) < 3 or not word[-1].isalpha() or word.split("'")[-1] in FUNCTION_WORDS:
        return [word]

    def stem(n: int, *endings: str) -> list[str]:
        return [word[:-n] + e for e in endings] if n else [word + e for e in endings]

    if adjective:
        if word.endswith("al"):
            return stem(2, "al", "ale", "ales", "aux")
        if word.endswith("if"):
            return stem(2, "if", "ive", "ifs", "ives")
        if word.endswith("eux"):
            return stem(3, "eux", "euse", "euses")
        if word.endswith(("s", "x")):
            return stem(0, "", "e", "es")
        if word.endswith("e"):
            return stem(0, "", "s")
        return stem(0, "", "e", "s", "es", "ne", "nes")
    if word.endswith("eux"):
        return stem(3, "eux", "euse", "euses")
    if word.endswith("euse"):
        return stem(4, "eux", "euse", "euses")
    if word.endswith(("s", "x", "z")):
        return [word]
    if word.endswith("er") and len(word) >= 6:  # first-group verbs: tousser → tousse, toussent, toussé…
        return stem(2, "er", "e", "es", "ent", "ez", "ons", "ee", "es", "ees", "ait", "aient", "ant")
    if word.endswith("al"):
        return stem(2, "al", "aux")
    if feminine and word.endswith(("ant", "ent")):  # a noun that is also an adjective: lingette désinfectante
        return stem(0, "", "s", "e", "es")
    if feminine and word.endswith("if"):  # traitement préventif, mesure préventive
        return stem(2, "if", "ifs", "ive", "ives")
    if word.endswith(("eau", "eu", "au")):
        return stem(0, "", "s", "x")
    return stem(0, "", "s")


def surfaces(form: str, entry: Entry) -> list[str]:
    """The normalised form, then every surface it matches: itself and, for terms,
    its inflections."""
    text = " ".join(norm_key(form, entry.exact_case).split())
    if not entry.inflects:
        return [text, text]
    out = [""]
    feminine = _adjective_too(text, entry.en)
    for word in text.split(" "):
        out = [f"{head} {alt}" if head else alt
               for head in out for alt in dict.fromkeys(_inflect(word, entry.pos == "adjective", feminine))]
    return [text, *out]


def _adjective_too(form: str, english: str) -> bool:
    """A one-word French noun in ``-ant``/``-ent``/``-if`` whose English rendering
    has the matching adjective ending: both words are adjectives as well
    (désinfectant → disinfectant, préventif → precautionary), so the French
    feminine, which only the adjective has, takes the same rendering. A noun
    rendering (réactif → reagent: "protéine C réactive" is not a reagent) does not."""
    if " " in form or len(form) < 6 or " " in english.strip():
        return False
    english = english.strip().lower()
    if form.endswith(("ant", "ent")):
        return english.endswith(("ant", "ent"))
    return form.endswith("if") and english.endswith(("ive", "ory", "ary"))


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


def _word_char(ch: str) -> bool:
    return ch.isalnum()


#: automata already built, by glossary content (one build per run, shared by every policy)
_CACHE: dict[str, tuple] = {}
_CACHE_SIZE = 4


def _build(entries: list[Entry]) -> tuple:
    """Two Aho-Corasick automata over normalised surfaces: case-folded (names,
    terms) and cased (acronyms). Each key maps to [(entry index, listed?)]."""
    import ahocorasick

    automata = {False: ahocorasick.Automaton(), True: ahocorasick.Automaton()}
    values: dict[bool, dict[str, list]] = {False: {}, True: {}}
    listed_forms: list[set[str]] = []
    for i, e in enumerate(entries):
        per_form = {form: surfaces(form, e) for form in e.forms}
        listed = {found[0] for found in per_form.values()}
        listed_forms.append(listed)
        for found in per_form.values():
            for surface in found[1:]:
                if surface:
                    values[e.exact_case].setdefault(surface, []).append((i, surface in listed))
    for cased, table in values.items():
        for key, vals in table.items():
            automata[cased].add_word(key, (len(key), tuple(dict.fromkeys(vals))))
        if table:
            automata[cased].make_automaton()
        else:
            automata[cased] = None
    return automata[False], automata[True], listed_forms


def compile_entries(entries: list[Entry]) -> tuple:
    """The automata and listed forms a :class:`Matcher` over ``entries`` uses
    (picklable, so cache.py can keep them between runs)."""
    return _build(entries)


def _glossary_key(entries: list[Entry]) -> str:
    h = hashlib.sha256()
    for e in entries:
        h.update(repr((e.id, e.fr, e.en, e.kind, e.pos, e.plural, e.variants)).encode())
    return h.hexdigest()


class Matcher:
    """Finds entries in a sentence in time linear in the sentence, whatever the
    number of entries: the sentence is normalised once and scanned once by
    each automaton; the automata are built once per glossary content (and
    kept between runs by cache.py: ``compiled`` is what :func:`compile_entries`
    returned for these entries)."""

    def __init__(self, entries: Iterable[Entry], compiled: Optional[tuple] = None):
        self.entries = list(entries)
        if compiled is None:
            key = _glossary_key(self.entries)
            if key not in _CACHE:
                if len(_CACHE) >= _CACHE_SIZE:
                    _CACHE.pop(next(iter(_CACHE)))
                _CACHE[key] = _build(self.entries)
            compiled = _CACHE[key]
        self._lower, self._cased, self._listed = compiled
        self._memo: dict[str, list[Match]] = {}

    def find(self, sentence: str) -> list[Match]:
        # the run asks for the same sentence several times (memory key, prepare, store)
        hit = self._memo.get(sentence)
        if hit is not None:
            return list(hit)
        found = self._find(sentence)
        if len(self._memo) > 4096:
            self._memo.clear()
        self._memo[sentence] = found
        return list(found)

    def _find(self, sentence: str) -> list[Match]:
        n = normalize(sentence)
        candidates: list[tuple[int, int, int, bool]] = []
        for automaton, haystack in ((self._lower, n.lower), (self._cased, n.cased)):
            if automaton is None:
                continue
            for last, (length, vals) in automaton.iter(haystack):
                start, end = last + 1 - length, last + 1
                if start > 0 and _word_char(haystack[start - 1]):
                    continue
                if end < len(haystack) and _word_char(haystack[end]):
                    continue
                for index, listed in vals:
                    candidates.append((start, end, index, listed))
        # on a tie, an entry whose listed form the text spells otherwise at the end loses: accents
        # are optional, but "infecte" (the verb) is not the participle "infecté" of another entry;
        # then an entry that lists the form wins over another's inflection of it (an entry
        # "pneumonies → pneumonias" is meant for "pneumonies", not the plural of "pneumonie")
        candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0], self._final_accent_differs(sentence, n, c), not c[3],
                                       c[2]))
        taken: list[tuple[int, int]] = []
        chosen: list[Match] = []
        for start, end, index, listed in candidates:
            if any(start < e and s < end for s, e in taken):
                continue
            entry = self.entries[index]
            o_start, o_end = n.span(start, end)
            if entry.pos == "adjective" and _in_compound(sentence, o_start, o_end):
                continue  # nord-américain is not américain
            taken.append((start, end))
            plural = False
            if entry.inflects and entry.pos == "noun" and not listed:
                norm_surface = (n.cased if entry.exact_case else n.lower)[start:end]
                plural = _is_plural(norm_surface, self._listed[index])
            chosen.append(Match(entry, o_start, o_end, sentence[o_start:o_end], plural))
        chosen.sort(key=lambda m: m.start)
        return chosen


    def _final_accent_differs(self, sentence: str, n, candidate: tuple[int, int, int, bool]) -> bool:
        start, end, index, listed = candidate
        if not listed:
            return False
        o_start, o_end = n.span(start, end)
        last = sentence[o_end - 1:o_end].lower()
        if not last.isalpha():
            return False
        surface = norm_key(sentence[o_start:o_end])
        return any(norm_key(f) == surface and f[-1:].lower() != last for f in self.entries[index].forms)


def _in_compound(text: str, start: int, end: int) -> bool:
    """The span is one part of a hyphenated word (``nord-américain``, ``américano-russe``)."""
    before = text[start - 2:start] if start >= 2 else ""
    after = text[end:end + 2]
    return (len(before) == 2 and before[1] in HYPHENS and before[0].isalpha()) or \
           (len(after) == 2 and after[0] in HYPHENS and after[1].isalpha())
