"""A translation run with a fake engine: memory reuse, edits, passthrough, limits, Ctrl-C."""
from __future__ import annotations

import json
import re

import pytest

from pipeline.memory import Memory
from pipeline.translate import Run

from .conftest import FakeEngine


def run(tmp_path, engine, paths, **kwargs):
    with Memory(tmp_path / "out" / "memory.sqlite") as memory:
        return Run(engine, memory, tmp_path / "out", **kwargs).run(paths)


def load(tmp_path, name):
    return json.loads((tmp_path / "out" / f"{name}.json").read_text())


def write(tmp_path, name, text):
    path = tmp_path / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_output_pairs_every_sentence_in_order(tmp_path, fake_engine):
    path = write(tmp_path, "a", "Un chat. Deux chiens.\n\nTrois oiseaux.\n")
    summary = run(tmp_path, fake_engine, [path])
    data = load(tmp_path, "a")
    assert [(s["id"], s["source"], s["target"]) for s in data["segments"]] == [
        ("p1.s1", "Un chat.", "UN CHAT."), ("p1.s2", "Deux chiens.", "DEUX CHIENS."),
        ("p2.s1", "Trois oiseaux.", "TROIS OISEAUX.")]
    assert all(s["engine"] == "fake" and s["model"] == "1" for s in data["segments"])
    assert summary.sentences == 3 and summary.translated == 3
    assert "| p2.s1 | Trois oiseaux. | TROIS OISEAUX. |" in (tmp_path / "out" / "a.md").read_text()


def test_rerun_reuses_memory_and_force_retranslates(tmp_path):
    path = write(tmp_path, "a", "Un chat. Deux chiens.\n")
    run(tmp_path, FakeEngine(), [path])
    again = FakeEngine()
    summary = run(tmp_path, again, [path])
    assert again.calls == [] and summary.reused == 2 and summary.translated == 0
    path.write_text("Un chat. Trois chiens.\n", encoding="utf-8")
    changed = FakeEngine()
    summary = run(tmp_path, changed, [path])
    assert changed.sentences_seen == ["Trois chiens."] and summary.reused == 1
    forced = FakeEngine()
    run(tmp_path, forced, [path], force=True)
    assert sorted(forced.sentences_seen) == ["Trois chiens.", "Un chat."]
    # A new model version is a different memory key.
    v2 = FakeEngine(version="2")
    run(tmp_path, v2, [path])
    assert len(v2.sentences_seen) == 2


def test_duplicate_sentences_are_translated_once(tmp_path):
    path = write(tmp_path, "a", "Titre répété\n\nTitre répété\n")
    engine = FakeEngine()
    run(tmp_path, engine, [path])
    assert engine.sentences_seen == ["Titre répété"]
    assert [s["target"] for s in load(tmp_path, "a")["segments"]] == ["TITRE RÉPÉTÉ"] * 2


def test_english_boilerplate_is_passed_through(tmp_path):
    path = write(tmp_path, "a", "Le drone vole.\n\nLeave a Comment\n")
    engine = FakeEngine()
    run(tmp_path, engine, [path])
    segments = load(tmp_path, "a")["segments"]
    assert engine.sentences_seen == ["Le drone vole."]
    assert segments[1]["status"] == "passthrough" and segments[1]["target"] == "Leave a Comment"


def test_reviewer_edits_survive_reruns_and_go_stale_when_the_source_changes(tmp_path):
    path = write(tmp_path, "a", "Un chat. Deux chiens.\n")
    run(tmp_path, FakeEngine(), [path])
    with Memory(tmp_path / "out" / "memory.sqlite") as memory:
        memory.save_edit("a", "p1.s1", "Un chat.", "A cat.", status="approved")
    run(tmp_path, FakeEngine(), [path], force=True)
    seg = load(tmp_path, "a")["segments"][0]
    assert (seg["target"], seg["status"]) == ("A cat.", "approved")

    path.write_text("Un gros chat. Deux chiens.\n", encoding="utf-8")
    run(tmp_path, FakeEngine(), [path])
    seg = load(tmp_path, "a")["segments"][0]
    assert seg["target"] == "UN GROS CHAT." and seg["status"] == "machine"
    stale = seg["stale_edit"]
    assert (stale["source"], stale["target"], stale["status"]) == ("Un chat.", "A cat.", "approved")
    assert stale["similarity"] >= 75
    assert any(f["code"] == "stale-edit" for f in seg["flags"])


