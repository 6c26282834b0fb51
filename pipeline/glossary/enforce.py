"""Enforcing the glossary around any engine, in the way that keeps its grammar.

``bind(engine)`` picks the mode. **Repair** (Apertium, see REPAIR_ENGINES):
the engine translates the sentence as written; ``finish`` keeps a rendering
already there, else replaces forbidden renderings, the engine's own rendering
of the term (one batched engine call for the matched forms), the French form
left untranslated or a phrase split by one word — ``missing`` when none is
found. Then a/an, articles before names and titles, and the adjective order
are fixed around the renderings (``_repair``, ``fix_articles``).

**Placeholders** (other engines, and a policy never bound):
``prepare`` replaces every matched French span by a numeric placeholder
(digits pass through Apertium untouched and neural engines copy them). The
engine never sees the term, so it cannot translate a name as a word.
``finish`` then:

1. finds each placeholder tolerantly (``91 370``, ``91,370``…) and marks it;
2. drops an article the engine put before a name that English does not use
   (``the NATO`` → ``NATO``; a rendering that has its own, ``the Netherlands``,
   keeps exactly one), and moves a post-posed French adjective before its noun
   (``the minister Latvian`` → ``the Latvian minister``);
3. writes the rendering (plural when the French was an inflected plural,
   capitalised at the start of a sentence, upper-case in an all-caps headline);
4. if a placeholder was lost: replaces the span the engine aligned to it
   (attention, when the engine gives it) or a known forbidden rendering, and
   reports ``repaired``; otherwise ``missing``;
5. verifies: each rendering occurs at least as often as its term, no
   forbidden rendering remains (replaced → ``repaired``), no placeholder leaks.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from ..engines.base import Translation
from ..terms import REPAIR_ENGINES, Prepared
from .matcher import Match, Matcher
from .normalize import norm_key
from .schema import Entry, Glossary
from .usage import (
    adjective_context,
    feminine_adjective,
    french_number,
    is_participle,
    listed_participle,
    noun_context,
    used_as_noun,
    used_as_verb,
)
from .verbs import (
    ENGLISH_LIGHT_VERBS,
    english_base,
    english_be,
    english_light_verb,
    english_noun_verb,
    english_participle,
    english_verb,
    french_verb_form,
    light_verb_form,
)

#: bump when the enforcement changes output, so the memory re-translates
ENFORCER_VERSION = "6"
PLACEHOLDER_BASE = 91370
SENTINEL_BASE = 0xE000  # private-use characters mark restored slots internally (never one the text has)
DETERMINERS = {"the", "a", "an", "of", "his", "her", "its", "their", "our", "this", "these", "those",
               "some", "with", "for", "by", "to", "in", "on", "and", "from", "at", "as", "two", "three"}


#: English nouns in -us/-is whose plural is not -uses/-es
LATIN_PLURALS = {"fungus": "fungi", "stimulus": "stimuli", "nucleus": "nuclei", "bacillus": "bacilli",
                 "radius": "radii", "locus": "loci", "alumnus": "alumni", "corpus": "corpora", "thrombus": "thrombi",
                 "genus": "genera"}
#: nouns in -is that are the same in both numbers (or have no plural), and those whose
#: plural is not -es (trellises; axis → axes though it is short)
INVARIABLE_IS = {"tennis", "chassis", "debris", "marquis"}
IS_PLURALS = {"trellis": "trellises", "penis": "penises", "iris": "irises", "axis": "axes"}


def english_plural(word: str) -> str:
    head, _, last = word.rpartition(" ")
    # -us/-is plurals only for common nouns: not a name (Exercise Cerberus, Paris) nor a
    # binomial (Staphylococcus aureus: a capitalised word before); RNA virus → RNA viruses
    before = head.split()[-1] if head else ""
    latin = last.islower() and not (before[:1].isupper() and not before.isupper())
    if not last[-1:].isalpha() or not last[-1:].islower() or re.search(r"(ous|ed|ing|ful|less|ese|ish)$", last):
        return word  # an adjective, a participle, a gerund or a code: English does not inflect it
    if re.search(r"[^aeiou]y$", last):
        last = last[:-1] + "ies"
    elif latin and last in LATIN_PLURALS:
        last = LATIN_PLURALS[last]
    elif last.endswith(("ss", "ch", "sh")) or (last.endswith("x") and not last.endswith("ex")) \
            or (latin and last.endswith("us")):
        last += "es"  # virus → viruses (French "des virus" is the same word)
    elif latin and last in IS_PLURALS:
        last = IS_PLURALS[last]
    elif latin and last.endswith("is") and len(last) > 4 and last not in INVARIABLE_IS:
        last = last[:-2] + "es"  # diagnosis → diagnoses
    elif last.endswith(("s", "x", "z")):
        return word  # already plural (or invariable)
    else:
        last += "s"
    return f"{head} {last}" if head else last


@dataclass
class Slot:
    match: Match
    token: str
    rendering: str
    status: str = "missing"
    invariable: bool = False  # an adjective here: its English has no plural to accept


#: English endings of adjectives, which never take a plural -s
ADJECTIVAL = re.compile(r"(?:ic|al|ous|ive|ory|ary|ian|ed|ing|ful|less|ble|ese|ish|ly)$")
#: English nouns without a plural, whatever the French number (soins médicaux → medical care)
UNCOUNTABLE = {"care", "advice", "information", "equipment", "research", "evidence", "news", "staff", "personnel",
               "data", "health", "aid", "assistance", "support", "guidance", "knowledge", "progress", "software",
               "hardware", "weaponry", "ammunition", "intelligence", "funding", "training", "treatment", "screening",
               "testing", "surveillance", "transmission", "immunity", "hygiene", "sanitation", "travel",
               "mucus", "pus", "humus", "tinnitus"}
#: names of diseases, mass nouns in English whatever the French number: des pneumonies →
#: pneumonia, never the engine's "pneumonias" either; with the endings in DISEASE (bronchitis)
DISEASES = {"flu", "influenza", "pneumonia", "malaria", "diarrhea", "diarrhoea", "diabetes", "measles", "mumps",
            "rabies", "tuberculosis", "cholera", "asthma"}
DISEASE = re.compile(r"(?:itis|a?emia|pnoea|pnea|(?<!gn)osis|iasis|sepsis)$")  # not diagnosis, prognosis


def is_disease(rendering: str) -> bool:
    last = rendering.split()[-1].lower() if rendering.split() else ""
    return last in DISEASES or bool(DISEASE.search(last))
#: English endings of nouns, which have no participle (isolé is not "isolationed")
NOMINAL = re.compile(r"(?:tion|sion|ment|ness|ity|ance|ence|ure|ism|ist|logy|ship|hood)$")
NUMBER_WORDS = {"hundred", "thousand", "million", "billion", "trillion", "dozen"}


def english_singular(word: str) -> str:
    """masks → mask, casualties → casualty; words that only look plural stay."""
    head, _, last = word.rpartition(" ")
    if not last.isalpha() or not last.islower() or last.endswith(("ss", "us", "is", "ics", "news")):
        return word
    if last.endswith("ies") and len(last) > 4:
        last = last[:-3] + "y"
    elif last.endswith(("ches", "shes", "sses", "xes")):
        last = last[:-2]
    elif last.endswith("s"):
        last = last[:-1]
    return f"{head} {last}" if head else last


def french_number_and_form(source: str, match: Match) -> tuple[str, bool]:
    """("Plur" / "Sing" / "", past participle?) of a term's French surface, read
    from the text (usage.py): the spelling, the determiner, the entry's forms."""
    if not source or not match.entry.inflects or match.entry.pos != "noun":
        return "", False
    forms = tuple(match.entry.forms)
    # a verb entry's participle with a noun rendering takes the noun's regular verb (isolés under
    # isoler → isolation: "isolated") or stays a noun (traité under traiter → treatment); a
    # participle listed under a noun entry takes the noun's verb (infectées → infected)
    participle = ((is_participle(match.surface, forms)
                   and (not NOMINAL.search(match.entry.en) or bool(english_noun_verb(match.entry.en))))
                  or listed_participle(match.surface, forms))
    number = french_number(source, match.start, match.surface, forms, match.plural)
    if number == "Plur" and _adjective_here(source, match):
        return "", participle  # an adjective here (populations asymptomatiques): no English plural
    return number, participle


