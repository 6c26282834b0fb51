"""A translation run: documents in, aligned bilingual documents out.

Documents are streamed in windows of a few thousand sentences, so memory stays
flat however large the corpus, while each window still goes to the engine as
one length-sorted batch (what makes CTranslate2 fast). Within a window:

* a segment a reviewer edited or approved keeps the reviewer's text, unless its
  source sentence changed: then it is re-translated and the old edit is kept
  beside it as ``stale_edit`` for the reviewer;
* text already in English (web boilerplate) is passed through untouched;
* everything else is looked up in the translation memory, and only the misses
  are translated, in batches that are committed as they finish, so Ctrl-C
  loses at most one batch and the next run resumes.

A document's files are written (atomically) once all its segments are done.
"""
from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

from .chunking import split_long
from . import __version__
from .document import Document, Sentence, decode_text, parse_document, read_bytes
from .engines.base import Engine, Translation
from .errors import DocumentError
from .language import looks_english
from .memory import Edit, Memory, Stored, memory_key
from .output import FORMAT_VERSION, write_document
from .qa import check_segment
from .review.apply import locked
from .terms import NoGlossary, TermPolicy

WINDOW_SENTENCES = 2000
COMMIT_EVERY = 256


@dataclass
class RunSummary:
    documents: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    sentences: int = 0
    translated: int = 0
    reused: int = 0
    kept_edits: int = 0
    stale_edits: int = 0
    passthrough: int = 0
    terms_missing: int = 0
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.sentences / self.seconds if self.seconds > 0 else 0.0

    def line(self) -> str:
        parts = [
            f"{self.documents} document{'s' if self.documents != 1 else ''}",
            f"{self.sentences} sentences",
            f"{self.translated} translated",
            f"{self.reused} reused from memory",
        ]
        if self.kept_edits:
            parts.append(f"{self.kept_edits} reviewer edits kept")
        if self.stale_edits:
            parts.append(f"{self.stale_edits} stale edits to review")
        if self.passthrough:
            parts.append(f"{self.passthrough} already English")
        parts.append(f"{self.terms_missing} glossary terms missing")
        if self.failed:
            parts.append(f"{len(self.failed)} failed")
        parts.append(f"{self.seconds:.1f} s ({self.rate:.1f} sentences/s)")
        return ", ".join(parts)


class Progress:
    """What the run reports as it goes; the CLI plugs a progress bar in here."""

    def documents_total(self, n: int) -> None: ...
    def sentences_added(self, n: int) -> None: ...
    def sentences_done(self, n: int) -> None: ...
    def document_done(self, name: str) -> None: ...


@dataclass
class _Pending:
    doc: int
    sentence: Sentence
    key: str
    stale: Optional[Edit] = None


def _windows(docs: Iterator[Document], size: int) -> Iterator[list[Document]]:
    window: list[Document] = []
    count = 0
    for doc in docs:
        window.append(doc)
        count += len(doc)
        if count >= size:
            yield window
            window, count = [], 0
    if window:
        yield window


def _segment(sentence, run_engine: Engine, **fields) -> dict:
    seg = {"id": sentence.id, "paragraph": sentence.paragraph, "source": sentence.text}
    seg.update({"target": "", "status": "machine", "engine": run_engine.name,
                "model": run_engine.version, "terms": []})
    seg.update(fields)
    return seg


