"""The apertium engine: one sentence per line, and that correspondence holds."""
from __future__ import annotations

import random
import subprocess

from hypothesis import given, settings, strategies as st

from pipeline.document import read_document
from pipeline.engines.apertium import ApertiumEngine, deformat, reformat, translate_isolated

from .conftest import SEEDS, requires_apertium

pytestmark = requires_apertium

# Characters Apertium's deformatter treats specially, empty-ish lines, numbers.
TRICKY = [
    "Le ministre est à Bruxelles.",
    "Prix : 3\u00a0000 € [environ] ^ $ @ \\ / < > * # ~ |",
    "Kiev",
    "…",
    "« Nous avons constaté l’impact des drones » , a déclaré le ministre",
    "<b>gras</b> &amp; rien",
    "2,75 milliards",
    "Fin de la ligne sans point",
]


def test_batch_matches_one_call_per_sentence():
    engine = ApertiumEngine()
    batch = [t.text for t in engine.translate(TRICKY)]
    single = [engine.translate([s])[0].text for s in TRICKY]
    assert len(batch) == len(TRICKY)
    assert batch == single
    assert batch[0] == "The minister is in Brussels."


def test_corpus_sentences_keep_their_lines():
    sentences = [s.text for path in sorted(SEEDS.glob("*.txt")) for s in read_document(path).sentences()]
    engine = ApertiumEngine(chunk=50)
    progress = []
    out = engine.translate(sentences, progress=progress.append)
    assert len(out) == len(sentences) and sum(progress) == len(sentences)
    # Spot-check alignment: proper names survive on the right line.
    for sentence, translation in zip(sentences, out):
        for name in ("Umerov", "Sprūds", "Wallace", "Lavrov"):
            if name in sentence:
                assert name in translation.text, (sentence, translation.text)


def test_version_names_both_language_pairs():
    version = ApertiumEngine().version
    assert "apertium-fr-es=" in version and "apertium-eng-spa=" in version


def test_unpunctuated_corpus_lines_do_not_bleed_into_their_neighbours():
    """Headlines and captions end without punctuation; batch output must equal single calls."""
    sentences = [s.text for path in sorted(SEEDS.glob("*.txt")) for s in read_document(path).sentences()]
    picked = []
    for i, sentence in enumerate(sentences):
        if sentence[-1] not in ".!?»”\"" and i + 1 < len(sentences):
            picked += [sentence, sentences[i + 1]]
    picked = picked[:16]
    assert len(picked) >= 8
    engine = ApertiumEngine()
    batch = [t.text for t in engine.translate(picked)]
    single = [engine.translate([s])[0].text for s in picked]
    # Null-flush mode resets every program between sentences: identical output.
    assert batch == single


def _corpus_sentences() -> list[str]:
    return [s.text for path in sorted(SEEDS.glob("*.txt")) for s in read_document(path).sentences()]


def test_translation_never_depends_on_neighbours_batch_worker_or_order():
    """Issue 13: whole, one by one, shuffled, batches of 1/7/400, 1 or 2 workers: same text."""
    sentences = _corpus_sentences() + TRICKY
    whole = [t.text for t in ApertiumEngine(workers=2).translate(sentences)]
    assert len(whole) == len(sentences)
    one_worker = ApertiumEngine(workers=1, chunk=400)
    assert [t.text for t in one_worker.translate(sentences)] == whole
    by_one = [one_worker.translate([s])[0].text for s in sentences]
    assert by_one == whole
    order = list(range(len(sentences)))
    random.Random(13).shuffle(order)
    shuffled = [t.text for t in ApertiumEngine(workers=2, chunk=7).translate([sentences[i] for i in order])]
    assert [shuffled[order.index(i)] for i in range(len(sentences))] == whole
    for size in (1, 7, 400):
        engine = ApertiumEngine(workers=2, chunk=size)
        batched = []
        for start in range(0, len(sentences), size):
            batched += [t.text for t in engine.translate(sentences[start:start + size])]
        assert batched == whole, size


def test_pipe_equals_one_apertium_call_per_sentence():
    """The reference is the Debian wrapper called once per sentence (no context at all)."""
    sentences = _corpus_sentences()
    picked = random.Random(7).sample(sentences, 12) + TRICKY
    piped = [t.text for t in ApertiumEngine().translate(picked)]
    assert piped == [translate_isolated(" ".join(s.split())) for s in picked]


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab é~\t[]^$@/<>{}*#|&\\")), min_size=1, max_size=30))
def test_deformat_is_apertium_destxt(text):
    line = text
    expected = subprocess.run(["apertium-destxt", "-n"], input=line + "\n", capture_output=True,
                              text=True, check=True).stdout
    if line == line.strip(" \t~"):  # destxt folds trailing blanks into the end marker
        assert deformat(line) == expected
    assert reformat(deformat(line)) == line + "\n"


