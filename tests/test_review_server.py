"""The review app over HTTP: pages, edits, glossary entries, and what it refuses."""
from __future__ import annotations

import http.client
import json

import pytest

from pipeline.memory import Memory

from .review_fixtures import segment


def request(server, method, path, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    hdrs = {"Host": f"127.0.0.1:{server.port}"}
    if body is not None:
        hdrs.update({"Content-Type": "application/json", "Origin": f"http://127.0.0.1:{server.port}"})
        body = json.dumps(body)
    hdrs.update(headers or {})
    conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
    for k, v in hdrs.items():
        conn.putheader(k, v)
    data = body.encode() if body else b""
    if body is not None:
        conn.putheader("Content-Length", str(len(data)))
    conn.endheaders(data or None)
    resp = conn.getresponse()
    payload = resp.read().decode()
    conn.close()
    return resp.status, payload


def test_binds_loopback_only(review_app):
    assert review_app.server_address[0] == "127.0.0.1"


def test_pages(review_app):
    status, html = request(review_app, "GET", "/")
    assert status == 200 and 'href="art.html"' in html
    status, html = request(review_app, "GET", "/art.html")
    assert status == 200 and "&lt;script&gt;" in html and "button" in html
    assert request(review_app, "GET", "/nope.html")[0] == 404


@pytest.mark.parametrize("path", ["/../../etc/passwd", "/..%2f..%2fetc%2fpasswd", "/%2e%2e/%2e%2e/etc/passwd",
                                  "/review/../../memory.sqlite", "/memory.sqlite", "/art.json"])
def test_paths_outside_the_project_are_refused(review_app, path):
    status, body = request(review_app, "GET", path)
    assert status in (403, 404)
    assert "root:" not in body and "SQLite" not in body


def test_other_origins_and_hosts_are_refused(review_app):
    body = {"document": "art", "segment": "p1.s2", "target": "Hacked."}
    status, _ = request(review_app, "POST", "/api/edit", body, headers={"Origin": "http://evil.example"})
    assert status == 403
    status, _ = request(review_app, "POST", "/api/edit", body, headers={"Host": "evil.example:80"})
    assert status == 403
    status, _ = request(review_app, "GET", "/", headers={"Host": "rebind.evil.example"})
    assert status == 403
    status, _ = request(review_app, "POST", "/api/edit", body, headers={"Sec-Fetch-Site": "cross-site"})
    assert status == 403
    # no Origin at all (e.g. a form from a file:// page or curl without one)
    conn_body = json.dumps(body).encode()
    conn = http.client.HTTPConnection("127.0.0.1", review_app.port, timeout=10)
    conn.request("POST", "/api/edit", conn_body, {"Content-Type": "application/json"})
    assert conn.getresponse().status == 403
    conn.close()
    assert segment(review_app.out_dir, "art", "p1.s2")["target"] != "Hacked."


def test_edit_and_approve_persist(review_app):
    status, body = request(review_app, "POST", "/api/edit",
                           {"document": "art", "segment": "p1.s2", "target": "Drones play a vital role."})
    assert status == 200, body
    reply = json.loads(body)
    assert reply["segment"]["status"] == "edited" and "Drones play a vital role." in reply["html"]
    status, body = request(review_app, "POST", "/api/edit", {"document": "art", "segment": "p1.s2", "approve": True})
    assert status == 200, body
    seg = segment(review_app.out_dir, "art", "p1.s2")
    assert seg["status"] == "approved" and seg["target"] == "Drones play a vital role."
    with Memory(review_app.out_dir / "memory.sqlite") as memory:
        assert [e.status for e in memory.edit_history("art", "p1.s2")] == ["edited", "approved"]
    status, html = request(review_app, "GET", "/art.html")
    assert "Drones play a vital role." in html


def test_bad_edits(review_app):
    assert request(review_app, "POST", "/api/edit", {"document": "art", "segment": "p9.s9", "target": "x"})[0] == 404
    assert request(review_app, "POST", "/api/edit", {"document": "../x", "segment": "p1.s1", "target": "x"})[0] == 404
    assert request(review_app, "POST", "/api/edit", {"document": "art", "segment": "p1.s1"})[0] == 400
    assert request(review_app, "POST", "/api/nope", {"document": "art"})[0] == 404


def test_add_glossary_entry(review_app):
    status, body = request(review_app, "POST", "/api/glossary",
                           {"document": "art", "segment": "p1.s2", "source": "rôle clé", "target": "key role",
                            "kind": "term"})
    assert status == 200, body
    text = (review_app.glossary_dir / "terms.yaml").read_text()
    assert "fr: rôle clé" in text and "en: key role" in text
    from pipeline.glossary import load_glossary
    assert load_glossary(review_app.glossary_dir).errors == []
    status, body = request(review_app, "POST", "/api/glossary",
                           {"document": "art", "source": "rôle clé", "target": "x", "kind": "term"})
    assert status == 400 and "already in the glossary" in body
    assert request(review_app, "POST", "/api/glossary",
                   {"document": "art", "source": "a", "target": "b", "kind": "bogus"})[0] == 400
