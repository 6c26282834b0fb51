"""Which sentence an edit belongs to: by content, never by position.

Like a CAT tool's context match, an edit is anchored to its source sentence
(normalised text) plus the normalised text of the sentences before and after
it. Ids such as ``p3.s2`` are only for display: when an article is revised
(paragraphs inserted, removed or moved) the ids shift, the anchors do not.

``place_edits`` resolves a document's edits against its current sentences:

1. *exact*: the edit's source is in the document. When the same sentence
   occurs several times, the occurrence whose neighbours match the edit's
   context wins; ties keep the original order (the n-th edit of a repeated
   sentence goes to its n-th occurrence).
2. *stale*: the edit's source is gone but a sentence that has no edit of its
   own is at least ``STALE_SIMILARITY`` % similar (rapidfuzz ratio): that
   sentence was revised. It is re-translated and the old edit is shown beside
   it for the reviewer to reuse or redo. Matching neighbours break ties.
3. anything left is an *orphan*: kept in the memory, listed by
   ``pipeline review orphans``, never deleted.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Optional, Sequence

if TYPE_CHECKING:
    from ..memory import Edit

STALE_SIMILARITY = 75.0
# One matching neighbour is worth this many points of similarity when ranking stale candidates.
CONTEXT_WEIGHT = 15.0

_QUOTES = {"’": "'", "‘": "'", "ʼ": "'", "‛": "'", "′": "'", "“": '"', "”": '"', "„": '"', "‟": '"'}
_QUOTE_RE = re.compile("[" + "".join(_QUOTES) + "]")
_ID = re.compile(r"^p(\d+)\.s(\d+)$")


@functools.lru_cache(maxsize=1 << 16)   # a save re-keys the whole document: mostly the same texts
def source_key(text: str) -> str:
    """The identity of a sentence: NFC, one kind of apostrophe and quote, single spaces."""
    text = text or ""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = _QUOTE_RE.sub(lambda m: _QUOTES[m.group()], text)  # a C scan; str.translate is 10× slower
    return " ".join(text.split())


@dataclass(frozen=True)
class Anchor:
    """Where a sentence sits by content: its key and its neighbours' keys."""

    key: str
    prev: str
    next: str


def anchors(texts: Sequence[str]) -> list[Anchor]:
    keys = [source_key(t) for t in texts]
    return [Anchor(k, keys[i - 1] if i > 0 else "", keys[i + 1] if i + 1 < len(keys) else "")
            for i, k in enumerate(keys)]


@dataclass
class Placement:
    """An edit placed on a sentence: ``exact`` (same source) or ``stale`` (source revised)."""

    edit: Edit
    kind: str
    similarity: float = 100.0

    @property
    def exact(self) -> bool:
        return self.kind == "exact"

    def stale_view(self) -> dict:
        """What a segment shows of an edit made for an earlier version of its source."""
        e = self.edit
        view = {"source": e.source, "target": e.target, "status": e.status,
                "similarity": round(self.similarity, 1)}
        if getattr(e, "uid", None) is not None:
            view["edit"] = e.uid
        if getattr(e, "reviewer", ""):
            view["reviewer"] = e.reviewer
        return view


def _context_score(edit: Edit, anchor: Anchor) -> int:
    score = 0
    if getattr(edit, "prev_key", None) is not None and edit.prev_key == anchor.prev:
        score += 1
    if getattr(edit, "next_key", None) is not None and edit.next_key == anchor.next:
        score += 1
    return score


def _position(segment_id: str) -> tuple[int, int]:
    m = _ID.match(segment_id or "")
    return (int(m.group(1)), int(m.group(2))) if m else (1 << 30, 0)


def place_edits(sentences: Sequence[tuple[str, str]], edits: Iterable,
                anchor_list: Optional[list[Anchor]] = None) -> tuple[dict[str, Placement], list]:
    """Place ``edits`` on ``sentences`` ((id, text) in document order).

    Returns ({sentence id: Placement}, edits placed nowhere). Each sentence
    gets at most one edit and each edit at most one sentence. ``anchor_list``:
    the sentences' anchors, if the caller has them already.
    """
    ids = [sid for sid, _ in sentences]
    anchor = anchor_list if anchor_list is not None else anchors([text for _, text in sentences])
    edits = sorted(edits, key=lambda e: (_position(e.segment_id), getattr(e, "uid", 0) or 0))
    by_key: dict[str, list[int]] = {}
    for i, here in enumerate(anchor):
        by_key.setdefault(here.key, []).append(i)
    edits_by_key: dict[str, list] = {}
    for e in edits:
        edits_by_key.setdefault(source_key(e.source), []).append(e)

    placed: dict[str, Placement] = {}
    taken: set[int] = set()
    left: list = []
    # 1. exact: best context first; among equals, keep the original order.
    for key, group in edits_by_key.items():
        where = by_key.get(key, [])
        pairs = []
        for rank_e, e in enumerate(group):
            for rank_s, i in enumerate(where):
                pairs.append((-_context_score(e, anchor[i]), abs(rank_e - rank_s), rank_e, rank_s, i))
        pairs.sort()
        used: set[int] = set()
        for _, _, rank_e, _, i in pairs:
            if rank_e in used or i in taken:
                continue
            used.add(rank_e)
            taken.add(i)
            placed[ids[i]] = Placement(group[rank_e], "exact")
        left.extend(e for rank_e, e in enumerate(group) if rank_e not in used)

    # 2. stale: a sentence without an edit of its own that is a revision of an edit's source.
    #    Sentences identical to an edited one are reuse candidates, not revisions.
    free = [i for i in range(len(ids)) if i not in taken and anchor[i].key not in edits_by_key]
    orphans: list = []
    if left and free:
        from rapidfuzz import fuzz, process  # here: only a run with edits to place pays its import

        scores = process.cdist([source_key(e.source) for e in left], [anchor[i].key for i in free],
                               scorer=fuzz.ratio, score_cutoff=STALE_SIMILARITY, workers=1)
        candidates = []
        for a, e in enumerate(left):
            for b, i in enumerate(free):
                sim = float(scores[a][b])
                if sim >= STALE_SIMILARITY:
                    rank = sim + CONTEXT_WEIGHT * _context_score(e, anchor[i])
                    candidates.append((-rank, a, i, sim))
        candidates.sort()
        used_e: set[int] = set()
        for _, a, i, sim in candidates:
            if a in used_e or i in taken:
                continue
            used_e.add(a)
            taken.add(i)
            placed[ids[i]] = Placement(left[a], "stale", sim)
        orphans = [e for a, e in enumerate(left) if a not in used_e]
    else:
        orphans = left
    return placed, orphans


def similarity(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    return float(fuzz.ratio(source_key(a), source_key(b)))


def anchor_of(sentences: Sequence[tuple[str, str]], segment_id: str) -> Optional[Anchor]:
    for (sid, _), a in zip(sentences, anchors([t for _, t in sentences])):
        if sid == segment_id:
            return a
    return None
