"""Apply reviewers' edits: to the memory first, then to out/<doc>.json/.md and the pages.

Every way of editing (``pipeline review edit``, the review app, XLIFF import)
goes through ``apply_edits``, so edits are validated the same way and are all
or nothing: every segment id is checked before anything is written, and
``Memory.save_edits`` stores them in one transaction. The segment id only says
which sentence the reviewer is looking at: the edit is stored against that
sentence's content (``identity``), updating the edit already placed on it (or
the stale edit of its earlier version) instead of adding a second one.
The document's JSON and Markdown are then rewritten atomically with QA re-run
on the changed segments; nothing is re-translated. An approval is reused on
every identical sentence of the corpus (status ``propagated``) that no reviewer
has touched. If static review pages exist they are rebuilt for the document
(the review app does that off the request path), so they never stay older than
the memory.
"""
from __future__ import annotations

import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

from ..memory import Edit, Memory
from ..model import REUSABLE, REVIEWER_STATUSES, AlignedDocument, Segment, Status
from ..qa import check_segment
from ..store import StoreError, document_names, load_document, locked, memory_file, save_document
from .human_terms import glossary_policy
from .identity import anchors, place_edits, source_key
from .pages import rebuild_if_present
from .placing import take_edit, take_reuse

MAX_TARGET = 20_000


class ReviewError(StoreError):
    """Bad edit: unknown segment, bad text or status. Nothing was applied.

    (A document that cannot be found or read is a ``store.StoreError``, this class's base.)"""


@dataclass
class EditRequest:
    segment: str
    target: Optional[str] = None      # None: keep the current English (approve as is)
    status: str = Status.EDITED
    reviewer: str = ""


def text_problem(text: str, what: str = "the English") -> Optional[str]:
    """Why a reviewer's text cannot be stored, or None: control characters, lone surrogates."""
    if len(text) > MAX_TARGET:
        return f"{what} is too long ({len(text)} characters, at most {MAX_TARGET})"
    for i, ch in enumerate(text):
        cat = unicodedata.category(ch)
        if cat == "Cs":
            return f"{what} contains a lone surrogate (U+{ord(ch):04X}) at character {i + 1}"
        if cat == "Cc":
            name = {"\n": "a line break", "\r": "a line break", "\t": "a tab", "\x00": "a NUL character"}.get(
                ch, f"the control character U+{ord(ch):04X}")
            return f"{what} contains {name} at character {i + 1}; a segment is one line of plain text"
    return None


def _validate(data: AlignedDocument, document: str, edits: list[EditRequest]) -> dict[str, Segment]:
    by_id = {s.id: s for s in data.segments}
    unknown = [e.segment for e in edits if e.segment not in by_id]
    if unknown:
        raise ReviewError(f"{document}: unknown segment id{'s' if len(unknown) > 1 else ''} "
                          f"{', '.join(map(str, unknown))}; nothing was applied")
    for e in edits:
        if e.status not in REVIEWER_STATUSES:
            raise ReviewError(f"{document} {e.segment}: status must be edited or approved, not {e.status!r}")
        if e.target is not None and not isinstance(e.target, str):
            raise ReviewError(f"{document} {e.segment}: the target must be text")
        target = by_id[e.segment].target if e.target is None else e.target
        if not target.strip():
            raise ReviewError(f"{document} {e.segment}: the English cannot be empty; nothing was applied")
        problem = text_problem(target) or text_problem(e.reviewer or "", "the reviewer's name")
        if problem:
            raise ReviewError(f"{document} {e.segment}: {problem}; nothing was applied")
    seen = set()
    for e in edits:
        if e.segment in seen:
            raise ReviewError(f"{document} {e.segment}: edited twice in one batch; nothing was applied")
        seen.add(e.segment)
    return by_id


def apply_edits(out_dir: Path, document: str, edits: Iterable[EditRequest],
                memory: Optional[Memory] = None, rebuild_pages: bool = True,
                glossary_dir: Optional[Path] = None) -> list[Segment]:
    """Save ``edits`` of one document; return the updated segments.

    Raises ReviewError (nothing applied) on an unknown document or segment id.
    """
    return apply_edits_full(out_dir, document, edits, memory, rebuild_pages, glossary_dir)[0]


