"""Add a glossary entry from the review app: append it to glossary/<kind file>.yaml.

The entry follows the glossary schema (``pipeline.glossary.schema``: fr, en,
kind, note; the kind picks the file via ``KIND_FILES``). The existing file text
(and its comments) is kept and one YAML list item is appended; the whole
glossary is linted with the new text before anything is written, so a
duplicate or invalid entry is refused with the lint's ``file:line: message``
and the file is left as it was.
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import yaml

from ..atomic import write_text_atomic
from ..errors import UsageError
from ..glossary.schema import KIND_FILES, KINDS, Entry, load_glossary


def add_entry(glossary_dir: Path, kind: str, source: str, target: str, note: str = "") -> tuple[dict, Path]:
    glossary_dir = Path(glossary_dir)
    source, target = " ".join(str(source).split()), " ".join(str(target).split())
    if not source or not target:
        raise UsageError("a glossary entry needs both the French and the English")
    if kind not in KINDS:
        raise UsageError(f"{kind!r}: not a glossary kind (one of {', '.join(KINDS)})")
    entry = Entry(fr=source, en=target, kind=kind, note=note or "Added during review.")
    existing = load_glossary(glossary_dir)
    if existing.find(source) is not None:
        found = existing.find(source)
        raise UsageError(f"“{source}” is already in the glossary ({found.file}:{found.line}, entry {found.id})")
    path = glossary_dir / KIND_FILES[kind]
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if text and not text.endswith("\n"):
        text += "\n"
    try:  # the glossary helper's own block format, so files keep one style
        from ..glossary.yamledit import entry_block
        item = entry_block(entry)
    except ImportError:  # pragma: no cover
        item = yaml.safe_dump([entry.to_yaml_dict()], allow_unicode=True, sort_keys=False, width=1000)
    new_text = text + ("\n" if text.strip() else "") + item
    # Lint the glossary as it would be, in a scratch copy, before writing.
    with tempfile.TemporaryDirectory() as scratch:
        scratch_dir = Path(scratch)
        for f in glossary_dir.glob("*.yaml"):
            shutil.copy(f, scratch_dir / f.name)
        (scratch_dir / path.name).write_text(new_text, encoding="utf-8")
        errors = load_glossary(scratch_dir).errors
        if errors:
            msgs = "; ".join(str(e).replace(str(scratch_dir), str(glossary_dir)) for e in errors[:3])
            raise UsageError(f"entry not added: {msgs}")
    write_text_atomic(path, new_text)
    return entry.canonical(), path
