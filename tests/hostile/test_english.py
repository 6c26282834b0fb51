"""The English finishing step on hostile engine output: huge, odd or marker-laden text."""
from __future__ import annotations

import time

import pytest

from pipeline.english import finish_english


@pytest.mark.parametrize("text", [
    "ab-" * 20000, "a" * 60000, "é" * 60000, "1 " * 30000, "1," * 30000, "« " * 30000,
    " " * 60000 + ":", "<prn> " * 20000, "the years " * 10000,
])
def test_long_pathological_text_is_linear(text):
    # A 30,000-character paragraph is re-joined from chunks before finishing;
    # no rule may backtrack quadratically on it.
    start = time.perf_counter()
    finish_english(text)
    assert time.perf_counter() - start < 5


def test_private_use_markers_in_the_text_are_not_corrupted():
    text = "\ue0000\ue001 and « x »"
    assert finish_english(text, keep=["x"]) == "\ue0000\ue001 and “x”"


@pytest.mark.parametrize("text", ["", " ", "»", "«", "%", ":", "\u00a0!", "1,", ",5"])
def test_degenerate_inputs(text):
    assert isinstance(finish_english(text), str)
