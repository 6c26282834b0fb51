"""Atomic file writes: readers see the old file or the new one, never half of one."""
from __future__ import annotations

import os
import signal
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Callable, Iterator

from .errors import UsageError, WriteError, os_error_message
from .inputs import shown


def _umask() -> int:
    # Read once, without os.umask()'s set-and-restore, which races with threads.
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# mkstemp creates 0600 files; outputs get the mode any new file of the user would have.
FILE_MODE = 0o666 & ~_umask()


@contextmanager
def interrupts_deferred() -> Iterator[None]:
    """Ctrl-C waits until the block is done, then is raised as usual.

    KeyboardInterrupt lands between any two bytecodes, also between mkstemp
    returning and its name being kept for clean-up: a temporary file left
    behind (seen when a run was interrupted mid-write). Blocks that create or
    register a temporary file run under this. Only the main thread receives
    signals; elsewhere this does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if caught:
            if callable(previous):
                previous(signal.SIGINT, None)  # Python's default raises KeyboardInterrupt here
            elif previous == signal.SIG_DFL:
                os.kill(os.getpid(), signal.SIGINT)


def write_text_atomic(path: Path, text: str) -> None:
    """Write ``path`` atomically; an OSError (full disk, read-only folder…) becomes
    a WriteError naming ``path`` (the OSError of a write() names no file)."""
    try:
        _write_text_atomic(Path(path), text)
    except OSError as err:
        raise WriteError(os_error_message(err, path)) from None


def _write_text_atomic(path: Path, text: str) -> None:
    # newline="\n" in text mode wrote the text as it is: encoding it is the same bytes
    replace_atomically(path, lambda handle: handle.write(text.encode("utf-8")))


def replace_atomically(path: Path, write: Callable[[BinaryIO], object], mode: int = FILE_MODE,
                       durable: bool = True) -> None:
    """Write ``path`` through ``write(handle)`` into a temporary file beside it,
    then rename it over ``path``.

    os.replace is atomic on POSIX within one file system, which is why the
    temporary file lives in the same directory. On any failure (Ctrl-C
    included) the temporary file is removed and ``path`` is untouched.
    ``durable`` fsyncs before the rename (outputs, glossary files); a cache
    that can be rebuilt skips it. ``mode``: the user's usual mode for outputs;
    a private cache keeps mkstemp's 0600.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = ""
    try:
        with interrupts_deferred():
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            if tmp:
                os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def ensure_writable_dir(directory: Path, option: str = "") -> None:
    """Refuse (UsageError, exit 2) an output folder that cannot be written, before any work.

    Creating and removing a probe file is the only reliable test: os.access()
    says yes to root on a folder it cannot write, and nothing tells in advance
    that a file system is mounted read-only.
    """
    directory = Path(directory)
    label = f"{option} {directory}" if option else str(directory)
    try:
        if directory.exists() and not directory.is_dir():
            raise NotADirectoryError(20, "exists and is not a folder", str(directory))
        # A folder still to be made is probed in its nearest existing parent, so a
        # run refused later (a bad engine, an unreachable cluster) leaves nothing behind.
        probe = directory
        while not probe.exists():
            probe = probe.parent
        if not probe.is_dir():
            raise NotADirectoryError(20, f"{probe} is not a folder", str(directory))
        with tempfile.TemporaryFile(dir=probe, prefix=".probe."):
            pass
    except OSError as err:
        cause = err.strerror or str(err)
        raise UsageError(f"{shown(label)}: cannot write the output folder ({cause})") from None
