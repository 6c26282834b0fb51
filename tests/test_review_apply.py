"""Post-edits: validated, all or nothing, in the memory and the outputs, kept on re-run."""
from __future__ import annotations

import pytest
from typer.testing import CliRunner

from pipeline.cli.qa import qa_command
from pipeline.cli.review import review_app
from pipeline.errors import PipelineError
from pipeline.memory import Memory
from pipeline.review.apply import EditRequest, apply_edits, edit_segment
from pipeline.review.pages import build_pages

from .review_fixtures import dict_engine, make_project, segment, translate


def test_edit_updates_memory_json_md_and_pages(tmp_path):
    seeds, out = make_project(tmp_path)
    build_pages(out)
    edit_segment(out, "art", "p2.s1", "The text <script>alert('x')</script> & “quotes” must stay text.")
    seg = segment(out, "art", "p2.s1")
    assert seg["status"] == "edited" and seg["engine"] == "human"
    assert "untranslated" not in [f["code"] for f in seg["flags"]]  # QA re-run on the new text
    with Memory(out / "memory.sqlite") as memory:
        edit = memory.edits_for("art")["p2.s1"]
        assert edit.status == "edited" and edit.target.startswith("The text")
    assert "| p2.s1 |" in (out / "art.md").read_text() and "must stay text" in (out / "art.md").read_text()
    page = (out / "review" / "art.html").read_text()
    assert "must stay text" in page


def test_approve_keeps_text_and_resolves(tmp_path):
    _, out = make_project(tmp_path)
    before = segment(out, "art", "p2.s1")
    assert any(f["severity"] == "error" for f in before["flags"])
    edit_segment(out, "art", "p2.s1", None, approve=True)
    after = segment(out, "art", "p2.s1")
    assert after["status"] == "approved" and after["target"] == before["target"]


def test_unknown_segment_or_document_applies_nothing(tmp_path):
    _, out = make_project(tmp_path)
    before = (out / "art.json").read_text()
    with pytest.raises(PipelineError, match="unknown segment id p9.s9"):
        apply_edits(out, "art", [EditRequest("p1.s1", "Fine."), EditRequest("p9.s9", "Nope.")])
    assert (out / "art.json").read_text() == before
    with Memory(out / "memory.sqlite") as memory:
        assert memory.edits_for("art") == {}
    with pytest.raises(PipelineError, match="no such document"):
        edit_segment(out, "nope", "p1.s1", "x")
    with pytest.raises(PipelineError, match="not a document name"):
        edit_segment(out, "../../etc/passwd", "p1.s1", "x")
    with pytest.raises(PipelineError, match="cannot be empty"):
        edit_segment(out, "art", "p1.s1", "   ")


def test_rerun_keeps_edits_and_approvals_force_too(tmp_path):
    seeds, out = make_project(tmp_path)
    edit_segment(out, "art", "p1.s2", "Drones play a central role.", approve=True)
    edit_segment(out, "other", "p1.s1", "Eight nations joined the coalition.")
    engine = dict_engine()
    translate(seeds, out, force=True, engine=engine)
    assert "Les drones jouent un rôle clé." not in [s for c in engine.calls for s in c]
    assert segment(out, "art", "p1.s2")["target"] == "Drones play a central role."
    assert segment(out, "art", "p1.s2")["status"] == "approved"
    assert segment(out, "other", "p1.s1")["status"] == "edited"


def test_changed_source_gives_stale_edit_and_editing_settles_it(tmp_path):
    seeds, out = make_project(tmp_path)
    edit_segment(out, "other", "p1.s2", "The minister talked.")
    (seeds / "other.txt").write_text("Huit pays ont rejoint la coalition. Le ministre a parlé longuement.\n")
    translate(seeds, out)
    seg = segment(out, "other", "p1.s2")
    assert seg["target"] == "The minister spoke at length." and seg["status"] == "machine"
    assert seg["stale_edit"]["target"] == "The minister talked."
    assert "stale-edit" in [f["code"] for f in seg["flags"]]
    edit_segment(out, "other", "p1.s2", "The minister talked at length.")
    seg = segment(out, "other", "p1.s2")
    assert "stale_edit" not in seg and "stale-edit" not in [f["code"] for f in seg["flags"]]
    translate(seeds, out)
    assert segment(out, "other", "p1.s2")["target"] == "The minister talked at length."


def test_cli_edit_and_qa_gate(tmp_path):
    _, out = make_project(tmp_path)
    import typer
    qa = typer.Typer()
    qa.command()(qa_command)
    runner = CliRunner()
    result = runner.invoke(qa, ["--out", str(out)])
    assert result.exit_code == 1, result.output
    assert "untranslated" in result.output and "corpus: 2 documents" in result.output
    result = runner.invoke(review_app, ["edit", "art", "p2.s1", "--out", str(out),
                                        "--target", "The text <script>alert('x')</script> & “quotes” must stay text."])
    assert result.exit_code == 0, result.output
    result = runner.invoke(qa, ["--out", str(out), "art"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(review_app, ["edit", "art", "p2.s1", "--out", str(out)])
    assert result.exit_code != 0
    result = runner.invoke(review_app, ["edit", "art", "p7.s1", "--target", "x", "--out", str(out)])
    assert result.exit_code != 0 and "p7.s1" in str(result.exception)
