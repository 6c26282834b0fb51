"""A translation run: documents in, aligned bilingual documents out.

Documents are streamed in windows of about a thousand sentences, so memory stays
flat however large the corpus, while each window's sentences still go to the
engine sorted by length (what makes CTranslate2 fast), or in document order for
an engine that translates them one at a time (Apertium). Within a window:

* a segment a reviewer edited or approved keeps the reviewer's text: edits are
  placed by content (``review.identity``), so they follow their sentence when
  the article is revised; a sentence whose own text changed is re-translated
  and the old edit kept beside it as ``stale_edit`` for the reviewer;
* a sentence identical to one a reviewer approved anywhere takes that
  translation (status ``propagated``);
* text already in English (web boilerplate) is passed through untouched;
* everything else is looked up in the translation memory, and only the misses
  are translated, in batches that are committed as they finish, so Ctrl-C
  loses at most one batch and the next run resumes.

Windows are made of *parts*: a long article is cut between paragraphs into
parts of at most a window, so it flows through like several small ones and its
JSON/Markdown are appended to as each part finishes (temporary files renamed
into place when the last part is done: still atomic). Memory does not grow with
the size of one article. The engine translates one batch while the run
prepares and stores the previous one, and a second run on the same out/ waits
for the first (one lock per out/), then finds its work done.
"""
from __future__ import annotations

import hashlib
import threading
import time
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator, Optional

from . import __version__
from .atomic import interrupts_deferred
from .chunking import MAX_CHARS, split_long
from .document import Document, Sentence, decode_text, iter_paragraphs, read_bytes, split_metadata
from .engines.base import Engine, Translation, warm_up
from .english.version import FINISH_VERSION
from .errors import DocumentError
from .language import looks_english
from .memory import Memory, Stored, memory_key
from .model import FORMAT_VERSION, AlignedDocument, Segment, Status, TermReport
from .output import DocumentWriter, read_stamp
from .store import locked, run_lock
from .terms import NoGlossary, TermPolicy

if TYPE_CHECKING:
    from .qa import SegmentChecks
    from .review.identity import Placement

# English finishing, QA and edit placing are imported where first used: their
# regular expressions take longer to compile than a no-op re-run takes to run.

# Two windows are in memory at once (one read, one finishing): 1,000 keeps a long
# article's peak as low as one 2,000-sentence window did, at the same speed.
WINDOW_SENTENCES = 1000
COMMIT_EVERY = 256
BATCHES_AHEAD = 3  # submitted to the engine and not yet finished: see Run._pump
LAST_BATCH = 32  # the run's last batch is halved down to this: see Run._cut_last_batch


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
class _Source:
    """A document being streamed: its sentences (light objects: placing the
    reviewers' edits by content needs them all), its output written part by part."""

    doc: Document  # name, source file, metadata, fingerprint; paragraphs stay empty
    sentences: list[Sentence]
    count: int = 0  # paragraphs
    writer: Optional[DocumentWriter] = None
    placed: Optional[dict] = None
    edit_stamp: str = ""  # the memory's edit stamp when its first part was written
    parts: int = 0  # parts written so far


@dataclass
class _Part:
    """Consecutive paragraphs of one document (all of a short one)."""

    source: _Source
    sentences: list[Sentence]
    last: bool


@dataclass
class _Pending:
    part: int
    sentence: Sentence
    key: str
    fingerprint: str  # the glossary's, computed once per sentence
    stale: Optional[Placement] = None


@dataclass
class _Batch:
    """One engine call: the keys it translates, their prepared sentences, the
    glossary lookups that travel with them, and the engine's future answer."""

    keys: list[str]
    prepared: list
    lookups: list[str]
    future: Optional[Future]  # None once finished: its answers (argos: attention too) are let go


@dataclass
class _Window:
    """A window between being started (its misses sent to the engine) and
    finished (answers finished, stored and written part by part)."""

    parts: list[_Part]
    segments: list[dict[str, Segment]]
    pending: list[list[_Pending]]  # per part
    reuse: dict
    stored: dict[str, Stored]  # memory hits, then this window's translations as they come
    misses: dict[str, str]
    fingerprints: dict[str, str]
    borrowed: dict[str, "_Window"]  # keys the window before this one is translating
    waiting: list[int]  # per part: sentences whose translation has not come yet
    owners: dict[str, list[int]]  # key → the parts waiting for it (once per sentence)
    batches: list[_Batch] = field(default_factory=list)  # submitted so far
    batch_count: int = 0
    lent: set[str] = field(default_factory=set)  # keys the next window borrowed from this one


