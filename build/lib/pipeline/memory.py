"""The translation memory and the reviewers' edits, in one embedded SQLite file.

Why SQLite in WAL mode: readers never block the writer, two `pipeline
translate` runs at once serialise their short write transactions instead of
corrupting anything, and a run interrupted with Ctrl-C keeps every batch it had
committed, so the next run resumes from there.

* ``translations``: machine output keyed by (source sentence, engine, model
  version, glossary fingerprint of the sentence). Only the glossary entries that
  match a sentence go into its fingerprint, so editing one entry re-translates
  exactly the sentences that contain it.
* ``edits``: the current post-edit of each (document, segment id), with the
  source sentence it was made against, so a changed source can be detected.
* ``edit_history``: every edit ever saved, append-only: an edit is never lost.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

from .errors import PipelineError

SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    key TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    engine TEXT NOT NULL,
    model TEXT NOT NULL,
    glossary TEXT NOT NULL,
    target TEXT NOT NULL,
    data TEXT NOT NULL DEFAULT '{}',
    created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS edits (
    document TEXT NOT NULL,
    segment_id TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('edited', 'approved')),
    updated REAL NOT NULL,
    PRIMARY KEY (document, segment_id)
);
CREATE TABLE IF NOT EXISTS edit_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document TEXT NOT NULL,
    segment_id TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    status TEXT NOT NULL,
    updated REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS edit_history_document ON edit_history (document, id);
"""


def memory_key(source: str, engine: str, model: str, glossary: str) -> str:
    payload = "\x1f".join((source, engine, model, glossary))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass
class Stored:
    """A translation as the memory keeps it: final target plus its term report."""

    target: str
    data: dict


@dataclass
class Edit:
    document: str
    segment_id: str
    source: str
    target: str
    status: str
    updated: float


class Memory:
    """A handle on the SQLite file. Cheap to open; use as a context manager."""

    def __init__(self, path: Path):
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # isolation_level=None: we issue BEGIN/COMMIT ourselves, so one engine
            # batch is one short transaction.
            self.db = sqlite3.connect(str(self.path), timeout=60, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA busy_timeout=60000")
            self.db.executescript(SCHEMA)
        except sqlite3.DatabaseError as err:
            raise PipelineError(f"{self.path}: not a usable translation memory ({err})") from None

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Memory":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- machine translations -------------------------------------------------
    def get_many(self, keys: Iterable[str]) -> dict[str, Stored]:
        found: dict[str, Stored] = {}
        keys = list(dict.fromkeys(keys))
        for i in range(0, len(keys), 500):  # stay under SQLite's variable limit
            chunk = keys[i:i + 500]
            marks = ",".join("?" * len(chunk))
            for key, target, data in self.db.execute(
                f"SELECT key, target, data FROM translations WHERE key IN ({marks})", chunk
            ):
                found[key] = Stored(target, json.loads(data))
        return found

    def put_many(self, rows: Iterable[tuple[str, str, str, str, str, str, dict]]) -> None:
        """rows: (key, source, engine, model, glossary, target, data)."""
        now = time.time()
        with self._transaction():
            self.db.executemany(
                "INSERT OR REPLACE INTO translations VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(k, s, e, m, g, t, json.dumps(d, ensure_ascii=False), now) for k, s, e, m, g, t, d in rows],
            )

    def count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM translations").fetchone()[0]

    # -- reviewers' edits -----------------------------------------------------
    def edits_for(self, document: str) -> dict[str, Edit]:
        rows = self.db.execute(
            "SELECT document, segment_id, source, target, status, updated FROM edits WHERE document = ?",
            (document,),
        )
        return {row[1]: Edit(*row) for row in rows}

    def save_edits(self, edits: Iterable[Edit]) -> int:
        """Save several edits in one transaction: all are applied or none."""
        edits = list(edits)
        with self._transaction():
            for e in edits:
                self.db.execute(
                    "INSERT OR REPLACE INTO edits VALUES (?, ?, ?, ?, ?, ?)",
                    (e.document, e.segment_id, e.source, e.target, e.status, e.updated),
                )
                self.db.execute(
                    "INSERT INTO edit_history (document, segment_id, source, target, status, updated)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (e.document, e.segment_id, e.source, e.target, e.status, e.updated),
                )
        return len(edits)

    def save_edit(
        self, document: str, segment_id: str, source: str, target: str, status: str = "edited"
    ) -> Edit:
        edit = Edit(document, segment_id, source, target, status, time.time())
        self.save_edits([edit])
        return edit

    def edit_stamp(self, document: str) -> str:
        """Changes whenever an edit to ``document`` is saved (part of its fingerprint)."""
        count, last = self.db.execute(
            "SELECT COUNT(*), MAX(id) FROM edit_history WHERE document = ?", (document,)).fetchone()
        return f"{count}:{last}"

    def edit_history(self, document: str, segment_id: Optional[str] = None) -> list[Edit]:
        sql = "SELECT document, segment_id, source, target, status, updated FROM edit_history WHERE document = ?"
        args: tuple = (document,)
        if segment_id is not None:
            sql += " AND segment_id = ?"
            args += (segment_id,)
        return [Edit(*row) for row in self.db.execute(sql + " ORDER BY id", args)]

    def _transaction(self):
        return _Transaction(self.db)


class _Transaction:
    """BEGIN IMMEDIATE … COMMIT, rolled back on any exception (Ctrl-C included)."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self):
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type, exc, tb):
        self.db.execute("ROLLBACK" if exc_type else "COMMIT")
        return False