def _adjective_here(source: str, match: Match) -> bool:
    """A plural French form read as an adjective (``CoV plus transmissibles``,
    ``populations asymptomatiques``), which English does not inflect."""
    return bool(adjective_context(source, match.start) or feminine_adjective(match.surface, tuple(match.entry.forms))
                or (ADJECTIVAL.search(match.entry.en) and not noun_context(source, match.start)))


def invariable_here(source: str, match: Match) -> bool:
    """Whether the term's English takes no plural in this sentence: a French
    plural read as an adjective; the engine's "transmissibles" is then no
    plural of "transmissible" but French left in the English."""
    e = match.entry
    if not (source and e.inflects and e.pos == "noun"):
        return False
    forms = tuple(e.forms)
    return french_number(source, match.start, match.surface, forms, match.plural) == "Plur" \
        and _adjective_here(source, match)


def rendering_for(match: Match, source: str = "") -> str:
    e = match.entry
    text = e.en
    after_number = bool(re.search(r"\d\s*$", source[:match.start]))
    number, participle = french_number_and_form(source, match)
    if e.en.startswith("be ") and e.inflects:
        return english_be(e.en, match.surface)  # est infecté → "is infected"
    verb = _verb_form(match, source)
    if verb and verb != "participle":
        return english_verb(e.en, verb)  # ils touchent → touch, toussant → coughing (verbs.py)
    if participle and " " not in e.en:
        return english_participle(english_base(e.en))  # hospitalisés → hospitalized, touchés → touched
    uncountable = e.en.split()[-1].lower() in UNCOUNTABLE or is_disease(e.en)
    if number == "Sing" and not e.plural and not re.search(r"[sxz]$", norm_key(e.fr)) \
            and re.search(r"[^eus]s$", e.en) and not used_as_verb(source, match.start):
        text = english_singular(e.en)  # an imported "masque,masks": le masque → the mask
    # "2 milliards" → "2 billion": a number word after a number stays singular
    if number == "Plur" and not uncountable and not (after_number and e.en.lower() in NUMBER_WORDS):
        text = e.plural or english_plural(e.en)
    letters = [c for c in match.surface if c.isalpha()]
    if e.kind != "acronym" and len(letters) >= 4 and all(c.isupper() for c in letters):
        text = text.upper()
    return text


def _token_regex(token: str) -> re.Pattern:
    sep = r"[\s.,\u202f\u00a0']?"
    return re.compile(r"(?<!\d)" + sep.join(token) + r"(?!\d)")


_LEADING_THE = re.compile(r"^(?i:the)\s+")


@lru_cache(maxsize=8192)
def _rx(pattern: str, flags: int = 0) -> re.Pattern:
    """Patterns built from renderings, compiled once per run: there are more of
    them than ``re``'s own cache holds, which then recompiled them (and evicted
    the static ones) sentence after sentence."""
    return re.compile(pattern, flags)