def _parts(sources: Iterator[_Source], size: int) -> Iterator[_Part]:
    """Cut documents between paragraphs into parts of about ``size`` sentences."""
    for source in sources:
        start = 0
        everything = source.sentences
        for n in range(1, len(everything)):
            if n - start >= size and everything[n].paragraph != everything[n - 1].paragraph:
                yield _Part(source, everything[start:n], last=False)
                start = n
        yield _Part(source, everything[start:], last=True)


def _windows(parts: Iterator[_Part], size: int, first: Optional[int] = None) -> Iterator[list[_Part]]:
    """Windows of about ``size`` sentences; the first one closes at ``first``, so
    the engine starts after a few documents are read, not a whole window's."""
    window: list[_Part] = []
    count = 0
    limit = first or size
    for part in parts:
        window.append(part)
        count += len(part.sentences)
        if count >= limit:
            yield window
            window, count, limit = [], 0, size
    if window:
        yield window


def _segment(sentence: Sentence, run_engine: Engine) -> Segment:
    """A machine segment of ``sentence``, English still to be set."""
    return Segment(id=sentence.id, paragraph=sentence.paragraph, source=sentence.text,
                   engine=run_engine.name, model=run_engine.version)


class Run:
    def __init__(self, engine: Engine, memory: Memory, out_dir: Path,
                 policy: Optional[TermPolicy] = None, force: bool = False,
                 progress: Optional[Progress] = None, window: int = WINDOW_SENTENCES,
                 commit_every: int = COMMIT_EVERY, max_chars: int = MAX_CHARS):
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
        self._segment_checks: Optional[SegmentChecks] = None
        self._progress_lock = threading.Lock()

    def run(self, paths: list[Path]) -> RunSummary:
        """Windows overlap: window k+1 is read and its misses queued for the engine
        before window k is finished and written, so the engine never waits for the
        run's own reading, finishing or writing (measured: those left the engine
        idle for a tenth of a run)."""
        start = time.perf_counter()
        self.progress.documents_total(len(paths))
        self._open: list[_Source] = []
        self._inflight: dict[str, _Window] = {}
        self._queued: list[Future] = []  # submitted, not yet finished
        self._to_submit: deque[tuple[_Window, list[str]]] = deque()
        started: list[_Window] = []
        try:
            # Two calls in flight when the engine takes them (Apertium: the pipe does
            # not run dry between calls), else one at a time.
            calls = 2 if getattr(self.engine, "overlapping_calls", False) else 1
            with run_lock(self.out_dir), ThreadPoolExecutor(calls, thread_name_prefix="engine") as pool:
                self._pool = pool
                try:
                    windows = iter(_windows(_parts(self._documents(paths), self.window), self.window,
                                            first=min(self.window, self.commit_every)))
                    window = next(windows, None)
                    while window is not None:
                        started.append(self._start_window(window))
                        # The next window is read now, while the engine works: when
                        # there is none, this window's last batch is the run's.
                        window = next(windows, None)
                        if window is None:
                            self._cut_last_batch()
                        elif len(started) == 2:
                            self._finish_window(started.pop(0))
                    while started:
                        self._finish_window(started.pop(0))
                except BaseException:
                    for future in self._queued:  # engine calls not started: not worth waiting for
                        future.cancel()
                    raise
        finally:
            with interrupts_deferred():  # a second Ctrl-C does not stop the clean-up half way
                for source in self._open:  # interrupted: leave no temporary file behind
                    if source.writer is not None:  # always set: a source is open once it has a writer
                        source.writer.abort()
            self.summary.seconds = time.perf_counter() - start
        return self.summary

    def _fingerprint(self, data: bytes, name: str) -> str:
        """Everything a document's output depends on; equal means nothing to redo."""
        digest = hashlib.sha256(data)
        for part in (self.engine.name, self.engine.version, FINISH_VERSION, self.policy.version,
                     str(FORMAT_VERSION), __version__, self.memory.edit_stamp(name)):
            digest.update(b"\x1f" + part.encode("utf-8"))
        return digest.hexdigest()

    def _up_to_date(self, name: str, fingerprint: str) -> bool:
        """True (and counted) when out/<name>.json and .md were both made from
        exactly these inputs. Reads a few kilobytes, never the whole document."""
        stamp = read_stamp(self.out_dir, name)
        if stamp is None or stamp[0] != fingerprint:
            return False
        counts = stamp[1]
        self.summary.documents += 1
        self.summary.sentences += counts["sentences"]
        self.summary.reused += counts[Status.MACHINE] + counts[Status.PROPAGATED]
        self.summary.kept_edits += counts[Status.EDITED] + counts[Status.APPROVED]
        self.summary.passthrough += counts[Status.PASSTHROUGH]
        self.summary.stale_edits += counts["stale_edits"]
        self.summary.terms_missing += counts["terms_missing"]
        return True

    def _documents(self, paths: Iterable[Path]) -> Iterator[_Source]:
        warm = False
        for path in paths:
            try:
                data = read_bytes(path)
                fingerprint = self._fingerprint(data, path.stem)
                if not self.force and self._up_to_date(path.stem, fingerprint):
                    self.progress.document_done(path.stem)
                    continue
                if not warm:  # work ahead: the engine loads while the documents are read
                    warm_up(self.engine)
                    warm = True
                metadata, text = split_metadata(decode_text(data, str(path)))
            except DocumentError as err:
                self.summary.failed.append((str(path), str(err)))
                continue
            del data
            doc = Document(name=path.stem, source_file=str(path), metadata=metadata, fingerprint=fingerprint)
            if not text.strip():
                self.summary.warnings.append(f"{path}: empty document (no text); wrote an empty translation")
            sentences: list[Sentence] = []
            count = 0
            for paragraph in iter_paragraphs(text):
                count += 1
                sentences.extend(paragraph.sentences)
            del text
            yield _Source(doc, sentences, count)

    # -- one window of documents ---------------------------------------------
    def _placed(self, source: _Source) -> dict:
        """The document's edits placed by content, once per document (over all
        its sentences: anchors need their neighbours, even across parts)."""
        if source.placed is None:
            from .review.placing import place_document
            source.placed = place_document(
                self.memory, source.doc.name, [(s.id, s.text) for s in source.sentences],
            ) if self.memory.edits_of(source.doc.name) else {}
        return source.placed

    @property
    def _checks(self) -> SegmentChecks:
        if self._segment_checks is None:
            from .qa import SegmentChecks
            self._segment_checks = SegmentChecks()
        return self._segment_checks

    def _start_window(self, parts: list[_Part]) -> _Window:
        """Sort the window's sentences (kept edit, English, memory, to translate)
        and queue its misses for the engine."""
        from .review.placing import approved_reuse, take_edit

        segments: list[dict[str, Segment]] = [{} for _ in parts]
        pending: list[list[_Pending]] = [[] for _ in parts]
        for d, part in enumerate(parts):
            placed = self._placed(part.source)
            for sentence in part.sentences:
                placement = placed.get(sentence.id)
                if placement and placement.exact:
                    segments[d][sentence.id] = take_edit(_segment(sentence, self.engine), placement.edit, self.policy)
                    self.summary.kept_edits += 1
                elif looks_english(sentence.text):
                    seg = _segment(sentence, self.engine)
                    seg.target, seg.status, seg.engine, seg.model = sentence.text, Status.PASSTHROUGH, "passthrough", ""
                    segments[d][sentence.id] = seg
                    self.summary.passthrough += 1
                else:
                    fingerprint = self.policy.fingerprint(sentence.text)
                    key = memory_key(sentence.text, self.engine.name, f"{self.engine.version}+finish={FINISH_VERSION}",
                                     fingerprint)
                    pending[d].append(_Pending(d, sentence, key, fingerprint, placement))

        every = [p for ps in pending for p in ps]
        reuse = approved_reuse(self.memory, (p.sentence.text for p in every))
        # A sentence the previous window is still translating is taken from it
        # when it is done (the memory does not have it yet).
        borrowed = {p.key: self._inflight[p.key] for p in every
                    if p.key in self._inflight and p.sentence.text not in reuse}
        for key, earlier in borrowed.items():
            earlier.lent.add(key)
        stored = {} if self.force else self.memory.get_many(
            p.key for p in every if p.sentence.text not in reuse and p.key not in borrowed)
        misses = {p.key: p.sentence.text for p in every
                  if p.key not in stored and p.key not in borrowed and p.sentence.text not in reuse}
        waiting = [0] * len(parts)
        owners: dict[str, list[int]] = {}
        for p in every:
            if p.key in misses or p.key in borrowed:
                waiting[p.part] += 1
                owners.setdefault(p.key, []).append(p.part)
        window = _Window(parts, segments, pending, reuse, stored, misses,
                         {p.key: p.fingerprint for p in every if p.key in misses}, borrowed, waiting, owners)
        self.summary.reused += sum(1 for p in every
                                   if p.key in stored or p.key in borrowed or p.sentence.text in reuse)
        self.summary.translated += sum(1 for p in every if p.key in misses)
        self.progress.sentences_added(len(misses))
        for key in misses:
            self._inflight[key] = window
        for keys in self._batch_keys(misses):
            self._to_submit.append((window, keys))
            window.batch_count += 1
        self._pump()
        return window

    def _finish_window(self, window: _Window) -> None:
        """Finish the window's translations as the engine hands them over, and
        write each part as soon as all its sentences are there (in order)."""
        written = 0

        def arrived(keys: Iterable[str]) -> None:
            nonlocal written
            for key in keys:
                for d in window.owners.get(key, ()):
                    window.waiting[d] -= 1
            while written < len(window.parts) and window.waiting[written] == 0:
                self._write_window_part(window, written)
                written += 1

        for key, earlier in window.borrowed.items():  # the earlier window is finished
            window.stored[key] = earlier.stored[key]
        arrived(window.borrowed)
        window.borrowed = {}  # (else every window would keep the one before it alive)
        for n in range(window.batch_count):
            while len(window.batches) <= n:  # (its turn in the queue has come)
                assert self._to_submit, "a window's batch was never queued"
                self._pump(force=True)
            batch = window.batches[n]
            self._finish_batch(window, batch)
            self._pump()
            arrived(batch.keys)
        for key in window.misses:
            if self._inflight.get(key) is window:
                del self._inflight[key]
        # Written: only what the next window borrowed is still needed.
        window.stored = {key: window.stored[key] for key in window.lent}
        window.parts, window.pending, window.batches, window.misses = [], [], [], {}
        window.segments, window.reuse, window.owners, window.fingerprints = [], {}, {}, {}
        self._checks.clear()

    def _write_window_part(self, window: _Window, d: int) -> None:
        from .review.placing import place_document, take_edit, take_reuse

        part = window.parts[d]
        segments = window.segments[d]
        for p in window.pending[d]:
            if p.sentence.text in window.reuse:
                seg = take_reuse(_segment(p.sentence, self.engine), window.reuse[p.sentence.text], self.policy)
            else:
                hit = window.stored[p.key]
                seg = _segment(p.sentence, self.engine)
                seg.target = hit.target
                seg.terms = [TermReport.from_dict(t) for t in hit.data.get("terms", []) if isinstance(t, dict)]
            if p.stale:
                seg.stale_edit = p.stale.stale_view()
                self.summary.stale_edits += 1
            segments[p.sentence.id] = seg

        doc = part.source.doc
        ordered = [segments[s.id] for s in part.sentences]
        # Under the review lock, so an edit saved while this window was being
        # translated is in the file we write, not lost until the next run.
        with locked(self.out_dir):
            # (Placing needs the whole document; skipped when it has no edit at all.)
            fresh = place_document(self.memory, doc.name, [(s.id, s.text) for s in part.source.sentences],
                                   reanchor=False) if self.memory.edits_of(doc.name) else {}
            for sid, placement in fresh.items():
                if sid not in segments:
                    continue  # in another part of this document
                seg, edit = segments[sid], placement.edit
                if placement.exact and (seg.status, seg.target) != (edit.status, edit.target):
                    take_edit(seg, edit, self.policy)
                    seg.stale_edit = None
            for seg in ordered:
                seg.flags = self._checks.check(seg)
                self.summary.terms_missing += seg.terms_missing
            self._write_part(part, ordered)
        window.segments[d] = {}  # written: let them go
        self.summary.sentences += len(ordered)
        if part.last:
            self.summary.documents += 1
            self.progress.document_done(doc.name)

    def _write_part(self, part: _Part, ordered: list[Segment]) -> None:
        source = part.source
        if source.writer is None:
            doc = source.doc
            header = AlignedDocument(document=doc.name, source_file=doc.source_file, metadata=doc.metadata,
                                     engine={"name": self.engine.name, "model": self.engine.version},
                                     glossary=self.policy.version, fingerprint=doc.fingerprint).header()
            with interrupts_deferred():  # opened and registered for abort() as one step
                source.writer = DocumentWriter(self.out_dir, header)
                self._open.append(source)
            source.edit_stamp = self.memory.edit_stamp(source.doc.name)
        assert source.writer is not None
        source.writer.add(ordered)
        source.parts += 1
        if part.last:
            source.writer.commit(source.count)  # (an interrupted commit removes its own files)
            self._open.remove(source)
            if source.parts > 1 and self.memory.edit_stamp(source.doc.name) != source.edit_stamp:
                self._edits_since_first_part(source)

    def _edits_since_first_part(self, source: _Source) -> None:
        """A reviewer saved an edit while this document's later parts were being
        translated: the review app wrote it into the previous out/<doc>.json, which
        the commit has just replaced, and the parts already written lack it. Put
        every placed edit back (under the review lock, still held)."""
        from .review.placing import place_document, take_edit
        from .store import load_document, save_document

        doc = load_document(self.out_dir, source.doc.name)
        placed = place_document(self.memory, doc.document, [(s.id, s.source) for s in doc.segments],
                                reanchor=False)
        changed = False
        for seg in doc.segments:
            placement = placed.get(seg.id)
            if placement and placement.exact and (seg.status, seg.target) != (placement.edit.status,
                                                                               placement.edit.target):
                take_edit(seg, placement.edit, self.policy)
                seg.stale_edit = None
                seg.flags = self._checks.check(seg)
                changed = True
        if changed:
            save_document(self.out_dir, doc)

    # -- the engine -------------------------------------------------------------
    def _batch_keys(self, misses: dict[str, str]) -> list[list[str]]:
        """The misses in batches of ``commit_every``, each committed to the memory
        when finished (Ctrl-C loses at most one).

        An engine that batches by length (argos: padding) gets the longest
        first; others (apertium: one sentence at a time) get document order,
        so documents are complete, and written, while the engine goes on."""
        order = list(misses)
        if getattr(self.engine, "sorts_by_length", True):
            order.sort(key=lambda k: len(misses[k]), reverse=True)
        return [order[i:i + self.commit_every] for i in range(0, len(order), self.commit_every)]

    def _cut_last_batch(self) -> None:
        """The run's last batch is finished after the engine's last answer, with
        nothing to overlap it: when it is still to be sent, it goes in halves
        (256 → 128, 64, 32, 32), so little is left to do at the end (a smaller
        batch costs the engine a few ms: its pipe runs dry once more)."""
        if not self._to_submit:
            return
        window, keys = self._to_submit.pop()
        pieces = []
        while len(keys) > LAST_BATCH:
            half = len(keys) // 2
            pieces.append(keys[:half])
            keys = keys[half:]
        pieces.append(keys)
        self._to_submit.extend((window, piece) for piece in pieces)
        window.batch_count += len(pieces) - 1

    def _pump(self, force: bool = False) -> None:
        """Keep the engine fed: batches are prepared and queued for the engine
        thread a few at a time (one being finished here, one in the engine, one
        waiting), in window order, so prepared sentences do not pile up."""
        while self._to_submit and (force or len(self._queued) < BATCHES_AHEAD):
            window, keys = self._to_submit.popleft()
            prepared = [self.policy.prepare(window.misses[k]) for k in keys]
            inputs, alignment, lookups = engine_inputs(self.policy, prepared)
            future = self._pool.submit(self._engine_with_chunks, inputs, alignment, len(prepared))
            self._queued.append(future)
            window.batches.append(_Batch(keys, prepared, lookups, future))
            force = False

    def _finish_batch(self, window: _Window, batch: _Batch) -> None:
        """The engine's answers for one batch made final, checked and committed,
        while the engine works on the batches queued after it."""
        assert batch.future is not None  # finished once only
        translations = take_lookup_results(self.policy, batch.lookups, batch.future.result())
        rows = []
        for key, prep, translation in zip(batch.keys, batch.prepared, translations):
            source = window.misses[key]
            target, terms = finish_translation(self.policy, prep, translation)
            data = {"terms": terms, "raw": translation.text}
            window.stored[key] = Stored(target, data)
            # QA now, while the engine works on the next batch (see SegmentChecks)
            self._checks.precheck(Segment(id="", paragraph=0, source=source, target=target,
                                          terms=[TermReport.from_dict(t) for t in terms if isinstance(t, dict)]))
            rows.append((key, source, self.engine.name, self.engine.version,
                         window.fingerprints[key], target, data))
        self.memory.put_many(rows)
        batch.prepared = []
        self._queued.remove(batch.future)
        batch.future, batch.lookups = None, []

    def _engine_with_chunks(self, inputs: list[str], alignment: list[bool], sentences: int) -> list[Translation]:
        # The inputs end with the glossary's lookups, which are not sentences:
        # progress counts at most ``sentences`` (the engine reports in any order).
        left = [sentences]

        def progress(n: int) -> None:
            n = min(n, left[0])
            left[0] -= n
            if n:
                with self._progress_lock:  # calls may overlap (see run)
                    self.progress.sentences_done(n)

        return translate_in_pieces(self.engine, inputs, self.max_chars, progress=progress, alignment=alignment)


