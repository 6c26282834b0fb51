"""The root CLI, in-process through ``main(argv)``, and the README's command table."""
from __future__ import annotations

import json
import re

import typer

from pipeline.cli import app, main

from .conftest import ROOT


def cli_commands() -> set[str]:
    """Every leaf command of the CLI, as typed: "translate", "review serve", …"""
    found: set[str] = set()

    def walk(command, path: tuple[str, ...]) -> None:
        if hasattr(command, "commands"):  # a group (typer's own click, so no isinstance)
            for name, sub in command.commands.items():
                walk(sub, path + (name,))
        else:
            found.add(" ".join(path))

    walk(typer.main.get_command(app), ())
    return found


def readme_commands() -> set[str]:
    """The commands of README.md's table: `pipeline a b [OPTIONS…]` / `a c` / `x\\|y`."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text[text.index("## Commands"):text.index("## Library API")]
    found: set[str] = set()
    for row in re.findall(r"^\| (`pipeline .*?) \| ", table, re.M):
        for usage in re.findall(r"`([^`]*)`", row):
            words = []
            for word in usage.split():
                if not re.match(r"[a-z][a-z|\\]*$", word):
                    break  # an argument or an option: the command's name is complete
                words.append(word)
            if words and words[0] == "pipeline":
                words = words[1:]
            *group, last = words
            for name in last.replace("\\", "").split("|"):
                found.add(" ".join(group + [name]))
    return found


def test_readme_table_lists_exactly_the_cli_commands():
    cli, readme = cli_commands(), readme_commands()
    assert "review serve" in cli and "glossary suggest" in cli and "translate" in cli
    assert cli - readme == set(), "commands missing from README.md's table"
    assert readme - cli == set(), "README.md's table lists commands the CLI does not have"


def test_help_and_no_command(capsys):
    assert main(["--help"]) == 0
    assert "translate" in capsys.readouterr().out
    assert main([]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: missing command (translate, eval, qa,") and "pipeline --help" in err


def test_usage_error_is_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["translate", "nope.txt"]) == 2
    assert capsys.readouterr().err == "error: nope.txt: no such file or folder\n"
    assert main(["translate", "--workers", "-1"]) == 2
    assert "--workers" in capsys.readouterr().err


def test_translate_then_qa_and_review_in_process(tmp_path, monkeypatch, capsys, register_fake):
    register_fake("fake")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("Le drone vole. Le ministre parle.\n")
    assert main(["translate", "a.txt", "-e", "fake", "--no-glossary", "-j", "3"]) == 0
    err = capsys.readouterr().err
    assert "1 document, 2 sentences, 2 translated" in err and "warning" not in err
    segments = json.loads((tmp_path / "out" / "a.json").read_text())["segments"]
    assert [s["target"] for s in segments] == ["LE DRONE VOLE.", "LE MINISTRE PARLE."]
    assert {s["engine"] for s in segments} == {"fake"}

    # An argos option changed for another engine: said, not silently dropped.
    assert main(["translate", "a.txt", "-e", "fake", "--no-glossary", "--beam-size", "8", "-q"]) == 0
    assert capsys.readouterr().err == "warning: beam-size is an option of argos; fake ignores it\n"

    assert main(["review", "edit", "a", "p1.s1", "--target", "The drone flies.", "--approve"]) == 0
    assert main(["qa"]) in (0, 1)
    out = capsys.readouterr().out
    assert out.startswith("a: 2 segments (1 approved,")
    assert main(["review", "build"]) == 0
    assert (tmp_path / "out" / "review" / "a.html").exists()


def test_unknown_engine_lists_the_registry(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("Le drone vole.\n")
    assert main(["translate", "a.txt", "-e", "deepl"]) == 2
    assert capsys.readouterr().err == "error: unknown engine 'deepl'; choose one of: auto, argos, apertium\n"
