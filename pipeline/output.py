"""The run's streaming writer of out/<stem>.json and out/<stem>.md (see ``pipeline.model``).

A document is written as it is translated (:class:`DocumentWriter`): segments
are appended to temporary files beside the outputs, which are renamed over
them only once the whole document is done. Memory does not grow with the size
of one article, and readers still see the old outputs or the new ones, never
half of one.

Both files carry the document's fingerprint near their start, and the JSON its
counts on its last line, so deciding that a document is up to date reads a few
hundred bytes of each, never a whole document (see :func:`read_stamp`).
"""
from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path
from typing import NoReturn, Optional, TextIO

from .atomic import FILE_MODE, interrupts_deferred
from .errors import WriteError, os_error_message
from .model import COUNT_KEYS, Segment, markdown_head, markdown_rows, segment_counts


class DocumentWriter:
    """out/<name>.json and .md, appended to as segments are finished.

    ``add`` may be called many times; ``commit`` closes both temporary files
    and renames them into place; ``abort`` (any failure, Ctrl-C) removes them.
    """

    def __init__(self, out_dir: Path, header: dict):
        self.out_dir = Path(out_dir)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.name = header["document"]
        self.counts = dict.fromkeys(COUNT_KEYS, 0)
        self._paragraph: Optional[int] = None
        self._files: dict[str, tuple[str, TextIO]] = {}
        try:
            for ext in ("json", "md"):
                with interrupts_deferred():  # the file and its name kept for abort(), as one step
                    fd, tmp = tempfile.mkstemp(prefix=f".{self.name}.{ext}.", suffix=".tmp", dir=self.out_dir)
                    self._files[ext] = (tmp, os.fdopen(fd, "w", encoding="utf-8", newline="\n"))
                os.fchmod(fd, FILE_MODE)  # as write_text_atomic: the user's mode, not mkstemp's 0600
            head = json.dumps(header, ensure_ascii=False, indent=2)
            # Everything but the closing brace, then the segments array.
            self._json.write(head[:-2] + ',\n  "segments": [')
            self._md.write("\n".join(markdown_head(header)) + "\n")
        except OSError as err:
            self._fail(err)
        except BaseException:
            self.abort()
            raise
        self._first = True

    @property
    def _json(self) -> TextIO:
        return self._files["json"][1]

    @property
    def _md(self) -> TextIO:
        return self._files["md"][1]

    def add(self, segments: list[Segment]) -> None:
        try:
            self._add(segments)
        except OSError as err:
            self._fail(err)

    def _add(self, segments: list[Segment]) -> None:
        for seg in segments:
            # One segment per line: json's C encoder (indent= falls back to the
            # pure-Python one, several times slower) and line-wise diffs.
            self._json.write(("\n    " if self._first else ",\n    ") + json.dumps(seg.to_dict(), ensure_ascii=False))
            self._first = False
        for key, value in segment_counts(segments).items():
            self.counts[key] += value
        rows, self._paragraph = markdown_rows(segments, self._paragraph)
        if rows:
            self._md.write("\n".join(rows) + "\n")

    def commit(self, paragraphs: int) -> None:
        try:
            self._json.write(("\n  " if not self._first else "") + "],\n"
                             f'  "paragraphs": {paragraphs},\n'
                             f'  "counts": {json.dumps(self.counts)}\n}}\n')
            if self._first:
                self._md.write("_(empty document)_\n")
            for ext in ("json", "md"):
                tmp, handle = self._files[ext]
                handle.flush()
                os.fsync(handle.fileno())
                handle.close()
            with interrupts_deferred():  # both files or neither: never a new .json beside an old .md
                for ext in ("json", "md"):
                    os.replace(self._files[ext][0], self.out_dir / f"{self.name}.{ext}")
                    del self._files[ext]
        except OSError as err:
            self._fail(err)
        except BaseException:
            self.abort()
            raise

    def _fail(self, err: OSError) -> NoReturn:
        """Remove the temporary files; say which output could not be written
        (a full disk's OSError from write() names no file)."""
        self.abort()
        raise WriteError(os_error_message(err, self.out_dir / f"{self.name}.json")) from None

    def abort(self) -> None:
        for tmp, handle in self._files.values():
            try:
                handle.close()
            except OSError:
                pass
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
        self._files = {}


_JSON_FINGERPRINT_RE = re.compile(r'\n  "fingerprint": "([0-9a-f]*)",\n')
_JSON_COUNTS_RE = re.compile(r'\n  "counts": (\{[^\n]*\})\n\}\n?$')
_MD_FINGERPRINT_RE = re.compile(r"^<!-- fingerprint: ([0-9a-f]*) -->\n")
_PEEK = 4096


def _head(path: Path) -> str:
    with open(path, "rb") as handle:
        return handle.read(_PEEK).decode("utf-8", "replace")


def _tail(path: Path) -> str:
    with open(path, "rb") as handle:
        handle.seek(0, os.SEEK_END)
        size = handle.tell()
        handle.seek(max(0, size - _PEEK))
        return handle.read().decode("utf-8", "replace")


def read_stamp(out_dir: Path, name: str) -> Optional[tuple[str, dict]]:
    """(fingerprint, counts) when out/<name>.json AND .md carry the same fingerprint.

    Reads the first and last few kilobytes only. None when either file is
    missing, older than this format, or the two disagree.
    """
    try:
        json_head = _head(Path(out_dir) / f"{name}.json")
        json_tail = _tail(Path(out_dir) / f"{name}.json")
        md_head = _head(Path(out_dir) / f"{name}.md")
    except OSError:
        return None
    fingerprint = _JSON_FINGERPRINT_RE.search(json_head)
    md = _MD_FINGERPRINT_RE.match(md_head)
    counts = _JSON_COUNTS_RE.search(json_tail)
    if not (fingerprint and md and counts) or fingerprint.group(1) != md.group(1):
        return None
    try:
        parsed = json.loads(counts.group(1))
    except ValueError:
        return None
    if not isinstance(parsed, dict) or set(parsed) != set(COUNT_KEYS):
        return None
    return fingerprint.group(1), parsed
