"""Edits follow their sentence by content: revisions, moves, duplicates, stale edits, orphans, reuse."""
from __future__ import annotations

import sqlite3

from pipeline.memory import Edit, Memory
from pipeline.review.identity import place_edits, source_key

from .review_fixtures import translate


def _edit(sid, source, target, prev=None, nxt=None, uid=None):
    return Edit("d", sid, source, target, "edited", 0.0, uid=uid, prev_key=prev, next_key=nxt)


def _sentences(paragraphs):
    out = []
    for p, para in enumerate(paragraphs, 1):
        for s, text in enumerate(para, 1):
            out.append((f"p{p}.s{s}", text))
    return out


ORIGINAL = [["Un chat dort.", "Il fait beau."], ["Le maire a parlé.", "La ville est calme."], ["Fin du texte."]]


def _edits_for(sentences, targets):
    """Edits as the app would store them: anchored on their neighbours."""
    from pipeline.review.identity import anchors
    a = anchors([t for _, t in sentences])
    by_id = dict(sentences)
    out = []
    for n, (sid, target) in enumerate(targets.items()):
        i = [s for s, _ in sentences].index(sid)
        out.append(_edit(sid, by_id[sid], target, a[i].prev, a[i].next, uid=n + 1))
    return out


def _targets(placed):
    return {sid: (p.kind, p.edit.target) for sid, p in placed.items()}


def test_inserted_paragraph_at_the_top_moves_every_edit_with_its_sentence():
    old = _sentences(ORIGINAL)
    edits = _edits_for(old, {"p1.s1": "A cat sleeps.", "p2.s1": "The mayor spoke.", "p3.s1": "The end."})
    new = _sentences([["Nouveau chapeau.", "Encore une phrase."]] + ORIGINAL)
    placed, orphans = place_edits(new, edits)
    assert _targets(placed) == {"p2.s1": ("exact", "A cat sleeps."), "p3.s1": ("exact", "The mayor spoke."),
                                "p4.s1": ("exact", "The end.")}
    assert orphans == []


def test_removed_and_moved_paragraphs():
    old = _sentences(ORIGINAL)
    edits = _edits_for(old, {"p1.s2": "The weather is fine.", "p2.s2": "The town is calm.", "p3.s1": "The end."})
    new = _sentences([ORIGINAL[2], ORIGINAL[1]])          # p1 removed, p2/p3 swapped
    placed, orphans = place_edits(new, edits)
    assert _targets(placed) == {"p1.s1": ("exact", "The end."), "p2.s2": ("exact", "The town is calm.")}
    assert [e.target for e in orphans] == ["The weather is fine."]


def test_only_the_sentence_whose_text_changed_is_stale():
    old = _sentences(ORIGINAL)
    edits = _edits_for(old, {"p2.s1": "The mayor spoke.", "p2.s2": "The town is calm."})
    new = _sentences([["Tout nouveau."], ORIGINAL[0], ["Le maire a longuement parlé.", "La ville est calme."]])
    placed, orphans = place_edits(new, edits)
    assert placed["p3.s2"].kind == "exact" and placed["p3.s2"].edit.target == "The town is calm."
    assert placed["p3.s1"].kind == "stale" and placed["p3.s1"].edit.target == "The mayor spoke."
    assert placed["p3.s1"].similarity >= 75
    assert set(placed) == {"p3.s1", "p3.s2"} and orphans == []


def test_a_rewritten_sentence_below_the_threshold_is_an_orphan_not_a_stale_flag_elsewhere():
    old = _sentences(ORIGINAL)
    edits = _edits_for(old, {"p2.s1": "The mayor spoke."})
    new = _sentences([["Un chat dort.", "Il fait beau."], ["Rien à voir avec avant.", "La ville est calme."]])
    placed, orphans = place_edits(new, edits)
    assert placed == {} and [e.target for e in orphans] == ["The mayor spoke."]


def test_duplicates_keep_their_own_edits_by_context():
    old = _sentences([["Titre répété.", "Suite A."], ["Titre répété.", "Suite B."]])
    edits = _edits_for(old, {"p1.s1": "Headline A.", "p2.s1": "Headline B."})
    new = _sentences([["Ajout."], ["Titre répété.", "Suite B."], ["Titre répété.", "Suite A."]])
    placed, _ = place_edits(new, edits)
    # order alone would say A then B: the context says the blocks were swapped
    assert placed["p2.s1"].edit.target == "Headline B."
    assert placed["p3.s1"].edit.target == "Headline A."


