"""Glossary: loading, matching and enforcement (see glossary/README.md).

``load_policy(directory)`` is what the translation run uses: ``NoGlossary`` when
the folder has no ``*.yaml``, a :class:`GlossaryPolicy` otherwise, and a
UsageError with the lint's ``file:line: message`` lines when it is invalid.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import UsageError
from ..terms import NoGlossary, TermPolicy
from .enforce import GlossaryPolicy
from .schema import Entry, Glossary, Issue, load_glossary

__all__ = ["load_policy", "load_glossary", "GlossaryPolicy", "Glossary", "Entry", "Issue", "invalid_message"]

MAX_LISTED = 5


def invalid_message(errors: list[Issue]) -> str:
    shown = "; ".join(str(e) for e in errors[:MAX_LISTED])
    more = f"; … and {len(errors) - MAX_LISTED} more" if len(errors) > MAX_LISTED else ""
    n = len(errors)
    return f"{shown}{more} (invalid glossary: {n} error{'s' if n != 1 else ''}; run `pipeline glossary check`)"


def load_policy(directory: Path) -> TermPolicy:
    directory = Path(directory)
    if not directory.is_dir() or not any(directory.glob("*.yaml")):
        return NoGlossary()
    glossary = load_glossary(directory)
    if glossary.errors:
        raise UsageError(invalid_message(glossary.errors))
    return GlossaryPolicy(glossary)
