"""Hostile input to the review app and the review pages: clear answers, nothing lost, nothing crashes."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys

import pytest

from pipeline.memory import Memory

from ..review_fixtures import ROOT, make_project, segment
from ..test_review_server import request


def raw_post(server, body: bytes, path="/api/edit"):
    """POST raw bytes (the JSON may be anything), return (status, parsed JSON body)."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
                f"Origin: http://127.0.0.1:{server.port}\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode()
        sock.sendall(head + body)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    assert data, "connection dropped without an answer"
    head, _, payload = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), json.loads(payload.decode())


@pytest.mark.parametrize("body", [
    b"[" * 100_000 + b"]" * 100_000,                                   # deep nesting
    b'{"document": "art", "segment": "p1.s1", "target": {"a": ' + b'{"a": ' * 50 + b"1" + b"}" * 51 + b"}",
    b'{"document": "art", "segment": "p1.s1", "target": "bad \\ud800 surrogate"}',
    b'{"document": "art", "segment": "p1.s1", "target": "x", "reviewer": "\\udfff"}',
    b'{"document": "art", "segment": "p1.s1", "approve": "false"}',
    b'{"document": "art", "segment": "p1.s1", "approve": 1}',
    b'{"document": "art", "segment": ["p1.s1"], "target": "x"}',
    b'{"document": 7, "segment": "p1.s1", "target": "x"}',
    b'{"document": "art", "segment": "p1.s1", "target": 12}',
    b'\xff\xfe{"document"',
    b'{"document": "art", "segment": "p1.s1", "target": "NaN", "approve": NaN}',
    b'"just a string"',
])
def test_malformed_requests_get_a_400_with_a_message_and_change_nothing(review_app, body, capfd):
    before = (review_app.out_dir / "art.json").read_text()
    status, payload = raw_post(review_app, body)
    assert status == 400 and payload["error"]
    assert (review_app.out_dir / "art.json").read_text() == before
    assert "Traceback" not in capfd.readouterr().err


def test_approve_false_as_text_does_not_approve(review_app):
    status, payload = raw_post(review_app, b'{"document": "art", "segment": "p1.s1", "approve": "false"}')
    assert status == 400 and "true or false" in payload["error"]
    assert segment(review_app.out_dir, "art", "p1.s1")["status"] == "machine"


@pytest.mark.parametrize("target", ["Drones\x00 play.", "Drones\nplay.", "Drones\x1b[31m play.", "Drones\x7f.",
                                    "Drones\u0085 play."])
def test_control_characters_in_edits_are_refused_with_a_message(review_app, target):
    status, body = request(review_app, "POST", "/api/edit", {"document": "art", "segment": "p1.s2", "target": target})
    assert status == 400 and "character" in json.loads(body)["error"] or "line break" in json.loads(body)["error"]
    assert segment(review_app.out_dir, "art", "p1.s2")["status"] == "machine"
    with Memory(review_app.out_dir / "memory.sqlite") as memory:
        assert memory.edits_of("art") == []