def _core(rendering: str) -> str:
    return _LEADING_THE.sub("", rendering)


def _count_any(text: str, phrases) -> int:
    """Non-overlapping, word-bounded, case-insensitive occurrences of any phrase."""
    alts = "|".join(re.escape(p) for p in sorted({p for p in phrases if p}, key=len, reverse=True))
    if not alts:
        return 0
    return len(_rx(rf"(?<!\w)(?:{alts})(?!\w)", re.IGNORECASE).findall(text))


class GlossaryPolicy:
    def __init__(self, glossary: Glossary, compiled: Optional[tuple] = None):
        self.glossary = glossary
        self.matcher = Matcher(glossary.entries, compiled)
        self.version = glossary.version
        self.mode = "placeholder"
        self.engine = None
        self._engine_renderings: dict[str, str] = {}
        self._pending: set[str] = set()

    def bind(self, engine) -> None:
        """Choose how to enforce for this engine (see :data:`REPAIR_ENGINES`)."""
        self.engine = engine
        self.mode = "repair" if getattr(engine, "name", "") in REPAIR_ENGINES else "placeholder"

    def matches(self, source: str) -> list[Match]:
        """The glossary matches, less adjective entries where the word is a noun
        (``les Américains``: not the adjective ``américain``)."""
        found = self.matcher.find(source)
        if any(m.entry.pos == "adjective" for m in found):
            found = [m for m in found if m.entry.pos != "adjective" or not used_as_noun(source, m.start, m.end)]
        return found

    # -- the TermPolicy protocol ------------------------------------------------
    def fingerprint(self, source: str) -> str:
        matches = self.matches(source)
        if not matches:
            return ""
        hashes = sorted({m.entry.content_hash() for m in matches})
        key = f"v{ENFORCER_VERSION}:{self.mode}:" + ",".join(hashes)
        return hashlib.sha256(key.encode()).hexdigest()[:16]

    def prepare(self, source: str) -> Prepared:
        matches = self.matches(source)
        if not matches:
            return Prepared(source=source, engine_input=source, state=[])
        slots: list[Slot]
        if self.mode == "repair":
            slots = [Slot(m, "", rendering_for(m, source), invariable=invariable_here(source, m)) for m in matches]
            for m in matches:
                for form in (m.surface, *m.entry.forms):
                    for query in (form, _as_noun_phrase(form, m.entry)):
                        if query and query not in self._engine_renderings:
                            self._pending.add(query)
            terms = [{"entry": s.match.entry.id, "source": s.match.surface, "target": s.rendering} for s in slots]
            return Prepared(source=source, engine_input=source, state=slots, terms=terms)
        base = PLACEHOLDER_BASE
        # no token may look like a number already in the sentence, however it is written
        # (91 370, 91.370, 91,370): the same tolerant pattern that finds tokens later
        while any(_token_regex(str(base + i)).search(source) for i in range(len(matches))):
            base += 1000
        slots = []
        pieces: list[str] = []
        pos = 0
        for i, m in enumerate(matches):
            token = str(base + i)
            pieces.append(source[pos:m.start])
            pieces.append(token)
            pos = m.end
            slots.append(Slot(m, token, rendering_for(m, source), invariable=invariable_here(source, m)))
        pieces.append(source[pos:])
        terms = [{"entry": s.match.entry.id, "source": s.match.surface, "target": s.rendering} for s in slots]
        return Prepared(source=source, engine_input="".join(pieces), state=slots, terms=terms,
                        needs_alignment=True)

    def take_lookups(self) -> list[str]:
        """The term forms ``prepare`` queued whose engine rendering the repair may
        need; the run translates them with the sentences' own batch."""
        if self.engine is None or not self._pending:
            return []
        pending = sorted(self._pending)
        self._pending.clear()
        return pending

    def store_lookups(self, texts: list[str], translations: list[Translation]) -> None:
        for form, out in zip(texts, translations):
            self._engine_renderings[form] = out.text.strip()

    def _engine_rendering(self, form: str) -> str:
        """How the engine translates ``form`` on its own. Normally already looked up
        with the batch (``take_lookups``); whatever is still queued (a caller that
        did not batch) goes in one call."""
        pending = self.take_lookups()
        if pending:
            assert self.engine is not None  # take_lookups gives nothing without one
            try:
                outs = self.engine.translate(pending)
            except Exception:  # noqa: BLE001 - a failed lookup only means fewer repair candidates
                outs = []
            self.store_lookups(pending, outs)
        return self._engine_renderings.get(form, "")

    def _repair(self, prepared: Prepared, text: str, slots: list[Slot]) -> str:
        """Translate-first: keep the engine's sentence; where the rendering is not
        already there, replace what the engine made of the term."""
        groups: dict[str, list[Slot]] = {}
        for slot in slots:
            groups.setdefault(slot.match.entry.id, []).append(slot)
        renderings = {x for s in slots for x in _accepted(s)}
        # longer French terms first: "coalition des drones" before "drone"
        for group in sorted(groups.values(), key=lambda g: -len(g[0].match.surface)):
            entry = group[0].match.entry
            # 1. every forbidden rendering goes, whatever else happens
            text, replaced = _replace_forbidden(text, entry.forbid, group[0].rendering, renderings)
            # 2. the renderings the engine already wrote (either number, exact case)
            own = {x for s in group for x in _accepted(s)}
            there, rest = _already_there(_others_blanked(text, own, renderings), group)
            for k, slot in enumerate(there):
                slot.status = "repaired" if k < replaced else "ok"
            # 3. the rest: what the engine made of the term, or the term left untranslated
            for slot in rest:
                candidates = []
                for form in dict.fromkeys((slot.match.surface, *entry.forms)):
                    er = _strip_subject(self._engine_rendering(form), form)
                    candidates += [er, _strip_article(er), form, _strip_article(form)]
                    if _as_noun_phrase(form, entry):  # the engine's noun reading ("harm of throat")
                        candidates.append(_strip_article(self._engine_rendering(_as_noun_phrase(form, entry))))
                candidates = sorted({c for c in candidates if c and not _same_rendering(c, renderings)},
                                    key=len, reverse=True)
                candidates.append(_core(slot.rendering))  # the rendering in the wrong case (Nato)
                if len(slot.match.surface.split()) == 2:  # a French noun and its adjective
                    candidates += _french_order(_core(slot.rendering))
                text, found = _replace_one(text, candidates, slot, renderings)
                slot.status = "ok" if found else "missing"
                if found and (entry.pos == "adjective" or feminine_adjective(slot.match.surface, tuple(entry.forms))) \
                        and _postposed(prepared.source, slot.match):
                    text = _preposed(text, slot.rendering)
        for slot in slots:
            if not slot.match.entry.keeps_article and slot.status != "missing":
                text = _drop_article(text, slot.rendering)
        text = _light_verbs(text, slots, prepared.source)
        text = _gerunds(text, slots, prepared.source)
        return _appositions(text, slots, prepared.source)

    def finish(self, prepared: Prepared, translation: Translation) -> tuple[str, list[dict]]:
        slots: list[Slot] = prepared.state or []
        if not slots:
            return translation.text, []
        text = translation.text
        if not slots[0].token:  # repair mode: the engine saw the sentence as written
            text = self._repair(prepared, text, slots)
            text = fix_articles(text, slots)
            text = self._verify(text, slots)
            return text, _report(slots)
        sentinels = _sentinels(len(slots), prepared.source + text)
        # 1. find the placeholders
        for i, slot in enumerate(slots):
            text, n = _token_regex(slot.token).subn(sentinels[i], text)
            if n:
                slot.status = "ok"
        # 4a. lost placeholders: the span the engine aligned to them
        for i, slot in enumerate(slots):
            if slot.status == "missing":
                aligned = _aligned_span(prepared, translation, slot)
                if aligned and aligned in text:
                    text = text.replace(aligned, sentinels[i], 1)
                    slot.status = "repaired"
        # 4b. lost placeholders: a known wrong rendering
        for i, slot in enumerate(slots):
            if slot.status == "missing":
                for bad in slot.match.entry.forbid:
                    rx = re.compile(rf"(?<!\w){re.escape(bad)}(?!\w)", re.IGNORECASE)
                    if rx.search(text):
                        text = rx.sub(sentinels[i], text, count=1)
                        slot.status = "repaired"
                        break
        # 2. articles and adjective order
        for i, slot in enumerate(slots):
            s = sentinels[i]
            if s not in text:
                continue
            entry = slot.match.entry
            if not entry.keeps_article:
                text = re.sub(rf"(?<!\w)(?:the|The|THE)\s+{s}", s, text)
            if entry.pos == "adjective" and _postposed(prepared.source, slot.match):
                def swap(m: re.Match, s: str = s) -> str:  # s bound now: re.sub calls it in this iteration
                    return f"{m.group(1)}{s} {m.group(2)}"
                others = "".join(re.escape(x) for x in sentinels.values())
                text = re.sub(rf"(?<!\w)((?:{'|'.join(DETERMINERS)})\s+)([a-z][a-z-]*|[{others}])\s+{s}", swap, text,
                              flags=re.IGNORECASE)
        # 3. write the renderings
        for i, slot in enumerate(slots):
            s = sentinels[i]
            while s in text:
                at = text.index(s)
                rendering = slot.rendering
                if _sentence_start(text[:at]):
                    rendering = rendering[:1].upper() + rendering[1:]
                text = text[:at] + rendering + text[at + 1:]
        # 5. verify
        text = _appositions(text, slots, prepared.source)
        text = fix_articles(text, slots)
        text = self._verify(text, slots)
        text = _no_leaks(text, slots, sentinels)
        return text, _report(slots)

    def _verify(self, text: str, slots: list[Slot]) -> str:
        by_entry: dict[str, list[Slot]] = {}
        everything = {x for s in slots for x in _accepted(s)}
        for slot in slots:
            by_entry.setdefault(slot.match.entry.id, []).append(slot)
        for group in by_entry.values():
            entry: Entry = group[0].match.entry
            renderings = {x for s in group for x in _accepted(s)}
            # forbidden renderings, outside the renderings themselves
            masked = text
            for r in sorted(everything, key=len, reverse=True):
                masked = re.sub(rf"(?<!\w){re.escape(r)}(?!\w)", lambda m: "\0" * len(m.group()), masked,
                                flags=re.IGNORECASE)
            for bad in entry.forbid:
                rx = re.compile(rf"(?<!\w){re.escape(bad)}(?!\w)", re.IGNORECASE)
                hits = list(rx.finditer(masked))
                for m in reversed(hits):
                    text = text[:m.start()] + _core(group[0].rendering) + text[m.end():]
                if hits:
                    for s in group:
                        if s.status == "ok":
                            s.status = "repaired"
            found = _count_any(_others_blanked(text, renderings, everything, re.IGNORECASE), renderings)
            if found < len(group):
                # not every occurrence made it: the ones we could not place are missing
                for s in group[found:]:
                    s.status = "missing"
        return text