def test_a_30000_character_paragraph_is_split_for_the_engine_and_nothing_is_lost(tmp_path):
    words = [f"mot{i}" for i in range(5000)]
    text = " ".join(words)
    assert len(text) > 30000 and not re.search(r"[.!?]", text)
    path = write(tmp_path, "long", text + "\n")
    engine = FakeEngine(max_chars=600)
    run(tmp_path, engine, [path])
    assert len(engine.calls[0]) > 1
    target = " ".join(s["target"] for s in load(tmp_path, "long")["segments"])
    assert target.split() == [w.upper() for w in words]


def test_windows_stream_documents(tmp_path):
    paths = [write(tmp_path, f"d{i}", f"Phrase {i} un. Phrase {i} deux.\n") for i in range(5)]
    engine = FakeEngine()
    summary = run(tmp_path, engine, paths, window=4)
    assert summary.documents == 5 and summary.sentences == 10
    assert len(engine.calls) == 3  # windows of 2+2+1 documents, one engine call each


def test_ctrl_c_leaves_no_partial_output_and_the_next_run_resumes(tmp_path):
    paths = [write(tmp_path, f"d{i}", f"Phrase {i} un. Phrase {i} deux.\n") for i in range(4)]
    interrupted = FakeEngine(interrupt_on_call=1)
    with pytest.raises(KeyboardInterrupt):
        run(tmp_path, interrupted, paths, commit_every=2)
    out = tmp_path / "out"
    # The first batch's document was finished before the interrupt, and stays;
    # nothing else was written, not even in part.
    assert sorted(p.name for p in out.glob("*.json")) == ["d0.json"]
    assert [s["target"] for s in load(tmp_path, "d0")["segments"]] == ["PHRASE 0 UN.", "PHRASE 0 DEUX."]
    assert not list(out.glob(".*tmp")) and not list(out.glob("*.md.*")) and not list(out.glob("*.json.*"))
    resumed = FakeEngine()
    summary = run(tmp_path, resumed, paths, commit_every=2)
    assert summary.reused == 2 and len(resumed.sentences_seen) == 6
    assert len(list(out.glob("*.json"))) == 4


def test_bad_documents_are_reported_and_the_others_written(tmp_path):
    good = write(tmp_path, "good", "Bonjour.\n")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"caf\xe9")
    empty = write(tmp_path, "empty", "  \n")
    summary = run(tmp_path, FakeEngine(), [bad, good, empty])
    assert [p for p, _ in summary.failed] == [str(bad)]
    assert (tmp_path / "out" / "good.json").exists()
    assert load(tmp_path, "empty")["segments"] == []
    assert any("empty document" in w for w in summary.warnings)


def test_unchanged_documents_are_not_reprocessed(tmp_path, monkeypatch):
    path = write(tmp_path, "a", "Un chat. Deux chiens.\n")
    run(tmp_path, FakeEngine(), [path])
    parsed = []
    import pipeline.translate as translate_module
    real_parse = translate_module.iter_paragraphs
    monkeypatch.setattr(translate_module, "iter_paragraphs", lambda *a: parsed.append(a) or real_parse(*a))
    summary = run(tmp_path, FakeEngine(), [path])
    assert parsed == [] and summary.sentences == 2 and summary.reused == 2
    # Each input of the fingerprint makes the document run again.
    with Memory(tmp_path / "out" / "memory.sqlite") as memory:
        memory.save_edit("a", "p1.s1", "Un chat.", "A cat.")
    run(tmp_path, FakeEngine(), [path])
    assert len(parsed) == 1 and load(tmp_path, "a")["segments"][0]["target"] == "A cat."
    run(tmp_path, FakeEngine(version="2"), [path])
    assert len(parsed) == 2
    (tmp_path / "out" / "a.md").unlink()
    run(tmp_path, FakeEngine(version="2"), [path])
    assert len(parsed) == 3 and (tmp_path / "out" / "a.md").exists()


