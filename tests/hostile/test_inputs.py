"""Hostile inputs to a run: names, clashing stems, files that are not files, encodings.

Every document `translate` writes is seen by every other command; two sources
never share outputs or edits; one bad file fails alone and never hangs.
"""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from pipeline.cli import main
from pipeline.document import decode_text, read_document
from pipeline.errors import DocumentError
from pipeline.exchange.tmx import build_tmx
from pipeline.exchange.xliff import export_xliff, import_xliff
from pipeline.inputs import corpus_paths, is_document_name
from pipeline.memory import Memory
from pipeline.review.apply import edit_segment
from pipeline.review.pages import build_pages
from pipeline.store import document_names, load_document
from pipeline.translate import Run

from ..conftest import FakeEngine, requires_apertium, run_cli

TEXT = "Le ministre a parlé. Huit pays ont rejoint la coalition.\n"


@pytest.fixture
def cli(monkeypatch, tmp_path, capsys):
    """`pipeline ARGS` in-process, in tmp_path, with the instant fake engine."""
    import pipeline.engines.registry as registry
    monkeypatch.setattr(registry, "make_engine", lambda *a, **k: FakeEngine())
    monkeypatch.chdir(tmp_path)

    def run(*args: str) -> tuple[int, str]:
        capsys.readouterr()
        code = main(list(args))
        return code, capsys.readouterr().err
    return run


def one_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in err and "internal error" not in err, err
    return lines[0]


# -- 1. same stem, two folders ----------------------------------------------------------------------
def test_same_stem_in_two_folders_is_refused_before_anything_is_written(tmp_path, cli):
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "a.txt").write_text(f"Texte {folder}.\n", encoding="utf-8")
    (tmp_path / "x" / "b.txt").write_text(TEXT, encoding="utf-8")
    code, err = cli("translate", "x", "y")
    line = one_line(err)
    assert code == 2 and "x/a.txt" in line and "y/a.txt" in line
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_a_second_source_with_a_used_name_does_not_take_over_its_outputs_or_edits(tmp_path, cli):
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "a.txt").write_text(f"Le texte {folder} est ici.\n", encoding="utf-8")
    assert cli("translate", "x")[0] == 0
    edit_segment(tmp_path / "out", "a", "p1.s1", "The x text is here.", approve=True)
    before = (tmp_path / "out" / "a.json").read_bytes()
    code, err = cli("translate", "y/a.txt")
    assert code == 2 and "x/a.txt" in one_line(err)
    assert (tmp_path / "out" / "a.json").read_bytes() == before
    # Into another folder it is fine, and x's edit is not applied to y.
    assert cli("translate", "y", "-o", "out_y")[0] == 0
    assert load_document(tmp_path / "out_y", "a").segments[0].status == "machine"


def test_a_moved_source_keeps_its_name_and_edits(tmp_path, cli):
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "a.txt").write_text(TEXT, encoding="utf-8")
    assert cli("translate", "old")[0] == 0
    edit_segment(tmp_path / "out", "a", "p1.s1", "The minister spoke.")
    (tmp_path / "old").rename(tmp_path / "new")
    assert cli("translate", "new")[0] == 0
    assert load_document(tmp_path / "out", "a").segments[0].target == "The minister spoke."


