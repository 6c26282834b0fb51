"""The engine's first sentences, translated while a first run starts up.

On a first run the engine is started before the glossary is compiled and the
run's modules are imported (``api.translate_paths``). A glossary compiled
cold (a 20,000-name list edited in an editor: 0.8 s of one core) kept the
engine waiting for its first batch all that time, with a core idle.

An engine whose answer for a sentence does not depend on the other sentences
of its call (``context_free``: Apertium translates each sentence alone) can
start meanwhile on what the run will ask first: :class:`PrefetchingEngine`
reads and segments the documents as the run does, in document order, and
translates their sentences in calls of 256 on a thread of its own. The run's
first ``translate`` stops it (the call in flight is let finish: its sentences
are the run's first anyway) and gets the answers of the texts already done
from it; the engine only sees the others. The answers are the engine's own
for those exact texts, so the output is the same as without it.

A run that fails (an invalid glossary, Ctrl-C) does not wait for the call in
flight: the engine is closed under it, and the call ends with an error the
thread keeps to itself (Apertium: ``close`` makes a call that started before
it fail instead of going on sentence by sentence). Paragraphs long enough to
cost pysbd seconds (it is superlinear: 200 KB without a line break, 9 s) are
left to the run.

Used only where every one of those sentences will be sent to the engine: a
first run (no document and no memory in out/), with a local engine.
"""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional, Sequence

from .chunking import MAX_CHARS, split_long
from .engines.base import Engine, ProgressCallback, Translation

#: sentences per call: the run's first batch (translate.COMMIT_EVERY), which then
#: usually finds all its sentences done; the engine's models load meanwhile anyway
#: (a first call of 64 then left the pipe to run dry before the run's own call)
CHUNK = 256
#: sentences per call when calls may overlap (two in flight: the pipe never runs
#: dry between them, so the first call can be small and start the pipe early)
OVERLAPPING_CHUNK = 64
#: sentences read at most (sent or not: repeats and English are read too): a bound on
#: the work beside the run's, which reads them all again, and on what it might not ask for
LIMIT = 1024
#: read of each article: what LIMIT sentences take, and not a 50 MB article's
#: text held twice (here and in the run) while the run starts
HEAD_BYTES = 1 << 19
#: longer paragraphs are skipped: segmenting one would hold the reader (and CPU) for long
LONG_PARAGRAPH = 5000


def engine_texts(paths: Iterable[Path], max_chars: int = MAX_CHARS, limit: int = LIMIT) -> Iterator[str]:
    """The texts a first run sends to the engine, in order: each sentence (in
    pieces when over-long) that is not passed through as English, from the
    first HEAD_BYTES of each article, and of the first ``limit`` sentences.
    A file that cannot be read is skipped: the run reports it. (A text that
    differs from the run's, a file cut in an odd place, say, is only
    translated for nothing: answers go by exact text.)"""
    from .document import decode_text, read_bytes, split_metadata
    from .errors import DocumentError
    from .language import looks_english
    from .segmenter import split_sentences

    seen: set[str] = set()
    read = 0
    for path in paths:
        try:
            data = read_bytes(path, HEAD_BYTES)
            if len(data) == HEAD_BYTES:  # a long article: its whole paragraphs in these bytes
                data = data[:data.rfind(b"\n") + 1]
            _, text = split_metadata(decode_text(data, str(path)))
        except DocumentError:
            continue
        for line in text.split("\n"):  # the paragraphs, as document.iter_paragraphs cuts them
            line = line.strip()
            if not line or len(line) > LONG_PARAGRAPH:
                continue
            for sentence in split_sentences(line):
                read += 1
                if read > limit:
                    return
                if sentence in seen or looks_english(sentence):
                    continue
                seen.add(sentence)
                yield from split_long(sentence, max_chars)


