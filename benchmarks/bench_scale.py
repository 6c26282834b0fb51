"""Scaling out: the plain run vs Ray actors, and what the single-writer driver sustains.

    .venv/bin/python benchmarks/bench_scale.py [--engine apertium] [--scale 10] [--repeat 3] [--json FILE]

All in one process, on one corpus (the seeds × SCALE, every sentence made
distinct so nothing is a memory hit), each configuration in a fresh out/:

1. plain      the engine in this process (today's `pipeline translate`)
2. ray ×N     `--executor ray --workers N` on a local Ray, N = 1, 2; reported
              with and without Ray's start-up (start + actors + stop), since
              on a long cluster run the start-up is paid once
3. driver     the same run with an instant engine (output = input): what the
              driver alone can sustain (reading, segmenting, glossary, memory
              lookups and commits, QA, writing JSON + Markdown). With enough
              workers, this is the ceiling of a cluster run. Again without
              the glossary, to show its share (term matching runs on the driver).
4. memory     SQLite put_many (batches of 256, one transaction each) and
              get_many alone, rows/s.

Figures are sentences per second of *translated* (missed) sentences; each is
the median of --repeat runs, with min–max.
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.engines.base import Translation  # noqa: E402
from pipeline.executors import EngineSpec  # noqa: E402
from pipeline.glossary import load_policy  # noqa: E402
from pipeline.memory import Memory, memory_key  # noqa: E402
from pipeline.translate import COMMIT_EVERY, Run, corpus_paths  # noqa: E402


class InstantEngine:
    """Returns its input: the run costs only what the driver does."""

    name = "instant"
    version = "1"

    def translate(self, sentences, progress=None):
        if progress:
            progress(len(sentences))
        return [Translation(text=s) for s in sentences]


def make_corpus(directory: Path, scale: int) -> Path:
    """seeds × scale; copy k ends every sentence with "(k)", so no two sentences are equal."""
    directory.mkdir(parents=True)
    for k in range(scale):
        for path in sorted((ROOT / "seeds").glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            # after a lower-case word of 3+ letters, so "M. Dupont" or "2.5" stay intact
            varied = re.sub(r"([a-zà-ÿ]{3,})([.!?])(\s|$)", rf"\1 ({k + 1})\2\3", text)
            (directory / f"{path.stem}_{k:03d}.txt").write_text(varied, encoding="utf-8")
    return directory


def timed_run(engine, corpus: Path, out: Path, policy) -> tuple[float, int]:
    start = time.perf_counter()
    with Memory(out / "memory.sqlite") as memory:
        summary = Run(engine, memory, out, policy=policy, progress=None).run(corpus_paths([corpus]))
    assert not summary.failed, summary.failed
    return time.perf_counter() - start, summary.translated


def plain(engine_name: str, corpus: Path, out: Path, policy) -> dict:
    engine = EngineSpec(engine_name).build(warn=lambda m: None)
    seconds, translated = timed_run(engine, corpus, out, policy)
    return {"seconds": seconds, "translated": translated}


def on_ray(engine_name: str, workers: int, corpus: Path, out: Path, policy) -> dict:
    from pipeline.executors.ray_engine import RayEngine

    start = time.perf_counter()
    engine = RayEngine(EngineSpec(engine_name), workers=workers)
    up = time.perf_counter() - start
    try:
        seconds, translated = timed_run(engine, corpus, out, policy)
    finally:
        stop = time.perf_counter()
        engine.close()
        down = time.perf_counter() - stop
    return {"seconds": seconds, "translated": translated, "startup": up + down}


def memory_rates(rows: int, directory: Path) -> dict:
    keys = [memory_key(f"phrase numéro {i}.", "x", "1", "g") for i in range(rows)]
    with Memory(directory / "memory.sqlite") as memory:
        start = time.perf_counter()
        for i in range(0, rows, COMMIT_EVERY):
            memory.put_many((k, f"phrase numéro {j}.", "x", "1", "g", f"sentence number {j}.",
                             {"terms": [], "raw": f"sentence number {j}."})
                            for j, k in enumerate(keys[i:i + COMMIT_EVERY], start=i))
        put = time.perf_counter() - start
        start = time.perf_counter()
        for i in range(0, rows, 2000):  # the run looks up one window at a time
            found = memory.get_many(keys[i:i + 2000])
            assert len(found) == len(keys[i:i + 2000])
        get = time.perf_counter() - start
    return {"put_rows_per_s": rows / put, "get_rows_per_s": rows / get}


def summarise(samples: list[float]) -> dict:
    return {"median": statistics.median(samples), "min": min(samples), "max": max(samples),
            "n": len(samples)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", default="apertium")
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--memory-rows", type=int, default=50_000)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    policy = load_policy(ROOT / "glossary")

    rates: dict[str, list[float]] = {}
    with_startup: dict[str, list[float]] = {}
    memory: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        corpus = make_corpus(tmp / "corpus", args.scale)
        sentences = 0
        for r in range(args.repeat):
            result = plain(args.engine, corpus, tmp / f"plain{r}", policy)
            sentences = result["translated"]
            rates.setdefault("plain", []).append(result["translated"] / result["seconds"])
            for n in args.workers:
                result = on_ray(args.engine, n, corpus, tmp / f"ray{n}_{r}", policy)
                rates.setdefault(f"ray x{n}", []).append(result["translated"] / result["seconds"])
                with_startup.setdefault(f"ray x{n}", []).append(
                    result["translated"] / (result["seconds"] + result["startup"]))
            seconds, translated = timed_run(InstantEngine(), corpus, tmp / f"driver{r}", policy)
            rates.setdefault("driver only", []).append(translated / seconds)
            seconds, translated = timed_run(InstantEngine(), corpus, tmp / f"bare{r}", None)
            rates.setdefault("driver, no glossary", []).append(translated / seconds)
            memory.append(memory_rates(args.memory_rows, tmp / f"memory{r}"))

    report = {
        "engine": args.engine, "scale": args.scale, "translated_sentences": sentences,
        "sentences_per_s": {k: summarise(v) for k, v in rates.items()},
        "sentences_per_s_with_ray_startup": {k: summarise(v) for k, v in with_startup.items()},
        "memory_rows": args.memory_rows,
        "memory_put_rows_per_s": summarise([m["put_rows_per_s"] for m in memory]),
        "memory_get_rows_per_s": summarise([m["get_rows_per_s"] for m in memory]),
    }
    base = report["sentences_per_s"]["plain"]["median"]
    print(f"engine {args.engine}, corpus seeds ×{args.scale}: {sentences} sentences translated, "
          f"median of {args.repeat}")
    for name, s in report["sentences_per_s"].items():
        extra = ""
        if name in report["sentences_per_s_with_ray_startup"]:
            extra = f"; {report['sentences_per_s_with_ray_startup'][name]['median']:.1f} with Ray start-up"
        print(f"  {name:20s} {s['median']:9.1f} sentences/s ({s['min']:.1f}–{s['max']:.1f}) "
              f"= {s['median'] / base:.2f}× plain{extra}")
    print(f"  memory               put_many {report['memory_put_rows_per_s']['median']:,.0f} rows/s, "
          f"get_many {report['memory_get_rows_per_s']['median']:,.0f} rows/s "
          f"({args.memory_rows:,} rows)")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