def test_runs_with_one_or_two_workers_and_any_window_write_identical_documents(tmp_path):
    from pipeline.memory import Memory
    from pipeline.translate import Run, corpus_paths

    paths = corpus_paths([SEEDS])
    outputs = []
    for n, (workers, window, commit) in enumerate([(1, 2000, 256), (2, 7, 5)]):
        out = tmp_path / f"out{n}"
        with Memory(out / "memory.sqlite") as memory:
            Run(ApertiumEngine(workers=workers), memory, out, window=window, commit_every=commit).run(paths)
        outputs.append({p.name: p.read_text() for p in sorted(out.glob("*.json"))})
    assert len(outputs[0]) == len(paths) and outputs[0] == outputs[1]


def test_a_pipe_that_stops_answering_is_replaced_and_the_sentence_redone(monkeypatch):
    """lrx-proc -z never answers `\\^ … \\$`; without the routing, the watchdog must recover."""
    import re

    import pipeline.engines.apertium as apertium

    monkeypatch.setattr(apertium, "_ISOLATE_RE", re.compile(r"(?!x)x"))  # route nothing around the pipe
    monkeypatch.setattr(apertium, "STALL_SECONDS", 4.0)
    engine = ApertiumEngine(workers=1)
    dropped = []
    real_drop = engine._drop
    monkeypatch.setattr(engine, "_drop", lambda chain: dropped.append(chain) or real_drop(chain))
    sentences = ["Le ministre est à Bruxelles.", "Prix : 3 000 € [environ] ^ $ @", "Kiev"]
    out = [t.text for t in engine.translate(sentences)]
    assert len(dropped) == 1
    assert out == [translate_isolated(s) for s in sentences]
    assert out[0] == "The minister is in Brussels."
    # The stuck pipe was dropped; the engine keeps working with a fresh one.
    assert [t.text for t in engine.translate(["Kiev"])] == [out[2]]
    engine.close()


def test_prices_in_dollars_stay_in_the_pipe(monkeypatch):
    """`$` alone does not trip lrx-proc -z (only a trailing `^` does): sentences with
    prices are piped, not sent to two wrapper calls each, and still equal the reference."""
    import pipeline.engines.apertium as apertium

    sentences = ["Le prix est de 50$.", "Il paie 150 $ par élève (jusqu'à 300 $ par famille).",
                 "Avec une dette de 200 millions $, la ville emprunte.", "Le coût : 3 $US.", "a ^ $"]
    isolated: list[str] = []
    monkeypatch.setattr(apertium, "translate_isolated", lambda s: isolated.append(s) or translate_isolated(s))
    out = [t.text for t in ApertiumEngine(workers=1).translate(sentences)]
    assert isolated == ["a ^ $"]
    assert out == [translate_isolated(s) for s in sentences]


def test_a_chunk_out_of_step_is_redone_alone_and_the_rest_goes_on_in_a_fresh_pipe(monkeypatch):
    """All chunks are in the pipe at once; when one chunk's probe fails, the chunks
    already checked are kept, that chunk is redone one sentence per call, and the
    chunks after it go through a new pipe (not one call per sentence)."""
    import re

    import pipeline.engines.apertium as apertium

    monkeypatch.setattr(apertium, "_ISOLATE_RE", re.compile(r"(?!x)x"))  # let "a ^" into the pipe
    monkeypatch.setattr(apertium, "STALL_SECONDS", 4.0)
    isolated: list[str] = []
    monkeypatch.setattr(apertium, "translate_isolated", lambda s: isolated.append(s) or translate_isolated(s))
    engine = ApertiumEngine(workers=1, chunk=2)
    dropped = []
    real_drop = engine._drop
    monkeypatch.setattr(engine, "_drop", lambda chain: dropped.append(chain) or real_drop(chain))
    sentences = ["Le ministre est à Bruxelles.", "Kiev", "Le chat dort.", "a ^",
                 "Il pleut.", "La coalition des drones avance.", "Bonjour."]
    done: list[int] = []
    out = [t.text for t in engine.translate(sentences, progress=done.append)]
    assert len(dropped) == 1
    assert isolated == ["Le chat dort.", "a ^"]
    assert out == [translate_isolated(s) for s in sentences]
    assert sum(done) == len(sentences)
    engine.close()


# Fake null-flush pipes, Python scripts that start with this: the NUL-ended
# records of stdin, as they come. They answer with os.write, not print: the
# tests run with PYTHONUNBUFFERED=1 and the timing must not depend on how
# stdout is buffered.
_READ_RECORDS = r'''
import os, sys, time


def records():
    data = b""
    while True:
        chunk = sys.stdin.buffer.read1(65536)
        if not chunk:
            return
        data += chunk
        *done, data = data.split(b"\0")
        yield from done
'''