def test_repair_lookups_travel_with_the_sentences_batch(tmp_path):
    """The repair needs how the engine renders a term alone ("coalition of the
    drones"); those lookups go in the sentences' own engine call, never in a
    call of their own from the main thread, and the progress counts sentences only."""
    from pipeline.glossary.enforce import GlossaryPolicy
    from pipeline.glossary.schema import Entry, Glossary
    from pipeline.translate import Progress

    class Counting(Progress):
        done = 0

        def sentences_done(self, n):
            self.done += n

    glossary = Glossary([Entry(fr="coalition des drones", en="drone coalition", kind="term", note="t")], [], [])
    engine = FakeEngine(name="apertium", table={
        "La coalition des drones avance.": "The coalition of the drones advances.",
        "coalition des drones": "coalition of the drones",
        "la coalition des drones": "the coalition of the drones"})
    path = write(tmp_path, "a", "La coalition des drones avance.\n\nUn chat.\n")
    progress = Counting()
    run(tmp_path, engine, [path], policy=GlossaryPolicy(glossary), progress=progress, commit_every=1)
    segments = load(tmp_path, "a")["segments"]
    assert segments[0]["target"] == "The drone coalition advances."
    assert segments[0]["terms"][0]["status"] == "ok"
    assert len(engine.calls) == 2  # one per batch (commit_every=1), lookups included
    assert "coalition des drones" in engine.calls[0]
    assert progress.done == 2


def test_engine_warmed_up_once_when_there_is_work_and_never_on_a_no_op(tmp_path):
    class Warming(FakeEngine):
        warmed = 0

        def warm_up(self):
            self.warmed += 1

    paths = [write(tmp_path, "a", "Un chat.\n"), write(tmp_path, "b", "Deux chiens.\n")]
    first = Warming()
    run(tmp_path, first, paths)
    assert first.warmed == 1 and first.calls
    again = Warming()
    run(tmp_path, again, paths)
    assert again.warmed == 0 and not again.calls


def test_a_policy_without_lookups_still_works(tmp_path):
    """A TermPolicy written before take_lookups/store_lookups existed (the three
    documented methods and a version) is still run, not refused."""
    from pipeline.terms import Prepared

    class OldPolicy:
        version = "old"

        def fingerprint(self, source):
            return ""

        def prepare(self, source):
            return Prepared(source=source, engine_input=source)

        def finish(self, prepared, translation):
            return translation.text + " [checked]", []

    path = write(tmp_path, "a", "Un chat.\n")
    run(tmp_path, FakeEngine(), [path], policy=OldPolicy())
    assert load(tmp_path, "a")["segments"][0]["target"] == "UN CHAT. [checked]"


def test_a_sentence_the_previous_window_is_translating_is_translated_once(tmp_path):
    """Window 2 is started (its misses queued) before window 1 is finished, so the
    memory does not have window 1's sentences yet: a repeat is taken from window 1."""
    paths = [write(tmp_path, "d0", "Bonjour tout le monde. Il pleut.\n"),
             write(tmp_path, "d1", "Il pleut. Il neige.\n")]
    engine = FakeEngine()
    summary = run(tmp_path, engine, paths, window=2, commit_every=2)
    assert sorted(engine.sentences_seen) == ["Bonjour tout le monde.", "Il neige.", "Il pleut."]
    assert (summary.translated, summary.reused) == (3, 1)
    assert [s["target"] for s in load(tmp_path, "d1")["segments"]] == ["IL PLEUT.", "IL NEIGE."]


