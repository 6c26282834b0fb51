"""Where the pipeline/raw-Apertium gap comes from: the engine alone against the raw chain.

The pipeline's Apertium engine runs every program of the chain in null-flush
mode so that a sentence's translation is a function of the sentence alone
(see pipeline/engines/apertium.py). This script times, in one run and in turn,
on the same lines (newstest2014-origfr's 1,500 lines by default):

* the raw chain ``sed 's/$/\\n/' | apertium -u fr-es | apertium -u spa-eng``;
* ``ApertiumEngine(workers=N).translate(lines)`` for each N asked for,

so the ratio engine/raw separates the engine's own cost from the rest of the
pipeline (glossary, finishing, QA, writing) that bench_performance.py measures
on top of it.

    PYTHONPATH=. .venv/bin/python benchmarks/bench_apertium_engine.py --repeat 3
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.engines.apertium import ApertiumEngine  # noqa: E402

NEWSTEST = ROOT.parent / "shared" / "eval" / "wmt14_newstest2014_fren_origfr" / "src.fr"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", type=Path, default=NEWSTEST, help="one sentence or paragraph a line")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of raw, then each engine setting")
    parser.add_argument("--workers", default="1,2", help="comma-separated engine worker counts")
    args = parser.parse_args()
    if not args.source.is_file():
        print(f"error: {args.source}: no such file (the eval sets live in ../shared/eval)", file=sys.stderr)
        return 2
    lines = [line for line in args.source.read_text(encoding="utf-8").split("\n") if line.strip()]
    workers = [int(w) for w in args.workers.split(",")]
    times: dict[str, list[float]] = {"raw": [], **{f"engine x{w}": [] for w in workers}}
    with tempfile.TemporaryDirectory() as tmp:
        text = Path(tmp) / "lines.txt"
        text.write_text("\n".join(lines) + "\n", encoding="utf-8")
        engines = {w: ApertiumEngine(workers=w) for w in workers}
        for engine in engines.values():
            engine.translate(lines[:4])  # start the pipes: loading the models is not throughput
        for _ in range(args.repeat):
            start = time.perf_counter()
            subprocess.run(f"sed 's/$/\\n/' {text} | apertium -u fr-es | apertium -u spa-eng >/dev/null",
                           shell=True, check=True)
            times["raw"].append(time.perf_counter() - start)
            for w, engine in engines.items():
                start = time.perf_counter()
                engine.translate(lines)
                times[f"engine x{w}"].append(time.perf_counter() - start)
        for engine in engines.values():
            engine.close()
    raw = statistics.median(times["raw"])
    print(f"{len(lines)} lines, {args.repeat} rounds (median, then every round)")
    for name, values in times.items():
        ratio = statistics.median(values) / raw
        print(f"{name:<12} {statistics.median(values):6.2f} s  ×{ratio:.2f} raw   "
              + ", ".join(f"{v:.2f}" for v in values))
    return 0


if __name__ == "__main__":
    sys.exit(main())
