"""Glossary entries from the review app: preview, add, update, delete.

The entry follows the glossary schema (``pipeline.glossary.schema``: fr, en,
kind, variants, forbid, note; the kind picks the file via ``KIND_FILES``).
Every change is made on a scratch copy of the glossary first, in the
glossary's own block style (``glossary.yamledit``), and the whole glossary is
linted there: a duplicate or invalid entry is refused with the lint's
``file:line: message`` and the real files are left as they were. Only then
are the changed files written (atomically).

``preview_entry`` says what an entry would change before it is written: the
warnings of ``entry_warnings`` (clause-like selections, single letters,
stop-words) and every segment of the corpus whose French it matches, with the
span the engine will be given the English for. An entry applies from the next
``pipeline translate`` run.
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Callable

from markupsafe import Markup, escape

from ..atomic import write_text_atomic
from ..errors import UsageError
from ..glossary.schema import KIND_FILES, KINDS, Entry, load_glossary
from ..store import StoreError, document_names, load_document
from .entry_warnings import entry_warnings

PREVIEW_LIMIT = 50


def _entry(kind: str, source: str, target: str, note: str = "", variants=(), forbid=()) -> Entry:
    source, target = " ".join(str(source).split()), " ".join(str(target).split())
    if not source or not target:
        raise UsageError("a glossary entry needs both the French and the English")
    if kind not in KINDS:
        raise UsageError(f"{kind!r}: not a glossary kind (one of {', '.join(KINDS)})")
    clean = lambda items: [" ".join(str(v).split()) for v in items if str(v).strip()]  # noqa: E731
    return Entry(fr=source, en=target, kind=kind, note=" ".join(str(note).split()) or "Added during review.",
                 variants=clean(variants), forbid=clean(forbid))


def _block(entry: Entry) -> str:
    from ..glossary.yamledit import entry_block
    return entry_block(entry)


def _change(glossary_dir: Path, edit: Callable[[Path], Path]) -> Path:
    """Apply ``edit`` to a scratch copy, lint it, then write the changed file for real."""
    glossary_dir = Path(glossary_dir)
    with tempfile.TemporaryDirectory() as scratch:
        scratch_dir = Path(scratch)
        for f in glossary_dir.glob("*.yaml"):
            shutil.copy(f, scratch_dir / f.name)
        changed = edit(scratch_dir)
        errors = load_glossary(scratch_dir).errors
        if errors:
            msgs = "; ".join(str(e).replace(str(scratch_dir), str(glossary_dir)) for e in errors[:3])
            raise UsageError(f"glossary not changed: {msgs}")
        path = glossary_dir / changed.name
        write_text_atomic(path, changed.read_text(encoding="utf-8"))
        return path


def _append(scratch_dir: Path, entry: Entry) -> Path:
    path = scratch_dir / KIND_FILES[entry.kind]
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if text and not text.endswith("\n"):
        text += "\n"
    path.write_text(text + ("\n" if text.strip() else "") + _block(entry), encoding="utf-8")
    return path


def add_entry(glossary_dir: Path, kind: str, source: str, target: str, note: str = "",
              variants=(), forbid=()) -> tuple[dict, Path]:
    glossary_dir = Path(glossary_dir)
    entry = _entry(kind, source, target, note, variants, forbid)
    existing = load_glossary(glossary_dir)
    found = existing.find(entry.fr)
    if found is not None:
        raise UsageError(f"“{entry.fr}” is already in the glossary ({found.file}:{found.line}, entry {found.id})")
    return entry.canonical(), _change(glossary_dir, lambda scratch: _append(scratch, entry))


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
