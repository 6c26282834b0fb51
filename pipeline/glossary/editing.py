"""Changing the glossary's files: the one way an entry is added, updated or deleted.

`pipeline glossary add` and the review app both come here, so an entry is
checked in one order whoever adds it: the entry itself (both languages, a
known kind), then duplicates (any of its French forms already in the
glossary), then the lint of the whole glossary *as it would be*. The change is
made on a scratch copy of the glossary's files, in their own block style
(``yamledit``), and linted there; only then are the changed files written,
each atomically. A refused change leaves the real files untouched, and a
killed process never leaves a half-written entry behind (the old CLI wrote the
entry, linted, then removed it again).

`glossary import` checks a whole file of rows first (its errors name the
import file's rows) and writes its blocks with the same ``yamledit`` code.
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Callable, Iterable

from ..atomic import write_text_atomic
from ..errors import UsageError
from .schema import KIND_FILES, KINDS, Entry, load_glossary
from .yamledit import append_entry


def clean_entry(kind: str, source: str, target: str, note: str = "", variants: Iterable[str] = (),
                forbid: Iterable[str] = (), pos: str = "noun", default_note: str = "") -> Entry:
    """An entry from what a user typed: whitespace collapsed, both languages and a known kind required."""
    source, target = " ".join(str(source).split()), " ".join(str(target).split())
    if not source or not target:
        raise UsageError("a glossary entry needs both the French and the English")
    if kind not in KINDS:
        raise UsageError(f"unknown kind '{kind}' (one of: {', '.join(KINDS)})")

    def clean(items: Iterable[str]) -> list[str]:
        return [" ".join(str(v).split()) for v in items if str(v).strip()]

    return Entry(fr=source, en=target, kind=kind, note=" ".join(str(note).split()) or default_note,
                 variants=clean(variants), forbid=clean(forbid), pos=pos)


def change_glossary(glossary_dir: Path, edit: Callable[[Path], object]) -> list[Path]:
    """Apply ``edit`` to a scratch copy of the glossary, lint it, then write the
    files it changed for real (atomically). Returns the real paths written."""
    glossary_dir = Path(glossary_dir)
    with tempfile.TemporaryDirectory() as scratch:
        scratch_dir = Path(scratch)
        before: dict[str, bytes] = {}
        for f in glossary_dir.glob("*.yaml"):
            shutil.copy(f, scratch_dir / f.name)
            before[f.name] = f.read_bytes()
        edit(scratch_dir)
        errors = load_glossary(scratch_dir).errors
        if errors:
            msgs = "; ".join(str(e).replace(str(scratch_dir), str(glossary_dir)) for e in errors[:3])
            raise UsageError(f"glossary not changed: {msgs}")
        written = []
        for f in sorted(scratch_dir.glob("*.yaml")):
            data = f.read_bytes()
            if before.get(f.name) != data:
                glossary_dir.mkdir(parents=True, exist_ok=True)
                write_text_atomic(glossary_dir / f.name, data.decode("utf-8"))
                written.append(glossary_dir / f.name)
        return written


def add_entry(glossary_dir: Path, entry: Entry) -> Path:
    """Append ``entry`` to its kind's file; refused if any of its French forms is
    already in the glossary, or if the glossary would not lint clean."""
    glossary_dir = Path(glossary_dir)
    if glossary_dir.exists() and not glossary_dir.is_dir():
        raise UsageError(f"{glossary_dir}: not a folder")
    existing = load_glossary(glossary_dir)
    for form in entry.forms:
        found = existing.find(form)
        if found is not None:
            raise UsageError(f"{found.file}:{found.line}: '{form}' is already in the glossary "
                             f"(→ '{found.en}', entry {found.id}); edit or remove that entry")
    change_glossary(glossary_dir, lambda scratch: append_entry(scratch / KIND_FILES[entry.kind], entry))
    return glossary_dir / KIND_FILES[entry.kind]
