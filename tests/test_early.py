"""Apertium's pipe started before the command line's imports (pipeline/early.py)."""
from __future__ import annotations

import pytest

from pipeline import early

from .conftest import SEEDS, requires_apertium, run_cli


@pytest.fixture(autouse=True)
def _no_pipe_left():
    yield
    early._discard()


def test_a_first_apertium_run_is_recognised_in_every_spelling(tmp_path):
    out = tmp_path / "out"
    for argv in (["translate", "-e", "apertium", "-o", str(out)],
                 ["translate", "seeds", "--engine=apertium", "--out", str(out), "-q"],
                 ["translate", "-eapertium", f"-o{out}", "--workers", "2"],
                 ["translate", "-e", "auto", "-e", "apertium", "-o", str(out)]):  # the last one counts
        assert early.first_apertium_run(argv), argv


def test_anything_else_starts_nothing(tmp_path):
    done = tmp_path / "done"
    done.mkdir()
    (done / "a.json").write_text("{}", encoding="utf-8")
    for argv in ([], ["glossary", "list"], ["translate"], ["translate", "-e", "argos"],
                 ["translate", "-e", "apertium", "--help"], ["translate", "-e", "apertium", "-h"],
                 ["translate", "-e", "apertium", "--executor", "ray", "-o", str(tmp_path)],
                 ["translate", "-e", "apertium", "-o", str(done)],  # a re-run: maybe nothing to do
                 ["translate", "--", "-e", "apertium"],  # after --: a file name
                 ["eval", "-e", "apertium"]):
        assert not early.first_apertium_run(argv), argv
        early.start(argv)
        assert early._pipe is None, argv


@requires_apertium
def test_the_engine_takes_the_pipe_started_early(tmp_path):
    from pipeline.engines.apertium import ApertiumEngine, translate_isolated

    early.start(["translate", "-e", "apertium", "-o", str(tmp_path / "out")])
    pipe = early._pipe
    assert pipe is not None and pipe.poll() is None
    engine = ApertiumEngine(workers=2)
    engine.warm_up()
    assert engine._chains[0].proc is pipe and engine._chains[1].proc is not pipe
    assert early._pipe is None  # handed over once
    sentence = "Le ministre est à Bruxelles."
    assert [t.text for t in engine.translate([sentence, "Kiev"])] == [translate_isolated(sentence),
                                                                       translate_isolated("Kiev")]
    engine.close()


@requires_apertium
def test_a_pipe_nobody_takes_is_killed(tmp_path):
    argv = ["translate", "-e", "apertium", "-o", str(tmp_path / "out")]
    early.start(argv)
    pipe = early._pipe
    assert early.take("another command") is None  # not what the engine would run
    assert pipe.poll() is not None
    early.start(argv)
    pipe = early._pipe
    early._discard()  # at exit
    assert pipe.poll() is not None and early._pipe is None


@requires_apertium
def test_a_first_run_from_the_command_line_and_a_usage_error(tmp_path):
    """Through `python -m pipeline` (launch.main): a run, and a usage error."""
    article = sorted(SEEDS.glob("*.txt"))[0]
    done = run_cli("translate", str(article), "-e", "apertium", "-o", str(tmp_path / "out"), "-q",
                   "--no-glossary", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / f"{article.stem}.json").exists()
    failed = run_cli("translate", str(tmp_path / "missing.txt"), "-e", "apertium", "-o", str(tmp_path / "o2"),
                     cwd=tmp_path)
    assert failed.returncode == 2 and "missing.txt" in failed.stderr


@requires_apertium
def test_a_process_that_exits_without_taking_the_pipe_kills_it(tmp_path):
    """At exit (a usage error, an invalid glossary …) no program of the pipe is left running."""
    import os
    import subprocess
    import sys

    from .conftest import ROOT

    code = ("import sys; from pipeline import early; "
            f"early.start(['translate', '-e', 'apertium', '-o', {str(tmp_path / 'out')!r}]); "
            "print(early._pipe.pid); sys.exit(2)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)
    group = int(done.stdout)
    assert done.returncode == 2
    states = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group:  # the pipe's session and process group
            states.append(fields[0])
    assert all(state == "Z" for state in states), states  # dead (at most not yet reaped)
