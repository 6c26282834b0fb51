"""The out/ folder: which documents it holds, reading and writing them, its locks.

Every reader and writer of out/ — the run, the review tools, exchange — goes
through here, so a document name is checked the same way everywhere and no
writer races another:

* ``locked``: one writer of out/<doc>.json at a time (review app threads, a
  CLI edit, an import and the run's window writes, across processes);
* ``run_lock``: one `pipeline translate` per out/ (a second run waits, then
  finds the first run's documents up to date instead of redoing them).
"""
from __future__ import annotations

import contextlib
import fcntl
import sys
import threading
from pathlib import Path
from typing import Iterator

from .errors import UsageError
from .inputs import DOCUMENT_NAME_RE
from .model import AlignedDocument, DocumentFormatError

_NAME_RE = DOCUMENT_NAME_RE   # any name `pipeline translate` writes (pipeline.inputs)
_LOCK = threading.Lock()


class StoreError(UsageError):
    """A document of out/ that cannot be named, found or read. Nothing was written."""


def memory_file(out_dir: Path) -> Path:
    return Path(out_dir) / "memory.sqlite"


def document_names(out_dir: Path) -> list[str]:
    """Documents that have an out/<stem>.json (the translated corpus)."""
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        return []
    # A symlink or a non-file is not a document we wrote (it could point anywhere).
    return sorted(p.stem for p in out_dir.glob("*.json")
                  if _NAME_RE.match(p.stem) and not p.is_symlink() and p.is_file())


def document_path(out_dir: Path, document: str) -> Path:
    """out/<document>.json, refusing any name that could leave out/."""
    if not isinstance(document, str) or not _NAME_RE.match(document):
        raise StoreError(f"{document!r}: not a document name")
    path = Path(out_dir) / f"{document}.json"
    if Path(out_dir).resolve() != path.resolve().parent:
        raise StoreError(f"{document!r}: not a document in {out_dir}")
    if not path.is_file():
        raise StoreError(f"{document}: no such document in {out_dir} (run `pipeline translate` first)")
    return path


def load_document(out_dir: Path, document: str) -> AlignedDocument:
    """out/<document>.json as an AlignedDocument; StoreError (naming the file) if it cannot be."""
    path = document_path(out_dir, document)
    try:
        doc = AlignedDocument.load(path)
    except DocumentFormatError as err:
        raise StoreError(str(err)) from None
    # The file name is the document's identity: a copied or hand-edited file must
    # not make a save write to another name (or outside out/).
    doc.document = document
    return doc


def save_document(out_dir: Path, doc: AlignedDocument) -> None:
    """Rewrite out/<doc>.json and .md, each atomically (call it under ``locked``)."""
    doc.save(out_dir)


@contextlib.contextmanager
def locked(out_dir: Path) -> Iterator[None]:
    """One writer of out/ at a time: threads of the review app and other processes."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with _LOCK, open(out_dir / ".review.lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def run_lock(out_dir: Path) -> Iterator[None]:
    """One `pipeline translate` per out/ at a time: a second run waits, then
    finds the first run's documents up to date instead of redoing them (and the
    JSON can never disagree with the memory because of an interleaved writer)."""
    path = Path(out_dir) / ".translate.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"waiting for another `pipeline translate` on {path.parent} to finish…",
                  file=sys.stderr, flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
