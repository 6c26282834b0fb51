"""The translation memory: lookups, edits, atomic writes, two writers at once."""
from __future__ import annotations

import multiprocessing
import sqlite3

import pytest

from pipeline.atomic import write_text_atomic
from pipeline.errors import PipelineError
from pipeline.memory import Memory, memory_key


def test_key_depends_on_every_part():
    base = memory_key("Bonjour.", "argos", "1.9", "")
    assert base == memory_key("Bonjour.", "argos", "1.9", "")
    assert len({base, memory_key("Bonjour !", "argos", "1.9", ""), memory_key("Bonjour.", "apertium", "1.9", ""),
                memory_key("Bonjour.", "argos", "2.0", ""), memory_key("Bonjour.", "argos", "1.9", "g1")}) == 5


def test_put_and_get(tmp_path):
    with Memory(tmp_path / "m.sqlite") as memory:
        memory.put_many([("k1", "Bonjour.", "e", "1", "", "Hello.", {"terms": []})])
        found = memory.get_many(["k1", "missing"])
        assert list(found) == ["k1"] and found["k1"].target == "Hello."
        assert memory.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_edits_keep_their_history(tmp_path):
    with Memory(tmp_path / "m.sqlite") as memory:
        memory.save_edit("doc", "p1.s1", "Bonjour.", "Hi.")
        memory.save_edit("doc", "p1.s1", "Bonjour.", "Hello.", status="approved")
        assert memory.edits_for("doc")["p1.s1"].target == "Hello."
        assert [e.target for e in memory.edit_history("doc", "p1.s1")] == ["Hi.", "Hello."]


def test_a_file_that_is_not_sqlite_is_a_clear_error(tmp_path):
    bad = tmp_path / "m.sqlite"
    bad.write_text("not a database" * 100)
    with pytest.raises(PipelineError, match="m.sqlite: not a usable translation memory"):
        Memory(bad)


def _writer(path, worker, n):
    with Memory(path) as memory:
        for i in range(n):
            memory.put_many([(f"{worker}-{i}", f"s{i}", "e", "1", "", f"t{i}", {})])


def test_two_processes_writing_at_once_do_not_corrupt(tmp_path):
    path = tmp_path / "m.sqlite"
    Memory(path).close()
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(path, w, 200)) for w in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("SELECT COUNT(*) FROM translations").fetchone()[0] == 400


def test_atomic_write_leaves_the_old_file_on_failure(tmp_path, monkeypatch):
    target = tmp_path / "doc.json"
    write_text_atomic(target, "old")

    def boom(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr("pipeline.atomic.os.replace", boom)
    with pytest.raises(KeyboardInterrupt):
        write_text_atomic(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["doc.json"]  # no temporary left behind