def test_a_changed_occurrence_of_a_repeated_sentence_is_stale_the_other_keeps_its_edit():
    old = _sentences([["Titre répété."], ["Titre répété.", "Suite."]])
    edits = _edits_for(old, {"p1.s1": "Headline.", "p2.s1": "Same headline."})
    new = _sentences([["Titre répété !"], ["Titre répété.", "Suite."]])
    placed, orphans = place_edits(new, edits)
    assert placed["p2.s1"].exact and placed["p2.s1"].edit.target == "Same headline."
    assert placed["p1.s1"].kind == "stale" and placed["p1.s1"].edit.target == "Headline."
    assert orphans == []


def test_duplicates_without_context_keep_their_order_after_a_shift():
    # before: [["Même phrase."], ["Même phrase."]]
    edits = [_edit("p1.s1", "Même phrase.", "First."), _edit("p2.s1", "Même phrase.", "Second.")]
    new = _sentences([["Nouveau."], ["Même phrase."], ["Même phrase."]])
    placed, _ = place_edits(new, edits)
    assert placed["p2.s1"].edit.target == "First." and placed["p3.s1"].edit.target == "Second."


def test_normalised_text_matches_across_typographic_variants():
    assert source_key("L’homme  a\u00a0dit « oui ».") == source_key("L'homme a dit « oui ».")
    placed, _ = place_edits([("p1.s1", "L'homme a dit.")], [_edit("p9.s9", "L’homme  a dit.", "The man said.")])
    assert placed["p1.s1"].exact


# -- through the run -----------------------------------------------------------------
def _write(seeds, text):
    (seeds / "art.txt").write_text(text, encoding="utf-8")


def _segs(out):
    import json
    return {s["id"]: s for s in json.loads((out / "art.json").read_text(encoding="utf-8"))["segments"]}


def test_run_after_a_revision_keeps_every_edit_on_its_sentence(tmp_path):
    from pipeline.review.apply import edit_segment
    seeds, out = tmp_path / "seeds", tmp_path / "out"
    seeds.mkdir()
    _write(seeds, "Huit pays ont rejoint la coalition. Le ministre a parlé.\nLes drones jouent un rôle clé.\n")
    translate(seeds, out)
    edit_segment(out, "art", "p1.s2", "The minister has spoken.", approve=True)
    edit_segment(out, "art", "p2.s1", "Drones are key.")
    _write(seeds, "Un paragraphe tout neuf.\nLes drones jouent un rôle clé.\n"
                  "Huit pays ont rejoint la coalition. Le ministre a parlé longuement.\n")
    translate(seeds, out)
    segs = _segs(out)
    assert (segs["p2.s1"]["target"], segs["p2.s1"]["status"]) == ("Drones are key.", "edited")
    assert segs["p3.s2"]["target"] == "The minister spoke at length." and segs["p3.s2"]["status"] == "machine"
    assert segs["p3.s2"]["stale_edit"]["target"] == "The minister has spoken."
    stale_flags = [sid for sid, s in segs.items() if any(f["code"] == "stale-edit" for f in s["flags"])]
    assert stale_flags == ["p3.s2"]
    # reusing the stale edit updates that same edit (no orphan left behind)
    edit_segment(out, "art", "p3.s2", segs["p3.s2"]["stale_edit"]["target"], approve=True)
    with Memory(out / "memory.sqlite") as memory:
        edits = memory.edits_of("art")
        assert len(edits) == 2
        history = memory.history_of(next(e.uid for e in edits if e.target == "The minister has spoken."))
        assert [h.source for h in history] == ["Le ministre a parlé.", "Le ministre a parlé longuement."]


