"""Glossary entries from the review app: preview, add, update, delete.

The entry follows the glossary schema (``pipeline.glossary.schema``: fr, en,
kind, variants, forbid, note; the kind picks the file via ``KIND_FILES``).
Every change goes through ``glossary.editing``, as `pipeline glossary add`
does: made on a scratch copy of the glossary first, in the glossary's own
block style, and the whole glossary is linted there: a duplicate or invalid
entry is refused with the lint's ``file:line: message`` and the real files are
left as they were. Only then are the changed files written (atomically).

``preview_entry`` says what an entry would change before it is written: the
warnings of ``entry_warnings`` (clause-like selections, single letters,
stop-words) and every segment of the corpus whose French it matches, with the
span the engine will be given the English for. An entry applies from the next
``pipeline translate`` run.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from markupsafe import Markup, escape

from ..errors import UsageError
from ..glossary import editing
from ..glossary.editing import change_glossary, clean_entry
from ..glossary.schema import KIND_FILES, Entry, load_glossary
from ..glossary.yamledit import append_entry
from ..store import StoreError, document_names, load_document
from .entry_warnings import entry_warnings

PREVIEW_LIMIT = 50


def _entry(kind: str, source: str, target: str, note: str = "", variants=(), forbid=()) -> Entry:
    return clean_entry(kind, source, target, note, variants, forbid, default_note="Added during review.")


def _change(glossary_dir: Path, edit: Callable[[Path], Path]) -> Path:
    """``editing.change_glossary`` for one file: the real path of the file ``edit`` changed."""
    changed: list[Path] = []
    change_glossary(glossary_dir, lambda scratch: changed.append(edit(scratch)))
    return Path(glossary_dir) / changed[0].name


def _append(scratch_dir: Path, entry: Entry) -> Path:
    return append_entry(scratch_dir / KIND_FILES[entry.kind], entry)


def add_entry(glossary_dir: Path, kind: str, source: str, target: str, note: str = "",
              variants=(), forbid=()) -> tuple[dict, Path]:
    entry = _entry(kind, source, target, note, variants, forbid)
    return entry.canonical(), editing.add_entry(glossary_dir, entry)


def _find(directory: Path, entry_id: str) -> Entry:
    for e in load_glossary(directory).entries:
        if e.id == entry_id:
            return e
    raise UsageError(f"{entry_id!r}: no such glossary entry")


def update_entry(glossary_dir: Path, entry_id: str, kind: str, source: str, target: str, note: str = "",
                 variants=(), forbid=()) -> tuple[dict, Path]:
    """Replace entry ``entry_id``; a change of kind moves it to the kind's file."""
    from ..glossary.yamledit import remove_entry
    entry = _entry(kind, source, target, note, variants, forbid)
    _find(glossary_dir, entry_id)

    def edit(scratch: Path) -> Path:
        old = _find(scratch, entry_id)
        remove_entry(old)
        if Path(old.file).name != KIND_FILES[entry.kind]:
            raise UsageError("changing an entry's kind: delete it and add it again")
        return _append(scratch, entry)
    return entry.canonical(), _change(glossary_dir, edit)


def delete_entry(glossary_dir: Path, entry_id: str) -> Path:
    from ..glossary.yamledit import remove_entry
    _find(glossary_dir, entry_id)
    return _change(glossary_dir, lambda scratch: remove_entry(_find(scratch, entry_id)))


def preview_entry(out_dir: Path, glossary_dir: Path, source: str, target: str, kind: str = "term",
                  note: str = "", variants=(), forbid=()) -> dict:
    """What the entry would do: warnings, and the segments it would change (before → after)."""
    from ..glossary.matcher import Matcher
    entry = _entry(kind, source, target, note, variants, forbid)
    warnings = entry_warnings(entry.fr, entry.en)
    existing = load_glossary(glossary_dir).find(entry.fr)
    if existing is not None:
        warnings.append(f"already in the glossary as entry {existing.id} ({existing.file}:{existing.line})")
    matcher = Matcher([entry])
    affected: list[dict] = []
    total = 0
    for name in document_names(out_dir):
        try:
            data = load_document(out_dir, name)
        except StoreError:
            continue
        for seg in data.segments:
            matches = matcher.find(seg.source)
            if not matches:
                continue
            total += 1
            if len(affected) >= PREVIEW_LIMIT:
                continue
            before, after, pos = [], [], 0
            for m in matches:
                before += [escape(seg.source[pos:m.start]), Markup("<mark>{}</mark>").format(m.surface)]
                after += [escape(seg.source[pos:m.start]), Markup("<ins>{}</ins>").format(entry.en)]
                pos = m.end
            before.append(escape(seg.source[pos:]))
            after.append(escape(seg.source[pos:]))
            affected.append({"document": name, "segment": seg.id, "status": seg.status,
                             "before": str(Markup("").join(before)), "after": str(Markup("").join(after)),
                             "english": seg.target,
                             "rendered": entry.en.casefold() in seg.target.casefold()})
    return {"entry": entry.canonical(), "warnings": warnings, "segments": total, "affected": affected,
            "note": "the entry applies from the next `pipeline translate` run; reviewers' edits are kept"}
