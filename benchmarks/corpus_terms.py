"""Corpus check: translate seeds/ with apertium and the curated glossary; count term statuses and forbidden renderings.

    .venv/bin/python benchmarks/corpus_terms.py [-v]
"""
import sys as _sys
from pathlib import Path as _P
_sys.path.insert(0, str(_P(__file__).resolve().parents[1]))
import json, sys, tempfile
from pathlib import Path
from pipeline import translate_paths
from pipeline.glossary import load_policy
out = Path(tempfile.mkdtemp())
s = translate_paths([Path("seeds")], out, engine="apertium", glossary=Path("glossary"))
print(s.line())
from collections import Counter
c = Counter(); forb = []
pol = load_policy(Path("glossary"))
ents = {e.id: e for e in pol.glossary.entries}
for f in sorted(out.glob("*.json")):
    d = json.load(open(f))
    for seg in d["segments"]:
        for t in seg["terms"]:
            c[t["status"]] += 1
            if t["status"] != "ok": print(t["status"], t, "|", seg["target"][:200])
            for bad in ents[t["entry"]].forbid:
                import re
                if re.search(rf"(?<!\w){re.escape(bad)}(?!\w)", seg["target"], re.I):
                    forb.append((bad, seg["target"]))
        if "-v" in sys.argv: print(seg["source"], "\n  ->", seg["target"])
print(c, "forbidden:", len(forb), forb[:5])
