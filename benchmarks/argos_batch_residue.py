"""How often does batching change an Argos output? Ours vs argostranslate's own.

For each package layout (tests/tiny_argos.py, random weights, output capped
at --cap pieces), every seed sentence is translated:

* alone (one sentence per translate_batch call, as argostranslate does when a
  paragraph has one sentence) — the reference;
* by ArgosEngine over the whole corpus at once, shuffled, and in batches of
  7 and 400 sentences (pad-free batches, the default, or ``--padded``);
* by argostranslate itself, paragraph by paragraph (its
  ``apply_packaged_translation`` batches a paragraph's sentences, 32 tokens
  per CTranslate2 batch), with the pipeline's sentence splitter standing in
  for stanza so the sentences are the same.

It prints, per layout, how many sentences differ from the reference in each
mode. Differences come from CTranslate2's padding: int8/float results of a
padded row differ in the last bits, which can flip a beam-search choice.

    .venv/bin/python benchmarks/argos_batch_residue.py [--cap 40] [--json out.json]
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--cap", type=int, default=40)
    p.add_argument("--layouts", default="1.9,1.0,bpe,1.9+target_prefix")
    p.add_argument("--padded", action="store_true",
                   help="ArgosEngine(pad_free=False): length-sorted padded batches")
    p.add_argument("--bucket", type=int, default=1,
                   help="ArgosEngine(length_bucket=N): pad-free batches of inputs padded to a "
                        "multiple of N pieces (1: equal lengths only)")
    p.add_argument("--json", type=Path)
    args = p.parse_args()

    import ctranslate2
    from argostranslate import settings
    from argostranslate.package import Package
    from argostranslate.translate import apply_packaged_translation

    from pipeline.engines.argos import ArgosEngine
    from pipeline.segmenter import split_sentences
    from tests.argos_fixtures import LAYOUT_PACKAGES
    from tests.tiny_argos import build_package_dir, corpus_lines

    paragraphs = [[s for s in split_sentences(line) if s.strip()] for line in corpus_lines()]
    sentences = [s for para in paragraphs for s in para]
    results = {}
    for key in args.layouts.split(","):
        top = build_package_dir(Path(tempfile.mkdtemp()), **LAYOUT_PACKAGES[key])
        engine = ArgosEngine(top, max_decoding_length=args.cap, pad_free=not args.padded,
                             length_bucket=args.bucket)
        alone = [engine.translate([s])[0].text for s in sentences]
        # unpadded, one sentence per call: what argostranslate gives for a sentence alone
        unpadded = ArgosEngine(top, max_decoding_length=args.cap, length_bucket=1)
        unpadded_alone = [unpadded.translate([s])[0].text for s in sentences]

        def differs(texts, alone=alone):  # bound now: called in this iteration only
            return sum(a != b for a, b in zip(alone, texts))

        modes = {"whole corpus": differs([t.text for t in engine.translate(sentences)]),
                 "alone vs alone unpadded": sum(a != b for a, b in zip(alone, unpadded_alone))}
        order = list(range(len(sentences)))
        random.Random(7).shuffle(order)
        shuffled = engine.translate([sentences[i] for i in order])
        back = [""] * len(sentences)
        for i, t in zip(order, shuffled):
            back[i] = t.text
        modes["shuffled"] = differs(back)
        for size in (7, 400):
            out = []
            for i in range(0, len(sentences), size):
                out += [t.text for t in engine.translate(sentences[i:i + size])]
            modes[f"batches of {size}"] = differs(out)

        class Paragraph:  # argos's sentencizer, returning our split of the paragraph
            current: list[str] = []

            def split_sentences(self, text):
                return self.current

        class Capped:  # caps the output and keeps the hypotheses of the last call
            def __init__(self, real):
                self.real, self.last = real, []

            def translate_batch(self, *a, **k):
                k["max_decoding_length"] = args.cap
                out = self.real.translate_batch(*a, **k)
                self.last = [r.hypotheses[0] for r in out]
                return out

        pkg = Package(top)
        translator = Capped(ctranslate2.Translator(
            str(top / "model"), device=settings.device, inter_threads=settings.inter_threads,
            intra_threads=settings.intra_threads, compute_type=settings.compute_type))
        splitter = Paragraph()
        argos_diff = in_paragraphs = 0
        for para in paragraphs:
            if len(para) < 2:
                continue
            in_paragraphs += len(para)
            splitter.current = para
            apply_packaged_translation(pkg, " ".join(para), translator, splitter, 1)
            together = translator.last
            for s, hyp in zip(para, together):
                splitter.current = [s]
                apply_packaged_translation(pkg, s, translator, splitter, 1)
                argos_diff += translator.last[0] != hyp
        modes["argostranslate, paragraph vs alone"] = f"{argos_diff} of {in_paragraphs} sentences"
        results[key] = {"sentences": len(sentences), **modes}
        print(key, json.dumps(results[key], ensure_ascii=False), file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