class PrefetchingEngine:
    """``engine`` with ``texts`` translated ahead, until the first call (see the
    module docstring). Every other attribute is the engine's.

    An engine whose calls may overlap (``overlapping_calls``: Apertium queues
    them on its pipe) gets two calls in flight, in chunks of
    ``OVERLAPPING_CHUNK``: the pipe starts on the first sentences read and
    never runs dry between two calls, and the run's first call does not wait
    for the calls in flight: it sends the texts they do not carry at once (they
    queue behind), then takes the answers of those they do."""

    def __init__(self, engine: Engine, texts: Iterable[str], chunk: int = 0, limit: int = LIMIT):
        self._engine = engine
        self._overlap = bool(getattr(engine, "overlapping_calls", False))
        chunk = chunk or (OVERLAPPING_CHUNK if self._overlap else CHUNK)
        self._done: dict[str, Translation] = {}
        self._inflight: dict[int, list[str]] = {}  # calls started and not ended, by number
        self._calls: list[threading.Thread] = []  # their threads (overlapping calls only)
        self._stopping = threading.Event()
        self._turn = threading.Condition()  # the reader and the sender wait on each other, and on stop()
        self._thread: Optional[threading.Thread] = threading.Thread(
            target=self._work, args=(texts, chunk, limit), name="prefetch", daemon=True)
        self._thread.start()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._engine, name)

    @property
    def prefetched(self) -> int:
        """Answers ready and not yet handed to the run."""
        return len(self._done)

    def _work(self, texts: Iterable[str], chunk: int, limit: int) -> None:
        """Send what is read, a chunk at a time: the documents are segmented on
        a thread of their own, so the engine's next call never waits for them,
        and at most one chunk beyond the ones in flight (the run segments
        everything again: reading further would only take CPU from it)."""
        ready: list[str] = []
        sent = [0]
        turn = self._turn
        finished = [False]
        ahead = 3 * chunk if self._overlap else 2 * chunk

        def read() -> None:
            try:
                for text in texts:
                    with turn:
                        turn.wait_for(lambda: self._stopping.is_set() or len(ready) - sent[0] < ahead)
                        if self._stopping.is_set() or len(ready) >= limit:
                            break
                        ready.append(text)
                        if len(ready) - sent[0] >= chunk:
                            turn.notify_all()
            except Exception:  # noqa: BLE001 - the run reads the documents again, and reports
                pass
            finally:
                with turn:
                    finished[0] = True
                    turn.notify_all()

        reader = threading.Thread(target=read, name="prefetch-read", daemon=True)
        reader.start()
        number = 0
        try:
            while not self._stopping.is_set():
                with turn:  # a call as soon as a chunk is read (or all there is)
                    turn.wait_for(lambda: finished[0] or self._stopping.is_set() or len(ready) - sent[0] >= chunk)
                    batch = ready[sent[0]:sent[0] + chunk]
                    if not batch or self._stopping.is_set():
                        break
                    number += 1
                    self._inflight[number] = batch  # as one step with the check: the run's call sees it
                if self._overlap:
                    self._calls = [t for t in self._calls if t.is_alive()]
                    if len(self._calls) >= 2:  # two in flight: wait for the older one
                        self._calls.pop(0).join()
                    call = threading.Thread(target=self._send, args=(number, batch), name="prefetch", daemon=True)
                    self._calls.append(call)
                    call.start()
                else:
                    self._send(number, batch)
                with turn:
                    sent[0] += len(batch)
                    turn.notify_all()  # the reader may go on
        except Exception:  # noqa: BLE001 - the run meets the same problem itself, and reports it
            pass
        finally:  # the reader stops at its next text (not waited for: it may be in a paragraph)
            with turn:
                self._stopping.set()
                turn.notify_all()

    def _send(self, number: int, batch: list[str]) -> None:
        try:
            answers = self._engine.translate(batch)
            if len(answers) == len(batch):
                self._done.update(zip(batch, answers))
        except Exception:  # noqa: BLE001 - the run translates these itself, and meets the error
            pass
        finally:
            with self._turn:
                self._inflight.pop(number, None)

    def stop(self, wait: bool = True) -> None:
        """No more calls (idempotent); ``wait`` for the calls in flight, whose
        answers the run is about to ask for. A failing run does not wait."""
        with self._turn:
            self._stopping.set()
            self._turn.notify_all()
        thread = self._thread  # two calls of the run may stop it at once (overlapping calls)
        if wait and thread is not None:
            thread.join()
            for call in list(self._calls):
                call.join()
            self._thread = None

    def translate(self, sentences: Sequence[str], progress: Optional[ProgressCallback] = None,
                  **options: Any) -> list[Translation]:
        if self._overlap:
            with self._turn:  # no call starts after this; those in flight are known
                self._stopping.set()
                self._turn.notify_all()
                coming = {text for batch in self._inflight.values() for text in batch}
        else:
            self.stop()
            coming = set()
        if not self._done and not coming:
            return self._engine.translate(sentences, progress=progress, **options)
        # each answer is handed over once (pop with a default: a call overlapping this
        # one takes answers too); a text asked again goes to the engine
        ready = {n: answer for n, text in enumerate(sentences)
                 if (answer := self._done.pop(text, None)) is not None}
        if ready and progress:
            progress(len(ready))
        rest = [n for n in range(len(sentences)) if n not in ready and sentences[n] not in coming]
        by_index = self._call(sentences, rest, progress, options)
        if coming:
            self.stop()  # the calls in flight have ended: their answers are here
            late = {n: answer for n in range(len(sentences)) if n not in ready and n not in by_index
                    and (answer := self._done.pop(sentences[n], None)) is not None}
            if late and progress:
                progress(len(late))
            ready.update(late)
            # a call in flight that failed: its texts go to the engine now
            by_index.update(self._call(sentences, [n for n in range(len(sentences))
                                                   if n not in ready and n not in by_index], progress, options))
        return [ready[n] if n in ready else by_index[n] for n in range(len(sentences))]

    def _call(self, sentences: Sequence[str], indexes: list[int], progress: Optional[ProgressCallback],
              options: dict) -> dict[int, Translation]:
        if not indexes:
            return {}
        answers = self._engine.translate([sentences[n] for n in indexes], progress=progress, **options)
        if len(answers) != len(indexes):  # as translate_in_pieces says it, for the run's own calls
            raise RuntimeError(f"engine {self._engine.name} returned {len(answers)} outputs for {len(indexes)} inputs")
        return dict(zip(indexes, answers))

    def close(self) -> None:
        self.stop()
        close = getattr(self._engine, "close", None)
        if callable(close):
            close()
