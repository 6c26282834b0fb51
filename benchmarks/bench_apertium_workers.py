"""How many Apertium pipes a whole run should use: the run in-process (no
interpreter start-up) with ``ApertiumEngine(workers=N)`` against the raw chain.

Times, in turn and for --rounds rounds, on newstest2014-origfr as its 108
articles with the curated glossary (as bench_performance.py):

* the raw chain ``sed 's/$/\\n/' src.fr | apertium -u fr-es | apertium -u spa-eng``;
* ``Run(ApertiumEngine(workers=N), …).run(articles)`` on a fresh out/, for each N,

and prints each setting's ratio to the raw chain of the same round (median).
bench_apertium_engine.py times the engine alone; this times it with the run's
own Python work (finishing, QA, writing) competing for the same cores.

    PYTHONPATH=. .venv/bin/python benchmarks/bench_apertium_workers.py --rounds 4
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_performance import NEWSTEST, newstest_articles  # noqa: E402

from pipeline.engines.apertium import ApertiumEngine  # noqa: E402
from pipeline.glossary import load_policy  # noqa: E402
from pipeline.memory import Memory  # noqa: E402
from pipeline.translate import Run, corpus_paths  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--workers", default="1,2", help="comma-separated pipe counts")
    args = parser.parse_args()
    workers = [int(w) for w in args.workers.split(",")]
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        os.environ["PIPELINE_CACHE_DIR"] = str(tmp / "cache")
        newstest_articles(tmp / "news")
        paths = corpus_paths([tmp / "news"])
        policy = load_policy(ROOT / "glossary")
        raw_cmd = f"sed 's/$/\\n/' {NEWSTEST / 'src.fr'} | apertium -u fr-es | apertium -u spa-eng > /dev/null"
        raw: list[float] = []
        ratios: dict[int, list[float]] = {w: [] for w in workers}
        for _ in range(args.rounds):
            start = time.perf_counter()
            subprocess.run(raw_cmd, shell=True, check=True)
            raw.append(time.perf_counter() - start)
            for w in workers:
                out = tmp / "out"
                shutil.rmtree(out, ignore_errors=True)
                start = time.perf_counter()
                engine = ApertiumEngine(workers=w)
                with Memory(out / "memory.sqlite") as memory:
                    Run(engine, memory, out, policy=policy).run(paths)
                engine.close()
                ratios[w].append((time.perf_counter() - start) / raw[-1])
    print(f"raw chain {statistics.median(raw):.2f} s median ({', '.join(f'{r:.2f}' for r in raw)})")
    for w, values in ratios.items():
        print(f"run, {w} pipe{'s' if w > 1 else ''}: ×{statistics.median(values):.2f} the raw chain "
              f"({', '.join(f'{v:.2f}' for v in values)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
