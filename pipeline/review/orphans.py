"""Edits whose sentence is in no current document: kept in the memory, listed, never deleted."""
from __future__ import annotations

from pathlib import Path

from ..memory import Edit, Memory
from ..store import StoreError, document_names, load_document, memory_file
from .identity import source_key


def find_orphans(out_dir: Path) -> tuple[list[Edit], list[str]]:
    """(orphaned edits, documents that could not be read).

    An edit is an orphan when its source sentence is in no readable document
    and no document shows it as the stale edit of a revised sentence.
    """
    present: set[str] = set()
    shown: set[int] = set()
    unreadable = []
    for name in document_names(out_dir):
        try:
            data = load_document(out_dir, name)
        except StoreError as err:
            unreadable.append(str(err))
            continue
        for seg in data.segments:
            present.add(source_key(seg.source))
            stale = seg.stale_edit
            if isinstance(stale, dict) and isinstance(stale.get("edit"), int):
                shown.add(stale["edit"])
    path = memory_file(out_dir)
    if not path.exists():
        return [], unreadable
    with Memory(path) as memory:
        edits = memory.all_edits()
    return [e for e in edits if e.source_key not in present and e.uid not in shown], unreadable