def test_position_keyed_memory_is_migrated_without_loss(tmp_path):
    seeds, out = tmp_path / "seeds", tmp_path / "out"
    seeds.mkdir()
    _write(seeds, "Huit pays ont rejoint la coalition. Le ministre a parlé.\n")
    translate(seeds, out)
    db = out / "memory.sqlite"
    con = sqlite3.connect(db)
    con.executescript("""
        DROP TABLE edits; DROP TABLE edit_history;
        CREATE TABLE edits (document TEXT NOT NULL, segment_id TEXT NOT NULL, source TEXT NOT NULL,
            target TEXT NOT NULL, status TEXT NOT NULL CHECK (status IN ('edited', 'approved')),
            updated REAL NOT NULL, PRIMARY KEY (document, segment_id));
        CREATE TABLE edit_history (id INTEGER PRIMARY KEY AUTOINCREMENT, document TEXT NOT NULL,
            segment_id TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL, status TEXT NOT NULL,
            updated REAL NOT NULL);
        INSERT INTO edits VALUES ('art', 'p1.s2', 'Le ministre a parlé.', 'The minister talked.', 'approved', 1.0);
        INSERT INTO edits VALUES ('gone', 'p4.s1', 'Phrase disparue.', 'Gone sentence.', 'edited', 2.0);
        INSERT INTO edit_history (document, segment_id, source, target, status, updated)
            VALUES ('art', 'p1.s2', 'Le ministre a parlé.', 'The minister talked.', 'approved', 1.0);
    """)
    con.commit()
    con.close()
    _write(seeds, "Tout neuf.\nHuit pays ont rejoint la coalition. Le ministre a parlé.\n")
    translate(seeds, out)
    segs = _segs(out)
    assert (segs["p2.s2"]["target"], segs["p2.s2"]["status"]) == ("The minister talked.", "approved")
    with Memory(db) as memory:
        assert sorted(e.target for e in memory.all_edits()) == ["Gone sentence.", "The minister talked."]
        uid = next(e.uid for e in memory.all_edits() if e.document == "art")
        assert [h.target for h in memory.history_of(uid)] == ["The minister talked."]
        assert memory.get_edit(uid).next_key == ""   # anchored by the run


def test_approval_is_reused_on_identical_sentences_and_can_be_overridden(tmp_path):
    from pipeline.review.apply import edit_segment

    from .review_fixtures import make_project, segment
    seeds, out = make_project(tmp_path)
    (seeds / "third.txt").write_text("Le ministre a parlé.\nLe ministre a parlé.\n", encoding="utf-8")
    translate(seeds, out)
    edit_segment(out, "other", "p1.s2", "The minister made a speech.", approve=True)
    for sid in ("p1.s1", "p2.s1"):
        seg = segment(out, "third", sid)
        assert (seg["status"], seg["target"]) == ("propagated", "The minister made a speech.")
        assert seg["propagated_from"] == {"document": "other", "segment": "p1.s2"}
    edit_segment(out, "third", "p2.s1", "The minister spoke up.")
    translate(seeds, out)   # a re-run keeps both the reuse and the override
    assert segment(out, "third", "p1.s1")["status"] == "propagated"
    assert (segment(out, "third", "p2.s1")["status"], segment(out, "third", "p2.s1")["target"]) == (
        "edited", "The minister spoke up.")
    # a fresh run on a new document reuses too, without asking the engine
    (seeds / "fourth.txt").write_text("Le ministre a parlé.\n", encoding="utf-8")
    from .review_fixtures import dict_engine
    engine = dict_engine()
    translate(seeds, out, engine=engine)
    assert segment(out, "fourth", "p1.s1")["status"] == "propagated"
    assert all("Le ministre a parlé." not in call for call in engine.calls)


def test_orphans_are_listed_not_lost(tmp_path):
    import subprocess
    import sys

    from pipeline.review.apply import edit_segment

    from .review_fixtures import ROOT, make_project
    seeds, out = make_project(tmp_path)
    edit_segment(out, "other", "p1.s2", "The minister spoke briefly.")
    edit_segment(out, "other", "p1.s1", "Eight nations joined the coalition.")
    (seeds / "other.txt").write_text("Une phrase sans rapport aucun.\n", encoding="utf-8")
    translate(seeds, out)
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    res = subprocess.run([sys.executable, "-m", "pipeline", "review", "orphans", "--out", str(out)],
                         capture_output=True, text=True, env=env)
    assert res.returncode == 0, res.stderr
    lines = res.stdout.strip().splitlines()
    assert sorted(line.split("\t")[-1] for line in lines) == ["Eight nations joined the coalition.",
                                                        "The minister spoke briefly."]
    assert "2 orphaned edits" in res.stderr
