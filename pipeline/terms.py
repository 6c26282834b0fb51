"""The hook through which a glossary takes part in translation.

The run calls, for each sentence to translate:

1. ``fingerprint(source)``: a hash of the glossary entries that match this
   sentence ("" when none do). It is part of the translation-memory key, so
   editing an entry re-translates exactly the sentences that contain it.
2. ``prepare(source)``: what to send to the engine (e.g. with protected terms),
   plus whatever state ``finish`` needs.
3. ``finish(prepared, translation)``: the final English sentence and the term
   report: a list of ``{"entry", "source", "target", "status"}`` dicts with
   status ``ok`` / ``repaired`` / ``missing``.

Between 2 and 3, ``take_lookups()`` gives the extra texts whose translation
``finish`` may want (how the engine renders a term on its own, to find and
repair it in the sentence); the run sends them with the same engine batch and
hands the results back with ``store_lookups``, so no engine call of their own
waits on the main thread.

``NoGlossary`` is the identity policy used when there is no glossary.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from .engines.base import Translation

#: engines whose output keeps its grammar best when they translate the sentence as written and
#: the term is then repaired in place (a rule-based engine renders a term the same way on its
#: own as in context, and passes unknown names through); others get numeric placeholders
#: (pipeline/glossary/enforce.py). Here, not there: a run starting up reads it before the glossary.
REPAIR_ENGINES = frozenset({"apertium"})


@dataclass
class Prepared:
    source: str
    engine_input: str
    state: Any = None
    terms: list = field(default_factory=list)
    #: the engine's attention is used to place terms (placeholders); engines
    #: that can skip computing it (argos) do so for the other sentences
    needs_alignment: bool = False


class TermPolicy(Protocol):
    #: hash of the whole glossary (reported in outputs; not the memory key)
    version: str

    def fingerprint(self, source: str) -> str: ...

    def prepare(self, source: str) -> Prepared: ...

    def take_lookups(self) -> list[str]: ...

    def store_lookups(self, texts: list[str], translations: list[Translation]) -> None: ...

    def finish(self, prepared: Prepared, translation: Translation) -> tuple[str, list[dict]]: ...


class NoGlossary:
    version = ""

    def fingerprint(self, source: str) -> str:
        return ""

    def prepare(self, source: str) -> Prepared:
        return Prepared(source=source, engine_input=source)

    def take_lookups(self) -> list[str]:
        return []

    def store_lookups(self, texts: list[str], translations: list[Translation]) -> None:
        pass

    def finish(self, prepared: Prepared, translation: Translation) -> tuple[str, list[dict]]:
        return translation.text, []
