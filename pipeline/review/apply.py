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

import contextlib
import fcntl
import json
import threading
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

from ..atomic import write_text_atomic
from ..errors import UsageError
from ..inputs import DOCUMENT_NAME_RE
from ..memory import Edit, Memory
from ..output import document_markdown
from ..qa import check_segment

STATUSES = ("edited", "approved")
# Statuses a reuse may overwrite: never a reviewer's own work.
REUSABLE = ("machine", "propagated")
MAX_TARGET = 20_000
_NAME_RE = DOCUMENT_NAME_RE   # any name `pipeline translate` writes (pipeline.inputs)
_LOCK = threading.Lock()


class ReviewError(UsageError):
    """Bad edit: unknown document or segment, wrong file. Nothing was applied."""


@dataclass
class EditRequest:
    segment: str
    target: Optional[str] = None      # None: keep the current English (approve as is)
    status: str = "edited"
    reviewer: str = ""


def memory_file(out_dir: Path) -> Path:
    return Path(out_dir) / "memory.sqlite"


def document_names(out_dir: Path) -> list[str]:
    """Documents that have an out/<stem>.json (the translated corpus)."""
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        return []
    # A symlink or a non-file is not a document we wrote (it could point anywhere).
    return sorted(p.stem for p in out_dir.glob("*.json")
                  if _NAME_RE.match(p.stem) and not p.is_symlink() and p.is_file())


def document_path(out_dir: Path, document: str) -> Path:
    """out/<document>.json, refusing any name that could leave out/."""
    if not isinstance(document, str) or not _NAME_RE.match(document):
        raise ReviewError(f"{document!r}: not a document name")
    path = Path(out_dir) / f"{document}.json"
    if Path(out_dir).resolve() != path.resolve().parent:
        raise ReviewError(f"{document!r}: not a document in {out_dir}")
    if not path.is_file():
        raise ReviewError(f"{document}: no such document in {out_dir} (run `pipeline translate` first)")
    return path


def load_document(out_dir: Path, document: str) -> dict:
    path = document_path(out_dir, document)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError) as err:
        raise ReviewError(f"{path}: not a readable translated document ({err})") from None
    problem = _shape_problem(data)
    if problem:
        raise ReviewError(f"{path}: not a translated document ({problem})")
    # The file name is the document's identity: a copied or hand-edited file must
    # not make a save write to another name (or outside out/).
    data["document"] = document
    return data


def _shape_problem(data) -> Optional[str]:
    """Why ``data`` is not what `pipeline translate` writes, or None (a stray JSON file fails here)."""
    if not isinstance(data, dict):
        return "not a JSON object"
    if not isinstance(data.get("document"), str) or not isinstance(data.get("segments"), list):
        return "no document name or segment list"
    for k in ("metadata", "engine"):
        if not isinstance(data.get(k, {}), dict):
            return f"{k} is not an object"
    for n, seg in enumerate(data["segments"]):
        if not isinstance(seg, dict):
            return f"segment {n + 1} is not an object"
        for k in ("id", "source", "target", "status"):
            if not isinstance(seg.get(k), str):
                return f"segment {n + 1} has no text {k!r}"
        if not isinstance(seg.get("paragraph"), int):
            return f"segment {n + 1} has no paragraph number"
        if not isinstance(seg.get("terms", []), list) or not isinstance(seg.get("flags", []), list):
            return f"segment {n + 1}: terms/flags are not lists"
    return None


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


