"""The engine protocol: a batch of French sentences in, English sentences out.

An engine is small on purpose. Everything around it (segmentation, the
translation memory, glossary enforcement, QA) lives in the pipeline, so a new
engine only has to implement :meth:`Engine.translate`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional, Protocol, Sequence, runtime_checkable


@dataclass
class Translation:
    """One engine output for one input sentence.

    ``source_tokens``/``target_tokens`` and ``attention`` are filled by engines
    that have them (argos: SentencePiece pieces and the decoder's attention over
    the source, one row per target token). Term alignment uses them to find the
    English span a French term was translated to.
    """

    text: str
    source_tokens: Optional[list[str]] = None
    target_tokens: Optional[list[str]] = None
    attention: Optional[list[list[float]]] = None


# Called with the number of sentences just finished, so the CLI can advance a bar.
ProgressCallback = Callable[[int], None]


@runtime_checkable
class Engine(Protocol):
    #: short name stored with every segment ("argos", "apertium")
    name: str
    #: model/data version stored with every segment and in the memory key
    version: str

    def translate(
        self, sentences: Sequence[str], progress: Optional[ProgressCallback] = None
    ) -> list[Translation]:
        """Translate ``sentences``; return one Translation per input, same order."""
        ...


def warm_up(engine: Engine) -> None:
    """Let an engine that can (``engine.warm_up()``) start loading its models now,
    in the background: the run calls this once it knows there is something to
    translate, so the loading overlaps reading and segmenting the documents."""
    start = getattr(engine, "warm_up", None)
    if callable(start):
        start()

