"""Apertium, Debian's rule-based engine: French → Spanish → English, offline.

There is no direct fr→en pair in Debian, so we pivot through Spanish. Instead
of the `apertium` wrapper we run the programs listed in the two mode files
(/usr/share/apertium/modes/fr-es.mode, spa-eng.mode) ourselves, as ONE
long-lived pipe per worker (lt-proc | apertium-tagger | … | lt-proc -p for
fr-es, then the same for spa-eng; every program alive at once), in null-flush
mode (`-z`, what `apertium-wblank-mode -z` writes out):

* each sentence is written followed by a NUL byte; every program then finishes
  it, flushes, and RESETS its state before the next one. That is what makes a
  sentence's translation a function of the sentence alone: with the wrapper,
  sentences sharing a call share the statistical tagger's context, so the same
  sentence could come out differently depending on its neighbours, the batch
  size or the worker. Output equals one `apertium -u` call per sentence
  (tests/test_apertium.py checks this on the corpus);
* no word can move into another sentence (the transfer window ends at NUL);
* the models are loaded once per worker, not once per call.

The text (de)formatting the wrapper does with apertium-destxt/apertium-retxt is
done here (the same escapes and blank groups; destxt would drop the NULs).

`lrx-proc -z` (apertium-lex-tools 0.4.2) swallows the NUL after a sentence
with an escaped `^` in the blank after its last word ("a ^", "a ^ $"; the next
sentence is then glued to it), and other such bugs may exist: sentences with a
`^` go to a one-sentence `apertium -u` call (the reference the pipe is checked
against). A `$` alone is harmless, and common (Canadian prices: "150 $"), so
it stays in the pipe: the old rule sent 6 of newstest's 1,500 lines through
two wrapper calls each (0.35 s a sentence, a third of the engine's time).
Every chunk ends with a probe sentence whose answer is known, and a
pipe that stops answering or answers out of step is killed and its whole chunk
redone one sentence per call.
"""
from __future__ import annotations

import itertools
import os
import re
import select
import subprocess
import threading
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from queue import SimpleQueue
from typing import Iterator, Optional, Sequence

from .. import early
from ..errors import EngineError
from .apertium_pipe import (  # noqa: F401 - the engine's names, as before the split
    DEBIAN_PACKAGES,
    INSTALL_HINT,
    MODES_DIR,
    PAIRS,
    _unavailable,
    null_flush_command,
    open_pipe,
)
from .base import ProgressCallback, Translation

# What apertium-destxt escapes, and its blank groups (runs of spaces, tabs and
# `~` other than one plain space become a "superblank" the rules never touch).
_ESCAPED = frozenset("\\[]^$@/<>{}")
# A blank run other than one plain space (a space followed by more blanks, or
# starting with a tab or `~`): matched whole, as destxt's runs are.
_SUPERBLANK_RE = re.compile(r"(?: (?=[ \t~])|[\t~])[ \t~]*")
_ESCAPE_RE = re.compile("[" + re.escape("".join(sorted(_ESCAPED))) + "]")
# An escaped character (kept, without its backslash) or a bracket (dropped);
# a lone backslash at the very end stays.
_UNESCAPE_RE = re.compile(r"\\(.)|[\[\]]", re.S)
_END = "[][\n]"  # what destxt puts at the end of a line
# Sentences the null-flush pipe is known to choke on (see the module docstring).
_ISOLATE_RE = re.compile(r"\^")
# A pipe that produces nothing for this long (plus per character) is stuck.
STALL_SECONDS = 60.0
# Sent after every chunk, numbered per pipe ("42421.", "42422." …): numbers
# pass through both pairs unchanged, so its answer must come back exactly. If a
# program swallowed or added a NUL, the answers would be shifted by one; the
# probe catches that and the chunk is redone. Numbered, so that a shifted
# stream cannot land on another chunk's probe (or a sentence that is "4242.").
PROBE = "4242"


def _clean(sentence: str) -> str:
    # A newline inside a sentence would break the one-line-per-sentence contract.
    return " ".join(sentence.split())