# Answers every record with itself (a probe is answered with itself too, so it
# passes) and adds one answer too many after each probe.
_EXTRA_NUL_PIPE = _READ_RECORDS + r'''
late = b""
for record in records():
    answer = late + record + b"\0"
    late = b""
    if record.startswith(b"4242"):
        if LATE:
            late = b"extra\0"  # comes out before the next call's first answer
        else:
            answer += b"extra\0"  # one write: it arrives with the probe's answer
    os.write(1, answer)
'''


def _fake_pipe_engine(monkeypatch, tmp_path, script_text: str, **options):
    """An ApertiumEngine whose pipe is ``script_text`` run by Python; returns it,
    the commands of the pipes it started and the sentences it sent alone (each
    answered "alone:…")."""
    import sys

    import pipeline.engines.apertium as apertium

    script = tmp_path / "fake_pipe.py"
    script.write_text(script_text, encoding="utf-8")
    monkeypatch.setattr(apertium, "null_flush_command", lambda: f"{sys.executable} {script}")
    started: list = []
    real_open = apertium.open_pipe
    monkeypatch.setattr(apertium, "open_pipe", lambda command: started.append(command) or real_open(command))
    isolated: list[str] = []
    monkeypatch.setattr(apertium, "translate_isolated", lambda s: isolated.append(s) or f"alone:{s}")
    return ApertiumEngine(workers=1, **options), started, isolated


def _extra_answer_engine(monkeypatch, tmp_path, late: bool):
    engine, _, isolated = _fake_pipe_engine(monkeypatch, tmp_path, f"LATE = {late}\n" + _EXTRA_NUL_PIPE)
    dropped: list = []
    real_drop = engine._drop
    monkeypatch.setattr(engine, "_drop", lambda chain: dropped.append(chain) or real_drop(chain))
    return engine, dropped, isolated


def test_a_pipe_that_adds_an_answer_is_dropped_and_its_checked_answers_kept(monkeypatch, tmp_path):
    """Every chunk passed its probe, then one more answer came with the last one:
    the answers stand, the pipe is not reused (its next answer would be out of
    step), nothing crashes."""
    engine, dropped, isolated = _extra_answer_engine(monkeypatch, tmp_path, late=False)
    assert [t.text for t in engine.translate(["un", "deux"])] == ["un", "deux"]
    assert len(dropped) == 1
    assert [t.text for t in engine.translate(["trois"])] == ["trois"]  # a fresh pipe
    assert len(dropped) == 2
    assert isolated == []
    engine.close()


def test_an_extra_answer_that_comes_late_fails_the_next_calls_probe(monkeypatch, tmp_path):
    """The extra answer is not out yet when the call ends, so the call cannot see it:
    the next call's first answer is then out of step, its probe fails, and that chunk
    is redone alone instead of taking the stale answer."""
    engine, dropped, isolated = _extra_answer_engine(monkeypatch, tmp_path, late=True)
    assert [t.text for t in engine.translate(["un", "deux"])] == ["un", "deux"]
    assert dropped == []
    assert [t.text for t in engine.translate(["trois", "quatre"])] == ["alone:trois", "alone:quatre"]
    assert len(dropped) == 1
    assert isolated == ["trois", "quatre"]
    assert [t.text for t in engine.translate(["cinq"])] == ["cinq"]  # a fresh pipe, in step
    engine.close()


def test_the_pipe_leaves_out_the_word_bound_blank_programs_and_still_matches_the_wrapper():
    """apertium-wblank-attach/-detach only matter for ``[[…]]`` blanks made by the
    HTML/RTF deformatters; ours escapes every bracket. Text that looks like them
    comes out as the wrapper's `apertium -u` gives it."""
    from pipeline.engines.apertium import null_flush_command

    assert "wblank" not in null_flush_command() and "lt-proc -z -p" in null_flush_command()
    sentences = ["Le [[b]]chat[[/b]] dort.", "Un [[texte]] entre crochets [doubles].", "[[", "]] fin",
                 "a [[x]] b [[y]]", "\\[[ \\]]", "Le ministre [a déclaré] que [[tout]] va bien."]
    out = [t.text for t in ApertiumEngine(workers=1).translate(sentences)]
    assert out == [translate_isolated(s) for s in sentences]


def test_a_call_under_way_when_the_engine_is_closed_ends_with_an_error():
    """A first run's prefetch thread may be in a call when a failing run closes
    the engine: the call must end, not go on sentence by sentence (a `^`
    sentence takes two wrapper calls, ~0.3 s each) or start new programs."""
    import threading
    import time

    from pipeline.engines.apertium import ApertiumEngine
    from pipeline.errors import EngineError

    engine = ApertiumEngine()
    outcome: list = []

    def call():
        try:
            outcome.append(engine.translate([f"Le score était de {n}^2 points." for n in range(100)]))
        except EngineError as err:
            outcome.append(err)

    worker = threading.Thread(target=call)
    worker.start()
    time.sleep(0.5)
    engine.close()
    worker.join(10)  # the 100 sentences alone take ~60 s
    assert not worker.is_alive() and isinstance(outcome[0], EngineError)
    # a closed engine still serves new calls (eval and tests reuse one)
    assert engine.translate(["Bonjour."])[0].text
    engine.close()


