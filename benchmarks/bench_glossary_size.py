"""Glossary matching cost vs glossary size: the curated glossary, then the same
plus 20,000 person names that never occur, on newstest2014-origfr (1,500 lines).

    .venv/bin/python benchmarks/bench_glossary_size.py [--extra 20000] [--engine]

Times, in one run, what the translation run does per sentence with a glossary
(build the policy once, then ``fingerprint`` and ``prepare`` for each sentence)
and, with ``--engine``, the Apertium translation of the same lines, so the
added cost can be read as a share of a run's wall time.
"""
from __future__ import annotations

import argparse
import random
import string
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.glossary.enforce import GlossaryPolicy  # noqa: E402
from pipeline.glossary.schema import Entry, Glossary, load_glossary  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT.parent.parent / "shared/eval/wmt14_newstest2014_fren_origfr/src.fr"


def fake_names(n: int, seed: int = 7) -> list[Entry]:
    rng = random.Random(seed)

    def word() -> str:
        return "Zq" + "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(4, 9)))

    out, seen = [], set()
    while len(out) < n:
        fr = f"{word()} {word()}"
        if fr not in seen:
            seen.add(fr)
            out.append(Entry(fr=fr, en=fr, kind="person", note="synthetic", id=f"synthetic-{len(out)}"))
    return out


def matching_seconds(entries: list[Entry], lines: list[str]) -> tuple[float, float, int]:
    from pipeline.glossary import enforce, matcher

    enforce._DOCS.clear()  # no part-of-speech analysis carried over from the previous run
    matcher._CACHE.clear()  # the automaton is built inside the timing
    start = time.perf_counter()
    policy = GlossaryPolicy(Glossary(entries, [], []))
    built = time.perf_counter() - start
    found = 0
    for line in lines:
        policy.fingerprint(line)
        found += len(policy.prepare(line).state or [])
    return built, time.perf_counter() - start, found


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--extra", type=int, default=20000)
    ap.add_argument("--src", type=Path, default=SRC)
    ap.add_argument("--engine", action="store_true", help="also time Apertium on the same lines")
    args = ap.parse_args(argv)
    lines = args.src.read_text(encoding="utf-8").splitlines()
    curated = load_glossary(ROOT / "glossary").entries
    big = curated + fake_names(args.extra)
    matching_seconds(curated, lines[:50])  # load spaCy once, outside the timings
    small_build, small, n_small = matching_seconds(curated, lines)
    big_build, large, n_big = matching_seconds(big, lines)
    print(f"{len(lines)} lines; {len(curated)} entries: {small:.2f} s (build {small_build:.2f} s), {n_small} spans; "
          f"{len(big)} entries: {large:.2f} s (build {big_build:.2f} s), {n_big} spans; "
          f"added cost {large - small:+.2f} s")
    if args.engine:
        from pipeline.engines.apertium import ApertiumEngine

        start = time.perf_counter()
        ApertiumEngine().translate(lines)
        engine = time.perf_counter() - start
        print(f"apertium on the same lines: {engine:.1f} s; the 20,000 extra entries add "
              f"{100 * (large - small) / (engine + small):.1f}% to engine + matching")
    return 0


if __name__ == "__main__":
    sys.exit(main())
