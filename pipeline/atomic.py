"""Atomic file writes: readers see the old file or the new one, never half of one."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import UsageError, WriteError, os_error_message
from .inputs import shown


def write_text_atomic(path: Path, text: str) -> None:
    """Write to a temporary file beside ``path``, fsync, then rename over it.

    os.replace is atomic on POSIX within one file system, which is why the
    temporary file lives in the same directory. On any failure (Ctrl-C
    included) the temporary file is removed and ``path`` is untouched. An
    OSError (full disk, read-only folder) becomes a WriteError naming ``path``:
    the OSError of a write() does not name the file.
    """
    path = Path(path)
    try:
        _make_dir(path.parent)
        # The name is shortened so that a long (but valid) file name still has a temporary twin.
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=".tmp", dir=path.parent)
    except OSError as err:
        raise WriteError(os_error_message(err, path)) from None
    try:
        # mkstemp creates the file 0600; give it the mode a plain open() would (umask applied).
        os.fchmod(fd, 0o666 & ~_UMASK)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as err:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(err, OSError):
            raise WriteError(os_error_message(err, path)) from None
        raise


def _umask() -> int:
    # Read once, at import: os.umask() can only be read by setting it, which
    # would race with other threads creating files.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _umask()


def _make_dir(directory: Path) -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        # mkdir(exist_ok=True) still raises when the name is taken by a file.
        raise NotADirectoryError(20, "exists and is not a folder", str(directory)) from None


def ensure_writable_dir(directory: Path, option: str = "") -> None:
    """Refuse (UsageError, exit 2) an output folder that cannot be written, before any work.

    Creating and removing a probe file is the only reliable test: os.access()
    says yes to root on a folder it cannot write, and nothing tells in advance
    that a file system is mounted read-only.
    """
    directory = Path(directory)
    label = f"{option} {directory}" if option else str(directory)
    try:
        _make_dir(directory)
        if not directory.is_dir():
            raise NotADirectoryError(20, "not a folder", str(directory))
        with tempfile.TemporaryFile(dir=directory, prefix=".probe."):
            pass
    except OSError as err:
        cause = err.strerror or str(err)
        raise UsageError(f"{shown(label)}: cannot write the output folder ({cause})") from None
