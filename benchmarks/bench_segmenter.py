"""Segmentation speed and agreement: pysbd (+ the fast path) vs sentencex vs spaCy's sentencizer.

    PYTHONPATH=. .venv/bin/python benchmarks/bench_segmenter.py [FILE…]

Default input: newstest2014-origfr's French side plus seeds/. Each contender
gets the corpus rules (glued headlines) on top, so only the boundary finder
differs; agreement is counted against pysbd, the reference the tests hold to.
sentencex and spaCy are optional (skipped when not installed).
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pipeline.segmenter as seg  # noqa: E402


def with_rules(splitter):
    def run(line):
        out = []
        for s in splitter(line):
            s = s.strip()
            if s:
                out.extend(x.strip() for x in seg._split_glued(s))
        return out
    return run


def contenders():
    yield "pipeline (fast path + pysbd)", seg.split_sentences
    yield "pysbd alone", with_rules(lambda text: [s.sent for s in seg._segmenter().segment(text)])
    try:
        import sentencex
        yield "sentencex", with_rules(lambda text: sentencex.segment("fr", text))
    except ImportError:
        print("sentencex not installed: skipped")
    try:
        import spacy
        nlp = spacy.blank("fr")
        nlp.add_pipe("sentencizer")
        yield "spaCy sentencizer", with_rules(lambda text: [s.text for s in nlp(text).sents])
    except ImportError:
        print("spaCy not installed: skipped")


def main() -> None:
    files = [Path(a) for a in sys.argv[1:]] or (
        [Path("/work/shared/eval/wmt14_newstest2014_fren_origfr/src.fr")] + sorted((ROOT / "seeds").glob("*.txt")))
    lines = [line for f in files for line in f.read_text(encoding="utf-8").split("\n") if line.strip()]
    reference = None
    for name, split in contenders():
        split(lines[0])
        start = time.perf_counter()
        result = [split(line) for line in lines]
        seconds = time.perf_counter() - start
        reference = reference or result
        differ = sum(a != b for a, b in zip(reference, result))
        print(f"{name:30s} {seconds:6.2f} s  {1000 * seconds / len(lines):5.2f} ms/line  "
              f"{sum(map(len, result))} sentences  {differ} lines differ from the pipeline")


if __name__ == "__main__":
    main()
