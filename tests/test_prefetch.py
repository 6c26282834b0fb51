"""A first run's engine starts on the first sentences while the glossary is read
(pipeline/prefetch.py): same output, no sentence translated twice, and the
thread is stopped before the engine is closed, also when the run fails."""
from __future__ import annotations

import itertools
import re
import threading
import time
from pathlib import Path

import pytest

from pipeline.api import translate_paths
from pipeline.chunking import split_long
from pipeline.engines import registry
from pipeline.errors import UsageError
from pipeline.prefetch import PrefetchingEngine, engine_texts
from tests.conftest import SEEDS, FakeEngine


class ContextFree(FakeEngine):
    """A fake that says, as Apertium does, that a sentence's answer does not
    depend on its call; it records which thread made each call."""

    context_free = True

    def __init__(self, *args, delay: float = 0.0, **kwargs):
        super().__init__(*args, **kwargs)
        self.threads: list[str] = []
        self.closed = False
        self.after_close = 0  # calls made once closed (a prefetch thread's error is swallowed)
        self.delay = delay

    def translate(self, sentences, progress=None):
        self.after_close += self.closed
        self.threads.append(threading.current_thread().name)
        time.sleep(self.delay)
        return super().translate(sentences, progress)

    def close(self):
        self.closed = True


def wait_for(condition, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def test_the_first_call_gets_the_prefetched_answers_and_sends_only_the_others():
    engine = ContextFree()
    texts = [f"Phrase {n}." for n in range(10)]
    prefetching = PrefetchingEngine(engine, iter(texts), chunk=4)
    wait_for(lambda: prefetching.prefetched == 10)
    done: list[int] = []
    asked = ["Autre.", "Phrase 3.", "Phrase 9.", "Encore."]
    answers = prefetching.translate(asked, progress=done.append)
    assert [a.text for a in answers] == [s.upper() for s in asked]
    assert engine.calls[-1] == ["Autre.", "Encore."]  # the prefetched ones are not sent again
    assert sum(done) == 4
    assert set(engine.threads[:-1]) == {"prefetch"} and engine.threads[-1] == threading.current_thread().name
    # an answer is handed over once: the same text asked again goes to the engine
    prefetching.translate(["Phrase 3."])
    assert engine.calls[-1] == ["Phrase 3."]


def test_the_first_call_stops_it_after_the_call_in_flight():
    started, release = threading.Event(), threading.Event()

    class Slow(ContextFree):
        def translate(self, sentences, progress=None):
            if threading.current_thread().name == "prefetch":
                started.set()
                release.wait(10)
            return super().translate(sentences, progress)

    engine = Slow()
    endless = (f"Phrase {n}." for n in itertools.count())
    prefetching = PrefetchingEngine(engine, endless, chunk=2)
    started.wait(10)
    threading.Timer(0.05, release.set).start()
    answers = prefetching.translate(["Phrase 0.", "Nouvelle."])  # waits for the call in flight
    assert [a.text for a in answers] == ["PHRASE 0.", "NOUVELLE."]
    calls = len(engine.calls)
    time.sleep(0.05)
    assert len(engine.calls) == calls  # nothing more after the run's first call
    assert not [t for t in threading.enumerate() if t.name.startswith("prefetch")]


def test_an_engine_error_in_prefetch_leaves_the_work_to_the_run():
    class Failing(ContextFree):
        def translate(self, sentences, progress=None):
            if threading.current_thread().name == "prefetch":
                raise RuntimeError("pipe broke")
            return super().translate(sentences, progress)

    engine = Failing()
    prefetching = PrefetchingEngine(engine, iter(["Un.", "Deux."]), chunk=1)
    assert [a.text for a in prefetching.translate(["Un.", "Deux."])] == ["UN.", "DEUX."]
    assert engine.calls == [["Un.", "Deux."]]


def test_it_reads_what_the_run_sends(tmp_path):
    """engine_texts is the run's own reading: the seeds' texts, in the order a
    document-order engine gets them, each once, English passed through, long
    sentences in pieces."""
    long = "Une phrase " + "très longue, " * 80 + "sans fin."
    (tmp_path / "zz_long.txt").write_text(f"{long}\n\nThe Prime Minister said this on Monday.\n", encoding="utf-8")
    files = sorted(SEEDS.glob("*.txt")) + [tmp_path / "zz_long.txt"]
    engine = FakeEngine()
    engine.sorts_by_length = False  # document order, as Apertium
    translate_paths(files, out=tmp_path / "out", engine=engine, glossary=None)
    assert list(engine_texts(files)) == engine.sentences_seen
    assert split_long(long)[1] in engine.sentences_seen  # the pieces, not the sentence
    assert "The Prime Minister said this on Monday." not in engine.sentences_seen


def test_a_long_article_is_read_from_its_head_only(tmp_path, monkeypatch):
    """Not a 50 MB article held twice while the run starts: its first HEAD_BYTES,
    whole paragraphs only, give the first of the texts the whole article gives."""
    import pipeline.prefetch as prefetch

    paragraphs = [f"Le paragraphe numéro {n} parle de l’OTAN. Il a une deuxième phrase ({n})." for n in range(400)]
    article = tmp_path / "long.txt"
    article.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    monkeypatch.setattr(prefetch, "HEAD_BYTES", 10_000)  # the article is 3 times this
    head = list(engine_texts([article]))
    monkeypatch.setattr(prefetch, "HEAD_BYTES", 1 << 30)
    whole = list(engine_texts([article]))
    assert len(whole) == 800 and 0 < len(head) < 800
    assert head == whole[:len(head)] and len(head) % 2 == 0  # whole paragraphs, none cut


@pytest.fixture
def context_free(monkeypatch):
    engines: list[ContextFree] = []

    class Registered(ContextFree):  # named as the glossary's repair engine: sent the sentences as written
        def __init__(self, workers: int = 0, delay: float = 0.0):
            super().__init__(name="apertium", workers=workers, delay=delay)
            engines.append(self)

    monkeypatch.setitem(registry.ENGINES, "contextfree", registry.EngineEntry("contextfree", lambda: Registered,
                                                                               "workers"))
    return engines


def outputs(out: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(out.glob("*.json"))}


def test_a_first_run_prefetches_and_writes_the_same_documents(tmp_path, context_free, corpus):
    translate_paths([corpus], out=tmp_path / "a", engine="contextfree", glossary=SEEDS.parent / "glossary")
    first = context_free[-1]
    assert "prefetch" in first.threads
    assert first.closed
    engine = FakeEngine(name="apertium")  # the same answers, without prefetch
    engine.sorts_by_length = False
    translate_paths([corpus], out=tmp_path / "b", engine=engine, glossary=SEEDS.parent / "glossary")
    assert outputs(tmp_path / "a") == outputs(tmp_path / "b")
    # prefetch and run together sent the engine what the run alone sends, no more
    assert sorted(first.sentences_seen) == sorted(engine.sentences_seen)


def test_no_prefetch_when_the_glossary_hides_terms_from_the_engine(tmp_path, monkeypatch, corpus):
    """An engine given placeholders is not sent the sentences as written: what
    a prefetch translated would never be asked for."""
    engines: list[ContextFree] = []

    class Placeholders(ContextFree):
        def __init__(self, workers: int = 0):
            super().__init__(workers=workers)
            engines.append(self)

    monkeypatch.setitem(registry.ENGINES, "placeholders",
                        registry.EngineEntry("placeholders", lambda: Placeholders, "workers"))
    translate_paths([corpus], out=tmp_path / "out", engine="placeholders", glossary=SEEDS.parent / "glossary")
    assert engines[-1].threads and "prefetch" not in engines[-1].threads
    assert any("91370" in s for s in engines[-1].sentences_seen)


def test_no_prefetch_when_out_has_a_memory_or_documents(tmp_path, context_free, corpus):
    out = tmp_path / "out"
    translate_paths([corpus], out=out, engine="contextfree", glossary=None)
    for doc in out.glob("*.json"):  # documents gone, memory kept: most sentences are in it
        doc.unlink()
    translate_paths([corpus], out=out, engine="contextfree", glossary=None)
    assert "prefetch" not in context_free[-1].threads
    assert context_free[-1].calls == []  # all from the memory


def test_a_run_that_fails_stops_the_prefetch_without_waiting_for_its_call(tmp_path, context_free, corpus, monkeypatch):
    """An invalid glossary (or Ctrl-C) is reported at once, not after the prefetch's
    call (256 sentences: seconds, or minutes for sentences Apertium takes one by
    one), and no call is made once the engine is closed."""
    import pipeline.glossary as glossary_module

    real_load = glossary_module.load_policy

    def slow_load(folder):  # a big glossary: the prefetch's first call is in flight when it fails
        deadline = time.monotonic() + 10
        while "prefetch" not in context_free[-1].threads and time.monotonic() < deadline:
            time.sleep(0.01)
        return real_load(folder)

    monkeypatch.setattr(glossary_module, "load_policy", slow_load)
    for k in range(3):  # more sentences than one prefetch call takes
        for path in sorted(SEEDS.glob("*.txt")):
            text = re.sub(r"([a-zà-ÿ]{3,})([.!?])(\s|$)", rf"\1 ({k})\2\3", path.read_text(encoding="utf-8"))
            (corpus / f"{path.stem}_{k}.txt").write_text(text, encoding="utf-8")
    glossary = tmp_path / "glossary"
    glossary.mkdir()
    (glossary / "terms.yaml").write_text("- fr: chat\n  en: cat\n", encoding="utf-8")  # kind and note missing
    start = time.monotonic()
    with pytest.raises(UsageError, match="missing field"):  # while the prefetch is at work (a slow engine)
        translate_paths([corpus], out=tmp_path / "out", engine="contextfree", glossary=glossary,
                        engine_options={"delay": 3.0})
    assert time.monotonic() - start < 2.5  # the 3 s call in flight was not waited for
    time.sleep(4)  # a prefetch left running would make its next call by now
    assert context_free[-1].closed and context_free[-1].after_close == 0
    assert "prefetch" in context_free[-1].threads
    assert not [t for t in threading.enumerate() if t.name.startswith("prefetch")]
    assert not list((tmp_path / "out").glob("*.json"))


def test_paragraphs_too_long_for_pysbd_are_left_to_the_run(tmp_path):
    import pipeline.prefetch as prefetch

    long = " ".join(f"Phrase numéro {n} de ce long paragraphe." for n in range(200))  # ~8,000 characters
    assert len(long) > prefetch.LONG_PARAGRAPH
    (tmp_path / "a.txt").write_text(f"Une phrase courte.\n\n{long}\n\nUne autre phrase.\n", encoding="utf-8")
    assert list(engine_texts([tmp_path / "a.txt"])) == ["Une phrase courte.", "Une autre phrase."]


def test_an_engine_that_loses_an_answer_is_reported_as_the_run_reports_it():
    class Lossy(ContextFree):
        def translate(self, sentences, progress=None):
            answers = super().translate(sentences, progress)
            return answers if threading.current_thread().name == "prefetch" else answers[:-1]

    engine = Lossy()
    prefetching = PrefetchingEngine(engine, iter(["Un."]), chunk=1)
    wait_for(lambda: prefetching.prefetched == 1)
    with pytest.raises(RuntimeError, match="returned 1 outputs for 2 inputs"):
        prefetching.translate(["Un.", "Deux.", "Trois."])


class Overlapping(ContextFree):
    """Calls may overlap, as on Apertium's pipe; a prefetch call blocks until released."""

    overlapping_calls = True

    def __init__(self, *args, fail_prefetch: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.started, self.release = threading.Event(), threading.Event()
        self.fail_prefetch = fail_prefetch
        self.lock = threading.Lock()

    def translate(self, sentences, progress=None):
        if threading.current_thread().name == "prefetch":
            self.started.set()
            self.release.wait(10)
            if self.fail_prefetch:
                raise RuntimeError("pipe broke")
        with self.lock:
            return super().translate(sentences, progress)


def test_with_overlapping_calls_the_first_call_does_not_wait_for_the_calls_in_flight():
    """The run's first call sends the texts no prefetch call carries at once (they
    queue behind on the pipe), then takes the answers of those in flight."""
    engine = Overlapping()
    prefetching = PrefetchingEngine(engine, iter(["Un.", "Deux."]), chunk=2)
    engine.started.wait(10)
    done: list[int] = []
    out: list = []
    call = threading.Thread(target=lambda: out.append(prefetching.translate(["Deux.", "Trois.", "Un."],
                                                                          progress=done.append)))
    call.start()
    wait_for(lambda: ["Trois."] in engine.calls)  # sent while the prefetch call is still in flight
    assert call.is_alive()  # ... and waits for its answers
    engine.release.set()
    call.join(10)
    assert [a.text for a in out[0]] == ["DEUX.", "TROIS.", "UN."]
    assert sorted(map(tuple, engine.calls)) == [("Trois.",), ("Un.", "Deux.")]  # nothing sent twice
    assert sum(done) == 3
    assert not [t for t in threading.enumerate() if t.name.startswith("prefetch")]


def test_with_overlapping_calls_a_failed_call_in_flight_leaves_its_texts_to_the_run():
    engine = Overlapping(fail_prefetch=True)
    prefetching = PrefetchingEngine(engine, iter(["Un.", "Deux."]), chunk=2)
    engine.started.wait(10)
    threading.Timer(0.1, engine.release.set).start()
    done: list[int] = []
    answers = prefetching.translate(["Deux.", "Trois.", "Un."], progress=done.append)
    assert [a.text for a in answers] == ["DEUX.", "TROIS.", "UN."]
    assert engine.calls == [["Trois."], ["Deux.", "Un."]]
    assert sum(done) == 3
