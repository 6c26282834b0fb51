"""The glossary checks a reviewer's English as it checks the machine's."""
from __future__ import annotations

import shutil

from pipeline.review.apply import edit_segment

from .review_fixtures import ROOT, segment, translate


def _project(tmp_path):
    seeds, out, glossary = tmp_path / "seeds", tmp_path / "out", tmp_path / "glossary"
    seeds.mkdir()
    shutil.copytree(ROOT / "glossary", glossary)
    (seeds / "kyiv.txt").write_text("Le ministre est arrivé à Kiev hier.\nLes drones jouent un rôle clé.\n",
                                    encoding="utf-8")
    return seeds, out, glossary


def _run(seeds, out, glossary):
    translate(seeds, out, glossary=glossary)


def codes(seg):
    return [f["code"] for f in seg["flags"]]


def test_forbidden_and_missing_renderings_in_human_english_are_flagged(tmp_path):
    seeds, out, glossary = _project(tmp_path)
    _run(seeds, out, glossary)
    seg = edit_segment(out, "kyiv", "p1.s1", "The minister arrived in Kiev yesterday.", glossary_dir=glossary).to_dict()
    assert "term-forbidden" in codes(seg) and "term-missing" in codes(seg)
    assert any(t["entry"] == "kiev" and t["status"] == "missing" for t in seg["terms"])
    seg = edit_segment(out, "kyiv", "p1.s1", "The minister arrived in Kyiv yesterday.", glossary_dir=glossary).to_dict()
    assert "term-forbidden" not in codes(seg) and "term-missing" not in codes(seg)
    assert [t["status"] for t in seg["terms"] if t["entry"] == "kiev"] == ["ok"]


def test_edited_segments_keep_their_terms_after_a_rerun(tmp_path):
    seeds, out, glossary = _project(tmp_path)
    _run(seeds, out, glossary)
    edit_segment(out, "kyiv", "p1.s1", "The minister got to Kiev yesterday.", approve=False, glossary_dir=glossary)
    _run(seeds, out, glossary)
    seg = segment(out, "kyiv", "p1.s1")
    assert seg["status"] == "edited" and seg["target"] == "The minister got to Kiev yesterday."
    assert [t["entry"] for t in seg["terms"]] == ["kiev"]
    assert "term-forbidden" in codes(seg)
    from pipeline.model import Segment
    from pipeline.review.pages import render_segment
    assert 'data-entry="kiev"' in render_segment(Segment.from_dict(seg))     # still highlighted


def test_without_a_glossary_the_machine_terms_are_rechecked(tmp_path):
    seeds, out, glossary = _project(tmp_path)
    _run(seeds, out, glossary)
    seg = edit_segment(out, "kyiv", "p1.s1", "The minister arrived somewhere yesterday.").to_dict()
    assert "term-missing" in codes(seg)
