"""Apply reviewers' edits: to the memory first, then to out/<doc>.json/.md and the pages.

Every way of editing (``pipeline review edit``, the review app, XLIFF import)
goes through ``apply_edits``, so edits are validated the same way and are all
or nothing: every segment id is checked before anything is written, and
``Memory.save_edits`` stores them in one transaction. The document's JSON and
Markdown are then rewritten atomically with QA re-run on the changed segments;
nothing is re-translated. If static review pages exist they are rebuilt for the
document, so they never show an older text than the memory.
"""
from __future__ import annotations

import contextlib
import fcntl
import json
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

from ..atomic import write_text_atomic
from ..errors import UsageError
from ..memory import Edit, Memory
from ..output import document_markdown
from ..qa import check_segment

STATUSES = ("edited", "approved")
_NAME_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")
_LOCK = threading.Lock()


class ReviewError(UsageError):
    """Bad edit: unknown document or segment, wrong file. Nothing was applied."""


@dataclass
class EditRequest:
    segment: str
    target: Optional[str] = None      # None: keep the current English (approve as is)
    status: str = "edited"


def memory_file(out_dir: Path) -> Path:
    return Path(out_dir) / "memory.sqlite"


def document_names(out_dir: Path) -> list[str]:
    """Documents that have an out/<stem>.json (the translated corpus)."""
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        return []
    return sorted(p.stem for p in out_dir.glob("*.json") if _NAME_RE.match(p.stem))


def document_path(out_dir: Path, document: str) -> Path:
    """out/<document>.json, refusing any name that could leave out/."""
    if not isinstance(document, str) or not _NAME_RE.match(document) or ".." in document:
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
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise ReviewError(f"{path}: not a readable translated document ({err})") from None


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
    seen = set()
    for e in edits:
        if e.segment in seen:
            raise ReviewError(f"{document} {e.segment}: edited twice in one batch; nothing was applied")
        seen.add(e.segment)
    return by_id


def write_outputs(out_dir: Path, data: dict) -> None:
    out_dir = Path(out_dir)
    write_text_atomic(out_dir / f"{data['document']}.json", json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    write_text_atomic(out_dir / f"{data['document']}.md", document_markdown(data))


def apply_edits(out_dir: Path, document: str, edits: Iterable[EditRequest],
                memory: Optional[Memory] = None, rebuild_pages: bool = True) -> list[dict]:
    """Save ``edits`` of one document; return the updated segments.

    Raises ReviewError (nothing applied) on an unknown document or segment id.
    """
    out_dir = Path(out_dir)
    edits = list(edits)
    if not edits:
        return []
    with locked(out_dir):
        data = load_document(out_dir, document)
        by_id = _validate(data, document, edits)
        now = time.time()
        rows = []
        for e in edits:
            seg = by_id[e.segment]
            target = seg["target"] if e.target is None else e.target
            rows.append(Edit(document, e.segment, seg["source"], target, e.status, now))
        own = memory is None
        mem = Memory(memory_file(out_dir)) if own else memory
        try:
            mem.save_edits(rows)          # one transaction: all or nothing
        finally:
            if own:
                mem.close()
        changed = []
        for row in rows:
            seg = by_id[row.segment_id]
            seg.update(target=row.target, status=row.status, engine="human", model="")
            # The reviewer has now seen the current source: the old edit is settled.
            seg.pop("stale_edit", None)
            seg["flags"] = check_segment(seg)
            changed.append(seg)
        write_outputs(out_dir, data)
        if rebuild_pages:
            from .pages import rebuild_if_present
            rebuild_if_present(out_dir, document)
    return changed


def edit_segment(out_dir: Path, document: str, segment: str, target: Optional[str],
                 approve: bool = False) -> dict:
    status = "approved" if approve else "edited"
    return apply_edits(out_dir, document, [EditRequest(segment, target, status)])[0]
