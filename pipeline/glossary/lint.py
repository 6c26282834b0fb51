"""Lint for entries that cannot be terms or will match far more than meant.

Errors (the glossary is refused): a form of one letter (``a`` would match
``à``: "aiming b provide b Ukraine"), or a French function word matched in any
case (``de``, ``est``, ``le``). An acronym matches its exact case only, so
``EST`` is allowed.

Warnings (printed by ``check``, the glossary still loads):

- a clause rather than a term (a verb or relative pronoun, final punctuation,
  more than eight words);
- a form that is a much more frequent general word than the rendering is an
  English word (``test`` → ``assay``: the general sense wins in most
  sentences) — frequencies from wordfreq (which folds case, so names are not
  judged this way).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .normalize import norm_key

if TYPE_CHECKING:
    from .schema import Entry


@dataclass
class Issue:
    """One problem found in a glossary file (lint or schema), with its line."""

    file: str
    line: int
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"

#: Zipf frequency (wordfreq) above which a function word is too common to ever be a term
FUNCTION_WORD_ZIPF = 5.0
#: a term's form this much more frequent (Zipf, i.e. ×10 per unit) than its rendering
GENERAL_WORD_GAP = 1.3
MAX_WORDS = 8
CLAUSE_WORDS = {"qui", "que", "qu", "est", "sont", "était", "sera", "ont", "avait", "a été", "dont", "lorsque",
                "parce"}


#: what spaCy's list leaves out: elided forms (l', d', qu'…) and été
_EXTRA_STOP_WORDS = ("c", "d", "j", "l", "m", "n", "qu", "s", "t", "été")


@lru_cache(maxsize=1)
def french_stop_words() -> frozenset:
    """The one French stop-word list (normalised with ``norm_key``): the glossary
    lint and the review app's entry warnings both read it."""
    # spaCy's French stop-word list is a plain module, but importing it through the
    # package runs spacy/__init__ and spacy.lang.fr (~6 s): every `translate` lints
    # the glossary, so the file is loaded on its own.
    import importlib.util

    extra = frozenset(norm_key(w) for w in _EXTRA_STOP_WORDS)
    spec = importlib.util.find_spec("spacy")  # finds the package without importing it
    if spec is None or not spec.submodule_search_locations:
        return extra
    path = Path(spec.submodule_search_locations[0]) / "lang" / "fr" / "stop_words.py"
    module_spec = importlib.util.spec_from_file_location("_spacy_fr_stop_words", path)
    if module_spec is None or module_spec.loader is None:
        return extra
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return frozenset(norm_key(w) for w in module.STOP_WORDS) | extra


def _zipf(text: str, lang: str) -> float:
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # optional: without it the frequency warnings are skipped
        return 0.0
    return zipf_frequency(text, lang)


#: anything but a letter or digit (str.isalnum: ``\w`` less the underscore)
_NOT_ALNUM = re.compile(r"[\W_]+")


def term_checks(e: "Entry", warnings: bool = True) -> list[Issue]:
    """The lint of one entry; ``warnings=False`` (a translation run, which only
    needs to know whether the glossary is valid) skips the checks that can only
    warn, and with them loading wordfreq's tables (~1 s)."""
    issues: list[Issue] = []
    for form in e.forms:
        key = norm_key(form)
        letters = len(_NOT_ALNUM.sub("", key))
        if not letters:
            continue  # reported as "can never match" by the schema checks
        if letters == 1:
            issues.append(Issue(e.file, e.line, f"'{form}' cannot be a term: a single letter matches everywhere "
                                                f"(and '{key}' also matches an accented letter)"))
            continue
        words = key.split()
        if not e.exact_case and len(words) == 1 and key in french_stop_words():
            if _zipf(key, "fr") >= FUNCTION_WORD_ZIPF or len(key) <= 3:
                issues.append(Issue(e.file, e.line,
                                    f"'{form}' cannot be a term: it is the French function word '{key}', "
                                    "found in almost every sentence (list a longer form, or an acronym's exact case)"))
            else:
                issues.append(Issue(e.file, e.line, f"'{form}' is a French stop-word ('{key}'): it will match often",
                                    "warning"))
            continue
        if not warnings:
            continue
        if len(words) > MAX_WORDS or re.search(r"[.!?;:]$", form.strip()) or \
                any(w in CLAUSE_WORDS for w in words) or " a ete " in f" {key} ":
            issues.append(Issue(e.file, e.line, f"'{form}' looks like a clause, not a term "
                                                "(a verb, a relative pronoun, final punctuation or over "
                                                f"{MAX_WORDS} words): it will rarely match as written", "warning"))
            continue
        if e.exact_case or len(words) > 1:
            continue
        if e.kind == "term":
            fr = _zipf(key, "fr")
            en = _zipf(e.en, "en")
            if fr >= 4.0 and en and fr - en >= GENERAL_WORD_GAP:
                issues.append(Issue(e.file, e.line,
                                    f"'{form}' is a general word far more frequent than its rendering '{e.en}' "
                                    f"(Zipf {fr:.1f} vs {en:.1f}): it will replace the everyday sense too",
                                    "warning"))
    return issues