def engine_inputs(policy: TermPolicy, prepared: list) -> tuple[list[str], list[bool], list[str]]:
    """What one engine call gets for these prepared sentences: their inputs, then
    the glossary's lookups (term forms translated alone, which the repair uses),
    so that those need no engine call of their own. Returns (inputs, alignment
    wanted per input, the lookups)."""
    take = getattr(policy, "take_lookups", None)  # a policy written before lookups existed has none
    lookups: list[str] = take() if take else []
    inputs = [p.engine_input for p in prepared] + lookups
    alignment = [p.needs_alignment for p in prepared] + [False] * len(lookups)
    return inputs, alignment, lookups


def take_lookup_results(policy: TermPolicy, lookups: list[str], translations: list[Translation]) -> list[Translation]:
    """Hand the lookups' translations to the policy; the sentences' translations remain."""
    if not lookups:
        return translations
    policy.store_lookups(lookups, translations[-len(lookups):])
    return translations[:-len(lookups)]


def translate_in_pieces(engine: Engine, inputs: list[str], max_chars: int = MAX_CHARS,
                        progress=None, alignment: Optional[list[bool]] = None) -> list[Translation]:
    """Send over-long inputs in pieces; give back one Translation per input.

    ``alignment[n]``: input n needs the engine's attention (term placement); an
    engine that can skip it for the others (argos: costly) is told so. Without
    ``alignment`` every input gets it."""
    pieces: list[str] = []
    owners: list[int] = []
    for n, text in enumerate(inputs):
        for piece in split_long(text, max_chars):
            pieces.append(piece)
            owners.append(n)
    options = {}
    if alignment is not None and getattr(engine, "selective_attention", False):
        options["attention"] = [alignment[n] for n in owners]
    outputs = engine.translate(pieces, progress=progress, **options)
    if len(outputs) != len(pieces):
        raise RuntimeError(f"engine {engine.name} returned {len(outputs)} outputs for {len(pieces)} inputs")
    grouped: list[list[Translation]] = [[] for _ in inputs]
    for owner, out in zip(owners, outputs):
        grouped[owner].append(out)
    return [group[0] if len(group) == 1 else Translation(" ".join(t.text.strip() for t in group))
            for group in grouped]


