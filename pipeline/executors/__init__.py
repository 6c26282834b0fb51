"""Where the engine work runs: in this process (local) or on Ray actors (ray).

Whatever the executor, the run loop (pipeline/translate.py) sees one object
implementing the Engine protocol; the driver keeps the single-writer work
(memory, outputs, reviewer edits).
"""
from __future__ import annotations

import contextlib
from typing import Callable, Iterator, Optional

from ..engines.base import Engine
from ..engines.registry import takes_option
from ..errors import UsageError
from .spec import EngineSpec

EXECUTORS = ("local", "ray")

__all__ = ["EXECUTORS", "EngineSpec", "open_engine"]


@contextlib.contextmanager
def open_engine(executor: str, spec: EngineSpec, workers: int = 0,
                warn: Optional[Callable[[str], None]] = None) -> Iterator[Engine]:
    """The run's engine for ``executor``; anything it started is stopped on exit."""
    if executor not in EXECUTORS:
        raise UsageError(f"unknown executor {executor!r}; choose one of: {', '.join(EXECUTORS)}")
    if workers < 0:
        raise UsageError(f"--workers must be 0 (one per core) or more, not {workers}")
    if executor == "local":
        if spec.factory is None:  # make_engine's own pool: apertium pipes, argos inter_threads
            spec = EngineSpec(spec.name, {**spec.options, "workers": workers}, spec.factory)
        engine = spec.build(warn=warn)
        try:
            yield engine
        finally:  # apertium's pipes, say, end with the run, also when it fails
            close = getattr(engine, "close", None)
            if callable(close):
                close()
        return
    from .ray_engine import RayEngine

    # Ray reserves one CPU per actor by default; an argos engine told to use "all
    # cores" (intra_threads 0) in each of N actors would oversubscribe them N times.
    threads = spec.options.get("intra_threads", 0)
    if "intra_threads" in spec.options and not threads and takes_option(spec.name, "intra_threads"):
        spec = EngineSpec(spec.name, {**spec.options, "intra_threads": 1}, spec.factory)
    if spec.factory is None:
        # The actor is the unit of parallelism on Ray: one engine worker inside each.
        spec = EngineSpec(spec.name, {**spec.options, "workers": 1}, spec.factory)
    engine = RayEngine(spec, workers=workers, threads=threads or 1, warn=warn)
    try:
        yield engine
    finally:
        engine.close()
