"""Reviewers' work placed on a document's current sentences, for a run or a save.

``place_document`` places the document's edits by content (``identity``) and
records where the exactly-placed ones now sit, so the next revision still has
their neighbours as context. ``approved_reuse`` finds the approved translation
of identical sentences anywhere in the corpus (status ``propagated``).
"""
from __future__ import annotations

from typing import Iterable, Sequence

from .human_terms import human_terms
from .identity import Placement, anchors, place_edits, source_key


def place_document(memory, document: str, sentences: Sequence[tuple[str, str]],
                   reanchor: bool = True) -> dict[str, Placement]:
    placed, _ = place_edits(sentences, memory.edits_of(document))
    if reanchor:
        where = dict(zip((sid for sid, _ in sentences), anchors([t for _, t in sentences])))
        moves = []
        for sid, p in placed.items():
            a, e = where[sid], p.edit
            if p.exact and (e.segment_id, e.prev_key, e.next_key) != (sid, a.prev, a.next):
                moves.append((e.uid, sid, a.prev, a.next))
        memory.reanchor(moves)
    return placed


def human_fields(edit, source: str, policy=None, previous: Iterable[dict] = ()) -> dict:
    """A segment's fields for a reviewer's edit placed on it."""
    fields = {"target": edit.target, "status": edit.status, "engine": "human", "model": "",
              "terms": human_terms(source, edit.target, policy, previous)}
    if getattr(edit, "reviewer", ""):
        fields["reviewer"] = edit.reviewer
    return fields


def approved_reuse(memory, texts: Iterable[str]) -> dict[str, object]:
    """{text: the latest approved edit of an identical sentence} for the texts that have one."""
    texts = list(texts)
    found = memory.approved_for(source_key(t) for t in texts)
    return {t: found[source_key(t)] for t in texts if source_key(t) in found}


def reuse_fields(edit, source: str, policy=None, previous: Iterable[dict] = ()) -> dict:
    """A segment's fields when it takes the approved translation of an identical sentence."""
    fields = human_fields(edit, source, policy, previous)
    fields["status"] = "propagated"
    fields["propagated_from"] = {"document": edit.document, "segment": edit.segment_id}
    return fields
