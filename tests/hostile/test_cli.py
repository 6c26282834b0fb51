"""The CLI under hostile use: usage errors, Ctrl-C, bad folders, full or read-only disks.

Every outcome is one line on stderr naming the path and the cause, and the
documented exit code (2 usage/configuration, 1 something failed, 130 Ctrl-C):
never "internal error", never a traceback.
"""
from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.errors import INTERRUPTED

from ..conftest import FakeEngine, requires_apertium, run_cli

TEXT = "Le ministre a parlé. Huit pays ont rejoint la coalition.\n"


@pytest.fixture
def project(tmp_path, monkeypatch, capsys):
    """(tmp_path, run) — run("translate", …) in-process in tmp_path with an instant fake engine."""
    import pipeline.engines.registry as registry
    monkeypatch.setattr(registry, "make_engine", lambda *a, **k: FakeEngine())
    monkeypatch.chdir(tmp_path)
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "seeds" / "b.txt").write_text("Le texte est court.\n", encoding="utf-8")

    def run(*args: str) -> tuple[int, str]:
        capsys.readouterr()
        code = main(list(args))
        return code, capsys.readouterr().err
    return tmp_path, run


def one_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err and "internal error" not in err, err
    return lines[0]


# -- 6. usage errors: one line, exit 2 ------------------------------------------------------------
@pytest.mark.parametrize("args, needle", [
    (["translate", "--bogus"], "--bogus"),
    (["translate", "--threads", "abc"], "--threads"),
    (["translate", "--beam-size"], "--beam-size"),
    (["review", "edit"], "document"),
    (["review", "edit", "doc"], "segment"),
    (["frobnicate"], "frobnicate"),
    ([], "missing command"),
    (["review"], "missing command"),
    (["glossary"], "missing command"),
    (["export", "tmx", "--approved-only=maybe"], "approved-only"),
    (["review", "serve", "--port", "http"], "--port"),
])
def test_usage_errors_are_one_line_exit_2(tmp_path, args, needle):
    proc = run_cli(*args, cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    line = one_line(proc.stderr)
    assert line.startswith("error:") and needle in line


def test_cli_does_not_import_the_click_package():
    # Typer ≥ 0.2x vendors click: catching the click package's exceptions catches nothing.
    source = "\n".join(p.read_text(encoding="utf-8") for p in Path(__file__).parents[2].glob("pipeline/cli*.py"))
    assert "import click" not in source


# -- Ctrl-C -----------------------------------------------------------------------------------
def test_ctrl_c_prints_the_documented_line_and_exits_130(project, monkeypatch):
    import pipeline.engines.registry as registry
    tmp_path, run = project
    monkeypatch.setattr(registry, "make_engine", lambda *a, **k: FakeEngine(interrupt_on_call=0))
    code, err = run("translate")
    assert code == 130 and one_line(err) == INTERRUPTED


def test_ctrl_c_outside_a_command_body_too(monkeypatch, capsys):
    import pipeline.cli as cli

    def interrupted(*a, **k):
        raise KeyboardInterrupt
    monkeypatch.setattr(cli, "app", interrupted)
    assert main(["translate"]) == 130
    assert one_line(capsys.readouterr().err) == INTERRUPTED


@requires_apertium
def test_real_sigint_during_a_run(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    src = Path(__file__).parents[2] / "seeds"
    for k in range(40):
        for p in src.glob("*.txt"):
            shutil.copy(p, seeds / f"{p.stem}_{k}.txt")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    env.pop("PIPELINE_DEBUG", None)
    import signal
    import sys
    import time
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "translate", "-e", "apertium"], cwd=tmp_path,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # Wait until it is translating (the memory exists), then interrupt.
    deadline = time.time() + 60
    while not (tmp_path / "out" / "memory.sqlite").exists() and time.time() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    if proc.returncode == 0:
        pytest.skip("the run finished before the signal arrived")
    assert proc.returncode == 130, err
    assert err.strip().splitlines()[-1] == INTERRUPTED and "Traceback" not in err


# -- 7. a named glossary folder that does not exist ------------------------------------------------
def test_glossary_typo_is_exit_2_before_anything_is_written(project):
    tmp_path, run = project
    code, err = run("translate", "-g", "glosary_typo")
    assert code == 2 and "glosary_typo" in one_line(err)
    assert not (tmp_path / "out").exists()


# (`glossary where`/`suggest` explore the articles; there -g is optional, a missing folder means none.)
@pytest.mark.parametrize("args", [["glossary", "list"], ["glossary", "export"], ["review", "serve"]])
def test_glossary_typo_in_other_commands_is_exit_2(project, args):
    tmp_path, run = project
    assert run("translate", "-q")[0] == 0
    code, err = run(*args, "-g", "glosary_typo")
    assert code == 2 and "glosary_typo: no such glossary folder" in one_line(err)


def test_glossary_that_is_a_file_is_exit_2(project):
    tmp_path, run = project
    (tmp_path / "g.yaml").write_text("[]\n")
    code, err = run("translate", "-g", "g.yaml")
    assert code == 2 and "g.yaml" in one_line(err)


def test_default_glossary_folder_may_be_absent(project):
    tmp_path, run = project
    code, _ = run("translate", "-q")
    assert code == 0 and (tmp_path / "out" / "a.json").exists()


# -- 9. output folder problems ------------------------------------------------------------------
def test_out_naming_a_file_is_one_line_exit_2(project):
    tmp_path, run = project
    (tmp_path / "taken").write_text("not a folder")
    code, err = run("translate", "-o", "taken")
    line = one_line(err)
    assert code == 2 and "taken" in line and "folder" in line
    assert (tmp_path / "taken").read_text() == "not a folder"


def test_out_below_a_file_is_one_line_exit_2(project):
    tmp_path, run = project
    (tmp_path / "taken").write_text("x")
    code, err = run("translate", "-o", "taken/out")
    assert code == 2 and "taken/out" in one_line(err)


def _mount_tmpfs(path: Path, options: str) -> bool:
    path.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    return subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)],
                          capture_output=True).returncode == 0