@contextlib.contextmanager
def locked(out_dir: Path):
    """One writer of out/ at a time: threads of the review app and other processes."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with _LOCK, open(out_dir / ".review.lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _validate(data: dict, document: str, edits: list[EditRequest]) -> dict[str, dict]:
    by_id = {s["id"]: s for s in data.get("segments", [])}
    unknown = [e.segment for e in edits if e.segment not in by_id]
    if unknown:
        raise ReviewError(f"{document}: unknown segment id{'s' if len(unknown) > 1 else ''} "
                          f"{', '.join(map(str, unknown))}; nothing was applied")
    for e in edits:
        if e.status not in STATUSES:
            raise ReviewError(f"{document} {e.segment}: status must be edited or approved, not {e.status!r}")
        if e.target is not None and not isinstance(e.target, str):
            raise ReviewError(f"{document} {e.segment}: the target must be text")
        target = by_id[e.segment]["target"] if e.target is None else e.target
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


_ENCODER = json.JSONEncoder(ensure_ascii=False)


def document_json_text(data: dict) -> str:
    """The document as JSON, one segment per line.

    ``json.dumps(indent=…)`` falls back to the pure-Python encoder (0.5 s for
    2,000 segments, most of a save); compact segments use the C encoder.
    """
    head = json.dumps({k: v for k, v in data.items() if k != "segments"}, ensure_ascii=False, indent=2)
    encode = _ENCODER.encode
    segments = ",\n".join("    " + encode(s) for s in data.get("segments", []))
    body = f'"segments": [\n{segments}\n  ]' if segments else '"segments": []'
    return (head[:-2] + ",\n  " if head != "{}" else "{\n  ") + body + "\n}\n"


def write_outputs(out_dir: Path, data: dict) -> None:
    out_dir = Path(out_dir)
    write_text_atomic(out_dir / f"{data['document']}.json", document_json_text(data))
    write_text_atomic(out_dir / f"{data['document']}.md", document_markdown(data))


def apply_edits(out_dir: Path, document: str, edits: Iterable[EditRequest],
                memory: Optional[Memory] = None, rebuild_pages: bool = True,
                glossary_dir: Optional[Path] = None) -> list[dict]:
    """Save ``edits`` of one document; return the updated segments.

    Raises ReviewError (nothing applied) on an unknown document or segment id.
    """
    return apply_edits_full(out_dir, document, edits, memory, rebuild_pages, glossary_dir)[0]


def apply_edits_full(out_dir: Path, document: str, edits: Iterable[EditRequest],
                     memory: Optional[Memory] = None, rebuild_pages: bool = True,
                     glossary_dir: Optional[Path] = None, elsewhere: bool = True) -> tuple[list[dict], dict]:
    """``apply_edits`` that also gives the document as written (for live counts).

    ``elsewhere=False``: approvals are reused in this document only; the caller
    (the review app, off the request path) calls ``propagate_elsewhere``.
    """
    from .human_terms import glossary_policy
    from .identity import anchors, place_edits
    from .placing import human_fields

    out_dir = Path(out_dir)
    edits = list(edits)
    if not edits:
        return [], {}
    policy = glossary_policy(glossary_dir)
    with locked(out_dir):
        data = load_document(out_dir, document)
        by_id = _validate(data, document, edits)
        own = memory is None
        mem = Memory(memory_file(out_dir)) if own else memory
        try:
            sentences = [(s["id"], s["source"]) for s in data["segments"]]
            anchor_list = anchors([t for _, t in sentences])
            placed, _ = place_edits(sentences, mem.edits_of(document), anchor_list)
            where = dict(zip((sid for sid, _ in sentences), anchor_list))
            now = time.time()
            rows = []
            for e in edits:
                seg = by_id[e.segment]
                target = seg["target"] if e.target is None else e.target
                here = placed.get(e.segment)
                a = where[e.segment]
                rows.append(Edit(document, e.segment, seg["source"], target, e.status, now, e.reviewer,
                                 uid=here.edit.uid if here else None, prev_key=a.prev, next_key=a.next))
            mem.save_edits(rows)          # one transaction: all or nothing
        finally:
            if own:
                mem.close()
        changed = []
        for row in rows:
            seg = by_id[row.segment_id]
            seg.update(human_fields(row, seg["source"], policy, seg.get("terms", [])))
            if not row.reviewer:
                seg.pop("reviewer", None)
            # The reviewer has now seen the current source: the old edit is settled.
            seg.pop("stale_edit", None)
            seg.pop("propagated_from", None)
            seg["flags"] = check_segment(seg)
            changed.append(seg)
        approved = [r for r in rows if r.status == "approved"]
        changed += propagate_in(data, approved, policy)
        write_outputs(out_dir, data)
        others = propagate_elsewhere(out_dir, document, approved, policy) if approved and elsewhere else []
        if rebuild_pages:
            from .pages import rebuild_if_present
            rebuild_if_present(out_dir, document)
            for name in others:
                rebuild_if_present(out_dir, name)
    return changed, data


def propagate_in(data: dict, approved: list[Edit], policy=None) -> list[dict]:
    """Give every untouched identical sentence of ``data`` its approved translation."""
    from .identity import source_key
    from .placing import reuse_fields
    by_key = {r.source_key: r for r in approved}
    changed = []
    if not by_key:
        return changed
    for seg in data["segments"]:
        edit = by_key.get(source_key(seg["source"]))
        if (edit is None or seg.get("status") not in REUSABLE
                or (data["document"], seg["id"]) == (edit.document, edit.segment_id)):
            continue
        if seg["target"] == edit.target and seg.get("status") == "propagated":
            continue
        seg.update(reuse_fields(edit, seg["source"], policy, seg.get("terms", [])))
        seg["flags"] = check_segment(seg)
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
        except ReviewError:
            continue
        if propagate_in(other, approved, policy):
            write_outputs(out_dir, other)
            written.append(name)
    return written


def edit_segment(out_dir: Path, document: str, segment: str, target: Optional[str],
                 approve: bool = False, reviewer: str = "", glossary_dir: Optional[Path] = None) -> dict:
    status = "approved" if approve else "edited"
    return apply_edits(out_dir, document, [EditRequest(segment, target, status, reviewer)],
                       glossary_dir=glossary_dir)[0]
