"""The segmenter's fast path (no candidate boundary: pysbd skipped) changes nothing."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

import pipeline.segmenter as segmenter

from .conftest import SEEDS

EVAL = Path("/work/shared/eval")


def _pysbd_only(paragraph: str) -> list[str]:
    out = []
    for span in segmenter._segmenter().segment(paragraph):
        text = span.sent.strip()
        if text:
            out.extend(s.strip() for s in segmenter._split_glued(text))
    return out


def _check(lines):
    fast = 0
    for line in lines:
        if line.strip():
            fast += not segmenter._BOUNDARY_RE.search(line)
            assert segmenter.split_sentences(line) == _pysbd_only(line), line
    return fast


def test_fast_path_equals_pysbd_on_the_corpus():
    lines = [line for p in sorted(SEEDS.glob("*.txt")) for line in p.read_text(encoding="utf-8").split("\n")]
    assert _check(lines) > 10


@pytest.mark.skipif(not (EVAL / "flores200_devtest" / "src.fr").exists(), reason="public eval sets not here")
def test_fast_path_equals_pysbd_on_public_news_text():
    lines = (EVAL / "flores200_devtest" / "src.fr").read_text(encoding="utf-8").split("\n")[:400]
    assert _check(lines) > 100


WORDS = ["Le", "ministre", "M.", "Mme", "a", "dit", "«", "»", "\u00a0", "Kiev", "2,5", "p.-d.g.",
         "!", "?", "…", ".", ")", "(", "’", "Il", "la", "ville", "de", "Paris", "Une", "les"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=14), st.sampled_from(["", " ", "\u00a0"]))
def test_fast_path_equals_pysbd_on_generated_paragraphs(words, tail):
    line = " ".join(words) + tail
    if line.strip():
        assert segmenter.split_sentences(line) == _pysbd_only(line)


def test_threads_segmenting_at_once_get_their_own_sentences():
    """pysbd keeps the paragraph it segments on the segmenter: threads sharing
    one got each other's spans, and a first run's prefetch thread, segmenting
    beside the run, made a paragraph's sentences vanish from its output."""
    import threading

    lines = [line for p in sorted(SEEDS.glob("*.txt")) for line in p.read_text(encoding="utf-8").split("\n")
             if segmenter._BOUNDARY_RE.search(line)]  # the ones pysbd segments
    expected = [segmenter.split_sentences(line) for line in lines]
    results: dict[int, list] = {}
    start = threading.Barrier(4)

    def work(k: int) -> None:
        start.wait()
        results[k] = [segmenter.split_sentences(line) for line in lines * 3]

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(results[k] == expected * 3 for k in range(4))
