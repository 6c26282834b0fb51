"""Issue 13, Argos half: a sentence's translation does not depend on its batch.

The seed corpus translated whole, sentence by sentence, shuffled, and in
batches of 1/7/400 gives identical pieces and text, on the layouts where
CTranslate2's padding measurably changed an output (BPE: 1 of 114 with padded
batches, benchmarks/argos_batch_residue.py) and on the index's 1.9 layout.
"""
from __future__ import annotations

import random

import pytest

from pipeline.engines.argos import ArgosEngine
from pipeline.engines.argos.models import install_file
from tests.test_argos_parity import CAP, seed_sentences


def run(engine, sentences, order=None, size=None):
    order = list(range(len(sentences))) if order is None else order
    size = size or len(order)
    out = {}
    for k in range(0, len(order), size):
        part = order[k:k + size]
        for i, t in zip(part, engine.translate([sentences[i] for i in part])):
            out[i] = (t.text, tuple(t.target_tokens))
    return [out[i] for i in range(len(sentences))]


@pytest.mark.parametrize("bucket", [1, 8])
@pytest.mark.parametrize("key", ["bpe", "1.9"])
def test_output_does_not_depend_on_the_batch(key, bucket, layout_argosmodel, argos_home):
    """bucket 1: batches of equal lengths only; 8: every input padded to the next
    multiple of 8 pieces (a filler row of that length when no input has it)."""
    install_file(layout_argosmodel(key))
    engine = ArgosEngine(max_decoding_length=CAP, length_bucket=bucket)
    sentences = seed_sentences()
    whole = run(engine, sentences)
    shuffled = list(range(len(sentences)))
    random.Random(13).shuffle(shuffled)
    assert run(engine, sentences, size=1) == whole
    assert run(engine, sentences, order=shuffled) == whole
    assert run(engine, sentences, order=shuffled, size=7) == whole
    assert run(engine, sentences * 4, size=400)[:len(sentences)] == whole
    assert len({t for t, _ in whole}) > 10  # real, varied outputs
