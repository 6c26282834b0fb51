"""The compiled glossary kept between runs, keyed by what it was made from.

Reading, linting and compiling a glossary costs time in proportion to its
entries (a 20,000-name list: YAML parse, cross-checks, surfaces, automaton),
on every ``translate`` although the glossary rarely changes. So the result —
the entries, their lint errors, the glossary version and the matcher's
automata — is pickled under ``$PIPELINE_CACHE_DIR`` (default
``$XDG_CACHE_HOME/fr-en-pipeline`` or ``~/.cache/fr-en-pipeline``), named by
a hash of every ``*.yaml`` file's name and bytes *and* of the source of the
modules that read and compile them, and of the spaCy and wordfreq installs
the lint reads: an edited entry, an added file, a changed lint rule or a
new stop-word list is a different key, never a stale hit. Anything wrong with
the cache (unwritable folder, a truncated or foreign file) only means it is
rebuilt; it is written atomically (temporary file + rename), readable by the
user only, and only the few newest compiled glossaries are kept.
"""
from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Any, Optional

from ..atomic import replace_atomically

#: bump when the pickled layout changes
FORMAT = "2"
KEEP = 8
#: one file's entries: a glossary is several files, and a few versions of each
KEEP_FILES = 64
#: the modules whose code decides what a glossary compiles to
_SOURCES = ("schema.py", "plainyaml.py", "lint.py", "matcher.py", "normalize.py", "cache.py", "__init__.py")


def cache_dir() -> Path:
    explicit = os.environ.get("PIPELINE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "fr-en-pipeline"


def _lint_data() -> bytes:
    """The lint reads spaCy's French stop-word list (an error for a function
    word) and wordfreq's tables (warnings) when they are installed: a cache made
    with another install of them, or without them, is not reused. (Their files'
    size and time, not importlib.metadata's version lookup: 40 ms, which a
    no-op re-run cannot afford.)"""
    import importlib.util

    found = []
    for package in ("spacy", "wordfreq"):
        spec = importlib.util.find_spec(package)
        try:
            stat = os.stat(spec.origin) if spec and spec.origin else None
        except OSError:
            stat = None
        found.append(f"{package}={stat.st_size}:{stat.st_mtime_ns}" if stat else f"{package}=none")
    return ";".join(found).encode()


def _code_hash() -> bytes:
    here = Path(__file__).resolve().parent
    h = hashlib.sha256(FORMAT.encode() + b"\0" + _lint_data())
    for name in _SOURCES:
        h.update(name.encode() + b"\0" + (here / name).read_bytes() + b"\0")
    return h.digest()


def glossary_key(files: list[Path]) -> str:
    """A hash of the files (names and bytes) and of the compiling code."""
    h = hashlib.sha256(_code_hash())
    for path in files:
        data = path.read_bytes()
        h.update(path.name.encode() + b"\0" + str(len(data)).encode() + b"\0" + data)
    return h.hexdigest()[:32]


def file_key(path: Path, display: str, warnings: bool) -> str:
    """A hash of one file (as named in issues) and of the compiling code: its
    entries and lint issues are kept on their own, so that editing the small
    curated file of a glossary with a 20,000-name list re-reads only the small one."""
    data = path.read_bytes()
    h = hashlib.sha256(_code_hash())
    h.update(display.encode() + b"\0" + (b"w" if warnings else b"e") + b"\0" + data)
    return h.hexdigest()[:32]


def load(key: str, kind: str = "glossary") -> Optional[Any]:
    path = cache_dir() / f"{kind}-{key}.pickle"
    try:
        with open(path, "rb") as handle:
            value = pickle.load(handle)
        os.utime(path)  # recently used: kept by _prune
        return value
    except Exception:  # noqa: BLE001 - missing, truncated or foreign: rebuilt
        return None


def store(key: str, value: Any, kind: str = "glossary") -> None:
    """``kind``: "glossary" (a compiled glossary) or "file" (one file's entries)."""
    folder = cache_dir()
    try:
        # 0600 and no fsync: a private cache that is only rebuilt if lost
        replace_atomically(folder / f"{kind}-{key}.pickle",
                           lambda handle: pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL),
                           mode=0o600, durable=False)
        _prune(folder, kind, KEEP if kind == "glossary" else KEEP_FILES)
    except Exception:  # noqa: BLE001 - a cache that cannot be written is only slower next time
        return


def _prune(folder: Path, kind: str, keep: int) -> None:
    entries = sorted(folder.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[keep:]:
        try:
            old.unlink()
        except OSError:
            pass