def deformat(text: str) -> str:
    """apertium-destxt -n for one line, without the NUL-dropping."""
    return _SUPERBLANK_RE.sub(r"[\g<0>]", _ESCAPE_RE.sub(r"\\\g<0>", text)) + _END


def reformat(stream: str) -> str:
    """apertium-retxt: drop the superblank brackets, undo the escapes."""
    if "\\" not in stream:  # (most answers: two C-level replaces, not a regex)
        return stream.replace("[", "").replace("]", "")
    return _UNESCAPE_RE.sub(lambda m: m.group(1) or "", stream)


@lru_cache(maxsize=1)
def apertium_version() -> str:
    """Package versions of the two language pairs, part of the memory key."""
    try:
        out = subprocess.run(
            ["dpkg-query", "-W", "-f", "${Package} ${Version}\n", *DEBIAN_PACKAGES],
            capture_output=True, text=True, check=True,
        ).stdout.split("\n")
        return "+".join(line.replace(" ", "=") for line in out if line)
    except (OSError, subprocess.CalledProcessError):
        return "apertium=unknown"


def apertium_available() -> tuple[bool, str]:
    problem = _unavailable()
    return (False, problem) if problem else (True, "apertium " + apertium_version())


class _Stalled(Exception):
    """The pipe stopped answering, or its answers are out of step."""


class _Lost(Exception):
    """The pipe was dropped (another call's answers stalled, or the engine closed)
    before this call's turn: its chunks were never answered, and go to another pipe."""


class _Chain:
    """One long-lived null-flush pipe: sentences in, one NUL-ended answer each.

    Calls queue on it: each call's sentences are written as soon as it comes
    (by one writer thread, in the order of the calls), and the calls read their
    answers in that order, each when the one before has read its last. So the
    pipe does not run dry between two calls: when one ended before the next
    started, each of a run's calls left the 22 programs idle in turn while the
    last sentence went through them and the next call's first came in."""

    def __init__(self) -> None:
        command = null_flush_command()
        # the pipe a first run started before its imports, if any (pipeline/early.py)
        self.proc = early.take(command) or open_pipe(command)
        assert self.proc.stdin is not None and self.proc.stdout is not None  # both piped
        self._stdin = self.proc.stdin
        self._fd = self.proc.stdout.fileno()
        self._probes = itertools.count(1)
        self._turn = threading.Condition()
        self._calls: deque = deque()  # calls written, not yet read whole; the first one reads
        self._writes: SimpleQueue = SimpleQueue()
        self._writer: Optional[threading.Thread] = None
        self._answers: list[str] = []  # read, not yet taken (the next call's, when calls overlap)
        self._buffer = b""
        self.broken = False

    def stream(self, chunks: list[list[str]]) -> Iterator[list[str]]:
        """Every chunk's answers, in order, each chunk checked by its probe as soon
        as it is out; raises _Stalled when the pipe is stuck or an answer is out of
        step (then that chunk and everything after it is unanswered), _Lost when
        the pipe was dropped before this call's turn.

        All chunks are written at once (by a thread, so full pipe buffers cannot
        deadlock): the programs never wait for the next sentence. Waiting for each
        chunk's answers before sending the next drained the 22-program pipe every
        32 sentences, which cost a third more time than the raw chain."""
        expected = [len(chunk) + 1 for chunk in chunks]
        probes = [f"{PROBE}{next(self._probes)}." for _ in chunks]
        payload = "".join(deformat(s) + "\0" for chunk, probe in zip(chunks, probes)
                          for s in (*chunk, probe)).encode("utf-8")
        call = object()
        with self._turn:
            if self.broken:
                raise _Lost()
            self._calls.append(call)
            self._writes.put(payload)  # in the order of self._calls
            if self._writer is None:
                self._writer = threading.Thread(target=self._write, name="apertium-write", daemon=True)
                self._writer.start()
        try:
            with self._turn:
                self._turn.wait_for(lambda: self.broken or self._calls[0] is call)
                if self.broken:
                    raise _Lost()
            yield from self._read(chunks, expected, probes)
            with self._turn:
                # More answers than sentences (a NUL added somewhere), already read or
                # waiting in the pipe: the pipe must not serve another call. (With a
                # call queued behind, what follows is its answers: its probes check them.)
                if len(self._calls) == 1 and (self._answers or self._buffer
                                              or select.select([self._fd], [], [], 0)[0]):
                    raise _Stalled()
        except BaseException:  # stuck, or abandoned with answers unread (GeneratorExit …):
            self._break()  # broken before the next call is woken, which then goes elsewhere
            raise
        finally:
            with self._turn:
                if call in self._calls:
                    self._calls.remove(call)
                self._turn.notify_all()

    def _read(self, chunks: list[list[str]], expected: list[int], probes: list[str]) -> Iterator[list[str]]:
        fd = self._fd
        for chunk, size, probe in zip(chunks, expected, probes):
            answers = self._answers
            while len(answers) < size:
                waiting_for = chunk[len(answers)] if len(answers) < len(chunk) else probe
                ready, _, _ = select.select([fd], [], [], STALL_SECONDS + len(waiting_for) / 100)
                data = os.read(fd, 1 << 16) if ready else b""
                if not data:  # stuck or dead: the caller re-does the chunk another way
                    raise _Stalled()
                self._buffer += data
                *done, self._buffer = self._buffer.split(b"\0")
                answers.extend(reformat(a.decode("utf-8", "replace")).strip() for a in done)
            if answers[size - 1] != probe:
                raise _Stalled()
            self._answers = answers[size:]
            yield answers[:size - 1]

    def _write(self) -> None:
        while True:
            payload = self._writes.get()
            if payload is None:
                return
            try:
                self._stdin.write(payload)
                self._stdin.flush()
            except (BrokenPipeError, ValueError, OSError):
                return  # the reader notices the dead pipe

    def _break(self) -> None:
        """No more calls: those queued end with _Lost."""
        with self._turn:
            self.broken = True
            self._turn.notify_all()
        self._writes.put(None)

    def close(self) -> None:
        self._break()
        try:
            os.killpg(self.proc.pid, 9)
        except (ProcessLookupError, PermissionError):
            pass
        self.proc.wait()