# A fake pipe that answers every record with itself, the first one after a
# pause (so a call is still in flight when the next comes), and never answers
# a record "STUCK" nor anything after it (a program that hangs).
_SLOW_ECHO_PIPE = _READ_RECORDS + r'''
first = True
stuck = False
for record in records():
    if first:
        time.sleep(0.5)
        first = False
    stuck = stuck or record.startswith(b"STUCK")
    if not stuck:
        os.write(1, record + b"\0")
'''


def _slow_echo_engine(monkeypatch, tmp_path, **options):
    import pipeline.engines.apertium as apertium

    monkeypatch.setattr(apertium, "STALL_SECONDS", 2.0)
    return _fake_pipe_engine(monkeypatch, tmp_path, _SLOW_ECHO_PIPE, **options)


def _in_parallel(*calls):
    """Each call on a thread of its own, started 0.2 s apart (the first is then in
    flight when the next comes); their results in order."""
    import threading
    import time

    results: list = [None] * len(calls)

    def run(n, call):
        results[n] = call()

    threads = []
    for n, call in enumerate(calls):
        threads.append(threading.Thread(target=run, args=(n, call)))
        threads[-1].start()
        time.sleep(0.2)
    for thread in threads:
        thread.join(30)
    return results


def test_overlapping_calls_share_the_pipe_and_each_gets_its_own_answers(monkeypatch, tmp_path):
    """A run keeps two calls in flight: the second is written into the pipe behind
    the first (one pipe, not a second one loading the models again), and reads its
    answers after the first has read its own."""
    engine, started, isolated = _slow_echo_engine(monkeypatch, tmp_path, chunk=2)
    first = ["un", "deux", "trois"]
    second = ["quatre", "cinq"]
    out = _in_parallel(lambda: [t.text for t in engine.translate(first)],
                       lambda: [t.text for t in engine.translate(second)])
    assert out == [first, second]
    assert len(started) == 1 and isolated == []
    engine.close()


def test_a_call_queued_behind_a_stuck_one_goes_to_a_fresh_pipe_not_one_by_one(monkeypatch, tmp_path):
    """The call whose sentence hangs the pipe has that chunk redone alone; the call
    queued behind it on the same pipe never got an answer, and is sent whole to a
    fresh pipe."""
    engine, started, isolated = _slow_echo_engine(monkeypatch, tmp_path)
    out = _in_parallel(lambda: [t.text for t in engine.translate(["un", "STUCK"])],
                       lambda: [t.text for t in engine.translate(["deux", "trois"])])
    assert out == [["alone:un", "alone:STUCK"], ["deux", "trois"]]
    assert isolated == ["un", "STUCK"]
    assert len(started) == 2
    engine.close()


def test_closing_the_engine_ends_a_call_queued_on_its_pipe(monkeypatch, tmp_path):
    """A call waiting for its turn when the engine is closed ends with an error,
    and starts no pipe after the close."""
    from pipeline.errors import EngineError

    engine, started, isolated = _slow_echo_engine(monkeypatch, tmp_path)

    def call(sentences):
        try:
            return engine.translate(sentences)
        except EngineError as err:
            return str(err)

    def close_soon():
        import time

        time.sleep(0.1)
        engine.close()
        return None

    out = _in_parallel(lambda: call(["STUCK"]), lambda: call(["deux"]), close_soon)
    assert "closed" in out[0] and "closed" in out[1]
    assert len(started) == 1


def test_a_call_abandoned_with_answers_unread_sends_the_next_one_to_a_fresh_pipe(monkeypatch, tmp_path):
    """A caller that stops reading (its progress callback fails) leaves answers in the
    pipe: the pipe is broken before the call queued behind is woken, so that call is
    sent whole to a fresh pipe instead of reading the leftovers."""
    engine, started, isolated = _slow_echo_engine(monkeypatch, tmp_path, chunk=1)

    def failing(n):
        raise RuntimeError("progress display failed")

    def first():
        try:
            engine.translate(["un", "deux", "trois"], progress=failing)
        except RuntimeError as err:
            return str(err)

    out = _in_parallel(first, lambda: [t.text for t in engine.translate(["quatre", "cinq"])])
    assert out == ["progress display failed", ["quatre", "cinq"]]
    assert isolated == [] and len(started) == 2
    engine.close()
