"""Choosing an engine by name: argos, apertium, or auto (argos when a model is installed)."""
from __future__ import annotations

import sys
from pathlib import Path
from ..errors import EngineError, UsageError
from .base import Engine

ENGINES = ("auto", "argos", "apertium")
NEURAL_HINT = ("install a French→English Argos model with "
               "`pipeline models install translate-fr_en-*.argosmodel` for neural output")


def make_engine(name: str, warn=None, **argos_options) -> Engine:
    """Build the engine called ``name``. ``warn`` receives one-line warnings.

    ``argos_options`` go to :class:`ArgosEngine` (beam_size, intra_threads,
    compute_type, …) and are ignored by apertium.
    """
    warn = warn or (lambda msg: print(f"warning: {msg}", file=sys.stderr))
    if name not in ENGINES:
        raise UsageError(f"unknown engine {name!r}; choose one of: {', '.join(ENGINES)}")
    if name == "apertium":
        from .apertium import ApertiumEngine
        return ApertiumEngine()
    from .argos import ArgosEngine, find_fr_en_package
    if name == "argos":
        return ArgosEngine(**argos_options)
    package = find_fr_en_package()
    if package is not None:
        return ArgosEngine(Path(package.package_path), **argos_options)
    from .apertium import ApertiumEngine, apertium_available
    ok, detail = apertium_available()
    if not ok:
        raise EngineError(f"no engine available: no Argos fr→en model is installed and {detail}; "
                          f"{NEURAL_HINT}")
    warn(f"no Argos fr→en model installed, using apertium (rule-based); {NEURAL_HINT}")
    return ApertiumEngine()