def _light_verbs(text: str, slots: list[Slot], source: str) -> str:
    """``mis en quarantaine`` is the verb "quarantined", not the engine's "put in
    quarantine" (``la mise en quarantaine``: the noun, not "bet in quarantine"):
    French makes verbs of nouns with mettre/placer + en, English uses the
    noun's own verb where it has one (verbs.light_verb_form)."""
    light = "|".join(sorted(ENGLISH_LIGHT_VERBS, key=len, reverse=True))
    for slot in slots:
        m = slot.match
        if slot.status == "missing" or m.entry.kind != "term":
            continue
        form = light_verb_form(source[:m.start], m.surface)
        # from the entry's own (singular) English: the slot's may already be plural
        # for ``mises`` ("quarantines"), which has no verb forms
        verb = english_light_verb(_core(m.entry.en), "noun" if form == "nouns" else form) if form else ""
        if verb and form == "nouns":
            verb = english_plural(verb)
        if not verb:
            continue
        nouns = "|".join(re.escape(x) for x in sorted(_accepted(slot), key=len, reverse=True))
        rx = rf"(?<!\w)(?i:{light})\s+(?:in|into|under|on)\s+(?:(?i:the|a)\s+)?(?:{nouns})(?!\w)"
        found = re.search(rx, text)
        if found:
            word = verb[:1].upper() + verb[1:] if _sentence_start(text[:found.start()]) else verb
            text = text[:found.start()] + word + text[found.end():]
            slot.rendering = verb
    return text