def apply_edits_full(out_dir: Path, document: str, edits: Iterable[EditRequest],
                     memory: Optional[Memory] = None, rebuild_pages: bool = True,
                     glossary_dir: Optional[Path] = None,
                     elsewhere: bool = True) -> tuple[list[Segment], Optional[AlignedDocument]]:
    """``apply_edits`` that also gives the document as written (for live counts).

    ``elsewhere=False``: approvals are reused in this document only; the caller
    (the review app, off the request path) calls ``propagate_elsewhere``.
    """
    out_dir = Path(out_dir)
    edits = list(edits)
    if not edits:
        return [], None
    policy = glossary_policy(glossary_dir)
    with locked(out_dir):
        data = load_document(out_dir, document)
        by_id = _validate(data, document, edits)
        own = memory is None
        mem = memory if memory is not None else Memory(memory_file(out_dir))
        try:
            sentences = [(s.id, s.source) for s in data.segments]
            anchor_list = anchors([t for _, t in sentences])
            placed, _ = place_edits(sentences, mem.edits_of(document), anchor_list)
            where = dict(zip((sid for sid, _ in sentences), anchor_list))
            now = time.time()
            rows = []
            for e in edits:
                seg = by_id[e.segment]
                target = seg.target if e.target is None else e.target
                here = placed.get(e.segment)
                a = where[e.segment]
                rows.append(Edit(document, e.segment, seg.source, target, str(e.status), now, e.reviewer,
                                 uid=here.edit.uid if here else None, prev_key=a.prev, next_key=a.next))
            mem.save_edits(rows)          # one transaction: all or nothing
        finally:
            if own:
                mem.close()
        changed: list[Segment] = []
        for row in rows:
            seg = by_id[row.segment_id]
            take_edit(seg, row, policy, seg.terms)
            if not row.reviewer:
                seg.reviewer = ""
            # The reviewer has now seen the current source: the old edit is settled.
            seg.stale_edit = None
            seg.propagated_from = None
            seg.flags = check_segment(seg)
            changed.append(seg)
        approved = [r for r in rows if r.status == Status.APPROVED]
        changed += propagate_in(data, approved, policy)
        save_document(out_dir, data)
        others = propagate_elsewhere(out_dir, document, approved, policy) if approved and elsewhere else []
        if rebuild_pages:
            rebuild_if_present(out_dir, document)
            for name in others:
                rebuild_if_present(out_dir, name)
    return changed, data


def propagate_in(data: AlignedDocument, approved: list[Edit], policy=None) -> list[Segment]:
    """Give every untouched identical sentence of ``data`` its approved translation."""
    by_key = {r.source_key: r for r in approved}
    changed: list[Segment] = []
    if not by_key:
        return changed
    for seg in data.segments:
        edit = by_key.get(source_key(seg.source))
        if (edit is None or seg.status not in REUSABLE
                or (data.document, seg.id) == (edit.document, edit.segment_id)):
            continue
        if seg.target == edit.target and seg.status == Status.PROPAGATED:
            continue
        take_reuse(seg, edit, policy, seg.terms)
        seg.flags = check_segment(seg)
        changed.append(seg)
    return changed


def propagate_elsewhere(out_dir: Path, document: str, approved: list[Edit], policy=None) -> list[str]:
    """Reuse approvals in the other documents; one unreadable document is skipped, not fatal."""
    written = []
    for name in document_names(out_dir):
        if name == document:
            continue
        try:
            other = load_document(out_dir, name)
        except StoreError:
            continue
        if propagate_in(other, approved, policy):
            save_document(out_dir, other)
            written.append(name)
    return written


def edit_segment(out_dir: Path, document: str, segment: str, target: Optional[str],
                 approve: bool = False, reviewer: str = "", glossary_dir: Optional[Path] = None) -> Segment:
    status = Status.APPROVED if approve else Status.EDITED
    return apply_edits(out_dir, document, [EditRequest(segment, target, status, reviewer)],
                       glossary_dir=glossary_dir)[0]
