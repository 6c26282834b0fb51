"""Corpus check: translate seeds/ with apertium and the curated glossary; count term statuses and forbidden renderings.

    .venv/bin/python benchmarks/corpus_terms.py [-v]
"""
import json
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline import translate_paths  # noqa: E402
from pipeline.glossary import load_policy  # noqa: E402

out = Path(tempfile.mkdtemp())
s = translate_paths([Path("seeds")], out, engine="apertium", glossary=Path("glossary"))
print(s.line())

c: Counter[str] = Counter()
forb = []
pol = load_policy(Path("glossary"))
ents = {e.id: e for e in pol.glossary.entries}
for f in sorted(out.glob("*.json")):
    d = json.load(open(f))
    for seg in d["segments"]:
        for t in seg["terms"]:
            c[t["status"]] += 1
            if t["status"] != "ok":
                print(t["status"], t, "|", seg["target"][:200])
            for bad in ents[t["entry"]].forbid:
                if re.search(rf"(?<!\w){re.escape(bad)}(?!\w)", seg["target"], re.I):
                    forb.append((bad, seg["target"]))
        if "-v" in sys.argv:
            print(seg["source"], "\n  ->", seg["target"])
print(c, "forbidden:", len(forb), forb[:5])