def _gerunds(text: str, slots: list[Slot], source: str) -> str:
    """A French infinitive that English writes -ing (``évitez de toucher`` →
    "avoid touching", verbs.GERUND_BEFORE) where the engine wrote "to" and the
    base form ("avert to touch"): the k-th such term takes the k-th "to touch"
    that is not one yet, so a later infinitive (``besoin de toucher``) keeps its own."""
    done: dict[str, int] = {}
    for slot in slots:
        rendering = slot.rendering
        if slot.status == "missing" or _verb_form(slot.match, source) != "gerund":
            continue
        if not norm_key(slot.match.surface).endswith("er"):  # après avoir toussé: not "after having coughing"
            text = re.sub(rf"(?<!\w)(?:having|have)\s+(?={re.escape(rendering)}(?!\w))", "", text, count=1)
            continue
        base = english_base(rendering)
        done[rendering] = done.get(rendering, 0) + 1
        # the repair wrote the rendering after the engine's "to" (avert to touching)
        text, n = re.subn(rf"(?<!\w)to\s+(?={re.escape(rendering)}(?!\w))", "", text, count=1)
        if n or base == rendering \
                or len(re.findall(rf"(?<!\w){re.escape(rendering)}(?!\w)", text)) >= done[rendering]:
            continue
        text = re.sub(rf"(?<!\w)to\s+{re.escape(base)}(?!\w)", rendering, text, count=1)
    return text


#: French heads that take a noun in apposition after them (``candidats vaccins``), and
#: their English, which goes after the noun: "vaccine candidates", not the engine's
#: word-for-word "candidates vaccines"
APPOSITIVE_HEADS = {"candidat": "candidate"}
_APPOSITIVE_BEFORE = re.compile(r"(?<!\w)(" + "|".join(APPOSITIVE_HEADS) + r")(e?)(s?)\s+$", re.IGNORECASE)


def _appositions(text: str, slots: list[Slot], source: str) -> str:
    """A noun term after a French appositive head is the modifier of an English
    compound, in the singular, before the head: ``candidats vaccins`` → "vaccine
    candidates", ``un candidat vaccin`` → "a vaccine candidate"."""
    for slot in slots:
        m, e = slot.match, slot.match.entry
        if slot.status == "missing" or e.kind != "term" or e.pos == "adjective":
            continue
        head = _APPOSITIVE_BEFORE.search(source[:m.start])
        if not head:
            continue
        head_english = APPOSITIVE_HEADS.get(head.group(1).lower())
        if head_english is None:
            continue  # case folding made another word of it (a dotted İ)
        english = head_english + ("s" if head.group(3) else "")
        forms = {x for x in (slot.rendering, e.en, e.plural or english_plural(e.en)) if x}
        alts = "|".join(re.escape(_core(x)) for x in sorted(forms, key=len, reverse=True))
        # the head in the French number: for candidats vaccins, "candidates vaccines", not the
        # "candidate vaccine" of a vaccin candidat earlier in the sentence
        found = re.search(rf"(?<!\w)({re.escape(english)})\s+(?:{alts})(?!\w)", text, re.IGNORECASE)
        if not found:
            continue
        plurals = {x.lower() for x in (e.plural, english_plural(e.en)) if x}
        modifier = _core(e.en) if slot.rendering.lower() in plurals else _core(slot.rendering)
        if modifier.isupper() and not e.en.isupper():
            modifier = _core(e.en)  # a headline's rendering; the case is the text's, below
        if english_plural(english_singular(modifier)) == modifier:  # an entry "vaccins → vaccines"
            modifier = english_singular(modifier)
        words = f"{modifier} {english}"
        french = head.group(0) + m.surface
        if found.group().isupper() or french.isupper():
            words = words.upper()  # a headline: CANDIDATS VACCINS (Apertium may title-case its first word)
        elif found.group(1)[:1].isupper():
            words = words[:1].upper() + words[1:]
        text = text[:found.start()] + words + text[found.end():]
        slot.rendering = modifier
    return text


def _postposed(source: str, match: Match) -> bool:
    """A French adjective right after a word (``ministre letton``), not before a noun."""
    before = source[:match.start].rstrip()
    return bool(before) and before[-1].isalpha() and before.split()[-1].lower() not in {
        "le", "la", "les", "un", "une", "des", "du", "de", "et", "ou"}


