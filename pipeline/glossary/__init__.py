"""Glossary: loading, matching and enforcement (see glossary/README.md).

``load_policy(directory)`` is what the translation run uses: ``NoGlossary`` when
the folder has no ``*.yaml``, a :class:`GlossaryPolicy` otherwise, and a
UsageError with the lint's ``file:line: message`` lines when it is invalid.
"""
from __future__ import annotations

import contextlib
import gc
from pathlib import Path
from typing import Iterator

from ..errors import UsageError
from ..terms import NoGlossary, TermPolicy
from . import cache
from .enforce import GlossaryPolicy
from .matcher import compile_entries
from .schema import Entry, Glossary, Issue, entries_from_rows, entry_rows, load_glossary

__all__ = ["load_policy", "load_glossary", "GlossaryPolicy", "Glossary", "Entry", "Issue", "invalid_message"]

MAX_LISTED = 5


def invalid_message(errors: list[Issue]) -> str:
    shown = "; ".join(str(e) for e in errors[:MAX_LISTED])
    more = f"; … and {len(errors) - MAX_LISTED} more" if len(errors) > MAX_LISTED else ""
    n = len(errors)
    return f"{shown}{more} (invalid glossary: {n} error{'s' if n != 1 else ''}; run `pipeline glossary check`)"


@contextlib.contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Compiling (or unpickling) a big glossary makes a million small objects,
    none of them in a cycle: the cyclic collector would walk the growing heap
    again and again for nothing (a tenth of a 20,000-entry compile, half of its
    load from the cache). Reference counting still frees."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_policy(directory: Path) -> TermPolicy:
    """The policy a run enforces. The compiled glossary (entries, version,
    automata) comes from cache.py when these exact files were compiled before:
    a 20,000-entry glossary then loads in a fraction of a second."""
    directory = Path(directory)
    files = sorted(directory.glob("*.yaml")) if directory.is_dir() else []
    if not files:
        return NoGlossary()
    try:
        key = cache.glossary_key(files)
    except OSError:
        key = ""  # a file that cannot be read: load_glossary names it
    with _no_cyclic_gc():  # unpickling 20,000 entries: half the time without it
        hit = cache.load(key) if key else None
    if hit is not None:
        rows, issues, version, compiled = hit
        with _no_cyclic_gc():
            glossary = Glossary(entries_from_rows(rows), issues, files)
        glossary.__dict__["version"] = version  # (a cached_property: kept, not recomputed)
        moved: dict[str, str] = {}  # the same files may live in another folder now
        for entry in glossary.entries:  # (one path per file, not per entry: 20,000 Paths cost 0.3 s)
            if entry.file not in moved:
                moved[entry.file] = str(directory / Path(entry.file).name)
            entry.file = moved[entry.file]
        return GlossaryPolicy(glossary, compiled)
    with _no_cyclic_gc():
        glossary = load_glossary(directory, warnings=False)
        if glossary.errors:
            raise UsageError(invalid_message(glossary.errors))
        compiled = compile_entries(glossary.entries)
    try:
        unchanged = key and cache.glossary_key(files) == key  # not edited while it was being read
    except OSError:
        unchanged = False
    if unchanged:
        cache.store(key, (entry_rows(glossary.entries), glossary.issues, glossary.version, compiled))
    return GlossaryPolicy(glossary, compiled)
