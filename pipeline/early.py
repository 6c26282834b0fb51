"""Apertium's pipe started before the command line is imported.

A first ``pipeline translate -e apertium`` run spends its first 0.1 s starting
Python and importing the command line (typer, click) and the run's modules,
with one of two cores idle, while the pipe's programs need 0.2 s of CPU to
load their models. ``launch.main`` calls :func:`start` before any of those
imports: when the arguments ask for a first Apertium run (``-e apertium``,
out/ without documents, as ``api.translate_paths`` decides it), the pipe is
started at once and the engine's first pipe is this one (:func:`take`).
Measured over 6 alternating runs on newstest as 108 articles: the CPU left
idle went from 0.34 to 0.24 CPU-s.

The arguments are only glanced at here, never trusted: typer parses them
properly afterwards. A misreading costs a pipe started for nothing (killed
at exit) or none started early, never a different run. ``auto`` is not
resolved here (whether an Argos model is installed takes argostranslate).
"""
from __future__ import annotations

import atexit
import os
from pathlib import Path
from subprocess import Popen
from typing import Optional, Sequence

_pipe: Optional[Popen] = None
_command: Optional[str] = None


def _option(argv: Sequence[str], names: tuple[str, ...], default: Optional[str]) -> Optional[str]:
    """The last value given to an option (``-e x``, ``--engine x``, ``--engine=x``, ``-ex``)."""
    value = default
    for n, arg in enumerate(argv):
        if arg == "--":
            break
        for name in names:
            if arg == name and n + 1 < len(argv):
                value = argv[n + 1]
            elif name.startswith("--") and arg.startswith(name + "="):
                value = arg[len(name) + 1:]
            elif not name.startswith("--") and arg.startswith(name) and len(arg) > len(name):
                value = arg[len(name):]
    return value


def first_apertium_run(argv: Sequence[str]) -> bool:
    """Whether ``argv`` (without the program name) looks like a first local
    Apertium run: ``translate`` with ``-e apertium`` into an out/ folder that
    holds no document yet."""
    if not argv or argv[0] != "translate" or "--help" in argv or "-h" in argv:
        return False
    rest = argv[1:]
    if _option(rest, ("--engine", "-e"), "auto") != "apertium":
        return False
    if _option(rest, ("--executor",), "local") != "local":
        return False
    out = Path(_option(rest, ("--out", "-o"), "out") or "out")
    try:
        with os.scandir(out) as entries:  # as api.has_documents
            return not any(e.name.endswith(".json") for e in entries)
    except OSError:
        return True  # no out/ yet: a first run


def start(argv: Sequence[str]) -> None:
    """Start the pipe when ``argv`` asks for a first Apertium run (at most once)."""
    global _pipe, _command
    if _pipe is not None or not first_apertium_run(argv):
        return
    from .engines.apertium_pipe import _unavailable, null_flush_command, open_pipe

    try:
        if _unavailable():
            return  # the engine says why, properly
        command = null_flush_command()
        pipe = open_pipe(command)
    except Exception:  # noqa: BLE001 - the engine meets the same problem and reports it
        return
    _pipe, _command = pipe, command
    atexit.register(_discard)


def take(command: str) -> Optional[Popen]:
    """The pipe started early, handed over once, if it runs ``command`` and is alive."""
    global _pipe
    pipe, _pipe = _pipe, None
    if pipe is None:
        return None
    if command == _command and pipe.poll() is None:
        return pipe
    _kill(pipe)
    return None


def _kill(pipe: Popen) -> None:
    try:
        os.killpg(pipe.pid, 9)
    except (ProcessLookupError, PermissionError):
        pass
    pipe.wait()


def _discard() -> None:
    """At exit: a pipe nobody took (a usage error, an invalid glossary …)."""
    global _pipe
    pipe, _pipe = _pipe, None
    if pipe is not None:
        _kill(pipe)
