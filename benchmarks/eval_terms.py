"""Term benchmark: TICO-19 / WMT21 terminology set, apertium, with the set's own
glossary imported as a plain ``fr,en`` CSV — what a user would do.

    .venv/bin/python benchmarks/eval_terms.py [--set ../shared/eval/tico19_wmt21term_test] [--limit N] [--keep DIR]

The TSV gives several English terms for some French forms (``épidémie`` is
"outbreak" in one row and "epidemic" in another): a glossary has one rendering
per French form, so each form goes to its most frequent English term
(``occurrences`` column), nothing else — no tuning to the test annotations.
The CSV is imported with ``pipeline glossary import`` (kind ``term``, or
``acronym`` for all-capitals forms) and ``pipeline eval`` is run with and
without it. Term accuracy is given three ways: the WMT21 term verbatim, the
reference's own surface form of it (``vaccines`` where the reference says so),
and a lemma match; harm as the glossary spans neither annotated nor in the
reference and the "a" + vowel errors. The misses (reference surface) are then
sorted by cause: the glossary's rendering is in the output and the reference
words the term otherwise (another term, another number, a rewritten clause),
the engine lost the term (flagged ``missing``), the term was reported in place
in a form the reference does not use, or no glossary entry matched it.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.glossary.normalize import norm_key  # noqa: E402

DEFAULT_SET = Path(__file__).resolve().parents[2] / "shared/eval/tico19_wmt21term_test"
if not DEFAULT_SET.exists():  # a git worktree elsewhere than the project root
    DEFAULT_SET = Path("/work/shared/eval/tico19_wmt21term_test")


def tsv_to_csv(tsv: Path) -> str:
    """The set's glossary TSV → ``fr,en`` CSV, one row per French form, each form
    with its most frequent English term."""
    rows = list(csv.DictReader(tsv.open(encoding="utf-8"), delimiter="\t"))
    best: dict[str, tuple[int, str, str]] = {}
    for r in rows:
        for v in r["fr_variants"].split("|"):
            v = v.replace("' ", "'").strip()
            if not v:
                continue
            key = norm_key(v)
            n = int(r["occurrences"] or 0)
            if key not in best or n > best[key][0]:
                best[key] = (n, v, r["en"].strip())
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["fr", "en"])
    for _, fr, en in sorted(best.values(), key=lambda t: (-t[0], t[1])):
        w.writerow([fr, en])
    return buf.getvalue()


MISS_CAUSES = {
    "rendering": "the glossary's rendering is in the output; the reference words the term otherwise",
    "missing": "the engine lost the term (flagged `missing`)",
    "form": "reported in place, but not in the form the reference uses",
    "unmatched": "no glossary entry matched the French term",
}


def miss_causes(meta: Path, hyps: list[str], spans: list[list[dict]]) -> Counter:
    """The reference-surface misses by cause (MISS_CAUSES): each annotated term
    the hypothesis lacks is put down to the glossary spans over its French."""
    from pipeline.evaluate import _occurrences

    causes: Counter = Counter()
    for line, hyp, line_spans in zip(meta.read_text(encoding="utf-8").splitlines(), hyps, spans):
        terms = json.loads(line).get("terms", [])
        needed = Counter(t.get("en_surface") or t["en_term"] for t in terms)
        for english, n in needed.items():
            lacking = n - min(n, _occurrences(english, hyp, False))
            if not lacking:
                continue
            french = {t["fr_surface"].lower() for t in terms if (t.get("en_surface") or t["en_term"]) == english}
            mine = [s for s in line_spans if any(f in s["source"].lower() or s["source"].lower() in f
                                                 for f in french)]
            if not mine:
                cause = "unmatched"
            elif any(s["status"] == "missing" for s in mine):
                cause = "missing"
            elif all(_occurrences(re.sub(r"^(?i:the)\s+", "", s["target"]), hyp, False) for s in mine):
                cause = "rendering"
            else:
                cause = "form"
            causes[cause] += lacking
    return causes


def main(argv=None) -> int:
    from pipeline.engines.apertium import ApertiumEngine
    from pipeline.evaluate import evaluate
    from pipeline.glossary.importing import import_entries

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", type=Path, default=DEFAULT_SET)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--keep", type=Path, default=None, help="write the CSV, glossary and outputs here")
    args = ap.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="eval_terms_"))
    work.mkdir(parents=True, exist_ok=True)
    (work / "glossary.csv").write_text(tsv_to_csv(args.set / "glossary.fr-en.tsv"), encoding="utf-8")
    gdir = work / "glossary"
    if gdir.exists():
        for f in gdir.glob("*.yaml"):
            f.unlink()
    added, _ = import_entries(work / "glossary.csv", gdir)
    engine = ApertiumEngine()
    common = dict(src=args.set / "src.fr", ref=args.set / "ref.en", engine=engine,
                  terms=args.set / "meta.jsonl", limit=args.limit)
    without = evaluate(glossary=None, hyp_out=work / "hyp.noglossary.en", **common)
    with_g = evaluate(glossary=gdir, hyp_out=work / "hyp.glossary.en", **common)
    print(f"TICO-19 WMT21 terminology, {args.set.name}, {without.lines} lines, {without.term_total} term "
          f"occurrences, glossary: {added} entries imported from the set's TSV as fr,en CSV, "
          f"engine apertium {engine.version}")
    print()
    print("| run | chrF | BLEU | term acc. (term) | term acc. (reference surface) | term acc. (lemma) "
          "| 'a'+vowel | spans not annotated, not in ref | statuses |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, r in (("apertium, no glossary", without), ("apertium + glossary", with_g)):
        st = ", ".join(f"{k} {v}" for k, v in sorted(r.statuses.items())) or "–"
        spans = f"{r.unsupported_spans} of {r.glossary_spans}" if r.glossary_spans else "–"
        print(f"| {name} | {r.chrf:.2f} | {r.bleu:.2f} | {r.term_accuracy:.2f}% | {r.term_accuracy_surface:.2f}% "
              f"| {r.term_accuracy_lemma:.2f}% | {r.a_vowel_errors} | {spans} | {st} |")
    print()
    causes = miss_causes(args.set / "meta.jsonl", with_g.hyps, with_g.spans)
    misses = with_g.term_total - with_g.term_hits_surface
    print(f"{misses} reference-surface misses with the glossary, by cause:")
    for key, text in MISS_CAUSES.items():
        print(f"- {causes[key]:4d}  {text}")
    print()
    print(f"chrF difference: {with_g.chrf - without.chrf:+.2f}; outputs in {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
