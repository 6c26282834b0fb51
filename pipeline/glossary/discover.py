"""Looking at the corpus: where a term occurs, and what might be missing.

``where`` lists every occurrence of a form (or of every form of an entry) in
the articles, with its context. ``suggest`` proposes names and terms the
glossary does not cover yet: spaCy's ``fr_core_news_sm`` named entities when
the model is installed, capitalised n-grams otherwise, ranked by frequency,
each with an example sentence.
"""
from __future__ import annotations

import re
import sys
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

from .matcher import Matcher
from .normalize import norm_key
from .schema import Entry


@dataclass
class Occurrence:
    file: str
    line: int
    surface: str
    context: str
    entry: str


def _articles(paths: Iterable[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        out.extend(sorted(p.glob("*.txt")) if p.is_dir() else [p])
    return out


def where(form: str, entries: list[Entry], paths: Iterable[Path], width: int = 40) -> list[Occurrence]:
    target = None
    for e in entries:
        if any(norm_key(f, e.exact_case) == norm_key(form, e.exact_case) for f in e.forms):
            target = e
            break
    if target is None:  # an ad-hoc form: match it like a term
        target = Entry(fr=form, en=form, kind="term", note="")
    matcher = Matcher([target])
    found = []
    for path in _articles(paths):
        for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
            for m in matcher.find(line):
                left = line[max(0, m.start - width):m.start]
                right = line[m.end:m.end + width]
                found.append(Occurrence(str(path), n, m.surface,
                                        f"…{left}[{m.surface}]{right}…".replace("\n", " "), target.id))
    return found


@dataclass
class Candidate:
    text: str
    count: int
    label: str
    example: str


STOP_CAPS = {"Le", "La", "Les", "L", "Un", "Une", "Des", "Du", "De", "Il", "Elle", "Ils", "Nous", "Je", "Ce",
             "Cette", "C", "Et", "Mais", "Depuis", "Pour", "Selon", "Dans", "Lors", "Alors", "Aujourd", "En",
             "Au", "Aux", "Sur", "Cela", "Lorsqu", "Même", "Ainsi", "Rien", "Huit", "Vidéo", "Également"}


def _sentences(paths: Iterable[Path]) -> list[str]:
    from ..segmenter import split_sentences

    out = []
    for path in _articles(paths):
        for para in path.read_text(encoding="utf-8").split("\n"):
            if para.strip():
                out.extend(split_sentences(para))
    return out


@contextmanager
def _without_torch():
    """spaCy's thinc imports torch whenever it is installed (argostranslate needs it
    installed); spaCy never uses it here, and it costs ~2 s and hundreds of MB.
    A ``None`` in ``sys.modules`` makes thinc's ``import torch`` fail, so it takes
    its no-torch path; the entry is removed afterwards so torch stays importable."""
    if "torch" in sys.modules:
        yield
        return
    sys.modules["torch"] = None
    try:
        yield
    finally:
        if sys.modules.get("torch", 0) is None:
            del sys.modules["torch"]


def _spacy_candidates(sentences: list[str]) -> Optional[list[tuple[str, str, str]]]:
    try:
        with _without_torch():
            import spacy

            nlp = spacy.load("fr_core_news_sm", disable=["lemmatizer"])
    except Exception:  # model or spaCy not installed
        return None
    found = []
    for doc, sent in zip(nlp.pipe(sentences), sentences):
        for ent in doc.ents:
            text = ent.text.strip(" «»“”\"'’.,;:")
            text = re.sub(r"^(?:[lLdD][’']|[Ll]es? |[Ll]a |[Dd]u |[Dd]es )", "", text)
            if len(text) > 1:
                found.append((text, ent.label_, sent))
    return found


def _caps_candidates(sentences: list[str]) -> list[tuple[str, str, str]]:
    found = []
    word = r"[A-ZÀ-ÖØ-Þ][\w\-]+"
    for sent in sentences:
        for m in re.finditer(rf"(?<![\w’'])(?:[dlDL][’'])?({word}(?:[ \-](?:de |du |des |la )?{word})*)", sent):
            text = m.group(1)
            if text.split()[0] in STOP_CAPS and " " not in text:
                continue
            if m.start(1) == 0 and " " not in text:
                continue  # a single capitalised word opening the sentence
            found.append((text, "CAPS", sent))
    return found


def looks_english_word(text: str, sentence: str) -> bool:
    """Web boilerplate ("Leave a Comment") is not a glossary candidate."""
    from ..language import looks_english

    return looks_english(sentence)


def suggest(entries: list[Entry], paths: Iterable[Path], use_spacy: bool = True,
            limit: int = 50) -> tuple[list[Candidate], str]:
    sentences = _sentences(paths)
    raw = _spacy_candidates(sentences) if use_spacy else None
    method = "spaCy fr_core_news_sm"
    if raw is None:
        raw = _caps_candidates(sentences)
        method = "capitalised n-grams"
    matcher = Matcher(entries)
    counts: Counter = Counter()
    labels: dict[str, str] = {}
    examples: dict[str, str] = {}
    display: dict[str, str] = {}
    for text, label, sent in raw:
        if len(text) < 3 or not any(c.isupper() for c in text) or looks_english_word(text, sent):
            continue
        covered = matcher.find(text)
        if covered and sum(m.end - m.start for m in covered) >= len(text.replace(" ", "")) * 0.8:
            continue
        key = norm_key(text)
        counts[key] += 1
        display.setdefault(key, text)
        labels.setdefault(key, label)
        examples.setdefault(key, sent)
    ranked = [Candidate(display[k], n, labels[k], examples[k]) for k, n in counts.most_common()]
    ranked.sort(key=lambda c: (-c.count, c.text.lower()))
    return ranked[:limit], method