def translate_isolated(sentence: str) -> str:
    """The reference: one `apertium -u fr-es | apertium -u spa-eng` call per sentence."""
    try:
        first = subprocess.run(["apertium", "-u", PAIRS[0]], input=sentence + "\n", capture_output=True,
                               text=True, check=True)
        second = subprocess.run(["apertium", "-u", PAIRS[1]], input=first.stdout,
                                capture_output=True, text=True, check=True)
    except subprocess.CalledProcessError as err:
        detail = (err.stderr or "").strip().splitlines()
        raise EngineError(f"apertium failed: {detail[-1] if detail else err}") from None
    return " ".join(second.stdout.split("\n")).strip()


class ApertiumEngine:
    name = "apertium"
    # Each sentence goes through the pipe alone: no padding, so the run keeps
    # document order (documents are written while the engine goes on).
    sorts_by_length = False
    # ... so a sentence's answer never depends on its call's other sentences:
    # a first run may translate the first ones early (pipeline/prefetch.py).
    context_free = True
    # ... and calls may overlap: a run keeps two in flight, so that the next
    # call's sentences are in the pipe before the current call's last answer.
    overlapping_calls = True

    def __init__(self, workers: int = 0, chunk: int = 32):
        problem = _unavailable()
        if problem:
            raise EngineError(f"apertium engine unavailable: {problem}")
        # Default: one pipe per two cores. A pipe's 22 programs already run at
        # once (the raw chain keeps 1.9 of 2 cores busy), and the run's own
        # Python (finishing, QA) needs CPU too: on 2 cores a second pipe made
        # whole runs slower in every round (benchmarks/bench_apertium_workers.py).
        self.workers = workers if workers > 0 else max(1, (os.cpu_count() or 1) // 2)
        self.chunk = chunk
        # One pipe per worker, shared by the calls in flight (they queue on it:
        # see _Chain); None until started, or after its pipe was dropped.
        self._chains: list[Optional[_Chain]] = [None] * self.workers
        self._lock = threading.Lock()
        # bumped by close(): a call that started before ends with an error rather
        # than starting new programs after it (a first run's prefetch thread may
        # still be in a call when a failing run closes the engine)
        self._generation = 0

    @property
    def version(self) -> str:
        # Asked of dpkg when first needed (the memory keys), not before the
        # pipes start: 7 ms they would otherwise wait for.
        return apertium_version()

    def warm_up(self) -> None:
        """Start the pipes (their programs load the models while the caller goes on)."""
        for worker in range(self.workers):
            self._chain(worker, self._generation)

    def _check_open(self, generation: int) -> None:
        if generation != self._generation:
            raise EngineError("apertium engine closed during the call")

    def _chain(self, worker: int, generation: int) -> _Chain:
        """Worker ``worker``'s pipe, started if it has none."""
        with self._lock:
            self._check_open(generation)
            chain = self._chains[worker]
            if chain is None or chain.broken:
                chain = self._chains[worker] = _Chain()
            return chain

    def _drop(self, chain: _Chain) -> None:
        chain.close()
        with self._lock:
            self._chains = [None if c is chain else c for c in self._chains]

    def _translate_stream(self, worker: int, chunks: list[list[str]], progress: Optional[ProgressCallback],
                          generation: int) -> list[list[str]]:
        """The answers to ``chunks``, streamed through worker ``worker``'s pipe. A
        chunk whose probe fails is redone one sentence per call (answers before the
        stuck sentence may already be out of step: a NUL swallowed), the rest goes
        on in a fresh pipe, as do the chunks of a call queued on a pipe dropped
        before its turn."""
        done: list[list[str]] = []
        while len(done) < len(chunks):
            chain = self._chain(worker, generation)
            try:
                for answers in chain.stream(chunks[len(done):]):
                    done.append(answers)
                    if progress:
                        progress(len(answers))
            except _Lost:
                continue  # (_chain raises when the engine was closed)
            except _Stalled:
                self._drop(chain)
                if len(done) == len(chunks):
                    break  # every chunk passed its probe, then an extra answer came: the pipe goes
                failed = chunks[len(done)]
                self._check_open(generation)
                done.append([translate_isolated(s) for s in failed])
                if progress:
                    progress(len(failed))
            except BaseException:
                self._drop(chain)  # answers may still be in flight: never reused
                raise
        return done

    def translate(self, sentences: Sequence[str],
                  progress: Optional[ProgressCallback] = None) -> list[Translation]:
        generation = self._generation
        cleaned = [_clean(s) for s in sentences]
        out: list[Optional[str]] = [None] * len(cleaned)
        piped = [i for i, s in enumerate(cleaned) if not _ISOLATE_RE.search(s)]
        chunks = [piped[i:i + self.chunk] for i in range(0, len(piped), self.chunk)]
        # At most `workers` pipes, chunks dealt round-robin; each sentence is
        # translated alone (null flush), so the grouping never changes the output.
        streams = [chunks[w::self.workers] for w in range(min(self.workers, len(chunks)))]
        results: list[list[list[str]]] = []
        if len(streams) == 1:
            results = [self._translate_stream(0, [[cleaned[i] for i in c] for c in streams[0]], progress,
                                              generation)]
        elif streams:
            lock = threading.Lock()

            def report(n: int) -> None:  # the callers' callbacks need not be thread-safe
                if progress:
                    with lock:
                        progress(n)

            with ThreadPoolExecutor(max_workers=len(streams)) as pool:
                futures = [pool.submit(self._translate_stream, w, [[cleaned[i] for i in c] for c in stream], report,
                                       generation) for w, stream in enumerate(streams)]
                results = [f.result() for f in futures]
        for stream, answers in zip(streams, results):
            for chunk, texts in zip(stream, answers):
                for i, text in zip(chunk, texts):
                    out[i] = text
        for i, s in enumerate(cleaned):
            if out[i] is None:  # a `^` (see the module docstring)
                self._check_open(generation)
                out[i] = translate_isolated(s)
                if progress:
                    progress(1)
        return [Translation(text=t or "") for t in out]

    def close(self) -> None:
        with self._lock:
            self._generation += 1
            chains, self._chains = self._chains, [None] * self.workers
        for chain in chains:
            if chain is not None:
                chain.close()

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass
