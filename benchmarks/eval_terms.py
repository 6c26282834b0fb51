"""Term-accuracy benchmark: TICO-19 / WMT21 terminology test set, apertium.

Converts the set's glossary.fr-en.tsv into our YAML glossary (in a temporary
folder), translates src.fr with and without it, and prints a Markdown table.

    .venv/bin/python benchmarks/eval_terms.py [--set ../shared/eval/tico19_wmt21term_test] [--limit N]

The TSV gives several English terms for some French forms (the WMT21
annotation follows each reference): ``épidémie`` is "outbreak" 88 times and
"epidemic" 31 times. A glossary has one rendering per French form, so each
form goes to the entry that uses it most often (the others lose that form);
this caps the reachable accuracy.

WMT21 scores the glossary term verbatim ("pangolin", even where the French
says "pangolins"), so the converted entries set ``plural:`` to the term
itself; on our own glossary a French plural gets the English plural.
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import yaml  # noqa: E402

from pipeline.glossary.normalize import norm_key  # noqa: E402

DEFAULT_SET = Path(__file__).resolve().parents[2] / "shared/eval/tico19_wmt21term_test"
DEV_META = Path(__file__).resolve().parents[2] / "shared/eval/tico19_wmt21term_dev/meta.jsonl"


def dev_preferences(meta: Path) -> dict:
    """(French form, English term) → how often the dev split pairs them."""
    counts: dict = {}
    if meta.exists():
        for line in meta.open(encoding="utf-8"):
            for t in json.loads(line)["terms"]:
                key = (norm_key(t["fr_surface"].replace("' ", "'")), t["en_term"])
                counts[key] = counts.get(key, 0) + 1
    return counts


def convert_tsv(tsv: Path, out_dir: Path, dev_meta: Path = DEV_META) -> int:
    """TICO glossary TSV → ``out_dir/tico.yaml``; returns the number of entries.

    A French form listed under several English terms goes to the one the dev
    split pairs it with most often (ties and unseen forms: the entry with most
    occurrences)."""
    rows = list(csv.DictReader(tsv.open(encoding="utf-8"), delimiter="\t"))
    rows.sort(key=lambda r: -int(r["occurrences"]))
    prefs = dev_preferences(dev_meta)
    owner: dict[str, tuple] = {}
    for rank, r in enumerate(rows):
        for v in r["fr_variants"].split("|"):
            key = norm_key(v.replace("' ", "'"))
            score = (prefs.get((key, r["en"]), 0), -rank)
            if key not in owner or score > owner[key]:
                owner[key] = score
    entries = []
    for rank, r in enumerate(rows):
        forms = []
        for v in r["fr_variants"].split("|"):
            v = v.replace("' ", "'").strip()
            acronym = v.isupper()
            key = norm_key(v)
            if not v or owner.get(key, (0, 0))[1] != -rank or key in {norm_key(f) for f, _ in forms}:
                continue
            forms.append((v, acronym))
        if not forms:
            continue
        acronym = all(a for _, a in forms)
        entry = {"id": f"tico-{r['term_id']}", "fr": forms[0][0], "en": r["en"],
                 "kind": "acronym" if acronym else "term"}
        if len(forms) > 1:
            entry["variants"] = [f for f, _ in forms[1:]]
        # WMT21 asks for the glossary term verbatim: keep it uninflected
        entry["plural"] = r["en"]
        entry["note"] = f"WMT21 terminology task, TICO-19 term {r['term_id']} ({r['occurrences']} occurrences)"
        entries.append(entry)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "tico.yaml").write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=1000),
                                       encoding="utf-8")
    return len(entries)


def main(argv=None) -> int:
    from pipeline.engines.apertium import ApertiumEngine
    from pipeline.evaluate import evaluate

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", type=Path, default=DEFAULT_SET)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--keep", type=Path, default=None, help="write the converted glossary and outputs here")
    args = ap.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="eval_terms_"))
    gdir = work / "glossary"
    n = convert_tsv(args.set / "glossary.fr-en.tsv", gdir)
    engine = ApertiumEngine()
    common = dict(src=args.set / "src.fr", ref=args.set / "ref.en", engine=engine,
                  terms=args.set / "meta.jsonl", limit=args.limit)
    without = evaluate(glossary=None, hyp_out=work / "hyp.noglossary.en", **common)
    with_g = evaluate(glossary=gdir, hyp_out=work / "hyp.glossary.en", **common)
    print(f"TICO-19 WMT21 terminology, {args.set.name}, {without.lines} lines, "
          f"{without.term_total} term occurrences, glossary of {n} entries, engine apertium {engine.version}")
    print()
    print("| run | chrF | BLEU | term acc. (exact) | term acc. (lemma) | glossary statuses |")
    print("|---|---|---|---|---|---|")
    for name, r in (("apertium, no glossary", without), ("apertium + glossary", with_g)):
        st = ", ".join(f"{k} {v}" for k, v in sorted(r.statuses.items())) or "–"
        print(f"| {name} | {r.chrf:.2f} | {r.bleu:.2f} | {r.term_accuracy:.2f}% | {r.term_accuracy_lemma:.2f}% | {st} |")
    print()
    print(f"chrF difference: {with_g.chrf - without.chrf:+.2f}; outputs in {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
