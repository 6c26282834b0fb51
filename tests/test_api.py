"""The library API: the README's example runs, and translate_paths is the CLI's run."""
from __future__ import annotations

import json
import re
import shutil

import pytest

import pipeline
from pipeline import document_names, load_document, translate_paths
from pipeline.errors import UsageError

from .conftest import ROOT, FakeEngine


def readme_example() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Library API"):]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_the_readme_example_runs(tmp_path, monkeypatch, register_fake, capsys):
    # The example's engine (apertium) replaced by the fake one, under the same name,
    # so the glossary is enforced in apertium's (repair) mode as it would be.
    register_fake("apertium")
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.txt").write_text("Le ministre letton a parlé à Kiev.\n\nLeave a Comment\n")
    shutil.copytree(ROOT / "glossary", tmp_path / "glossary")
    monkeypatch.chdir(tmp_path)
    exec(compile(readme_example(), "README.md", "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].startswith("1 document, 2 sentences, 1 translated")
    assert printed[1] == "a 2 segments"
    segments = json.loads((tmp_path / "out" / "a.json").read_text())["segments"]
    assert segments[0]["engine"] == "apertium" and "Kyiv" in segments[0]["target"]  # the glossary applied
    assert segments[1]["status"] == "passthrough"


def test_an_engine_object_is_used_as_given_and_a_rerun_reuses_the_memory(tmp_path):
    (tmp_path / "a.txt").write_text("Le drone vole. Le ministre parle.\n")
    engine = FakeEngine(table={"Le drone vole.": "The drone flies."})
    first = translate_paths([tmp_path / "a.txt"], out=tmp_path / "out", engine=engine, glossary=None)
    assert (first.documents, first.translated, first.failed) == (1, 2, [])
    doc = load_document(tmp_path / "out" / "a.json")
    assert [s.target for s in doc.segments] == ["The drone flies.", "LE MINISTRE PARLE."]
    again = translate_paths(str(tmp_path / "a.txt"), out=tmp_path / "out", engine=FakeEngine(), glossary=None)
    assert (again.translated, again.reused) == (0, 2)
    assert document_names(tmp_path / "out") == ["a"]


def test_bad_input_is_refused_before_any_work(tmp_path):
    (tmp_path / "a.txt").write_text("Le drone vole.\n")
    engine = FakeEngine()
    with pytest.raises(UsageError, match="nope: no such file or folder"):
        translate_paths([tmp_path / "nope"], out=tmp_path / "out", engine=engine)
    with pytest.raises(UsageError, match="typo: no such glossary folder"):
        translate_paths([tmp_path / "a.txt"], out=tmp_path / "out", engine=engine, glossary=tmp_path / "typo")
    with pytest.raises(UsageError, match="needs an engine name"):
        translate_paths([tmp_path / "a.txt"], out=tmp_path / "out", engine=engine, executor="ray")
    assert engine.calls == [] and not (tmp_path / "out").exists()


def test_the_static_review_pages_follow_a_run(tmp_path):
    (tmp_path / "a.txt").write_text("Le drone vole.\n")
    out = tmp_path / "out"
    translate_paths([tmp_path / "a.txt"], out=out, engine=FakeEngine(), glossary=None)
    pages = pipeline.build_review_pages(out)
    assert pages[-1] == out / "review" / "index.html"
    (tmp_path / "a.txt").write_text("Le ministre parle.\n")
    translate_paths([tmp_path / "a.txt"], out=out, engine=FakeEngine(), glossary=None)
    assert "LE MINISTRE PARLE." in next(p for p in pages if p.name != "index.html").read_text()


def test_importing_pipeline_does_not_import_the_run(tmp_path):
    import subprocess
    import sys

    code = "import sys, pipeline; print(sorted(m for m in sys.modules if m.startswith('pipeline')))"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env={"PYTHONPATH": str(ROOT)})
    assert proc.stdout.strip() == "['pipeline']"
    assert pipeline.translate_paths is translate_paths and "translate_paths" in pipeline.__all__


def test_a_first_run_warms_the_engine_up_before_reading_the_glossary(tmp_path, monkeypatch):
    """On a first run (nothing in out/) the engine's programs load their models
    while the glossary is read; a re-run with nothing to do starts none, and the
    local executor closes the engine it built when the run ends."""
    import pipeline.glossary as glossary_module

    events: list[str] = []

    class Warming(FakeEngine):
        def warm_up(self):
            events.append("warm_up")

        def close(self):
            events.append("close")

    real_load = glossary_module.load_policy
    monkeypatch.setattr(glossary_module, "load_policy", lambda folder: events.append("glossary") or real_load(folder))
    (tmp_path / "a.txt").write_text("Un chat.\n", encoding="utf-8")
    glossary = tmp_path / "glossary"
    glossary.mkdir()
    (glossary / "terms.yaml").write_text("- fr: chat\n  en: cat\n  kind: term\n  note: a test\n", encoding="utf-8")

    def run():
        return translate_paths([tmp_path / "a.txt"], out=tmp_path / "out", engine="warming", glossary=glossary)

    from pipeline.engines import registry

    monkeypatch.setitem(registry.ENGINES, "warming", registry.EngineEntry("warming", lambda: Warming, "workers"))
    run()
    assert events[:2] == ["warm_up", "glossary"] and events[-1] == "close"
    events.clear()
    run()
    assert "warm_up" not in events and events[-1] == "close"
