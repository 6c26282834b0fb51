"""A picklable recipe for the run's engine, so a worker can build its own copy.

Executors that run the engine somewhere else (another process, a Ray actor on
another machine) cannot ship a loaded model; they ship this spec and each
worker calls :meth:`EngineSpec.build` once, keeping the engine for all its
batches.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Optional

from ..engines.base import Engine


@dataclass
class EngineSpec:
    #: an engine name for make_engine: auto or a registered engine (argos, apertium)
    name: str
    #: keyword options for make_engine: the engine's own (argos: beam_size, intra_threads, package_dir…)
    options: dict = field(default_factory=dict)
    #: a module-level callable with make_engine's signature; None = make_engine.
    #: Tests plug instrumented engines in here; it must be importable by the workers.
    factory: Optional[Callable[..., Engine]] = None

    def build(self, warn: Optional[Callable[[str], None]] = None) -> Engine:
        if self.factory is not None:
            return self.factory(self.name, warn=warn, **self.options)
        from ..engines.registry import make_engine

        return make_engine(self.name, warn=warn, **self.options)
