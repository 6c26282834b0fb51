"""The glossary applied to a reviewer's English, as it is to the machine's.

A human target is not produced by the enforcer, so its term report is
rebuilt here: every glossary entry matched in the French must have its
rendering in the English (``status`` ok/missing), and the entry's forbidden
renderings travel with the term so ``qa.check_segment`` flags them
(``term-forbidden``). With no glossary at hand (a bare CLI edit), the terms
the machine run found are re-checked against the new English instead.
"""
from __future__ import annotations

import re
import threading
from dataclasses import replace
from pathlib import Path
from typing import Iterable, Optional

from ..glossary.enforce import GlossaryPolicy, rendering_for
from ..glossary.schema import load_glossary
from ..model import TermReport

_CACHE: dict[Path, tuple[tuple, object]] = {}
_CACHE_LOCK = threading.Lock()


def _present(text: str, phrases: Iterable[str]) -> bool:
    for p in sorted({p for p in phrases if p}, key=len, reverse=True):
        core = re.sub(r"^(?i:the)\s+", "", p)
        if re.search(rf"(?<!\w){re.escape(core)}(?!\w)", text, flags=re.IGNORECASE):
            return True
    return False


def human_terms(source: str, target: str, policy=None,
                previous: Iterable[TermReport] = ()) -> list[TermReport]:
    matcher = getattr(policy, "matcher", None)
    if matcher is None:
        return [replace(t, status="ok" if _present(target, [t.target]) else "missing", human=True)
                for t in previous or [] if isinstance(t, TermReport) and t.target]
    terms = []
    for m in matcher.find(source):
        rendering = rendering_for(m)
        terms.append(TermReport(entry=m.entry.id, source=m.surface, target=rendering,
                                status="ok" if _present(target, [rendering, m.entry.en]) else "missing",
                                forbidden=list(m.entry.forbid), human=True))
    return terms


def glossary_policy(glossary_dir: Optional[Path]):
    """The glossary of ``glossary_dir`` as a term policy, cached until a file changes; None if absent/invalid."""
    if glossary_dir is None:
        return None
    glossary_dir = Path(glossary_dir)
    try:
        files = sorted(glossary_dir.glob("*.yaml")) if glossary_dir.is_dir() else []
        stamp = tuple((f.name, f.stat().st_mtime_ns, f.stat().st_size) for f in files)
    except OSError:
        return None
    if not files:
        return None
    with _CACHE_LOCK:
        cached = _CACHE.get(glossary_dir)
        if cached and cached[0] == stamp:
            return cached[1]
        glossary = load_glossary(glossary_dir)
        policy = None if glossary.errors else GlossaryPolicy(glossary)
        _CACHE[glossary_dir] = (stamp, policy)
        return policy
