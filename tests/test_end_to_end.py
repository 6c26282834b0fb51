"""The whole CLI on the real corpus with Apertium: the alignment properties hold."""
from __future__ import annotations

import json
import re

from pipeline.document import read_document

from .conftest import requires_apertium, run_cli

pytestmark = requires_apertium


def squash(text):
    return re.sub(r"\s+", "", text)


def test_corpus_end_to_end(corpus, tmp_path):
    proc = run_cli("translate", "--engine", "apertium", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "5 documents" in proc.stderr and "reused from memory" in proc.stderr
    for path in sorted(corpus.glob("*.txt")):
        data = json.loads((tmp_path / "out" / f"{path.stem}.json").read_text())
        assert data["document"] == path.stem and data["source_file"] == f"seeds/{path.name}"
        doc = read_document(path)
        segments = data["segments"]
        # every source sentence exactly once, in order
        assert [s["source"] for s in segments] == [s.text for s in doc.sentences()]
        assert len({s["id"] for s in segments}) == len(segments)
        # joining sources per paragraph gives back the article (modulo whitespace)
        for paragraph in doc.paragraphs:
            joined = " ".join(s["source"] for s in segments if s["paragraph"] == paragraph.index)
            assert squash(joined) == squash(paragraph.text)
        for seg in segments:
            assert seg["target"].strip(), seg
            assert seg["engine"] in ("apertium", "passthrough")
        rows = re.findall(r"^\| p\d+\.s\d+ \|", (tmp_path / "out" / f"{path.stem}.md").read_text(), re.M)
        assert len(rows) == len(segments)
    assert json.loads((tmp_path / "out" / "000_8295b028b3b5bd94.json").read_text())["metadata"] == {"date": "2024-02"}
    boiler = json.loads((tmp_path / "out" / "004_03636230817f7ee7.json").read_text())["segments"]
    assert any(s["status"] == "passthrough" and s["source"] == "Leave a Comment" for s in boiler)

    again = run_cli("translate", "--engine", "apertium", cwd=tmp_path)
    assert again.returncode == 0
    assert re.search(r", 0 translated, \d+ reused from memory", again.stderr), again.stderr