def finish_translation(policy: TermPolicy, prepared, translation: Translation) -> tuple[str, list[dict]]:
    """The engine's output made final: glossary enforced, then English typography
    and engine leftovers (``english.finish_terms``). Returns (target, term reports)."""
    from .english.finish import finish_terms

    target, terms = policy.finish(prepared, translation)
    return finish_terms(target, terms), terms


def translate_sentences(engine: Engine, sentences: list[str], policy: Optional[TermPolicy] = None,
                        max_chars: int = MAX_CHARS) -> list[tuple[str, list[dict]]]:
    """Translate sentences exactly as a run does (glossary, over-long sentences in
    pieces, English finishing), without documents, memory or out/: what
    ``pipeline eval`` scores. One (target, term reports) per sentence."""
    policy = policy or NoGlossary()
    if hasattr(policy, "bind"):  # as Run.__init__: the glossary enforces differently per engine
        policy.bind(engine)
    prepared = [policy.prepare(s) for s in sentences]
    inputs, alignment, lookups = engine_inputs(policy, prepared)
    translations = translate_in_pieces(engine, inputs, max_chars, alignment=alignment)
    translations = take_lookup_results(policy, lookups, translations)
    return [finish_translation(policy, p, t) for p, t in zip(prepared, translations)]


def corpus_paths(args: list[Path]) -> list[Path]:
    """Expand files and directories (their *.txt) into a sorted, de-duplicated list."""
    from .inputs import corpus_paths as expand  # input discovery lives in pipeline.inputs
    return expand(args)
