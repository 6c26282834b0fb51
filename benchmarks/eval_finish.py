"""The English finishing step, measured: raw Apertium vs finished, and per rule.

Runs raw Apertium once per eval set (one sentence per line, as `pipeline eval`
does) and caches its output under ``benchmarks/results/finish_cache/`` (git-
ignored; the file name carries the Apertium package versions, so a new
package re-translates). Then scores, with sacrebleu, the raw output, the
finished output, and the finished output with each rule left out (ablation):
a rule whose removal *raises* chrF on any set does harm there.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/eval_finish.py [--sets dev|test|all] [--quiet]

Design the rules on the dev sets (TICO dev, the first half of newstest
documents); confirm on all.
"""
from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.english.finish import RULES, finish_english  # noqa: E402
from pipeline.evaluate import read_lines, score  # noqa: E402

EVAL = ROOT.parent.parent / "shared" / "eval" if (ROOT.parent.parent / "shared").exists() else Path("/work/shared/eval")
SETS = {
    "newstest2014-origfr": "wmt14_newstest2014_fren_origfr",
    "flores-devtest": "flores200_devtest",
    "tico19-dev": "tico19_wmt21term_dev",
    "tico19-test": "tico19_wmt21term_test",
}
DEV = ("tico19-dev",)
CACHE = ROOT / "benchmarks" / "results" / "finish_cache"


def raw_output(name: str, sources: list[str], quiet: bool) -> list[str]:
    """Raw Apertium for one set, from the cache or translated once."""
    from pipeline.engines.apertium import ApertiumEngine, apertium_version

    tag = hashlib.sha256((apertium_version() + "\n".join(sources)).encode()).hexdigest()[:12]
    path = CACHE / f"{name}.{tag}.raw.en"
    if path.exists():
        lines = read_lines(path)
        if len(lines) == len(sources):
            return lines
    if not quiet:
        print(f"translating {name} ({len(sources)} lines) with apertium…", file=sys.stderr)
    out = [t.text for t in ApertiumEngine().translate(sources)]
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text("\n".join(out) + "\n", encoding="utf-8")
    tmp.replace(path)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sets", default="all", help="dev, test or all (default)")
    ap.add_argument("--no-ablation", action="store_true", help="skip the per-rule rows")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    names = [n for n in SETS if args.sets == "all" or (n in DEV) == (args.sets == "dev")]
    rules = [r.name for r in RULES]
    header = "| set | lines | raw BLEU | raw chrF | finished BLEU | finished chrF | Δ BLEU | Δ chrF |"
    rows, ablation = [header, "|---|---:|---:|---:|---:|---:|---:|---:|"], {}
    for name in names:
        folder = EVAL / SETS[name]
        sources, refs = read_lines(folder / "src.fr"), read_lines(folder / "ref.en")
        raw = raw_output(name, sources, args.quiet)
        base = score(raw, refs)
        done = score([finish_english(t) for t in raw], refs)
        rows.append(f"| {name} | {len(refs)} | {base.bleu:.2f} | {base.chrf:.2f} | {done.bleu:.2f} | "
                    f"{done.chrf:.2f} | {done.bleu - base.bleu:+.2f} | {done.chrf - base.chrf:+.2f} |")
        if not args.quiet:
            print(f"{name}: raw {base.chrf:.2f} → finished {done.chrf:.2f} chrF", file=sys.stderr)
        if not args.no_ablation:
            for rule in rules:
                without = score([finish_english(t, skip={rule}) for t in raw], refs)
                # What the rule adds: finished minus finished-without-it.
                ablation.setdefault(rule, {})[name] = (done.bleu - without.bleu, done.chrf - without.chrf)
    print("\n".join(rows))
    if ablation:
        print("\nPer rule (all rules minus this one; gain = finished − without; chrF gain must be ≥ 0 on every set)\n")
        print("| rule | " + " | ".join(f"{n} ΔBLEU / ΔchrF" for n in names) + " |")
        print("|---|" + "---:|" * len(names))
        for rule in rules:
            cells = [f"{b:+.2f} / {c:+.2f}" + (" HARM" if c < 0 else "") for b, c in (ablation[rule][n] for n in names)]
            print(f"| {rule} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
