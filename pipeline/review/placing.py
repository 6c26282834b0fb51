"""Reviewers' work placed on a document's current sentences, for a run or a save.

``place_document`` places the document's edits by content (``identity``) and
records where the exactly-placed ones now sit, so the next revision still has
their neighbours as context. ``approved_reuse`` finds the approved translation
of identical sentences anywhere in the corpus (status ``propagated``).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Sequence

from ..model import Segment, Status, TermReport
from .human_terms import human_terms
from .identity import Placement, anchors, place_edits, source_key

if TYPE_CHECKING:
    from ..memory import Edit, Memory


def place_document(memory: Memory, document: str, sentences: Sequence[tuple[str, str]],
                   reanchor: bool = True) -> dict[str, Placement]:
    placed, _ = place_edits(sentences, memory.edits_of(document))
    if reanchor:
        where = dict(zip((sid for sid, _ in sentences), anchors([t for _, t in sentences])))
        moves = []
        for sid, p in placed.items():
            a, e = where[sid], p.edit
            # (an edit from the memory always has its uid; a None one would match no row)
            if p.exact and e.uid is not None and (e.segment_id, e.prev_key, e.next_key) != (sid, a.prev, a.next):
                moves.append((e.uid, sid, a.prev, a.next))
        memory.reanchor(moves)
    return placed


def take_edit(seg: Segment, edit: Edit, policy=None, previous: Iterable[TermReport] = ()) -> Segment:
    """Give ``seg`` a reviewer's edit placed on it: its English, status, reviewer and terms."""
    seg.target, seg.status, seg.engine, seg.model = edit.target, Status(edit.status), "human", ""
    seg.terms = human_terms(seg.source, edit.target, policy, previous)
    # An edit without a name leaves the segment's reviewer as it was (the caller decides).
    if getattr(edit, "reviewer", ""):
        seg.reviewer = edit.reviewer
    return seg


def approved_reuse(memory: Memory, texts: Iterable[str]) -> dict[str, Edit]:
    """{text: the latest approved edit of an identical sentence} for the texts that have one."""
    texts = list(texts)
    found = memory.approved_for(source_key(t) for t in texts)
    return {t: found[source_key(t)] for t in texts if source_key(t) in found}


def take_reuse(seg: Segment, edit: Edit, policy=None, previous: Iterable[TermReport] = ()) -> Segment:
    """Give ``seg`` the approved translation of an identical sentence (status ``propagated``)."""
    take_edit(seg, edit, policy, previous)
    seg.status = Status.PROPAGATED
    seg.propagated_from = {"document": edit.document, "segment": edit.segment_id}
    return seg