def test_cli_edit_refuses_control_characters(tmp_path):
    _, out = make_project(tmp_path)
    res = subprocess.run([sys.executable, "-m", "pipeline", "review", "edit", "art", "p1.s2", "--target",
                          "Drones\x1b play.", "--out", str(out)], capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert res.returncode == 2 and "control character" in res.stderr and "Traceback" not in res.stderr


def _stray(out):
    (out / "stray.json").write_text('{"not": "a document"}', encoding="utf-8")
    (out / "broken.json").write_text('{"document": "broken", "segments": [', encoding="utf-8")
    (out / "list.json").write_text('[1, 2, 3]', encoding="utf-8")
    (out / "badseg.json").write_text(json.dumps({"document": "badseg", "segments": [{"id": 3}]}), encoding="utf-8")
    outside = out.parent / "elsewhere.json"
    outside.write_text((out / "art.json").read_text(), encoding="utf-8")
    (out / "linked.json").symlink_to(outside)
    (out / "loop.json").symlink_to(out / "loop.json")


def test_stray_and_symlinked_json_do_not_break_the_index(review_app):
    _stray(review_app.out_dir)
    status, html = request(review_app, "GET", "/")
    assert status == 200 and 'href="art.html"' in html
    assert "broken" in html                      # listed as unreadable, with its error
    assert "<code>linked</code>" not in html and "linked.html" not in html   # a symlink is not ours
    assert request(review_app, "GET", "/linked.html")[0] == 404
    assert request(review_app, "GET", "/stray.html")[0] in (400, 404)


def test_review_build_fails_only_the_bad_documents(tmp_path):
    _, out = make_project(tmp_path)
    _stray(out)
    res = subprocess.run([sys.executable, "-m", "pipeline", "review", "build", "--out", str(out)],
                         capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert res.returncode == 1 and "Traceback" not in res.stderr
    assert "broken.json" in res.stderr and "stray.json" in res.stderr
    assert (out / "review" / "art.html").exists() and (out / "review" / "other.html").exists()
    assert (out / "review" / "index.html").exists()
    assert not (out / "review" / "linked.html").exists()


def test_a_document_named_index_does_not_overwrite_the_index(tmp_path):
    from .. import review_fixtures
    seeds, out = make_project(tmp_path)
    (seeds / "index.txt").write_text("Le ministre a parlé.\n", encoding="utf-8")
    (seeds / "index.document.txt").write_text("Huit pays ont rejoint la coalition.\n", encoding="utf-8")
    review_fixtures.translate(seeds, out)
    from pipeline.review.pages import build_pages
    build_pages(out)
    index = (out / "review" / "index.html").read_text()
    assert "<h1>Review</h1>" in index and 'href="index.document.html"' in index
    assert "Le ministre a parlé." in (out / "review" / "index.document.html").read_text()
    assert "Huit pays" in (out / "review" / "index.document.document.html").read_text()


def test_static_pages_and_exports_get_the_users_file_mode(tmp_path):
    old = os.umask(0o022)
    try:
        import importlib

        import pipeline.atomic
        importlib.reload(pipeline.atomic)       # FILE_MODE is read from the umask at import
        from pipeline.atomic import write_text_atomic
        from pipeline.review.pages import build_pages
        _, out = make_project(tmp_path)
        build_pages(out)
        from pipeline.exchange.tmx import export_tmx
        export_tmx(out, out / "export" / "corpus.tmx", ["art", "other"])
        for path in [out / "review" / "index.html", out / "review" / "art.html", out / "art.json",
                     out / "export" / "corpus.tmx"]:
            assert path.stat().st_mode & 0o777 == 0o644, path
        assert write_text_atomic  # the module the writers use
    finally:
        os.umask(old)


def test_qa_reports_a_stray_document_and_checks_the_others(tmp_path):
    _, out = make_project(tmp_path)
    _stray(out)
    res = subprocess.run([sys.executable, "-m", "pipeline", "qa", "--out", str(out)],
                         capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert res.returncode == 1 and "Traceback" not in res.stderr
    assert "broken.json" in res.stderr and "art:" in res.stdout and "other:" in res.stdout


def test_a_copied_document_file_saves_under_its_own_name(review_app):
    data = json.loads((review_app.out_dir / "art.json").read_text())
    data["document"] = "../escaped"
    (review_app.out_dir / "copy.json").write_text(json.dumps(data), encoding="utf-8")
    status, _ = request(review_app, "POST", "/api/edit", {"document": "copy", "segment": "p1.s2", "target": "Copied."})
    assert status == 200
    assert segment(review_app.out_dir, "copy", "p1.s2")["target"] == "Copied."
    assert not (review_app.out_dir.parent / "escaped.json").exists()
    assert segment(review_app.out_dir, "art", "p1.s2")["status"] == "machine"


def test_a_fifo_or_folder_named_json_is_not_a_document(review_app):
    os.mkfifo(review_app.out_dir / "pipe.json")
    (review_app.out_dir / "folder.json").mkdir()
    status, html = request(review_app, "GET", "/")
    assert status == 200 and "pipe" not in html and "folder" not in html
