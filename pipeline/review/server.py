"""The local review app: the review pages with editing, on 127.0.0.1 only.

* ``GET /`` and ``/<page>.html``: the pages, rendered from out/*.json on each
  request, so they always show the latest text (``pages.page_name`` maps a
  document to its page: a document named ``index`` cannot take the index's);
* ``GET /api/history?document=&segment=``: the segment's edit history, with
  the machine output and word diffs; ``GET /api/suggest?…``: fuzzy matches
  from approved segments;
* ``POST /api/edit`` {document, segment, target?, approve?, reviewer?}: save a
  post-edit and/or approve (via ``apply_edits``: memory, then JSON/MD); the
  answer carries the new row, every row the save changed (reuse) and the new
  counts, so the page updates without a reload. Static pages, if built, are
  refreshed by a background thread, off the request path;
* ``POST /api/revert`` {document, segment}: back to the machine output (the
  edit is retired, its history kept);
* ``POST /api/glossary`` {…, preview?}: preview or add a glossary entry;
  ``/api/glossary/update`` and ``/api/glossary/delete`` edit or remove one.

Safety: the server binds 127.0.0.1; any path that is not one of the routes
(``../../etc/passwd`` included) is refused; the Host header must name this
server (no DNS rebinding) and a request carrying another Origin is refused,
as is any POST that is not same-origin JSON. A malformed request (bad JSON,
deep nesting, lone surrogates, wrong types) gets a 400 with a message; an
unexpected failure a 500 with one line in the log, never a dropped connection.
"""
from __future__ import annotations

import json
import re
import sys
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Optional
from urllib.parse import parse_qs, unquote, urlsplit

from ..errors import PipelineError
from ..memory import Memory
from ..model import AlignedDocument, Segment, Status
from ..store import StoreError, document_names, load_document, locked, memory_file, save_document
from .apply import EditRequest, ReviewError, apply_edits_full, propagate_in, text_problem
from .human_terms import glossary_policy
from .pages import document_stats, page_document, render_document, render_index, render_segment

MAX_BODY = 1_000_000
MAX_DEPTH = 8
PAGES_IDLE = 1.0   # seconds without a save before static pages are rebuilt
_DOC_PAGE = re.compile(r"^/([^/]+)\.html$")


class BadRequest(Exception):
    """A malformed request: answered 400 with this message."""


class ReviewServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, out_dir: Path, glossary_dir: Path, port: int = 0, quiet: bool = True,
                 reviewer: str = ""):
        self.out_dir = Path(out_dir)
        self.glossary_dir = Path(glossary_dir)
        self.quiet = quiet
        self.reviewer = reviewer
        self._stale_pages: set[str] = set()
        self._reuse: list[tuple[str, str]] = []
        self._last_change = 0.0
        self._flushing = False
        self._pages_cv = threading.Condition()
        self._pages_busy = False
        super().__init__(("127.0.0.1", port), Handler)
        threading.Thread(target=self._page_worker, name="review-pages", daemon=True).start()

    @property
    def port(self) -> int:
        return self.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def allowed_hosts(self) -> set[str]:
        return {f"127.0.0.1:{self.port}", f"localhost:{self.port}"}

    def allowed_origins(self) -> set[str]:
        return {f"http://{h}" for h in self.allowed_hosts()}

    def start_background(self) -> threading.Thread:
        thread = threading.Thread(target=self.serve_forever, name="review-server", daemon=True)
        thread.start()
        return thread

    # -- static pages, refreshed off the request path -------------------------
    def pages_changed(self, documents) -> None:
        with self._pages_cv:
            self._last_change = time.monotonic()
            self._stale_pages.update(documents)
            self._pages_cv.notify_all()

    def propagate_later(self, document: str, seg: Segment) -> None:
        with self._pages_cv:
            self._last_change = time.monotonic()
            self._reuse.append((document, seg.id))
            self._pages_cv.notify_all()

    def _propagate(self, jobs: list[tuple[str, str]]) -> set[str]:
        """Reuse approvals in the other documents; the names of the documents changed."""
        with Memory(memory_file(self.out_dir)) as memory:
            edits = [e for document, segment in jobs for e in memory.edits_of(document)
                     if e.segment_id == segment and e.status == Status.APPROVED]
        changed: set[str] = set()
        policy = glossary_policy(self.glossary_dir)
        for name in document_names(self.out_dir):
            others = [e for e in edits if e.document != name]
            if not others:
                continue
            with locked(self.out_dir):   # one document at a time: saves wait at most for one
                try:
                    data = load_document(self.out_dir, name)
                except StoreError:
                    continue
                if propagate_in(data, others, policy):
                    save_document(self.out_dir, data)
                    changed.add(name)
        return changed

    def flush_pages(self, timeout: float = 30.0) -> None:
        """Wait until the static pages reflect every saved edit (tests, shutdown)."""
        end = time.monotonic() + timeout
        with self._pages_cv:
            self._flushing = True
            try:
                while (self._stale_pages or self._reuse or self._pages_busy) and time.monotonic() < end:
                    self._pages_cv.wait(0.05)
            finally:
                self._flushing = False

    def _page_worker(self) -> None:
        from .pages import rebuild_if_present
        while True:
            with self._pages_cv:
                while not self._stale_pages and not self._reuse:
                    self._pages_cv.wait()
                self._pages_busy = True
            # Wait until the reviewer pauses: a rebuild is CPU work in this process and
            # would slow the next save down (the GIL), and one rebuild serves a burst.
            while True:
                with self._pages_cv:
                    idle = time.monotonic() - self._last_change
                if idle >= PAGES_IDLE or self._flushing:
                    break
                time.sleep(PAGES_IDLE - idle)
            with self._pages_cv:
                names, self._stale_pages = set(self._stale_pages), set()
                jobs, self._reuse = list(self._reuse), []
            try:
                if jobs:
                    names |= self._propagate(jobs)
                # No lock: a page is rendered from the JSON as it is now (files are
                # replaced atomically) and a save meanwhile marks it stale again.
                for name in sorted(names):
                    try:
                        rebuild_if_present(self.out_dir, name)
                    except PipelineError as err:
                        self.log_line(f"static page of {name} not rebuilt: {err}")
            except Exception as err:  # noqa: BLE001 - the worker must survive
                self.log_line(f"static pages not rebuilt: {type(err).__name__}: {err}")
            finally:
                with self._pages_cv:
                    self._pages_busy = False
                    self._pages_cv.notify_all()

    def log_line(self, message: str) -> None:
        sys.stderr.write(f"review: {message}\n")


def _check_json(value, depth: int = 0) -> None:
    """Refuse what JSON can carry but text cannot: lone surrogates, control characters in keys, deep nesting."""
    if depth > MAX_DEPTH:
        raise BadRequest("JSON nested too deeply")
    if isinstance(value, dict):
        for k, v in value.items():
            _check_json(k, depth + 1)
            _check_json(v, depth + 1)
    elif isinstance(value, list):
        for v in value:
            _check_json(v, depth + 1)
    elif isinstance(value, str):
        if any(0xD800 <= ord(c) <= 0xDFFF for c in value):
            raise BadRequest("text contains a lone surrogate (not valid Unicode)")


def _text(body: dict, key: str, required: bool = True, default: str = "") -> str:
    value = body.get(key)
    if value is None:
        if required:
            raise BadRequest(f"give {key}")
        return default
    if not isinstance(value, str):
        raise BadRequest(f"{key} must be text, not {type(value).__name__}")
    return value


def _optional_text(body: dict, key: str) -> Optional[str]:
    """The text under ``key``, or None when absent (which is not the same as empty)."""
    return None if body.get(key) is None else _text(body, key)


def _flag(body: dict, key: str) -> bool:
    value = body.get(key, False)
    if not isinstance(value, bool):
        raise BadRequest(f"{key} must be true or false (JSON boolean), not {json.dumps(value)[:40]}")
    return value


