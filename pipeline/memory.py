"""The translation memory and the reviewers' edits, in one embedded SQLite file.

Why SQLite in WAL mode: readers never block the writer, two `pipeline
translate` runs at once serialise their short write transactions instead of
corrupting anything, and a run interrupted with Ctrl-C keeps every batch it had
committed, so the next run resumes from there.

* ``translations``: machine output keyed by (source sentence, engine, model
  version, glossary fingerprint of the sentence). Only the glossary entries that
  match a sentence go into its fingerprint, so editing one entry re-translates
  exactly the sentences that contain it.
* ``edits``: the current post-edit of each edited sentence, anchored by
  content: the source sentence's normalised text and its neighbours' (see
  ``pipeline.review.identity``), never by position. ``segment_id`` is only the
  id it was last seen at, for display. Memories from before anchors existed
  (keyed by (document, segment id)) are migrated in place when opened.
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
CREATE INDEX IF NOT EXISTS translations_source ON translations (source);
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

EDITS = """
CREATE TABLE IF NOT EXISTS edits (
    uid INTEGER PRIMARY KEY AUTOINCREMENT,
    document TEXT NOT NULL,
    segment_id TEXT NOT NULL,
    source TEXT NOT NULL,
    source_key TEXT NOT NULL,
    prev_key TEXT,
    next_key TEXT,
    target TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('edited', 'approved')),
    reviewer TEXT NOT NULL DEFAULT '',
    updated REAL NOT NULL,
    superseded INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS edits_document ON edits (document);