def test_same_file_named_twice_is_translated_once(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    os.symlink("a.txt", tmp_path / "link.txt")
    files = corpus_paths([tmp_path / "a.txt", tmp_path, Path(str(tmp_path) + "/./a.txt")])
    assert [p.name for p in files] == ["a.txt", "link.txt"] or [p.name for p in files] == ["a.txt"]
    # a symlink with another stem is another name for the same file: translated once
    assert len({os.path.realpath(p) for p in files}) == len(files)


# -- 11. every name translate writes is seen by every command -----------------------------------------
NAMES = ["a b", "Élection à Kiev", "-dash", "--", "new\nline", "tab\there", "x#y?z%20&amp;",
         ".hidden", "plain", "ünïcödé 中文 ✓", " lead space", "trail space ", "a.b.c", "quote\"'s"]

name_chars = st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00")
file_stems = st.text(name_chars, min_size=1, max_size=20).filter(
    lambda s: s not in (".", "..") and len(os.fsencode(s + ".txt")) < 250)


def _translate(src: Path, out: Path, may_fail: set[str] = frozenset()) -> None:
    with Memory(out / "memory.sqlite") as memory:
        summary = Run(FakeEngine(), memory, out).run(corpus_paths([src]))
    assert {Path(p).stem for p, _ in summary.failed} == set(may_fail), summary.failed


def _every_command_sees(out: Path, stems: set[str]) -> None:
    assert set(document_names(out)) == stems
    for stem in stems:
        data = load_document(out, stem)
        assert data.document == stem
    pages = build_pages(out)
    assert len(pages) == len(stems) + 1
    assert len(export_xliff(out, out / "x")) == len(stems)
    _, units, docs = build_tmx(out)
    assert docs == len(stems)


@pytest.mark.parametrize("stem", NAMES)
def test_odd_file_names_are_seen_by_every_command(tmp_path, stem):
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    (src / f"{stem}.txt").write_text(TEXT, encoding="utf-8")
    (src / "other.txt").write_text(TEXT, encoding="utf-8")
    _translate(src, out)
    _every_command_sees(out, {stem, "other"})
    seg = edit_segment(out, stem, "p1.s1", "The minister spoke.", approve=True)
    assert seg.status == "approved"
    xlf = export_xliff(out, tmp_path / "x", [stem])[0]
    assert import_xliff(xlf, out).total == 0


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(stems=st.lists(file_stems, min_size=1, max_size=4, unique=True))
def test_any_file_names_are_seen_by_every_command(tmp_path_factory, stems):
    root = tmp_path_factory.mktemp("names")
    src, out = root / "src", root / "out"
    src.mkdir()
    for stem in stems:
        (src / f"{stem}.txt").write_text(TEXT, encoding="utf-8")
    names = {Path(f"{s}.txt").stem for s in stems}
    # A name XML cannot hold (a control character other than tab/newline) fails alone, named.
    unusable = {n for n in names if not is_document_name(n)}
    assert all(re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", n) for n in unusable)
    _translate(src, out, unusable)
    _every_command_sees(out, names - unusable)


@requires_apertium
def test_odd_names_through_the_real_cli(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    stems = ["a b", "Élection", "-dash", "new\nline", "plain"]
    for stem in stems:
        (seeds / f"{stem}.txt").write_text("Le ministre a parlé.\n", encoding="utf-8")
    assert run_cli("translate", "-q", "--engine", "apertium", cwd=tmp_path).returncode == 0
    qa = run_cli("qa", cwd=tmp_path)
    assert "corpus: 5 documents" in qa.stdout, qa.stdout + qa.stderr
    proc = run_cli("review", "edit", "--target", "The minister spoke.", "--approve", "--", "-dash", "p1.s1",
                   cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    proc = run_cli("review", "edit", "new\nline", "p1.s1", "--approve", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert run_cli("export", "xliff", cwd=tmp_path).returncode == 0
    assert len(list((tmp_path / "out" / "export" / "xliff").glob("*.xlf"))) == 5
    proc = run_cli("import", "xliff", str(tmp_path / "out" / "export" / "xliff" / "a b.xlf"), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr


def test_a_file_name_that_is_not_utf8_fails_alone(tmp_path, cli):
    if sys.platform != "linux":
        pytest.skip("needs a file system that takes any bytes")
    src = tmp_path / "src"
    src.mkdir()
    with open(os.path.join(os.fsencode(src), b"caf\xe9.txt"), "w") as handle:
        handle.write(TEXT)
    (src / "ok.txt").write_text(TEXT, encoding="utf-8")
    code, err = cli("translate", "src")
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert code == 1 and "Traceback" not in err
    assert errors == ["error: src/caf\\udce9.txt: the file name is not valid UTF-8; rename it"]
    assert (tmp_path / "out" / "ok.json").exists()


# -- 8. files that are not files ----------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["fifo", "loop", "dangling", "folder", "chain-loop"])
def test_a_bad_entry_in_an_input_folder_fails_alone_without_hanging(tmp_path, kind):
    src = tmp_path / "src"
    src.mkdir()
    (src / "good.txt").write_text(TEXT, encoding="utf-8")
    bad = src / "bad.txt"
    if kind == "fifo":
        os.mkfifo(bad)
    elif kind == "loop":
        os.symlink("bad.txt", bad)
    elif kind == "chain-loop":
        os.symlink("c.txt", bad)
        os.symlink("bad.txt", src / "c.txt")
    elif kind == "dangling":
        os.symlink("nowhere.txt", bad)
    else:
        bad.mkdir()
    proc = run_cli("translate", "src", "--engine", "apertium", "-q", cwd=tmp_path, timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert "bad.txt" in proc.stderr and "Traceback" not in proc.stderr and "internal error" not in proc.stderr
    assert (tmp_path / "out" / "good.json").exists()


def test_an_unreadable_file_fails_alone(tmp_path, monkeypatch):
    src = tmp_path / "src"
    src.mkdir()
    (src / "good.txt").write_text(TEXT, encoding="utf-8")
    (src / "secret.txt").write_text(TEXT, encoding="utf-8")
    real_open = os.open

    def deny(path, *args, **kwargs):   # root reads anything: simulate EACCES
        if str(path).endswith("secret.txt"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)
    monkeypatch.setattr(os, "open", deny)
    out = tmp_path / "out"
    with Memory(out / "memory.sqlite") as memory:
        summary = Run(FakeEngine(), memory, out).run(corpus_paths([src]))
    assert [p for p, _ in summary.failed] == [str(src / "secret.txt")]
    assert "Permission denied" in summary.failed[0][1]
    assert (out / "good.json").exists()


# -- 10. encodings -----------------------------------------------------------------------------------
# Not starting with NUL: "\ufeff\x00" in UTF-16-LE is FF FE 00 00, the UTF-32-LE mark (inherently ambiguous).
TEXTS = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\ufeff"), max_size=60).filter(
    lambda t: not t.startswith("\x00"))


@given(text=TEXTS, encoding=st.sampled_from(["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le",
                                             "utf-32-be", "utf-8-sig"]))
@settings(max_examples=300, deadline=None)
def test_text_with_a_byte_order_mark_decodes_exactly(text, encoding):
    data = text.encode(encoding)
    if encoding.endswith(("-le", "-be")):
        data = "\ufeff".encode(encoding) + data
    assert decode_text(data, "a.txt") == text


def test_utf16_article_is_translated(tmp_path):
    path = tmp_path / "u16.txt"
    path.write_bytes(TEXT.encode("utf-16"))
    doc = read_document(path)
    assert [s.text for s in doc.sentences()] == ["Le ministre a parlé.", "Huit pays ont rejoint la coalition."]


def test_utf16_without_bom_and_bad_utf16_are_named(tmp_path):
    with pytest.raises(DocumentError, match="a.txt: .*UTF-16"):
        decode_text("Bonjour".encode("utf-16-le"), "a.txt")
    with pytest.raises(DocumentError, match="a.txt: .*not valid UTF-16"):
        decode_text(b"\xff\xfe\x00\xd8a\x00", "a.txt")   # BOM, then a lone high surrogate


@pytest.mark.parametrize("stem_bytes", [200, 236, 237, 251])
def test_long_file_names_are_written_or_fail_alone(tmp_path, stem_bytes):
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    stem = "é" * ((stem_bytes - 1) // 2) + "a" * (1 + (stem_bytes - 1) % 2)   # multi-byte characters
    assert len(stem.encode()) == stem_bytes
    (src / f"{stem}.txt").write_text(TEXT, encoding="utf-8")
    (src / "short.txt").write_text(TEXT, encoding="utf-8")
    with Memory(out / "memory.sqlite") as memory:
        summary = Run(FakeEngine(), memory, out).run(corpus_paths([src]))
    if stem_bytes <= 236:
        assert not summary.failed
        _every_command_sees(out, {stem, "short"})
    else:
        assert [Path(p).stem for p, _ in summary.failed] == [stem] and "too long" in summary.failed[0][1]
        assert document_names(out) == ["short"]
