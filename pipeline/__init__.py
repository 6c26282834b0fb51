"""French → English translation and glossary pipeline.

The library API (``pipeline.api``) is exported here::

    from pipeline import translate_paths, load_document

    summary = translate_paths(["seeds/"], out="out", engine="auto", glossary="glossary")
    print(summary.line())

The names are imported on first use (PEP 562), so ``import pipeline`` and the
CLI's start-up (``pipeline --help``, ``pipeline glossary …``) do not pay for the
run's modules.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

_API = {
    "translate_paths": "api", "load_document": "api", "document_names": "api", "build_review_pages": "api",
    "memory_path": "api", "RunSummary": "translate", "Progress": "translate",
    "translate_sentences": "translate", "make_engine": "engines.registry", "engine_names": "engines.registry",
    "Engine": "engines.base", "Translation": "engines.base", "PipelineError": "errors",
}
__all__ = [
    "__version__", "translate_paths", "load_document", "document_names", "build_review_pages", "memory_path",
    "RunSummary", "Progress", "translate_sentences", "make_engine", "engine_names", "Engine", "Translation",
    "PipelineError",
]

if TYPE_CHECKING:
    from .api import build_review_pages, document_names, load_document, memory_path, translate_paths
    from .engines.base import Engine, Translation
    from .engines.registry import engine_names, make_engine
    from .errors import PipelineError
    from .translate import Progress, RunSummary, translate_sentences


def __getattr__(name: str):
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # once imported, a plain attribute
    return value