def _sentence_start(prefix: str) -> bool:
    """Whether a rendering placed after ``prefix`` begins a sentence."""
    stripped = re.sub(r"[\s\"“”«»‘’'(\[\-–—]+$", "", prefix)
    if stripped == "":
        return True
    return stripped.endswith((".", "!", "?", "…")) and stripped != prefix


def _no_leaks(text: str, slots: list[Slot], sentinels: dict[int, str]) -> str:
    """Remove any placeholder or sentinel still there (and the double space it leaves);
    the rest of the text, spaces included, is left as the engine wrote it."""
    marks = "".join(re.escape(s) for s in sentinels.values())
    pattern = "|".join([t.pattern for t in (_token_regex(s.token) for s in slots)] + ([f"[{marks}]"] if marks else []))
    return re.sub(rf" ?(?:{pattern})( ?)", lambda m: m.group(1) if m.start() > 0 else "", text)


def _aligned_span(prepared: Prepared, translation: Translation, slot: Slot) -> Optional[str]:
    """The target text the engine's attention aligns to the placeholder (argos)."""
    src, tgt, att = translation.source_tokens, translation.target_tokens, translation.attention
    if not (src and tgt and att) or len(att) < len(tgt):
        return None
    try:
        start = prepared.engine_input.index(slot.token)
    except ValueError:
        return None
    end = start + len(slot.token)
    # char offsets of source pieces (SentencePiece: "▁" marks a space)
    spans, pos = [], 0
    compact = prepared.engine_input
    for piece in src:
        core = piece.replace("▁", "")
        at = compact.find(core, pos) if core else pos
        if at < 0:
            return None
        spans.append((at, at + len(core)))
        pos = at + len(core)
    wanted = {i for i, (a, b) in enumerate(spans) if a < end and start < b and b > a}
    if not wanted:
        return None
    hits = [j for j, row in enumerate(att[:len(tgt)]) if row and max(range(len(row)), key=row.__getitem__) in wanted]
    if not hits:
        return None
    # the first contiguous run of target tokens
    run = [hits[0]]
    for j in hits[1:]:
        if j == run[-1] + 1:
            run.append(j)
        else:
            break
    span = "".join(tgt[j] for j in run).replace("▁", " ").strip()
    return span or None


def _sentinels(n: int, text: str) -> dict[int, str]:
    """``n`` private-use characters that do not occur in ``text``: the source and
    the engine output may contain any character, so none is reserved."""
    present = set(text)
    out: dict[int, str] = {}
    code = SENTINEL_BASE
    while len(out) < n:
        ch = chr(code)
        if ch not in present:
            out[len(out)] = ch
        code += 1
        if code == 0xF900:
            code = 0xF0000  # supplementary private use area
    return out


def _report(slots: list[Slot]) -> list[dict]:
    """The term report (``pipeline.model.TermReport``): the entry's forbidden renderings
    travel with it, so QA can check the final English (after finishing) for them."""
    report = []
    for s in slots:
        term: dict[str, str | list[str]] = {"entry": s.match.entry.id, "source": s.match.surface,
                                            "target": s.rendering, "status": s.status}
        if s.match.entry.forbid:
            term["forbidden"] = list(s.match.entry.forbid)
        report.append(term)
    return report


def _verb_form(match: Match, source: str) -> str:
    """The English verb form a term's French form calls for (verbs.py), "" for a noun."""
    e = match.entry
    if not (e.inflects and e.pos == "noun" and source):
        return ""
    return french_verb_form(match.surface, tuple(e.forms), source[:match.start])


def _accepted(slot: Slot) -> set[str]:
    """English forms that count as the rendering being there: either number (but a
    disease, or an adjective, has none), the entry's own rendering, and "is/are/was
    … X" for "be X"."""
    e = slot.match.entry
    out = {slot.rendering, e.en}
    if e.en.startswith("be "):  # être infecté → "be infected": the engine's "is infected" is it
        out |= {f"{be} {e.en[3:]}" for be in ("is", "are", "was", "were", "been", "being")}
    if not is_disease(e.en) and not slot.invariable:
        out.add(e.plural or english_plural(e.en))
    return {_core(x) for x in out if x}


def _as_noun_phrase(form: str, entry: Entry) -> str:
    """A term with a French article before it: alone, the engine may read a term
    as another part of speech ("mal de gorge" → "Badly of throat"), where in a
    sentence it reads the noun ("a harm of throat"), which is what the repair
    must find. Only for terms (names translate the same either way)."""
    if entry.kind != "term" or entry.pos == "adjective" or not form[:1].isalpha():
        return ""
    return ("les " if re.search(r"[sx]$", form.split()[0]) else "le ") + form


def _strip_subject(english: str, french: str) -> str:
    """The engine's rendering of a verb form alone starts with a subject it made up
    (``est infecté`` → "It is I infected"); in the sentence the subject is the
    sentence's own, so the rendering to look for starts after it."""
    if re.match(r"(?i:il|elle|on|ils|elles|je|j'|tu|nous|vous)\b", french):
        return english
    return re.sub(r"^(?:It|He|She|They|We|You|I)\s+(?=\w)", "", english)


def _strip_article(text: str) -> str:
    return re.sub(r"^(?i:the|a|an|le|la|les|l'|l’)\s*", "", text or "").strip()


def _same_rendering(phrase: str, renderings: set[str]) -> bool:
    return any(phrase == r or (phrase[1:] == r[1:] and phrase[:1].lower() == r[:1].lower()) for r in renderings)


def _exact_pattern(phrase: str) -> str:
    """``phrase`` word-bounded, exact case but for its first letter (sentence starts)."""
    head = phrase[:1]
    first = f"[{re.escape(head.lower())}{re.escape(head.upper())}]" if head.lower() != head.upper() else re.escape(head)
    return rf"(?<!\w){first}{re.escape(phrase[1:])}(?!\w)"


