"""The apertium engine: one sentence per line, and that correspondence holds."""
from __future__ import annotations

import pytest

from pipeline.document import read_document
from pipeline.engines.apertium import ApertiumEngine

from .conftest import SEEDS, requires_apertium

pytestmark = requires_apertium

# Characters Apertium's deformatter treats specially, empty-ish lines, numbers.
TRICKY = [
    "Le ministre est à Bruxelles.",
    "Prix : 3\u00a0000 € [environ] ^ $ @ \\ / < > * # ~ |",
    "Kiev",
    "…",
    "« Nous avons constaté l’impact des drones » , a déclaré le ministre",
    "<b>gras</b> &amp; rien",
    "2,75 milliards",
    "Fin de la ligne sans point",
]


def test_batch_matches_one_call_per_sentence():
    engine = ApertiumEngine()
    batch = [t.text for t in engine.translate(TRICKY)]
    single = [engine.translate([s])[0].text for s in TRICKY]
    assert len(batch) == len(TRICKY)
    assert batch == single
    assert batch[0] == "The minister is in Brussels."


def test_corpus_sentences_keep_their_lines():
    sentences = [s.text for path in sorted(SEEDS.glob("*.txt")) for s in read_document(path).sentences()]
    engine = ApertiumEngine(lines_per_call=50)
    progress = []
    out = engine.translate(sentences, progress=progress.append)
    assert len(out) == len(sentences) and sum(progress) == len(sentences)
    # Spot-check alignment: proper names survive on the right line.
    for sentence, translation in zip(sentences, out):
        for name in ("Umerov", "Sprūds", "Wallace", "Lavrov"):
            if name in sentence:
                assert name in translation.text, (sentence, translation.text)


def test_version_names_both_language_pairs():
    version = ApertiumEngine().version
    assert "apertium-fr-es=" in version and "apertium-eng-spa=" in version


def test_unpunctuated_corpus_lines_do_not_bleed_into_their_neighbours():
    """Headlines and captions end without punctuation; batch output must equal single calls."""
    sentences = [s.text for path in sorted(SEEDS.glob("*.txt")) for s in read_document(path).sentences()]
    picked = []
    for i, sentence in enumerate(sentences):
        if sentence[-1] not in ".!?»”\"" and i + 1 < len(sentences):
            picked += [sentence, sentences[i + 1]]
    picked = picked[:16]
    assert len(picked) >= 8
    engine = ApertiumEngine()
    batch = [t.text for t in engine.translate(picked)]
    single = [engine.translate([s])[0].text for s in picked]
    # Same words on the same line; the tagger's context may change one inflection
    # ("point of accesses" / "point of access"), never move words between lines.
    for b, s in zip(batch, single):
        assert len(b.split()) == len(s.split()), (b, s)
    assert sum(b == s for b, s in zip(batch, single)) >= len(picked) - 2
