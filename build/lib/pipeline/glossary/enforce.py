"""Enforcing the glossary around any engine: protect, translate, restore, verify.

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
from dataclasses import dataclass
from typing import Optional

from ..engines.base import Translation
from ..terms import Prepared
from .matcher import Match, Matcher
from .schema import Entry, Glossary

#: bump when the enforcement changes output, so the memory re-translates
ENFORCER_VERSION = "1"
PLACEHOLDER_BASE = 91370
SENTINEL_BASE = 0xE000  # private-use characters mark restored slots internally
SENTINEL_CLASS = f"[{chr(SENTINEL_BASE)}-{chr(SENTINEL_BASE + 0x7FF)}]"
DETERMINERS = {"the", "a", "an", "of", "his", "her", "its", "their", "our", "this", "these", "those",
               "some", "with", "for", "by", "to", "in", "on", "and", "from", "at", "as", "two", "three"}


def english_plural(word: str) -> str:
    head, _, last = word.rpartition(" ")
    if not last[-1:].isalpha() or re.search(r"(ory|ary|al|ic|ous|ive|ed|ing|ful|less|ble|ian|ese|ish)$", last):
        return word  # an adjective, a gerund or a code: English does not inflect it
    if re.search(r"[^aeiou]y$", last):
        last = last[:-1] + "ies"
    elif last.endswith(("s", "x", "z", "ch", "sh")):
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


def rendering_for(match: Match) -> str:
    e = match.entry
    text = e.en
    if match.plural:
        text = e.plural or english_plural(e.en)
    letters = [c for c in match.surface if c.isalpha()]
    if e.kind != "acronym" and len(letters) >= 4 and all(c.isupper() for c in letters):
        text = text.upper()
    return text


def _token_regex(token: str) -> re.Pattern:
    sep = r"[\s.,\u202f\u00a0']?"
    return re.compile(r"(?<!\d)" + sep.join(token) + r"(?!\d)")


def _core(rendering: str) -> str:
    return re.sub(r"^(?i:the)\s+", "", rendering)


def _count_any(text: str, phrases) -> int:
    """Non-overlapping, word-bounded, case-insensitive occurrences of any phrase."""
    alts = "|".join(re.escape(p) for p in sorted({p for p in phrases if p}, key=len, reverse=True))
    if not alts:
        return 0
    return len(re.findall(rf"(?<!\w)(?:{alts})(?!\w)", text, flags=re.IGNORECASE))


class GlossaryPolicy:
    def __init__(self, glossary: Glossary):
        self.glossary = glossary
        self.matcher = Matcher(glossary.entries)
        self.version = glossary.version

    # -- the TermPolicy protocol ------------------------------------------------
    def fingerprint(self, source: str) -> str:
        matches = self.matcher.find(source)
        if not matches:
            return ""
        hashes = sorted({m.entry.content_hash() for m in matches})
        return hashlib.sha256(("v" + ENFORCER_VERSION + ":" + ",".join(hashes)).encode()).hexdigest()[:16]

    def prepare(self, source: str) -> Prepared:
        matches = self.matcher.find(source)
        if not matches:
            return Prepared(source=source, engine_input=source, state=[])
        base = PLACEHOLDER_BASE
        while any(str(base + i) in source for i in range(len(matches))):
            base += 1000
        slots: list[Slot] = []
        pieces: list[str] = []
        pos = 0
        for i, m in enumerate(matches):
            token = str(base + i)
            pieces.append(source[pos:m.start])
            pieces.append(token)
            pos = m.end
            slots.append(Slot(m, token, rendering_for(m)))
        pieces.append(source[pos:])
        terms = [{"entry": s.match.entry.id, "source": s.match.surface, "target": s.rendering} for s in slots]
        return Prepared(source=source, engine_input="".join(pieces), state=slots, terms=terms)

    def finish(self, prepared: Prepared, translation: Translation) -> tuple[str, list[dict]]:
        slots: list[Slot] = prepared.state or []
        if not slots:
            return translation.text, []
        text = translation.text
        sentinels = {i: chr(SENTINEL_BASE + i) for i in range(len(slots))}
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
                def swap(m: re.Match) -> str:
                    return f"{m.group(1)}{s} {m.group(2)}"
                text = re.sub(rf"(?<!\w)((?:{'|'.join(DETERMINERS)})\s+)([a-z][a-z-]*|{SENTINEL_CLASS})\s+{s}", swap, text,
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
        text = self._verify(text, slots)
        text = _no_leaks(text, slots)
        terms = [{"entry": s.match.entry.id, "source": s.match.surface, "target": s.rendering,
                  "status": s.status} for s in slots]
        return text, terms

    def _verify(self, text: str, slots: list[Slot]) -> str:
        by_entry: dict[str, list[Slot]] = {}
        everything = {_core(s.rendering) for s in slots} | {_core(s.match.entry.en) for s in slots}
        for slot in slots:
            by_entry.setdefault(slot.match.entry.id, []).append(slot)
        for group in by_entry.values():
            entry: Entry = group[0].match.entry
            renderings = {_core(s.rendering) for s in group} | {_core(entry.en)}
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
            found = _count_any(text, renderings)
            if found < len(group):
                # not every occurrence made it: the ones we could not place are missing
                for s in group[found:]:
                    s.status = "missing"
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


def _no_leaks(text: str, slots: list[Slot]) -> str:
    for slot in slots:
        text = _token_regex(slot.token).sub("", text)
    text = re.sub(SENTINEL_CLASS, "", text)
    return re.sub(r"  +", " ", text).strip()


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