CREATE INDEX IF NOT EXISTS edits_source ON edits (source_key, status);
"""
EDIT_COLUMNS = ("uid, document, segment_id, source, target, status, updated, reviewer, prev_key, next_key, "
                "source_key, superseded")


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
    segment_id: str      # where it was last seen: display only
    source: str
    target: str
    status: str
    updated: float
    reviewer: str = ""
    uid: Optional[int] = None
    prev_key: Optional[str] = None   # neighbours' normalised text; None: unknown (migrated)
    next_key: Optional[str] = None
    source_key: str = ""
    superseded: bool = False

    def __post_init__(self) -> None:
        if not self.source_key:
            from .review.identity import source_key
            self.source_key = source_key(self.source)


def _edit(row) -> Edit:
    uid, document, segment_id, source, target, status, updated, reviewer, prev, nxt, key, sup = row
    return Edit(document, segment_id, source, target, status, updated, reviewer, uid, prev, nxt, key, bool(sup))


def _history_edit(row) -> Edit:
    """An edit_history row (document … reviewer, edit_uid) as an Edit."""
    document, segment_id, source, target, status, updated, reviewer, uid = row
    return Edit(document, segment_id, source, target, status, updated, reviewer, uid=uid)


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
            self._migrate_edits()
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

    def machine_for(self, source: str) -> Optional[Stored]:
        """The latest machine translation of ``source`` (any engine): what a revert goes back to."""
        row = self.db.execute("SELECT target, data FROM translations WHERE source = ? ORDER BY created DESC LIMIT 1",
                              (source,)).fetchone()
        return Stored(row[0], json.loads(row[1])) if row else None

    # -- reviewers' edits -----------------------------------------------------
    def _migrate_edits(self) -> None:
        """Create ``edits``; migrate a position-keyed table (no ``uid``) without losing a row.

        Migrated edits keep their source, target, status and date; their
        neighbours are unknown (NULL) until the next run or save anchors them.
        """
        columns = [r[1] for r in self.db.execute("PRAGMA table_info(edits)")]
        history = [r[1] for r in self.db.execute("PRAGMA table_info(edit_history)")]
        if columns and "uid" in columns and "edit_uid" in history:
            return
        from .review.identity import source_key
        with self._transaction():
            if columns and "uid" not in columns:
                self.db.execute("ALTER TABLE edits RENAME TO edits_by_position")
            for statement in EDITS.split(";"):  # executescript would COMMIT mid-transaction
                if statement.strip():
                    self.db.execute(statement)
            if "edit_uid" not in history:
                self.db.execute("ALTER TABLE edit_history ADD COLUMN edit_uid INTEGER")
                self.db.execute("ALTER TABLE edit_history ADD COLUMN reviewer TEXT NOT NULL DEFAULT ''")
            if columns and "uid" not in columns:
                old = self.db.execute("SELECT document, segment_id, source, target, status, updated "
                                      "FROM edits_by_position ORDER BY updated").fetchall()
                for document, segment_id, source, target, status, updated in old:
                    uid = self.db.execute(
                        "INSERT INTO edits (document, segment_id, source, source_key, target, status, updated)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (document, segment_id, source, source_key(source), target, status, updated)).lastrowid
                    self.db.execute("UPDATE edit_history SET edit_uid = ? WHERE document = ? AND segment_id = ?"
                                    " AND source = ? AND edit_uid IS NULL", (uid, document, segment_id, source))
                self.db.execute("DROP TABLE edits_by_position")

    def _select_edits(self, where: str, args: tuple) -> list[Edit]:
        return [_edit(r) for r in self.db.execute(f"SELECT {EDIT_COLUMNS} FROM edits WHERE {where} ORDER BY uid", args)]

    def edits_of(self, document: str) -> list[Edit]:
        """The document's current edits (superseded ones excluded), to be placed by content."""
        return self._select_edits("document = ? AND superseded = 0", (document,))

    def edits_for(self, document: str) -> dict[str, Edit]:
        """The document's current edits by the id each was last seen at (display only)."""
        return {e.segment_id: e for e in self.edits_of(document)}

    def all_edits(self, include_superseded: bool = False) -> list[Edit]:
        return self._select_edits("1" if include_superseded else "superseded = 0", ())

    def get_edit(self, uid: int) -> Optional[Edit]:
        found = self._select_edits("uid = ?", (uid,))
        return found[0] if found else None

    def supersede(self, uid: int, reviewer: str = "") -> None:
        """Retire an edit (revert to the machine output); its history stays."""
        with self._transaction():
            self.db.execute("UPDATE edits SET superseded = 1 WHERE uid = ?", (uid,))
            self.db.execute(
                "INSERT INTO edit_history (document, segment_id, source, target, status, updated, edit_uid, reviewer)"
                " SELECT document, segment_id, source, target, 'reverted', ?, uid, ? FROM edits WHERE uid = ?",
                (time.time(), reviewer, uid))

    def approved_for(self, keys: Iterable[str]) -> dict[str, Edit]:
        """The latest approved edit for each source key (any document): what reuse applies."""
        found: dict[str, Edit] = {}
        keys = list(dict.fromkeys(keys))
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            marks = ",".join("?" * len(chunk))
            approved = f"status = 'approved' AND superseded = 0 AND source_key IN ({marks})"
            for e in self._select_edits(approved, tuple(chunk)):
                if e.source_key not in found or e.updated >= found[e.source_key].updated:
                    found[e.source_key] = e
        return found

    def save_edits(self, edits: Iterable[Edit]) -> list[Edit]:
        """Save several edits in one transaction: all are applied or none.

        An edit with a ``uid`` updates that edit (it may have moved or its
        source been revised); one without updates the document's current edit
        of the same sentence seen at the same id, or is added.
        """
        edits = list(edits)
        with self._transaction():
            for e in edits:
                if e.uid is None:
                    row = self.db.execute(
                        "SELECT uid FROM edits WHERE document = ? AND segment_id = ? AND source_key = ?"
                        " AND superseded = 0 ORDER BY uid DESC LIMIT 1",
                        (e.document, e.segment_id, e.source_key)).fetchone()
                    e.uid = row[0] if row else None
                values = (e.document, e.segment_id, e.source, e.source_key, e.prev_key, e.next_key,
                          e.target, e.status, e.reviewer, e.updated)
                if e.uid is None:
                    e.uid = self.db.execute(
                        "INSERT INTO edits (document, segment_id, source, source_key, prev_key, next_key,"
                        " target, status, reviewer, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        values).lastrowid
                else:
                    self.db.execute(
                        "UPDATE edits SET document = ?, segment_id = ?, source = ?, source_key = ?, prev_key = ?,"
                        " next_key = ?, target = ?, status = ?, reviewer = ?, updated = ?, superseded = 0"
                        " WHERE uid = ?", values + (e.uid,))
                self.db.execute(
                    "INSERT INTO edit_history (document, segment_id, source, target, status, updated, edit_uid,"
                    " reviewer) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (e.document, e.segment_id, e.source, e.target, e.status, e.updated, e.uid, e.reviewer),
                )
        return edits

    def save_edit(
        self, document: str, segment_id: str, source: str, target: str, status: str = "edited",
        reviewer: str = "",
    ) -> Edit:
        edit = Edit(document, segment_id, source, target, status, time.time(), reviewer)
        self.save_edits([edit])
        return edit

    def reanchor(self, moves: Iterable[tuple[int, str, str, str]]) -> None:
        """(uid, segment id, prev key, next key): where placed edits are now. Not an edit: no history."""
        moves = list(moves)
        if moves:
            with self._transaction():
                self.db.executemany("UPDATE edits SET segment_id = ?, prev_key = ?, next_key = ? WHERE uid = ?",
                                    [(sid, prev, nxt, uid) for uid, sid, prev, nxt in moves])

    def edit_stamp(self, document: str) -> str:
        """Changes whenever an edit to ``document`` is saved, or any approval anywhere
        (approved sentences are reused across the corpus): part of its fingerprint."""
        count, last = self.db.execute(
            "SELECT COUNT(*), MAX(id) FROM edit_history WHERE document = ?", (document,)).fetchone()
        approved, latest = self.db.execute(
            "SELECT COUNT(*), MAX(updated) FROM edits WHERE status = 'approved' AND superseded = 0").fetchone()
        return f"{count}:{last}:{approved}:{latest}"

    def edit_history(self, document: str, segment_id: Optional[str] = None) -> list[Edit]:
        sql = ("SELECT document, segment_id, source, target, status, updated, reviewer, edit_uid"
               " FROM edit_history WHERE document = ?")
        args: tuple = (document,)
        if segment_id is not None:
            sql += " AND segment_id = ?"
            args += (segment_id,)
        return [_history_edit(row) for row in self.db.execute(sql + " ORDER BY id", args)]

    def history_of(self, uid: int) -> list[Edit]:
        """Every version of one edit, oldest first (it may have moved or had its source revised)."""
        rows = self.db.execute("SELECT document, segment_id, source, target, status, updated, reviewer, edit_uid"
                               " FROM edit_history WHERE edit_uid = ? ORDER BY id", (uid,))
        return [_history_edit(row) for row in rows]

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