@pytest.mark.parametrize("sorts_by_length, written", [(False, ["d0", "d1"]), (True, ["d0"])])
def test_documents_are_written_as_soon_as_their_sentences_are_done(tmp_path, sorts_by_length, written):
    """An engine without length batches (apertium) gets document order, so each
    document is written while the engine works on the next ones; a length-sorting
    engine's documents are complete only at the end of their window. Seen through
    an interrupt on the third engine call: what was written by then stays."""
    paths = [write(tmp_path, f"d{i}", f"Phrase {i} un. Phrase {i} deux.\n") for i in range(4)]
    engine = FakeEngine(interrupt_on_call=2)
    engine.sorts_by_length = sorts_by_length
    with pytest.raises(KeyboardInterrupt):
        run(tmp_path, engine, paths, window=6, commit_every=2)  # windows: d0, then d1-d3
    assert sorted(p.stem for p in (tmp_path / "out").glob("*.json")) == written
    assert not list((tmp_path / "out").glob(".*.tmp"))


def test_the_runs_last_batch_goes_in_halves(tmp_path):
    """Nothing overlaps the finishing of the run's last batch: when it has not
    been sent yet as the last document is read, it is cut in halves down to
    32 sentences or fewer, and the output is the same."""
    first = write(tmp_path, "a", " ".join(f"Phrase {n}." for n in range(128)) + "\n")
    second = write(tmp_path, "b", " ".join(f"Phrase numéro {n}." for n in range(600)) + "\n")
    engine = FakeEngine()
    engine.sorts_by_length = False
    run(tmp_path, engine, [first, second], commit_every=128)
    assert [len(c) for c in engine.calls] == [128, 128, 128, 128, 128, 44, 22, 22]  # 600 = 4 × 128 + 88
    segments = load(tmp_path, "b")["segments"]
    assert " ".join(s["source"] for s in segments) == " ".join(f"Phrase numéro {n}." for n in range(600))
    assert [s["target"] for s in segments] == [s["source"].upper() for s in segments]


def test_an_edit_saved_while_a_long_document_is_rewritten_is_in_its_new_json(tmp_path, monkeypatch):
    """A reviewer saves an edit to part 1 of a document while the run is still on
    its part 2 (the review app writes it into the old out/<doc>.json, which the
    run's commit then replaces): the new JSON has the edit all the same."""
    import threading

    from pipeline.review.apply import EditRequest, apply_edits

    paragraphs = [f"Phrase {n} du paragraphe." for n in range(12)]
    path = write(tmp_path, "long", "\n".join(paragraphs) + "\n")
    run(tmp_path, FakeEngine(), [path], window=4, commit_every=4)
    first_id = load(tmp_path, "long")["segments"][0]["id"]

    real = Run._write_window_part
    saved = []

    def write_part(self, window, d):
        if window.parts[d].last and not saved:  # between parts, from another thread, as the review app
            edit = EditRequest(first_id, "Sentence one, by a reviewer.", "edited", "ana")
            worker = threading.Thread(target=lambda: saved.append(
                apply_edits(tmp_path / "out", "long", [edit], rebuild_pages=False)))
            worker.start()
            worker.join()
        return real(self, window, d)

    monkeypatch.setattr(Run, "_write_window_part", write_part)
    run(tmp_path, FakeEngine(version="2"), [path], window=4, commit_every=4)
    assert saved
    segments = load(tmp_path, "long")["segments"]
    assert (segments[0]["target"], segments[0]["status"]) == ("Sentence one, by a reviewer.", "edited")
    assert [s["target"] for s in segments[1:]] == [p.upper() for p in paragraphs[1:]]
