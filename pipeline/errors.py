"""Exceptions that the CLI turns into one-line messages and exit codes.

Every error a user can cause derives from PipelineError; the CLI prints
``str(err)`` to stderr (no traceback) and exits with ``err.exit_code``.
"""
from __future__ import annotations

import contextlib
import os
import sqlite3

INTERRUPTED = "interrupted: finished translations are kept in the memory; run again to resume"


class PipelineError(Exception):
    """A problem the user can fix. The message names the file (and line)."""

    exit_code = 2


class UsageError(PipelineError):
    """Bad command-line arguments or configuration: exit 2."""

    exit_code = 2


class DocumentError(PipelineError):
    """One input document cannot be read; the others still run: exit 1."""

    exit_code = 1


class EngineError(PipelineError):
    """No engine can run, or an engine failed in a way the user can fix."""

    exit_code = 2


class ModelError(PipelineError):
    """Installing or finding a translation model failed."""

    exit_code = 2


class WriteError(PipelineError):
    """An output could not be written (full disk, read-only folder…): exit 1."""

    exit_code = 1


def shown(value: object) -> str:
    """A path or name for a one-line message: control characters and undecodable bytes escaped."""
    text = str(value)
    return text if text.isprintable() else repr(text)[1:-1]


def os_error_message(err: OSError, path: object = None) -> str:
    """``path: cause`` for an OSError, naming the file even when the error does not."""
    where = path if path is not None else err.filename
    cause = err.strerror or (os.strerror(err.errno) if err.errno else str(err))
    if where is None:
        return cause
    extra = f" → {shown(err.filename2)}" if err.filename2 is not None and path is None else ""
    return f"{shown(where)}{extra}: {cause}"


@contextlib.contextmanager
def memory_errors(path):
    """SQLite's errors (a full disk, a locked or read-only file) as one line naming the memory."""
    try:
        yield
    except sqlite3.Error as err:
        raise WriteError(f"{path}: the translation memory could not be written ({err}); "
                         "finished work is kept, run again once fixed") from None


def names_memory_errors(command):
    """Decorate a CLI command taking ``out``: SQLite errors name out/memory.sqlite."""
    import functools
    from pathlib import Path

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        with memory_errors(Path(kwargs.get("out") or "out") / "memory.sqlite"):
            return command(*args, **kwargs)
    return wrapper