class Handler(BaseHTTPRequestHandler):
    server: ReviewServer
    server_version = "pipeline-review"
    sys_version = ""
    timeout = 30   # a client that announces a body and never sends it does not hold a thread forever

    # -- plumbing ------------------------------------------------------------
    def log_message(self, fmt, *args):  # noqa: D401 - quiet unless asked
        if not self.server.quiet:
            sys.stderr.write("review: " + (fmt % args) + "\n")

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("X-Frame-Options", "DENY")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Content-Security-Policy",
                         "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
                         "connect-src 'self'; img-src 'self' data:; form-action 'none'; frame-ancestors 'none'")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, status: int, payload: dict) -> None:
        self._send(status, json.dumps(payload, ensure_ascii=False).encode("utf-8", "replace"),
                   "application/json; charset=utf-8")

    def _error(self, status: int, message: str) -> None:
        self._json(status, {"error": message})

    def _html(self, text: str) -> None:
        self._send(HTTPStatus.OK, text.encode("utf-8", "replace"), "text/html; charset=utf-8")

    def _checks(self) -> Optional[str]:
        """Why this request is refused, or None."""
        host = self.headers.get("Host", "")
        if host not in self.server.allowed_hosts():
            return f"wrong Host {host!r}: the review app only answers to {self.server.url}"
        origin = self.headers.get("Origin")
        if origin is not None and origin not in self.server.allowed_origins():
            return f"requests from {origin} are not allowed"
        site = self.headers.get("Sec-Fetch-Site")
        if site is not None and site not in ("same-origin", "none"):
            return f"cross-site request ({site}) refused"
        return None

    def _path(self) -> Optional[str]:
        raw = urlsplit(self.path).path
        try:
            path = unquote(raw, errors="strict")
        except UnicodeDecodeError:
            return None
        if ".." in path.split("/") or "\\" in path or "\x00" in path or ".." in raw:
            return None
        return path

    def _query(self) -> dict[str, str]:
        try:
            q = parse_qs(urlsplit(self.path).query, errors="strict", max_num_fields=20)
        except (UnicodeDecodeError, ValueError) as err:
            raise BadRequest(f"bad query string ({err})") from None
        return {k: v[-1] for k, v in q.items()}

    def _guarded(self, handler) -> None:
        """Run a request handler; every failure becomes an answer, never a dropped connection."""
        try:
            handler()
        except BadRequest as err:
            self._error(HTTPStatus.BAD_REQUEST, str(err))
        except StoreError as err:   # ReviewError included
            self._error(HTTPStatus.NOT_FOUND if "unknown" in str(err) or "no such" in str(err)
                        else HTTPStatus.BAD_REQUEST, str(err))
        except PipelineError as err:
            self._error(HTTPStatus.BAD_REQUEST, str(err))
        except (BrokenPipeError, ConnectionResetError):
            pass
        except OSError as err:   # full disk, read-only out/: say which file and why
            where = f"{err.filename}: " if err.filename else ""
            self.server.log_line(f"{self.command} {self.path[:200]!r} failed: {where}{err.strerror or err}")
            try:
                self._error(HTTPStatus.INTERNAL_SERVER_ERROR,
                            f"cannot write {where}{err.strerror or err}; nothing was lost from the memory")
            except OSError:
                pass
        except Exception as err:  # noqa: BLE001 - one line in the log, a 500 to the client
            self.server.log_line(f"{self.command} {self.path[:200]!r} failed: {type(err).__name__}: {err}")
            try:
                self._error(HTTPStatus.INTERNAL_SERVER_ERROR, f"internal error: {type(err).__name__}: {err}")
            except OSError:
                pass

    def _known(self, document) -> str:
        if not isinstance(document, str) or document not in document_names(self.server.out_dir):
            raise ReviewError(f"{str(document)[:80]!r}: unknown document")
        return document

    # -- GET -----------------------------------------------------------------
    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        self._guarded(self._get)

    def _get(self):
        refused = self._checks()
        if refused:
            return self._error(HTTPStatus.FORBIDDEN, refused)
        path = self._path()
        if path is None:
            return self._error(HTTPStatus.FORBIDDEN, "path outside the project refused")
        out = self.server.out_dir
        if path in ("/", "/index.html"):
            return self._html(render_index(out, editable=True))
        match = _DOC_PAGE.match(path)
        if match:
            name = page_document(match.group(1))
            if name in document_names(out):
                return self._html(render_document(load_document(out, name), editable=True,
                                                  reviewer=self.server.reviewer))
        if path.startswith("/api/document/"):
            name = path[len("/api/document/"):]
            if name in document_names(out):
                return self._json(HTTPStatus.OK, load_document(out, name).to_dict())
        if path == "/api/glossary/entry":
            from ..glossary.schema import load_glossary
            entry_id = self._query().get("id", "")
            for e in load_glossary(self.server.glossary_dir).entries:
                if e.id == entry_id:
                    return self._json(HTTPStatus.OK, {"entry": e.canonical(), "file": e.file, "line": e.line})
            return self._error(HTTPStatus.NOT_FOUND, f"no glossary entry {entry_id[:80]!r}")
        if path in ("/api/history", "/api/suggest"):
            q = self._query()
            document = self._known(q.get("document"))
            segment = q.get("segment") or ""
            from . import history
            if path == "/api/history":
                return self._json(HTTPStatus.OK, history.segment_history(out, document, segment))
            return self._json(HTTPStatus.OK, history.suggestions(out, document, segment))
        return self._error(HTTPStatus.NOT_FOUND, f"not found: {path}")

    # -- POST ----------------------------------------------------------------
    def do_POST(self):
        self._guarded(self._post)

    def _post(self):
        refused = self._checks()
        if refused:
            return self._error(HTTPStatus.FORBIDDEN, refused)
        if self.headers.get("Origin") is None and self.headers.get("Sec-Fetch-Site") != "same-origin":
            return self._error(HTTPStatus.FORBIDDEN, "a POST must come from the review page (no Origin header)")
        if not self.headers.get("Content-Type", "").startswith("application/json"):
            return self._error(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "send application/json")
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            return self._error(HTTPStatus.BAD_REQUEST, "bad Content-Length")
        if length <= 0 or length > MAX_BODY:
            return self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE if length > 0 else HTTPStatus.BAD_REQUEST,
                               "body missing or too large")
        try:
            body = json.loads(self.rfile.read(length).decode("utf-8"))
        except RecursionError:
            raise BadRequest("JSON nested too deeply") from None
        except (ValueError, UnicodeDecodeError) as err:
            raise BadRequest(f"bad JSON: {err}") from None
        if not isinstance(body, dict):
            raise BadRequest("bad JSON: send an object")
        _check_json(body)
        path = self._path()
        routes = {"/api/edit": self._edit, "/api/revert": self._revert, "/api/glossary": self._glossary,
                  "/api/glossary/update": self._glossary_update, "/api/glossary/delete": self._glossary_delete}
        if path in routes:
            return routes[path](body)
        return self._error(HTTPStatus.NOT_FOUND, f"not found: {path}")

    def _reviewer(self, body: dict) -> str:
        reviewer = " ".join(_text(body, "reviewer", required=False, default=self.server.reviewer).split())
        problem = text_problem(reviewer, "the reviewer's name")
        if problem or len(reviewer) > 100:
            raise BadRequest(problem or "the reviewer's name is too long (at most 100 characters)")
        return reviewer

    def _answer(self, document: str, segment: str, changed: list[Segment], data: AlignedDocument) -> None:
        rows = {s.id: render_segment(s, editable=True) for s in changed}
        seg = next((s.to_dict() for s in changed if s.id == segment), None)
        self._json(HTTPStatus.OK, {"segment": seg, "html": rows.get(segment, ""), "rows": rows,
                                   "stats": document_stats(data)})

    def _edit(self, body: dict) -> None:
        document = self._known(_text(body, "document"))
        segment = _text(body, "segment")
        target = _optional_text(body, "target")
        approve = _flag(body, "approve")
        if target is None and not approve:
            raise BadRequest("nothing to do: give a target or approve")
        status = Status.APPROVED if approve else Status.EDITED
        changed, data = apply_edits_full(self.server.out_dir, document,
                                         [EditRequest(segment, target, status, self._reviewer(body))],
                                         rebuild_pages=False, glossary_dir=self.server.glossary_dir,
                                         elsewhere=False)
        assert data is not None  # one edit given, so the document was written
        if approve:   # reuse in the other documents: off the request path
            self.server.propagate_later(document, next(s for s in changed if s.id == segment))
        self.server.pages_changed([document])
        self._answer(document, segment, changed, data)

    def _revert(self, body: dict) -> None:
        from .history import revert_segment
        document = self._known(_text(body, "document"))
        segment = _text(body, "segment")
        seg, data = revert_segment(self.server.out_dir, document, segment, self._reviewer(body),
                                   glossary_dir=self.server.glossary_dir)
        self.server.pages_changed([document])
        self._answer(document, segment, [seg], data)

    def _glossary_fields(self, body: dict) -> dict:
        def items(key):
            value = body.get(key, [])
            if isinstance(value, str):
                value = [v for v in (x.strip() for x in value.split(",")) if v]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise BadRequest(f"{key} must be a list of texts")
            return value
        fields = {"source": _text(body, "source"), "target": _text(body, "target"),
                  "kind": _text(body, "kind", required=False, default="term") or "term",
                  "note": _text(body, "note", required=False), "variants": items("variants"),
                  "forbid": items("forbid")}
        for key in ("source", "target", "note"):
            problem = text_problem(fields[key], key)
            if problem:
                raise BadRequest(problem)
        from ..glossary.schema import KINDS
        if fields["kind"] not in KINDS:
            raise BadRequest(f"{fields['kind'][:40]!r}: not a glossary kind (one of {', '.join(KINDS)})")
        if not fields["source"].strip() or not fields["target"].strip():
            raise BadRequest("a glossary entry needs both the French and the English")
        return fields

    def _glossary(self, body: dict) -> None:
        from .glossary_add import add_entry, preview_entry
        document = self._known(_text(body, "document"))
        segment = _text(body, "segment", required=False)
        fields = self._glossary_fields(body)
        if _flag(body, "preview"):
            return self._json(HTTPStatus.OK, preview_entry(self.server.out_dir, self.server.glossary_dir, **fields))
        from .entry_warnings import entry_warnings
        warnings = entry_warnings(fields["source"], fields["target"])
        if warnings and not _flag(body, "confirm"):
            return self._json(HTTPStatus.CONFLICT, {"error": "preview the entry and confirm: " + "; ".join(warnings),
                                                    "warnings": warnings})
        note = fields.pop("note") or (f"added in review of {document} {segment}" if segment
                                      else f"added in review of {document}")
        entry, path = add_entry(self.server.glossary_dir, fields.pop("kind"), fields.pop("source"),
                                fields.pop("target"), note=note, **fields)
        self._json(HTTPStatus.OK, {"entry": entry, "file": str(path),
                                   "message": "saved; it applies from the next `pipeline translate` run"})

    def _glossary_update(self, body: dict) -> None:
        from .glossary_add import update_entry
        entry_id = _text(body, "id")
        fields = self._glossary_fields(body)
        entry, path = update_entry(self.server.glossary_dir, entry_id, **fields)
        self._json(HTTPStatus.OK, {"entry": entry, "file": str(path),
                                   "message": "updated; it applies from the next `pipeline translate` run"})

    def _glossary_delete(self, body: dict) -> None:
        from .glossary_add import delete_entry
        path = delete_entry(self.server.glossary_dir, _text(body, "id"))
        self._json(HTTPStatus.OK, {"file": str(path),
                                   "message": "deleted; it stops applying from the next `pipeline translate` run"})


def serve(out_dir: Path, glossary_dir: Path, port: int = 8765, quiet: bool = False, reviewer: str = "") -> None:
    try:
        server = ReviewServer(out_dir, glossary_dir, port=port, quiet=quiet, reviewer=reviewer)
    except OSError as err:
        raise PipelineError(f"cannot listen on 127.0.0.1:{port} ({err.strerror}); try --port") from None
    print(f"review app on {server.url} (Ctrl-C to stop)", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.flush_pages(10)
        server.server_close()