def _already_there(text: str, group: list[Slot]) -> tuple[list[Slot], list[Slot]]:
    """The slots of one entry whose rendering the engine already wrote, and the
    rest. Each occurrence serves one slot, its own exact rendering first: with
    ``personnes infectées`` and ``contrôle des infections`` in one sentence, the
    engine's "infections" is the second's, and the first still needs "infected"
    (counting the forms together gave "the people infections")."""
    own = {x for s in group for x in _accepted(s)}
    alts = [_exact_pattern(p) for p in sorted({p for p in own if p}, key=len, reverse=True)]
    if not alts:
        return [], list(group)

    def key(phrase: str) -> str:  # _exact_pattern lets the first letter take either case
        return phrase[:1].lower() + phrase[1:]

    pool = Counter(key(m.group()) for m in _rx("|".join(f"(?:{a})" for a in alts)).finditer(text))
    found: set[int] = set()
    # its own rendering, then a form it accepts, then any form of the entry left over (a verb's
    # "to touch" is the gerund's too: the gerund step turns it into "touching" afterwards)
    for rank in range(3):
        for i, slot in enumerate(group):
            if i in found:
                continue
            forms = [_core(slot.rendering)] if rank == 0 else sorted(_accepted(slot) if rank == 1 else own,
                                                                     key=len, reverse=True)
            for form in forms:
                if pool[key(form)] > 0:
                    pool[key(form)] -= 1
                    found.add(i)
                    break
    return [s for i, s in enumerate(group) if i in found], [s for i, s in enumerate(group) if i not in found]


def _others_blanked(text: str, own: set[str], renderings: set[str], flags: int = 0) -> str:
    """``text`` with the longer renderings that hold one of ``own`` blanked out, so
    that a term is not counted inside another term's rendering: the ``outbreak`` of
    "COVID-19 outbreak" is ``épidémie de COVID-19``'s, not a second ``épidémie``'s."""
    holders = [r for r in renderings if r not in own and any(
        len(r) > len(o) and re.search(rf"(?<!\w){re.escape(o)}(?!\w)", r, flags) for o in own if o)]
    for r in sorted(holders, key=len, reverse=True):
        pattern = _exact_pattern(r) if not flags else rf"(?<!\w){re.escape(r)}(?!\w)"
        text = re.sub(pattern, lambda m: "\0" * len(m.group()), text, flags=flags)
    return text


def _protected(text: str, renderings: set[str], longer_than: int) -> str:
    """``text`` with the renderings already in place blanked out — only those longer
    than the phrase being looked for (``Britain`` does not shield ``Great Britain``)."""
    for r in sorted(renderings, key=len, reverse=True):
        if r and len(r) > longer_than:
            text = re.sub(_exact_pattern(r), lambda m: "\0" * len(m.group()), text)
    return text


def _replace_forbidden(text: str, forbid: list[str], rendering: str, renderings: set[str]) -> tuple[str, int]:
    count = 0
    for bad in sorted(forbid, key=len, reverse=True):
        masked = _protected(text, renderings, len(bad))
        hits = list(re.finditer(rf"(?<!\w){re.escape(bad)}(?!\w)", masked, flags=re.IGNORECASE))
        for m in reversed(hits):
            r = rendering
            if _sentence_start(text[:m.start()]):
                r = r[:1].upper() + r[1:]
            text = text[:m.start()] + r + text[m.end():]
        count += len(hits)
    return text, count


def _replace_one(text: str, candidates: list[str], slot: Slot, renderings: set[str]) -> tuple[str, bool]:
    """Replace the first occurrence of a candidate (longest first) that is not part
    of a longer rendering already in place; returns (text, whether one was found)."""
    from .normalize import normalize

    for phrase in candidates:
        masked = _protected(text, renderings, len(phrase))
        variants = dict.fromkeys((phrase, english_plural(phrase)))
        alts = "|".join(re.escape(v) for v in sorted(variants, key=len, reverse=True))
        span = None
        # never inside a hyphenated compound (south-American)
        for m in re.finditer(rf"(?<![\w-])(?:{alts})(?![\w-])", masked, flags=re.IGNORECASE):
            if not _same_rendering(m.group(), renderings):  # one already right stays
                span = (m.start(), m.end())
                break
        if span is None:
            # accents dropped or changed by the engine (Sergueï → Serguei)
            n = normalize(text)
            key = " ".join(normalize(phrase).lower.split())
            at = n.lower.find(key) if len(key) >= 3 else -1
            while at >= 0:
                s0, e0 = n.span(at, at + len(key))
                if (s0 == 0 or not (text[s0 - 1].isalnum() or text[s0 - 1] == "-")) \
                        and (e0 == len(text) or not (text[e0].isalnum() or text[e0] == "-")) \
                        and "\0" not in masked[s0:e0]:
                    span = (s0, e0)
                    break
                at = n.lower.find(key, at + 1)
        intruder = ""
        if span is None:
            found = _split_phrase(text, masked, phrase)
            if found is None:
                continue
            span, intruder = found
        start, end = span
        rendering = f"{intruder} {slot.rendering}" if intruder else slot.rendering
        if _sentence_start(text[:start]):
            rendering = rendering[:1].upper() + rendering[1:]
        return text[:start] + rendering + text[end:], True
    return text, False


