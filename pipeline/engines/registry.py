"""The engines by name: each entry builds its engine from its own options.

``make_engine("argos", beam_size=8)`` looks the name up and hands the options
to that engine's constructor; what an engine accepts is read from its
constructor's signature, so the registry never repeats (or drifts from) an
engine's defaults. ``auto`` is not an engine but a choice: argos when a fr→en
model is installed, else apertium with a hint.

The command line passes every engine's options whatever the engine (one
``pipeline translate`` serves them all, and ``auto`` decides late), so an
option another engine owns is dropped here. When the engine was named, a
value changed from the owner's default is warned about (``-e apertium
--beam-size 8``: the 8 would silently do nothing); under ``auto`` the user
could not know which engine would run, so nothing is said. An option no
engine knows is a usage error.
"""
from __future__ import annotations

import inspect
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Optional

from ..errors import EngineError, UsageError
from .base import Engine

NEURAL_HINT = ("install a French→English Argos model with "
               "`pipeline models install translate-fr_en-*.argosmodel` for neural output")


@dataclass(frozen=True)
class EngineEntry:
    """One engine: how to import it and what ``workers`` (engines in parallel) means to it."""

    name: str
    #: imports and returns the engine class (engines load heavy modules: only when chosen)
    load: Callable[[], type]
    #: the constructor option that ``workers`` sets (apertium pipes, argos inter_threads)
    workers_option: str

    def options(self) -> dict[str, Any]:
        """The engine's keyword options and their defaults."""
        return _options(self.load)

    def build(self, workers: int = 0, **options) -> Engine:
        if workers > 0:
            options.setdefault(self.workers_option, workers)
        return self.load()(**options)


@lru_cache(maxsize=None)
def _options(load: Callable[[], type]) -> dict[str, Any]:
    params = inspect.signature(load()).parameters.values()  # the constructor's, without self
    return {p.name: p.default for p in params if p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD)}


def _apertium() -> type:
    from .apertium import ApertiumEngine
    return ApertiumEngine


def _argos() -> type:
    from .argos import ArgosEngine
    return ArgosEngine


ENGINES: dict[str, EngineEntry] = {}


def register(entry: EngineEntry) -> EngineEntry:
    """Add (or replace) an engine; its name becomes a valid ``--engine``."""
    ENGINES[entry.name] = entry
    return entry


register(EngineEntry("argos", _argos, "inter_threads"))  # neural: an installed Argos package
register(EngineEntry("apertium", _apertium, "workers"))  # rule-based, fr → es → en

AUTO = "auto"


def engine_names() -> list[str]:
    """What ``--engine`` accepts: auto, then every registered engine."""
    return [AUTO, *ENGINES]


def make_engine(name: str, warn: Optional[Callable[[str], None]] = None, workers: int = 0, **options) -> Engine:
    """Build the engine called ``name`` (or the ``auto`` choice) with ``options``.

    ``warn`` receives one-line warnings. ``workers``: engine workers in
    parallel (0 = the engine's default), each engine's own meaning (``workers_option``).
    """
    warn = warn or (lambda msg: print(f"warning: {msg}", file=sys.stderr))
    named = name != AUTO
    if not named:
        name, package = _auto(warn)
        if package is not None:
            options.setdefault("package_dir", Path(package.package_path))
    entry = ENGINES.get(name)
    if entry is None:
        raise UsageError(f"unknown engine {name!r}; choose one of: {', '.join(engine_names())}")
    return entry.build(workers, **_own_options(entry, options, warn if named else None))


def _auto(warn: Callable[[str], None]):
    """(engine name, Argos package or None): argos when a model is installed."""
    from .argos.models import find_fr_en_package
    package = find_fr_en_package()
    if package is not None:
        return "argos", package
    from .apertium import apertium_available
    ok, detail = apertium_available()
    if not ok:
        raise EngineError(f"no engine available: no Argos fr→en model is installed and {detail}; "
                          f"{NEURAL_HINT}")
    warn(f"no Argos fr→en model installed, using apertium (rule-based); {NEURAL_HINT}")
    return "apertium", None


def takes_option(name: str, option: str) -> bool:
    """Whether engine ``name`` has ``option``; under ``auto``, whether any engine has it."""
    entries = ENGINES.values() if name == AUTO else [ENGINES[name]] if name in ENGINES else []
    return any(option in entry.options() for entry in entries)


def _own_options(entry: EngineEntry, options: dict, warn: Optional[Callable[[str], None]]) -> dict:
    """The options ``entry`` takes; others' options dropped (``warn``-ed if changed)."""
    own = entry.options()
    kept = {}
    for key, value in options.items():
        if key in own:
            kept[key] = value
            continue
        owners = [other for other in ENGINES.values() if other is not entry and key in other.options()]
        if not owners:
            raise UsageError(f"engine option {key!r} is not an option of any engine ({', '.join(ENGINES)})")
        if warn is not None and all(value != other.options()[key] for other in owners):
            warn(f"{key.replace('_', '-')} is an option of {', '.join(o.name for o in owners)}; "
                 f"{entry.name} ignores it")
    return kept
