"""Which files a run translates, and the name each one's outputs get.

Naming scheme: an article ``<folder>/<stem>.txt`` becomes the document
``<stem>`` (``out/<stem>.json``, ``out/<stem>.md``, the key of its edits in
the memory), whatever the characters of the stem: spaces, accents, a leading
dash, a tab or a newline are kept as they are (a file name with another
control character, or bytes that are not UTF-8, fails alone: XML exports could
not carry it), and every command (``qa``, ``review``,
``export``, ``import``) lists exactly the documents ``translate`` wrote. The
stem must be unique: two inputs with the same stem in one run (``x/a.txt`` and
``y/a.txt``), or an input whose stem already names the output of another,
still existing source file in the same ``out/``, make the run refuse (exit 2)
before anything is written, instead of one silently overwriting the other and
inheriting its edits. Translate such files into separate output folders
(``-o``) or rename one.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Iterable, Optional

from .errors import DocumentError, UsageError, shown  # shown: re-exported, used across the CLI

SUFFIX = ".txt"


def corpus_paths(args: Iterable[Path]) -> list[Path]:
    """Expand files and folders (their ``*.txt``) into a sorted, de-duplicated list.

    Nothing here opens a file: a symlink loop, a FIFO or an unreadable file is
    listed like any other and fails alone when the run reads it.
    """
    paths: list[Path] = []
    for arg in args:
        arg = Path(arg)
        if arg.is_dir():
            paths.extend(sorted(p for p in arg.glob(f"*{SUFFIX}")))
        else:
            paths.append(arg)
    seen: set[str] = set()
    unique = []
    for p in paths:
        # realpath, unlike Path.resolve() on Python < 3.13, does not raise on a symlink loop.
        r = os.path.realpath(p)
        if r not in seen:
            seen.add(r)
            unique.append(p)
    return unique


# Characters no XML file can hold (a name travels in XLIFF/TMX attributes) and
# lone surrogates (the undecodable bytes of a file name that is not UTF-8).
_UNUSABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
#: A document name: one path component (not . or ..) of UTF-8 text that XML can hold.
DOCUMENT_NAME_RE = re.compile("(?!\\.\\.?\\Z)[^/\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]+\\Z")


def is_document_name(name: object) -> bool:
    return isinstance(name, str) and DOCUMENT_NAME_RE.match(name) is not None


# The longest file a name gets is the atomic write's temporary twin of
# <name>.json / <name>.html: ".<name>.html.XXXXXXXX.tmp", 19 bytes more than the
# name, within the usual 255-byte limit of one file name.
MAX_NAME_BYTES = 236


def document_name(path: Path) -> str:
    """The document name of an article file: its stem (see the module docstring)."""
    name = Path(path).stem
    if is_document_name(name) and len(name.encode("utf-8")) > MAX_NAME_BYTES:
        raise DocumentError(f"{shown(path)}: the file name is too long for its outputs "
                            f"({len(name.encode('utf-8'))} bytes before .txt; at most {MAX_NAME_BYTES})")
    if not is_document_name(name):
        bad = _UNUSABLE.search(name)
        why = ("is not valid UTF-8" if bad and "\ud800" <= bad.group() <= "\udfff"
               else f"contains the control character U+{ord(bad.group()):04X}" if bad else "is not usable")
        raise DocumentError(f"{shown(path)}: the file name {why}; rename it")
    return name


_SOURCE_RE = re.compile(r'"source_file":\s*("(?:[^"\\]|\\.)*")')


def recorded_source(out_dir: Path, name: str) -> Optional[str]:
    """The ``source_file`` recorded in out/<name>.json, read from its head only."""
    try:
        with open(Path(out_dir) / f"{name}.json", "rb") as handle:
            head = handle.read(8192).decode("utf-8", "replace")
    except OSError:
        return None
    match = _SOURCE_RE.search(head)
    if not match:
        return None
    try:
        return json.loads(match.group(1))
    except ValueError:
        return None


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


def check_unique_names(files: list[Path], out_dir: Path) -> None:
    """Refuse (UsageError, exit 2) when two sources would write the same outputs.

    Files whose name is not usable are left for the run to fail alone.
    """
    owners: dict[str, Path] = {}
    clashes: list[str] = []
    for path in files:
        try:
            name = document_name(path)
        except DocumentError:
            continue
        if name in owners:
            clashes.append(f"{shown(owners[name])} and {shown(path)} would both be "
                           f"{shown(Path(out_dir) / name)}.json")
            continue
        owners[name] = path
        previous = recorded_source(out_dir, name)
        if previous is None or previous == str(path):
            continue
        prior = Path(previous)
        if prior.is_file() and not _same_file(prior, path):
            clashes.append(f"{shown(path)}: {shown(Path(out_dir) / name)}.json already holds the "
                           f"translation of {shown(previous)}")
    if clashes:
        raise UsageError("same document name for two sources: " + "; ".join(clashes)
                         + ". Nothing was written: rename one, or translate it into "
                           "another folder with -o")
