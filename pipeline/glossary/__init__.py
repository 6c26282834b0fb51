"""Glossary: loading, matching and enforcement (see glossary/README.md)."""
from __future__ import annotations

from pathlib import Path

from ..terms import NoGlossary, TermPolicy


def load_policy(directory: Path) -> TermPolicy:
    # Placeholder until the glossary engine lands: translate without terms.
    return NoGlossary()
