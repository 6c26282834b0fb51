"""Re-run cost and memory scaling of a translation run, measured in one go.

    .venv/bin/python benchmarks/bench_pipeline.py [--engine apertium] [--scale 10] [--json FILE]

1. Re-run ratio: translate the corpus × SCALE into a fresh out/, then run again
   with nothing changed; report rerun/first (the target is < 5%).
2. Peak memory: the same first run at 1× and at SCALE×, each in its own
   process, reporting peak RSS (ru_maxrss). Documents are streamed, so the peak
   should stay flat as the corpus grows.

The corpus copies are made distinct (each paragraph gets a numbered sentence),
so the larger corpus really has more to translate and write.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from pipeline import make_engine, translate_paths
from pipeline.glossary import load_policy
corpus, out, engine_name = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
# Engine and glossary are loaded before the clock starts: the figure is the run's.
engine = make_engine(engine_name, warn=lambda m: None)
policy = load_policy(Path({root!r}) / "glossary")
start = time.perf_counter()
summary = translate_paths([corpus], out, engine, policy)
seconds = time.perf_counter() - start
print(json.dumps({{"seconds": seconds, "sentences": summary.sentences, "translated": summary.translated,
                  "reused": summary.reused, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def make_corpus(directory: Path, scale: int) -> Path:
    directory.mkdir(parents=True)
    for k in range(scale):
        for path in sorted((ROOT / "seeds").glob("*.txt")):
            lines = path.read_text(encoding="utf-8").split("\n")
            varied = [f"{line} Copie numéro {k + 1}." if line.strip() else line for line in lines]
            (directory / f"{path.stem}_{k:03d}.txt").write_text("\n".join(varied), encoding="utf-8")
    return directory


def run_child(corpus: Path, out: Path, engine: str) -> dict:
    code = CHILD.format(root=str(ROOT))
    proc = subprocess.run([sys.executable, "-c", code, str(corpus), str(out), engine],
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", default="apertium")
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        small = make_corpus(tmp / "x1", 1)
        large = make_corpus(tmp / f"x{args.scale}", args.scale)
        one = run_child(small, tmp / "out1", args.engine)
        first = run_child(large, tmp / "outN", args.engine)
        rerun = run_child(large, tmp / "outN", args.engine)

    result = {
        "engine": args.engine,
        "scale": args.scale,
        "first_run_s": round(first["seconds"], 3),
        "rerun_s": round(rerun["seconds"], 3),
        "rerun_ratio": round(rerun["seconds"] / first["seconds"], 4),
        "sentences": first["sentences"],
        "translated_first": first["translated"],
        "translated_rerun": rerun["translated"],
        "peak_rss_mb_1x": round(one["peak_rss_mb"], 1),
        f"peak_rss_mb_{args.scale}x": round(first["peak_rss_mb"], 1),
        "peak_rss_growth": round(first["peak_rss_mb"] / one["peak_rss_mb"], 3),
    }
    print(f"engine {args.engine}, corpus ×{args.scale} ({first['sentences']} sentences)")
    print(f"  first run {first['seconds']:.2f} s, re-run {rerun['seconds']:.3f} s "
          f"→ re-run/first = {100 * result['rerun_ratio']:.2f}% (target < 5%)")
    print(f"  peak RSS ×1 {one['peak_rss_mb']:.0f} MB, ×{args.scale} {first['peak_rss_mb']:.0f} MB "
          f"→ growth ×{result['peak_rss_growth']:.2f} (target: flat)")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
