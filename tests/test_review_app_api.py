"""The review app's history, revert, suggestions, reviewer names and glossary entry management."""
from __future__ import annotations

import json

from pipeline.memory import Memory

from .review_fixtures import segment, translate
from .test_review_server import request


def post(server, path, body):
    status, text = request(server, "POST", path, body)
    return status, json.loads(text)


def get(server, path):
    status, text = request(server, "GET", path)
    return status, json.loads(text)


def test_edit_records_the_reviewer_and_answers_with_live_counts(review_project):
    _, out, server = review_project
    status, j = post(server, "/api/edit", {"document": "art", "segment": "p1.s2", "target": "Drones matter.",
                                           "approve": True, "reviewer": "Ana"})
    assert status == 200
    assert j["stats"]["status"]["approved"] == 1 and j["segment"]["reviewer"] == "Ana"
    assert 'data-status="approved"' in j["rows"]["p1.s2"]
    with Memory(out / "memory.sqlite") as memory:
        assert [e.reviewer for e in memory.edits_of("art")] == ["Ana"]


def test_history_diff_and_revert(review_project):
    _, out, server = review_project
    post(server, "/api/edit", {"document": "art", "segment": "p1.s2", "target": "Drones play a vital role."})
    post(server, "/api/edit", {"document": "art", "segment": "p1.s2", "target": "Drones play a vital role.",
                               "approve": True, "reviewer": "Ben"})
    status, h = get(server, "/api/history?document=art&segment=p1.s2")
    assert status == 200 and h["machine"] == "Drones play a key role."
    assert [v["status"] for v in h["history"]] == ["edited", "approved"] and h["history"][1]["reviewer"] == "Ben"
    assert "<del>key</del>" in h["current_diff"] and "<ins>vital</ins>" in h["current_diff"]
    status, j = post(server, "/api/revert", {"document": "art", "segment": "p1.s2"})
    assert status == 200 and j["segment"]["status"] == "machine"
    assert segment(out, "art", "p1.s2")["target"] == "Drones play a key role."
    status, h = get(server, "/api/history?document=art&segment=p1.s2")
    assert h["history"] == []          # the retired edit no longer sits on the segment…
    with Memory(out / "memory.sqlite") as memory:   # …but nothing was deleted
        assert [e.status for e in memory.edit_history("art", "p1.s2")] == ["edited", "approved", "reverted"]
    assert post(server, "/api/revert", {"document": "art", "segment": "p1.s2"})[0] == 400


def test_fuzzy_matches_from_approved_segments(review_project):
    seeds, out, server = review_project
    post(server, "/api/edit", {"document": "other", "segment": "p1.s2", "target": "The minister spoke up.",
                               "approve": True})
    (seeds / "third.txt").write_text("Le ministre a parlé longuement.\n", encoding="utf-8")
    translate(seeds, out)
    status, j = get(server, "/api/suggest?document=third&segment=p1.s1")
    assert status == 200 and len(j["matches"]) == 1
    m = j["matches"][0]
    assert m["target"] == "The minister spoke up." and 75 <= m["similarity"] < 100
    assert "<ins> longuement</ins>" in m["source_diff"]
    assert get(server, "/api/suggest?document=art&segment=p1.s1")[1]["matches"] == []


def test_approval_is_reused_in_other_documents_off_the_request_path(review_project):
    seeds, out, server = review_project
    (seeds / "third.txt").write_text("Le ministre a parlé.\n", encoding="utf-8")
    translate(seeds, out)
    post(server, "/api/edit", {"document": "other", "segment": "p1.s2", "target": "The minister spoke up.",
                               "approve": True})
    server.flush_pages()
    seg = segment(out, "third", "p1.s1")
    assert (seg["status"], seg["target"]) == ("propagated", "The minister spoke up.")


def test_glossary_entry_preview_warns_and_needs_confirmation(review_project):
    _, _, server = review_project
    clause = "pilote, géré par la Grande-Bretagne – l'un des leaders de cette coalition."
    status, j = post(server, "/api/glossary", {"document": "art", "source": clause, "target": "UK", "preview": True})
    assert status == 200 and len(j["warnings"]) >= 2 and "next `pipeline translate` run" in j["note"]
    status, j = post(server, "/api/glossary", {"document": "art", "source": clause, "target": "UK"})
    assert status == 409 and j["warnings"]
    assert "Grande-Bretagne – l" not in (server.glossary_dir / "terms.yaml").read_text()
    for single in ("a", "de"):
        assert post(server, "/api/glossary", {"document": "art", "source": single, "target": "b",
                                              "preview": True})[1]["warnings"]


def test_glossary_entry_preview_lists_before_and_after(review_project):
    _, _, server = review_project
    status, j = post(server, "/api/glossary", {"document": "art", "source": "drones", "target": "UAVs",
                                               "kind": "term", "preview": True})
    assert status == 200 and j["warnings"] == []
    assert j["segments"] == 1 and j["affected"][0]["segment"] == "p1.s2"
    assert "<mark>drones</mark>" in j["affected"][0]["before"] and "<ins>UAVs</ins>" in j["affected"][0]["after"]


def test_glossary_entry_add_update_delete(review_project):
    _, _, server = review_project
    status, j = post(server, "/api/glossary", {"document": "art", "source": "rôle clé", "target": "key role",
                                               "kind": "term", "variants": "rôles clés", "forbid": ["main role"],
                                               "note": "house style"})
    assert status == 200, j
    eid = j["entry"]["id"]
    assert get(server, f"/api/glossary/entry?id={eid}")[1]["entry"]["forbid"] == ["main role"]
    status, j = post(server, "/api/glossary/update", {"id": eid, "source": "rôle clé", "target": "pivotal role",
                                                      "kind": "term"})
    assert status == 200
    text = (server.glossary_dir / "terms.yaml").read_text()
    assert "pivotal role" in text and "en: key role" not in text
    from pipeline.glossary import load_glossary
    assert load_glossary(server.glossary_dir).errors == []
    status, j = post(server, "/api/glossary/delete", {"id": eid})
    assert status == 200 and "rôle clé" not in (server.glossary_dir / "terms.yaml").read_text()
    assert post(server, "/api/glossary/delete", {"id": eid})[0] == 400