@pytest.fixture
def tmpfs(tmp_path):
    """mount(options) → a fresh tmpfs (skipped when we cannot mount: not root, no privilege)."""
    mounted = []

    def mount(options: str) -> Path:
        path = tmp_path / f"mnt{len(mounted)}"
        if not _mount_tmpfs(path, options):
            pytest.skip("cannot mount a tmpfs here (needs root)")
        mounted.append(path)
        return path
    yield mount
    for path in reversed(mounted):
        subprocess.run(["umount", str(path)], capture_output=True)


def test_read_only_out_names_the_folder_and_does_not_blame_the_memory(project, tmpfs):
    tmp_path, run = project
    ro = tmpfs("size=1m,ro")
    code, err = run("translate", "-o", str(ro))
    line = one_line(err)
    assert code == 2 and str(ro) in line and "Read-only file system" in line
    assert "not a usable translation memory" not in line


def test_read_only_memory_file_is_named(project, tmpfs):
    tmp_path, run = project
    out = tmpfs("size=4m")
    assert run("translate", "-q", "-o", str(out))[0] == 0
    subprocess.run(["mount", "-o", "remount,ro", str(out)], check=True)
    (tmp_path / "seeds" / "c.txt").write_text("Un nouveau texte.\n", encoding="utf-8")
    code, err = run("translate", "-o", str(out))
    assert code == 2 and "Read-only file system" in one_line(err)


@requires_apertium
@pytest.mark.parametrize("size", ["24k", "60k", "100k", "160k"])
def test_full_disk_is_one_line_naming_the_path(tmp_path, tmpfs, size):
    """A real full disk at several points of a run: memory open, memory write, JSON, Markdown."""
    out = tmpfs(f"size={size}")
    proc = run_cli("translate", "-e", "apertium", "-q", "-o", str(out / "out"),
                   str(Path(__file__).parents[2] / "seeds"), cwd=tmp_path)
    if proc.returncode == 0:
        assert size != "24k", "the corpus cannot fit in 24 kB"
        return   # it fitted
    assert proc.returncode in (1, 2), proc.stderr
    line = one_line(proc.stderr)
    assert str(out / "out") in line and ("full" in line or "No space left" in line), line
    # Nothing half-written: every JSON that exists parses.
    import json
    for path in (out / "out").glob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))


def test_full_disk_while_writing_the_memory(project, monkeypatch):
    tmp_path, run = project
    from pipeline.memory import Memory

    def full(self, rows):
        raise sqlite3.OperationalError("database or disk is full")
    monkeypatch.setattr(Memory, "put_many", full)
    code, err = run("translate")
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert code == 1 and len(errors) == 1 and "Traceback" not in err
    assert "out/memory.sqlite" in errors[0] and "disk is full" in errors[0]


def test_full_disk_while_writing_a_document(project, monkeypatch):
    tmp_path, run = project
    real_fdopen = os.fdopen

    class Full:
        """A text file on a full disk: every write fails with ENOSPC (and names no file)."""

        def __init__(self, handle):
            self.handle = handle

        def __getattr__(self, name):
            return getattr(self.handle, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, text):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def fdopen(fd, mode="r", *args, **kwargs):
        handle = real_fdopen(fd, mode, *args, **kwargs)
        return Full(handle) if "w" in mode else handle
    monkeypatch.setattr(os, "fdopen", fdopen)
    code, err = run("translate")
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert code == 1 and len(errors) == 1 and "Traceback" not in err
    assert "out/a.json: No space left on device" in errors[0]
    assert not [p for p in (tmp_path / "out").iterdir() if p.suffix == ".tmp"]


def test_export_into_a_file_is_one_line(project):
    tmp_path, run = project
    assert run("translate", "-q")[0] == 0
    (tmp_path / "blocker").write_text("x")
    code, err = run("export", "xliff", "--output-dir", "blocker/x")
    assert code in (1, 2) and "blocker" in one_line(err)
