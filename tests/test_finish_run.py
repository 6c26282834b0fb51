"""The finishing step inside a run and in `pipeline eval`; the seeds' English with Apertium."""
from __future__ import annotations

import json

import pipeline.translate as translate_module
from pipeline.evaluate import translate_lines
from pipeline.memory import Memory
from pipeline.numbers import english_quantities
from pipeline.translate import Run

from .conftest import FakeEngine, requires_apertium, run_cli


def run(tmp_path, engine, paths):
    with Memory(tmp_path / "out" / "memory.sqlite") as memory:
        return Run(engine, memory, tmp_path / "out").run(paths)


def segments(tmp_path, name):
    return json.loads((tmp_path / "out" / f"{name}.json").read_text())["segments"]


def test_run_finishes_targets_and_keeps_the_raw_engine_text(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Il a dit « oui » : 2,5 % de 3 000 euros.\n", encoding="utf-8")
    run(tmp_path, FakeEngine(), [path])
    (seg,) = segments(tmp_path, "a")
    assert seg["target"] == "IL A DIT “OUI”: 2.5% DE 3,000 EUROS."
    # QA sees the finished target: the decimal comma the step fixed is not flagged
    assert not [f for f in seg["flags"] if f["code"].startswith("number")]
    with Memory(tmp_path / "out" / "memory.sqlite") as memory:
        (raw,) = [json.loads(d)["raw"] for (d,) in memory.db.execute("SELECT data FROM translations")]
    assert raw == "IL A DIT « OUI » : 2,5 % DE 3 000 EUROS."


def test_changing_the_rules_retranslates(tmp_path, monkeypatch):
    path = tmp_path / "a.txt"
    path.write_text("Un chat « noir ».\n", encoding="utf-8")
    engine = FakeEngine()
    assert run(tmp_path, engine, [path]).translated == 1
    assert run(tmp_path, engine, [path]).translated == 0
    monkeypatch.setattr(translate_module, "FINISH_VERSION", "other-rules")
    assert run(tmp_path, engine, [path]).translated == 1  # old cached target not reused


def test_passthrough_is_not_finished(tmp_path):
    path = tmp_path / "a.txt"
    english = "Share this on Facebook : click here for the news !"
    path.write_text(f"Le chat dort.\n\n{english}\n", encoding="utf-8")
    run(tmp_path, FakeEngine(), [path])
    segs = segments(tmp_path, "a")
    assert segs[1]["status"] == "passthrough" and segs[1]["target"] == english


def test_eval_scores_the_finished_text():
    hyps, _ = translate_lines(["« oui » : 2,5 %"], FakeEngine())
    assert hyps == ["“OUI”: 2.5%"]


@requires_apertium
def test_seed_targets_have_no_guillemets_or_decimal_commas(corpus, tmp_path):
    proc = run_cli("translate", "--engine", "apertium", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    checked = 0
    for path in sorted(corpus.glob("*.txt")):
        for seg in segments(tmp_path, path.stem):
            target = seg["target"]
            assert not set("«»‹›") & set(target), seg
            assert not english_quantities(target).french_decimal, seg
            assert "number-format" not in [f["code"] for f in seg["flags"]], seg
            checked += seg["status"] == "machine"
    assert checked > 100


def test_qa_still_sees_a_copied_french_sentence():
    from pipeline.qa import check_segment
    source = "Le texte « guillemets » doit rester : 2,5 %."
    seg = {"id": "p1.s1", "source": source, "target": "LE TEXTE “GUILLEMETS” DOIT RESTER: 2.5%.",
           "status": "machine", "terms": []}
    assert "untranslated" in [f.code for f in check_segment(seg)]
