"""The typed document model reads and writes out/<doc>.json exactly as before.

The files in tests/data/model were written by the code before the model
(commit c17adaf, dict segments): ``run_written.json`` by `pipeline translate`'s
streaming writer (a stale edit, glossary terms, a passthrough), and
``review_saved.*`` after reviewers' saves (the old save layout: counts before
the segments, indented; a human edit with forbidden renderings, a propagated
approval with its reviewer).
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipeline.engines.base import Translation
from pipeline.glossary.enforce import GlossaryPolicy
from pipeline.glossary.schema import Entry, Glossary
from pipeline.model import (
    COUNT_KEYS,
    AlignedDocument,
    DocumentFormatError,
    Flag,
    Segment,
    Status,
    TermReport,
    segment_counts,
)
from pipeline.output import read_stamp
from pipeline.qa import check_segment
from pipeline.store import StoreError, load_document

DATA = Path(__file__).parent / "data" / "model"


def _json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_status_values_are_the_strings_of_the_json_format():
    assert [s.value for s in Status] == ["machine", "propagated", "edited", "approved", "passthrough"]
    assert Status("approved") is Status.APPROVED and Status.APPROVED == "approved"
    assert json.dumps([Status.EDITED, {Status.MACHINE: 1}]) == '["edited", {"machine": 1}]'
    assert f"{Status.PASSTHROUGH}" == "passthrough"
    assert set(COUNT_KEYS) >= {s.value for s in Status}


def test_a_run_written_document_round_trips_byte_for_byte():
    path = DATA / "run_written.json"
    doc = AlignedDocument.load(path)
    assert doc.to_json_text() == path.read_text(encoding="utf-8")
    stale = doc.segment("p2.s1")
    assert stale.status is Status.MACHINE and stale.stale_edit["reviewer"] == "Ana"
    assert stale.terms == [TermReport(entry="drone", source="drones", target="drones", status="ok")]
    assert [f.code for f in stale.flags] == ["untranslated", "stale-edit"]
    assert doc.segment("p4.s1").status is Status.PASSTHROUGH


def test_a_review_saved_document_loads_and_keeps_every_field():
    path = DATA / "review_saved.json"
    old = _json(path)
    doc = AlignedDocument.load(path)
    human = doc.segment("p1.s1")
    assert human.status is Status.EDITED and human.engine == "human"
    assert human.terms[0].forbidden == ["Kiev"] and human.terms[0].human and human.terms[0].missing
    assert [f.severity for f in human.flags] == ["error", "error"]
    reused = doc.segment("p3.s2")
    assert reused.status is Status.PROPAGATED and reused.reviewer == "Bo"
    assert reused.propagated_from == {"document": "other", "segment": "p1.s2"}
    # Every segment writes back the same JSON object (key order aside).
    assert [s.to_dict() for s in doc.segments] == old["segments"]
    data = doc.to_dict()
    assert {k: v for k, v in data.items() if k != "counts"} == {k: v for k, v in old.items() if k != "counts"}
    # The old save kept the run's counts although the edits changed them; they are recomputed.
    assert old["counts"]["edited"] == 0 and data["counts"]["edited"] == 1 and data["counts"]["propagated"] == 1


def test_markdown_is_unchanged(tmp_path):
    doc = AlignedDocument.load(DATA / "review_saved.json")
    assert doc.to_markdown() == (DATA / "review_saved.md").read_text(encoding="utf-8")


def test_a_saved_document_is_in_the_run_layout_and_stamped(tmp_path):
    """After a save the next run's up-to-date check reads the counts from the tail."""
    doc = AlignedDocument.load(DATA / "review_saved.json")
    doc.save(tmp_path)
    text = (tmp_path / "kyiv.json").read_text(encoding="utf-8")
    assert AlignedDocument.load(tmp_path / "kyiv.json").to_json_text() == text
    stamp = read_stamp(tmp_path, "kyiv")
    assert stamp == (doc.fingerprint, segment_counts(doc.segments))
    assert stamp[1]["stale_edits"] == 1 and stamp[1]["sentences"] == 5


def test_unknown_keys_are_kept(tmp_path):
    data = _json(DATA / "run_written.json")
    data["note"] = "added by hand"
    data["segments"][0]["comment"] = {"by": "editor"}
    data["segments"][1]["terms"][0]["weight"] = 1
    doc = AlignedDocument.from_dict(data)
    again = doc.to_dict()
    assert again["note"] == "added by hand" and again["segments"][0]["comment"] == {"by": "editor"}
    assert again["segments"][:2] == data["segments"][:2]


def test_an_unknown_status_is_kept_not_refused():
    seg = Segment.from_dict({"id": "p1.s1", "paragraph": 1, "source": "a", "target": "b", "status": "checked"})
    assert seg.status == "checked" and seg.to_dict()["status"] == "checked"
    assert segment_counts([seg])["sentences"] == 1 and sum(segment_counts([seg]).values()) == 1


@pytest.mark.parametrize("content,problem", [
    ("[]", "not a JSON object"),
    ('{"document": "x"}', "no document name or segment list"),
    ('{"document": "x", "segments": [{"id": "p1.s1"}]}', "segment 1 has no text 'source'"),
    ('{"document": "x", "segments": [], "engine": "argos"}', "engine is not an object"),
    ("{", "not a readable translated document"),
])
def test_what_is_not_a_document_is_refused_naming_the_file(tmp_path, content, problem):
    path = tmp_path / "x.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DocumentFormatError) as err:
        AlignedDocument.load(path)
    assert str(err.value).startswith(f"{path}: ") and problem in str(err.value)
    with pytest.raises(StoreError) as err:     # through the store: a usage error, exit 2
        load_document(tmp_path, "x")
    assert problem in str(err.value) and err.value.exit_code == 2


def test_the_store_names_the_document_by_its_file(tmp_path):
    shutil.copy(DATA / "run_written.json", tmp_path / "copy.json")
    assert load_document(tmp_path, "copy").document == "copy"
    with pytest.raises(StoreError, match="not a document name"):
        load_document(tmp_path, "../copy")


def test_flags_and_terms_serialise_as_before():
    flag = Flag("term-missing", "error", "m")
    assert flag.to_dict() == {"code": "term-missing", "severity": "error", "message": "m"}
    assert Flag.from_dict(flag.to_dict()) == flag
    term = {"entry": "kiev", "source": "Kiev", "target": "Kyiv", "status": "missing", "human": True,
            "forbidden": ["Kiev"]}
    assert TermReport.from_dict(term).to_dict() == term
    assert TermReport.from_dict({"entry": "x", "source": "a", "target": "b", "forbidden": "c"}).forbidden == ["c"]


# -- QA checks what the glossary enforcer reports ----------------------------------------------

KIEV = Glossary([Entry(fr="Kiev", en="Kyiv", kind="place", note="t", variants=["Kyiv"], forbid=["Kiev"])], [], [])


def test_the_enforcer_reports_forbidden_renderings_and_qa_checks_them():
    """The enforcer's term report carries the entry's forbidden renderings, so QA finds one in the
    final English (before, QA looked for a report key the enforcer never wrote: never flagged)."""
    policy = GlossaryPolicy(KIEV)
    source = "Le ministre est arrivé à Kiev hier."
    prepared = policy.prepare(source)
    text, terms = policy.finish(prepared, Translation(prepared.engine_input.replace("Le ministre est arrivé à",
                                                                                    "The minister arrived in")))
    assert "Kyiv" in text and terms[0]["forbidden"] == ["Kiev"]
    reports = [TermReport.from_dict(t) for t in terms]
    clean = Segment("p1.s1", 1, source, text, terms=reports)
    assert "term-forbidden" not in [f.code for f in check_segment(clean)]
    # English changed after enforcement (a finishing rule, a hand edit of the file): caught.
    spoiled = Segment("p1.s1", 1, source, text.replace("Kyiv", "Kiev"), terms=reports)
    assert "term-forbidden" in [f.code for f in check_segment(spoiled)]
