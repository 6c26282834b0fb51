"""What the typed document model costs on a review save: load and write of one large document.

    .venv/bin/python benchmarks/bench_document_model.py [--segments 2000] [--runs 15]

Builds a document of ``--segments`` segments from tests/data/model/run_written.json
(a real run's output: terms, flags, a stale edit, a passthrough), then times:

* load: ``json.loads`` + ``AlignedDocument.from_dict`` (what ``store.load_document`` does);
* write: ``AlignedDocument.to_json_text`` (what a save writes, before the atomic rename);

against the baseline in the same run: ``json.loads`` alone and the plain
segment dicts encoded as the code before the model did (the C encoder, one
segment per line). Prints the best of ``--runs`` for each and the ratios
model/baseline. Disk writes, locking and QA are the same either way and left out.
"""
from __future__ import annotations

import argparse
import json
import sys
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.model import AlignedDocument  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--segments", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    base = json.loads((ROOT / "tests" / "data" / "model" / "run_written.json").read_text(encoding="utf-8"))
    seed = base["segments"]
    base["segments"] = [dict(seed[n % len(seed)], id=f"p{n // len(seed) + 1}.s{n % len(seed) + 1}")
                        for n in range(args.segments)]
    text = json.dumps(base, ensure_ascii=False)
    data = json.loads(text)
    doc = AlignedDocument.from_dict(json.loads(text))
    encoder = json.JSONEncoder(ensure_ascii=False)

    def plain_text() -> str:
        head = json.dumps({k: v for k, v in data.items() if k != "segments"}, ensure_ascii=False, indent=2)
        return head + ",\n".join("    " + encoder.encode(s) for s in data["segments"])

    def best(fn) -> float:
        return 1000 * min(timeit.repeat(fn, number=1, repeat=args.runs))

    load_plain = best(lambda: json.loads(text))
    load_model = best(lambda: AlignedDocument.from_dict(json.loads(text)))
    write_plain = best(plain_text)
    write_model = best(doc.to_json_text)
    print(f"{args.segments} segments, best of {args.runs}")
    print(f"load : dicts {load_plain:6.1f} ms, model {load_model:6.1f} ms  ({load_model / load_plain:.2f}×)")
    print(f"write: dicts {write_plain:6.1f} ms, model {write_model:6.1f} ms  ({write_model / write_plain:.2f}×)")


if __name__ == "__main__":
    main()
