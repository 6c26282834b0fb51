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
import shutil
import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from queue import SimpleQueue
from typing import Iterator, Optional, Sequence

from ..errors import EngineError
from .base import ProgressCallback, Translation

PAIRS = ("fr-es", "spa-eng")
DEBIAN_PACKAGES = ("apertium-fr-es", "apertium-eng-spa")
INSTALL_HINT = "apt-get install apertium apertium-fr-es apertium-eng-spa"
MODES_DIR = Path("/usr/share/apertium/modes")

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


def _unavailable() -> Optional[str]:
    """Why Apertium cannot run here, or None."""
    if shutil.which("apertium") is None:
        return f"the `apertium` command is not installed ({INSTALL_HINT})"
    # The mode files are what `apertium -l` lists and what we run; reading the
    # folder spares a shell script per start (it counts in a no-op re-run).
    missing = [p for p in PAIRS if not (MODES_DIR / f"{p}.mode").is_file()]
    if missing:
        return f"Apertium lacks the {', '.join(missing)} mode(s) ({INSTALL_HINT})"
    return None


def apertium_available() -> tuple[bool, str]:
    problem = _unavailable()
    return (False, problem) if problem else (True, "apertium " + apertium_version())


@lru_cache(maxsize=1)
def null_flush_command() -> str:
    """The shell pipe of both pairs in null-flush mode, as the wrapper would run it
    for `apertium -u` ($1 = -n: no unknown-word marks; $2 = no tagger option),
    less the word-bound-blank programs.

    apertium-wblank-attach/-detach carry inline formatting (``[[…]]`` blanks,
    which only the HTML/RTF deformatters make) past the transfer. ``deformat``
    never makes one: it escapes every bracket of the text and its own blanks
    are single ``[…]``. Without those four programs the output is byte for byte
    the same (newstest, FLORES, both TICO-19 splits: 5,583 lines) and the chain
    uses 3.5% less CPU, which the run's own Python needs on two cores."""
    stages: list[str] = []
    for pair in PAIRS:
        try:
            mode = subprocess.run(["apertium-wblank-mode", "-z", str(MODES_DIR / f"{pair}.mode")],
                                  capture_output=True, text=True, check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError) as err:
            raise EngineError(f"apertium: cannot read the {pair} mode file ({err})") from None
        stages.extend(stage.strip() for stage in mode.replace("$1", "-n").replace("$2", "").split(" | ")
                      if not stage.strip().startswith("apertium-wblank-"))
    return " | ".join(stages)


class _Stalled(Exception):
    """The pipe stopped answering, or its answers are out of step."""


class _Chain:
    """One long-lived null-flush pipe: sentences in, one NUL-ended answer each."""

    def __init__(self):
        self.proc = subprocess.Popen(["bash", "-c", null_flush_command()], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                     start_new_session=True)
        self._probes = itertools.count(1)

    def stream(self, chunks: list[list[str]]) -> Iterator[list[str]]:
        """Every chunk's answers, in order, each chunk checked by its probe as soon
        as it is out; raises _Stalled when the pipe is stuck or an answer is out of
        step (then that chunk and everything after it is unanswered).

        All chunks are written at once (by a thread, so full pipe buffers cannot
        deadlock): the programs never wait for the next sentence. Waiting for each
        chunk's answers before sending the next drained the 22-program pipe every
        32 sentences, which cost a third more time than the raw chain."""
        expected = [len(chunk) + 1 for chunk in chunks]
        probes = [f"{PROBE}{next(self._probes)}." for _ in chunks]
        payload = "".join(deformat(s) + "\0" for chunk, probe in zip(chunks, probes)
                          for s in (*chunk, probe)).encode("utf-8")
        writer = threading.Thread(target=self._write, args=(payload,), daemon=True)
        writer.start()
        answers: list[str] = []
        buffer = b""
        fd = self.proc.stdout.fileno()
        for chunk, size, probe in zip(chunks, expected, probes):
            while len(answers) < size:
                waiting_for = chunk[len(answers)] if len(answers) < len(chunk) else probe
                ready, _, _ = select.select([fd], [], [], STALL_SECONDS + len(waiting_for) / 100)
                data = os.read(fd, 1 << 16) if ready else b""
                if not data:  # stuck or dead: the caller re-does the chunk another way
                    raise _Stalled()
                buffer += data
                *done, buffer = buffer.split(b"\0")
                answers.extend(reformat(a.decode("utf-8", "replace")).strip() for a in done)
            if answers[size - 1] != probe:
                raise _Stalled()
            yield answers[:size - 1]
            answers = answers[size:]
        writer.join()
        # More answers than sentences (a NUL added somewhere), already read or
        # waiting in the pipe: the pipe must not serve the next call.
        if answers or buffer or select.select([fd], [], [], 0)[0]:
            raise _Stalled()

    def _write(self, payload: bytes) -> None:
        try:
            self.proc.stdin.write(payload)
            self.proc.stdin.flush()
        except (BrokenPipeError, ValueError, OSError):
            pass  # the reader notices the dead pipe

    def close(self) -> None:
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
        self._idle: SimpleQueue = SimpleQueue()  # started pipes not in use
        self._chains: list[_Chain] = []
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
        with self._lock:
            missing = self.workers - len(self._chains)
        for _ in range(missing):
            chain = _Chain()
            with self._lock:
                self._chains.append(chain)
            self._idle.put(chain)

    def _check_open(self, generation: int) -> None:
        if generation != self._generation:
            raise EngineError("apertium engine closed during the call")

    def _take(self, generation: int) -> _Chain:
        self._check_open(generation)
        try:
            return self._idle.get_nowait()
        except Exception:
            chain = _Chain()
            with self._lock:
                self._chains.append(chain)
            return chain

    def _drop(self, chain: _Chain) -> None:
        chain.close()
        with self._lock:
            if chain in self._chains:
                self._chains.remove(chain)

    def _translate_stream(self, chunks: list[list[str]], progress: Optional[ProgressCallback],
                          generation: int) -> list[list[str]]:
        """The answers to ``chunks``, streamed through one pipe. A chunk whose probe
        fails is redone one sentence per call (answers before the stuck sentence may
        already be out of step: a NUL swallowed), the rest goes on in a fresh pipe."""
        done: list[list[str]] = []
        while len(done) < len(chunks):
            chain = self._take(generation)
            try:
                for answers in chain.stream(chunks[len(done):]):
                    done.append(answers)
                    if progress:
                        progress(len(answers))
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
            else:
                self._idle.put(chain)
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
            results = [self._translate_stream([[cleaned[i] for i in c] for c in streams[0]], progress, generation)]
        elif streams:
            lock = threading.Lock()

            def report(n: int) -> None:  # the callers' callbacks need not be thread-safe
                if progress:
                    with lock:
                        progress(n)

            with ThreadPoolExecutor(max_workers=len(streams)) as pool:
                futures = [pool.submit(self._translate_stream, [[cleaned[i] for i in c] for c in stream], report,
                                       generation) for stream in streams]
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
            chains, self._chains = self._chains, []
        for chain in chains:
            chain.close()
        self._idle = SimpleQueue()

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass
