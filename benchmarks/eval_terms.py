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
reference and the "a" + vowel errors.
"""
from __future__ import annotations

import argparse
import csv
import io
import sys
import tempfile
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
    print(f"chrF difference: {with_g.chrf - without.chrf:+.2f}; outputs in {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