class Run:
    def __init__(self, engine: Engine, memory: Memory, out_dir: Path,
                 policy: Optional[TermPolicy] = None, force: bool = False,
                 progress: Optional[Progress] = None, window: int = WINDOW_SENTENCES,
                 commit_every: int = COMMIT_EVERY, max_chars: int = 600):
        self.engine = engine
        self.memory = memory
        self.out_dir = Path(out_dir)
        self.policy = policy or NoGlossary()
        if hasattr(self.policy, "bind"):  # the glossary enforces differently per engine
            self.policy.bind(engine)
        self.force = force
        self.progress = progress or Progress()
        self.window = window
        self.commit_every = commit_every
        self.max_chars = max_chars
        self.summary = RunSummary()

    def run(self, paths: list[Path]) -> RunSummary:
        start = time.perf_counter()
        self.progress.documents_total(len(paths))
        try:
            for window in _windows(self._documents(paths), self.window):
                self._run_window(window)
        finally:
            self.summary.seconds = time.perf_counter() - start
        return self.summary

    def _fingerprint(self, data: bytes, name: str) -> str:
        """Everything a document's output depends on; equal means nothing to redo."""
        digest = hashlib.sha256(data)
        for part in (self.engine.name, self.engine.version, self.policy.version,
                     str(FORMAT_VERSION), __version__, self.memory.edit_stamp(name)):
            digest.update(b"\x1f" + part.encode("utf-8"))
        return digest.hexdigest()

    def _up_to_date(self, name: str, fingerprint: str) -> bool:
        """True (and counted) when out/<name>.json was made from exactly these inputs."""
        try:
            data = json.loads((self.out_dir / f"{name}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        if data.get("fingerprint") != fingerprint or not (self.out_dir / f"{name}.md").exists():
            return False
        segments = data.get("segments", [])
        self.summary.documents += 1
        self.summary.sentences += len(segments)
        self.summary.reused += sum(s.get("status") == "machine" for s in segments)
        self.summary.kept_edits += sum(s.get("status") in ("edited", "approved") for s in segments)
        self.summary.passthrough += sum(s.get("status") == "passthrough" for s in segments)
        self.summary.stale_edits += sum("stale_edit" in s for s in segments)
        self.summary.terms_missing += sum(t.get("status") == "missing" for s in segments for t in s.get("terms", []))
        return True

    def _documents(self, paths: Iterable[Path]) -> Iterator[Document]:
        for path in paths:
            try:
                data = read_bytes(path)
                fingerprint = self._fingerprint(data, path.stem)
                if not self.force and self._up_to_date(path.stem, fingerprint):
                    self.progress.document_done(path.stem)
                    continue
                doc = parse_document(decode_text(data, str(path)), path.stem, str(path))
            except DocumentError as err:
                self.summary.failed.append((str(path), str(err)))
                continue
            doc.fingerprint = fingerprint
            if not doc.paragraphs:
                self.summary.warnings.append(f"{path}: empty document (no text); wrote an empty translation")
            yield doc

    # -- one window of documents ---------------------------------------------
    def _run_window(self, docs: list[Document]) -> None:
        segments: list[dict[str, dict]] = [{} for _ in docs]
        pending: list[_Pending] = []
        for d, doc in enumerate(docs):
            edits = self.memory.edits_for(doc.name)
            for sentence in doc.sentences():
                edit = edits.get(sentence.id)
                if edit and edit.source == sentence.text:
                    segments[d][sentence.id] = _segment(
                        sentence, self.engine, target=edit.target, status=edit.status,
                        engine="human", model="")
                    self.summary.kept_edits += 1
                elif looks_english(sentence.text):
                    segments[d][sentence.id] = _segment(
                        sentence, self.engine, target=sentence.text, status="passthrough",
                        engine="passthrough", model="")
                    self.summary.passthrough += 1
                else:
                    fingerprint = self.policy.fingerprint(sentence.text)
                    key = memory_key(sentence.text, self.engine.name, self.engine.version, fingerprint)
                    pending.append(_Pending(d, sentence, key, edit))

        stored = {} if self.force else self.memory.get_many(p.key for p in pending)
        misses = {p.key: p.sentence.text for p in pending if p.key not in stored}
        self.summary.reused += sum(1 for p in pending if p.key in stored)
        self.summary.translated += sum(1 for p in pending if p.key not in stored)
        self.progress.sentences_added(len(misses))
        stored.update(self._translate(misses))

        for p in pending:
            hit = stored[p.key]
            seg = _segment(p.sentence, self.engine, target=hit.target, terms=hit.data.get("terms", []))
            if p.stale:
                seg["stale_edit"] = {"source": p.stale.source, "target": p.stale.target,
                                     "status": p.stale.status}
                self.summary.stale_edits += 1
            segments[p.doc][p.sentence.id] = seg

        for d, doc in enumerate(docs):
            ordered = [segments[d][s.id] for s in doc.sentences()]
            # Under the review lock, so an edit saved while this window was being
            # translated is in the file we write, not lost until the next run.
            with locked(self.out_dir):
                for edit in self.memory.edits_for(doc.name).values():
                    seg = segments[d].get(edit.segment_id)
                    if seg and seg["source"] == edit.source and (
                            seg["status"], seg["target"]) != (edit.status, edit.target):
                        seg.update(target=edit.target, status=edit.status, engine="human", model="")
                        seg.pop("stale_edit", None)
                for seg in ordered:
                    seg["flags"] = check_segment(seg)
                    self.summary.terms_missing += sum(t.get("status") == "missing" for t in seg["terms"])
                write_document(self.out_dir, doc, ordered, engine=self.engine, glossary=self.policy.version)
            self.summary.documents += 1
            self.summary.sentences += len(ordered)
            self.progress.document_done(doc.name)

    # -- the engine -------------------------------------------------------------
    def _translate(self, misses: dict[str, str]) -> dict:
        """Translate unique sources, longest first, committing every batch."""
        done: dict[str, Stored] = {}
        order = sorted(misses, key=lambda k: len(misses[k]), reverse=True)
        for i in range(0, len(order), self.commit_every):
            keys = order[i:i + self.commit_every]
            prepared = [self.policy.prepare(misses[k]) for k in keys]
            translations = self._engine_with_chunks([p.engine_input for p in prepared])
            rows = []
            for key, prep, translation in zip(keys, prepared, translations):
                target, terms = self.policy.finish(prep, translation)
                data = {"terms": terms, "raw": translation.text}
                done[key] = Stored(target, data)
                rows.append((key, misses[key], self.engine.name, self.engine.version,
                             self.policy.fingerprint(misses[key]), target, data))
            self.memory.put_many(rows)
        return done

    def _engine_with_chunks(self, inputs: list[str]) -> list[Translation]:
        """Send over-long inputs in pieces; give back one Translation per input."""
        pieces: list[str] = []
        owners: list[int] = []
        for n, text in enumerate(inputs):
            for piece in split_long(text, self.max_chars):
                pieces.append(piece)
                owners.append(n)
        outputs = self.engine.translate(pieces, progress=self.progress.sentences_done)
        if len(outputs) != len(pieces):
            raise RuntimeError(f"engine {self.engine.name} returned {len(outputs)} outputs for {len(pieces)} inputs")
        grouped: list[list[Translation]] = [[] for _ in inputs]
        for owner, out in zip(owners, outputs):
            grouped[owner].append(out)
        return [group[0] if len(group) == 1 else Translation(" ".join(t.text.strip() for t in group))
                for group in grouped]


def corpus_paths(args: list[Path]) -> list[Path]:
    """Expand files and directories (their *.txt) into a sorted, de-duplicated list."""
    paths: list[Path] = []
    for arg in args:
        if arg.is_dir():
            paths.extend(sorted(arg.glob("*.txt")))
        else:
            paths.append(arg)
    seen: set[Path] = set()
    unique = []
    for p in paths:
        r = p.resolve()
        if r not in seen:
            seen.add(r)
            unique.append(p)
    return unique
