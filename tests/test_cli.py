"""The CLI as a user runs it: exit codes, one-line errors, no tracebacks."""
from __future__ import annotations

import json

from .conftest import requires_apertium, run_cli


def assert_one_line_error(proc, *needles):
    assert "Traceback" not in proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert errors, proc.stderr
    for needle in needles:
        assert any(needle in line for line in errors), proc.stderr


def test_missing_path_exits_2(tmp_path):
    proc = run_cli("translate", "nope.txt", "--engine", "apertium", cwd=tmp_path)
    assert proc.returncode == 2
    assert_one_line_error(proc, "nope.txt: no such file or folder")


def test_empty_seeds_folder_exits_2(tmp_path):
    (tmp_path / "seeds").mkdir()
    proc = run_cli("translate", "--engine", "apertium", cwd=tmp_path)
    assert proc.returncode == 2
    assert_one_line_error(proc, "seeds: no .txt articles to translate")


def test_unknown_engine_exits_2(tmp_path):
    (tmp_path / "a.txt").write_text("Bonjour.\n")
    proc = run_cli("translate", "a.txt", "--engine", "google", cwd=tmp_path)
    assert proc.returncode == 2
    assert_one_line_error(proc, "unknown engine 'google'")
    assert not (tmp_path / "out" / "a.json").exists()


@requires_apertium
def test_non_utf8_file_exits_1_and_the_others_are_translated(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "good.txt").write_text("Le drone vole.\n", encoding="utf-8")
    (seeds / "latin1.txt").write_bytes("Le café est chaud.".encode("latin-1"))
    (seeds / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    proc = run_cli("translate", "--engine", "apertium", "--quiet", cwd=tmp_path)
    assert proc.returncode == 1
    assert_one_line_error(proc, "latin1.txt: not UTF-8 (invalid byte 0xe9 at byte offset 6)",
                          "binary.txt: not a text file")
    assert json.loads((tmp_path / "out" / "good.json").read_text())["segments"][0]["target"]
    assert not (tmp_path / "out" / "latin1.json").exists()


@requires_apertium
def test_empty_file_is_a_warning_and_exit_0(tmp_path):
    (tmp_path / "empty.txt").write_text("\n  \n")
    proc = run_cli("translate", "empty.txt", "--engine", "apertium", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "warning: empty.txt: empty document" in proc.stderr
    assert json.loads((tmp_path / "out" / "empty.json").read_text())["segments"] == []


@requires_apertium
def test_quiet_prints_nothing_on_success(tmp_path):
    (tmp_path / "a.txt").write_text("Le drone vole.\n")
    proc = run_cli("translate", "a.txt", "--engine", "apertium", "--quiet", cwd=tmp_path)
    assert proc.returncode == 0 and proc.stderr == "" and proc.stdout == ""


def test_help_lists_the_commands(tmp_path):
    proc = run_cli("--help", cwd=tmp_path)
    assert proc.returncode == 0 and "translate" in proc.stdout
