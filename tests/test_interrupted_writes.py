"""Ctrl-C in the middle of writing an output leaves the old file or the new one,
and never a temporary file: SIGINT is delivered at the worst moment, right after
the temporary file is created and before its name is kept for clean-up."""
from __future__ import annotations

import os
import signal
import tempfile

import pytest

from pipeline.atomic import interrupts_deferred, write_text_atomic
from pipeline.output import DocumentWriter


def _interrupting_mkstemp(monkeypatch):
    real = tempfile.mkstemp

    def mkstemp(*args, **kwargs):
        made = real(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGINT)  # handled at the next bytecode: before the caller keeps the name
        return made

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)


def test_interrupt_inside_the_block_waits_for_its_end():
    done = []
    with pytest.raises(KeyboardInterrupt):
        with interrupts_deferred():
            os.kill(os.getpid(), signal.SIGINT)
            done.append("rest of the block")
    assert done == ["rest of the block"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_document_writer_interrupted_while_opening_leaves_nothing(tmp_path, monkeypatch):
    _interrupting_mkstemp(monkeypatch)
    with pytest.raises(KeyboardInterrupt):
        DocumentWriter(tmp_path, {"document": "doc", "fingerprint": ""})
    assert list(tmp_path.iterdir()) == []


def test_atomic_write_interrupted_while_opening_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "glossary.yaml"
    target.write_text("old\n", encoding="utf-8")
    _interrupting_mkstemp(monkeypatch)
    with pytest.raises(KeyboardInterrupt):
        write_text_atomic(target, "new\n")
    assert [p.name for p in tmp_path.iterdir()] == ["glossary.yaml"]
    assert target.read_text(encoding="utf-8") == "old\n"


def test_document_writer_interrupted_between_its_two_renames_moves_both(tmp_path, monkeypatch):
    """Ctrl-C after the new .json is in place: the .md follows, never a new
    .json beside an old .md."""
    import pipeline.output as output

    for ext in ("json", "md"):
        (tmp_path / f"doc.{ext}").write_text("old\n", encoding="utf-8")
    writer = DocumentWriter(tmp_path, {"document": "doc", "fingerprint": "", "metadata": {},
                                       "source_file": "doc.txt", "engine": {}})
    real_replace = os.replace

    def replace(src, dst):
        real_replace(src, dst)
        os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(output.os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        writer.commit(0)
    assert (tmp_path / "doc.json").read_text(encoding="utf-8") != "old\n"
    assert (tmp_path / "doc.md").read_text(encoding="utf-8") != "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.json", "doc.md"]
