"""A segment's past and neighbours: edit history with diffs, revert, fuzzy matches.

* ``segment_history``: every version of the edit placed on a segment (it
  follows the sentence across revisions), each with a word diff against the
  machine output;
* ``revert_segment``: back to the machine output; the edit is retired, not
  deleted (its history stays);
* ``suggestions``: approved translations of similar sentences (rapidfuzz
  ratio ≥ 75 %), with the differences between the two French sentences marked.
"""
from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Optional

from markupsafe import Markup, escape
from rapidfuzz import fuzz, process

from ..memory import Edit, Memory
from ..model import AlignedDocument, Segment, Status, TermReport
from ..qa import check_segment
from ..store import load_document, locked, memory_file, save_document
from .apply import ReviewError
from .identity import STALE_SIMILARITY, place_edits, source_key

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


def diff_html(before: str, after: str) -> str:
    """``after`` with the words not in ``before`` in <ins> and the ones dropped in <del> (all escaped)."""
    a, b = _TOKEN.findall(before or ""), _TOKEN.findall(after or "")
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape("".join(b[j1:j2])))
            continue
        if i2 > i1:
            out.append(Markup("<del>{}</del>").format("".join(a[i1:i2])))
        if j2 > j1:
            out.append(Markup("<ins>{}</ins>").format("".join(b[j1:j2])))
    return str(Markup("").join(out))


def _segment(data: AlignedDocument, document: str, segment: str) -> Segment:
    seg = data.segment(segment)
    if seg is None:
        raise ReviewError(f"{document}: unknown segment id {segment[:40]!r}")
    return seg


def _placed(memory: Memory, data: AlignedDocument, document: str, segment: str):
    placed, _ = place_edits([(s.id, s.source) for s in data.segments], memory.edits_of(document))
    return placed.get(segment)


def segment_history(out_dir: Path, document: str, segment: str) -> dict:
    data = load_document(out_dir, document)
    seg = _segment(data, document, segment)
    with Memory(memory_file(out_dir)) as memory:
        placement = _placed(memory, data, document, segment)
        machine = memory.machine_for(seg.source)
        versions = memory.history_of(placement.edit.uid) if placement else []
    machine_text = machine.target if machine else None
    base = machine_text if machine_text is not None else seg.target
    return {
        "segment": segment, "source": seg.source, "target": seg.target, "status": seg.status,
        "machine": machine_text,
        "current_diff": diff_html(base, seg.target),
        "kind": placement.kind if placement else None,
        "history": [{"source": v.source, "target": v.target, "status": v.status, "reviewer": v.reviewer,
                     "updated": v.updated, "diff": diff_html(base, v.target)} for v in versions],
    }


def revert_segment(out_dir: Path, document: str, segment: str, reviewer: str = "",
                   glossary_dir: Optional[Path] = None) -> tuple[Segment, AlignedDocument]:
    """Put the machine output back; the reviewer's edit is retired (history kept)."""
    with locked(out_dir):
        data = load_document(out_dir, document)
        seg = _segment(data, document, segment)
        with Memory(memory_file(out_dir)) as memory:
            placement = _placed(memory, data, document, segment)
            if placement is None or not placement.exact:
                raise ReviewError(f"{document} {segment}: no reviewer's edit to revert")
            machine = memory.machine_for(seg.source)
            if machine is None:
                raise ReviewError(f"{document} {segment}: the machine output is not in the memory; "
                                  "run `pipeline translate` to get it back")
            memory.supersede(placement.edit.uid, reviewer)
        seg.target, seg.status = machine.target, Status.MACHINE
        seg.engine, seg.model = data.engine.get("name", ""), data.engine.get("model", "")
        seg.terms = [TermReport.from_dict(t) for t in machine.data.get("terms", []) if isinstance(t, dict)]
        seg.reviewer, seg.propagated_from, seg.stale_edit = "", None, None
        seg.flags = check_segment(seg)
        save_document(out_dir, data)
    return seg, data


def suggestions(out_dir: Path, document: str, segment: str, limit: int = 3) -> dict:
    data = load_document(out_dir, document)
    seg = _segment(data, document, segment)
    key = source_key(seg.source)
    with Memory(memory_file(out_dir)) as memory:
        approved = [e for e in memory.all_edits() if e.status == Status.APPROVED
                    and not (e.document == document and e.segment_id == segment and e.source_key == key)]
    by_key: dict[str, Edit] = {}
    for e in approved:   # latest approval per sentence
        if e.source_key not in by_key or e.updated >= by_key[e.source_key].updated:
            by_key[e.source_key] = e
    keys = list(by_key)
    found = process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=STALE_SIMILARITY, limit=limit)
    return {"segment": segment, "machine": seg.target, "matches": [
        {"similarity": round(score, 1), "source": by_key[k].source, "target": by_key[k].target,
         "document": by_key[k].document, "segment": by_key[k].segment_id,
         "source_diff": diff_html(by_key[k].source, seg.source),
         "target_diff": diff_html(seg.target, by_key[k].target)}
        for k, score, _ in found]}