def _french_order(rendering: str) -> list[str]:
    """A two-word rendering in the French word order, noun first, in either
    number: what the engine writes when it does not reorder a noun and its
    adjective (``cas confirmés`` → "case confirmed" for "confirmed cases")."""
    words = rendering.split()
    if len(words) != 2 or not all(w.isalpha() and w.islower() for w in words):
        return []
    modifier, noun = words
    return list(dict.fromkeys(f"{n} {modifier}" for n in (noun, english_singular(noun), english_plural(noun))))


def _split_phrase(text: str, masked: str, phrase: str) -> Optional[tuple[tuple[int, int], str]]:
    """A multi-word phrase the engine split with one word (``drones Iranian
    kamikazes`` for ``drones kamikazes``): its span, and the intruding word, which
    goes before the rendering (``Iranian kamikaze drones``)."""
    words = phrase.split()
    if len(words) < 2:
        return None
    parts = [rf"{re.escape(w)}(?:s|es)?" for w in words]
    for gap in range(1, len(words)):
        rx = r"(?<!\w)" + r"\s+".join(parts[:gap]) + r"\s+([\w-]+)\s+" + r"\s+".join(parts[gap:]) + r"(?!\w)"
        m = re.search(rx, masked, flags=re.IGNORECASE)
        if m:
            return (m.start(), m.end()), text[m.start(1):m.end(1)]
    return None


VOWEL_SOUND_EXCEPTIONS = re.compile(r"^(?:uni|use|usu|uti|eu|one|once|u\.|ur[aeiou])", re.IGNORECASE)
SILENT_H = re.compile(r"^(?:hour|honou?r|heir|honest)", re.IGNORECASE)
#: initialisms read letter by letter that start with a vowel sound (an FBI agent, an NGO)
VOWEL_LETTERS = set("AEFHILMNORSX")


def an_before(word: str) -> bool:
    """Whether English writes "an" before ``word``."""
    if not word:
        return False
    letters = re.sub(r"[^A-Za-z]", "", word.split()[0])
    if len(letters) >= 2 and letters.isupper() and not re.match(r"[A-Z][a-z]", word):
        if len(letters) >= 4 and re.search(r"[AEIOU]", letters[1:]):
            return letters[0] in "AEIO"  # read as a word: a NATO summit, an OPEC member
        return letters[0] in VOWEL_LETTERS  # spelt out: an NGO, an FBI agent, a U.S. official
    if SILENT_H.match(word):
        return True
    if VOWEL_SOUND_EXCEPTIONS.match(word):
        return False
    return word[:1].lower() in "aeiou"


TITLE = re.compile(r"^(?:[A-Z][a-z]{1,5}\.\s*)+$")  # Gen., Brig. Gen. — not U.S.


def fix_articles(text: str, slots: list[Slot]) -> str:
    """Around each rendering: "a"/"an" agreeing with it, and no "the" before a
    title written as an abbreviation before a name (``Brig. Gen. Patrick Ryder``)."""
    for r in sorted({s.rendering for s in slots} | {_core(s.rendering) for s in slots}, key=len, reverse=True):
        if not r:
            continue

        def article(m: re.Match, r: str = r) -> str:  # r bound now: re.sub calls it in this iteration
            a = m.group(1)
            want = "an" if an_before(r) else "a"
            if a[0].isupper():
                want = want.capitalize()
            return f"{want}{m.group(2)}"

        text = _rx(rf"(?<!\w)(an|a|An|A)(\s+)(?={re.escape(r)}(?!\w))").sub(article, text)

        def article_before_word(m: re.Match) -> str:  # "a exact mortality rate": a word moved before it
            want = "an" if an_before(m.group(3)) else "a"
            return f"{want.capitalize() if m.group(1)[0].isupper() else want}{m.group(2)}"

        text = _rx(rf"(?<![\w'’-])(an|a|An|A)(\s+)(?=([^\W\d_][\w'’-]*)\s+{re.escape(r)}(?!\w))").sub(
            article_before_word, text)
        if TITLE.match(r):
            text = re.sub(rf"(?<!\w)(?:the|The)\s+({re.escape(r)}\s+[A-Z])",
                          lambda m: m.group(1)[:1].upper() + m.group(1)[1:] if m.start() == 0 else m.group(1), text)
    return text


def _drop_article(text: str, rendering: str) -> str:
    """No "the" before a name (``the NATO`` → ``NATO``); a rendering with its own
    article keeps exactly one (``the the Netherlands`` → ``the Netherlands``)."""
    core = _core(rendering)
    pattern = rf"(?<![\w-])(the|The|THE)\s+(?={re.escape(core)}(?!\w))"
    if rendering != core:  # "the Netherlands": drop the engine's extra one only
        pattern = rf"(?<![\w-])(the|The|THE)\s+(?=(?i:the)\s+{re.escape(core)}(?!\w))"
    out, pos = [], 0
    for m in _rx(pattern).finditer(text):
        out.append(text[pos:m.start()])
        pos = m.end()
        if m.group(1)[0].isupper() and pos < len(text):
            out.append(text[pos].upper())  # "The NATO says" → "NATO says"
            pos += 1
    out.append(text[pos:])
    return "".join(out)


def _preposed(text: str, rendering: str) -> str:
    """``the minister Latvian`` → ``the Latvian minister`` (a French post-posed
    adjective that the engine left in place)."""
    def swap(m: re.Match) -> str:
        if m.group(2).lower() in DETERMINERS:  # "of the U.S. …": already before its noun
            return m.group()
        return f"{m.group(1)}{m.group(3)} {m.group(2)}"

    return re.sub(rf"(?<!\w)((?:{'|'.join(DETERMINERS)})\s+)([a-z][a-z-]*)\s+({re.escape(rendering)})(?![\w-])",
                  swap, text, count=1, flags=re.IGNORECASE)
