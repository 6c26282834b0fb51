"""The local review app: the review pages with editing, on 127.0.0.1 only.

* ``GET /`` and ``/<document>.html``: the pages, rendered from out/*.json on each
  request, so they always show the latest text;
* ``POST /api/edit`` {document, segment, target?, approve?}: save a post-edit
  and/or approve (via ``apply_edits``: memory, then JSON/MD/static pages);
* ``POST /api/glossary`` {document, segment, source, target, kind}: add an entry.

Safety: the server binds 127.0.0.1; any path that is not one of the routes
(``../../etc/passwd`` included) is refused; the Host header must name this
server (no DNS rebinding) and a request carrying another Origin is refused,
as is any POST that is not same-origin JSON.
"""
from __future__ import annotations

import json
import re
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Optional
from urllib.parse import unquote, urlsplit

from ..errors import PipelineError
from .apply import EditRequest, ReviewError, apply_edits, document_names, load_document
from .pages import render_document, render_index, render_segment

MAX_BODY = 1_000_000
_DOC_PAGE = re.compile(r"^/([A-Za-z0-9_][A-Za-z0-9_.-]*)\.html$")


class ReviewServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, out_dir: Path, glossary_dir: Path, port: int = 0, quiet: bool = True):
        self.out_dir = Path(out_dir)
        self.glossary_dir = Path(glossary_dir)
        self.quiet = quiet
        super().__init__(("127.0.0.1", port), Handler)

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


class Handler(BaseHTTPRequestHandler):
    server: ReviewServer
    server_version = "pipeline-review"
    sys_version = ""

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
        self._send(status, json.dumps(payload, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8")

    def _error(self, status: int, message: str) -> None:
        self._json(status, {"error": message})

    def _html(self, text: str) -> None:
        self._send(HTTPStatus.OK, text.encode("utf-8"), "text/html; charset=utf-8")

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
        path = unquote(raw)
        if ".." in path.split("/") or "\\" in path or "\x00" in path or ".." in raw:
            return None
        return path

    # -- GET -----------------------------------------------------------------
    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        refused = self._checks()
        if refused:
            return self._error(HTTPStatus.FORBIDDEN, refused)
        path = self._path()
        if path is None:
            return self._error(HTTPStatus.FORBIDDEN, "path outside the project refused")
        try:
            if path in ("/", "/index.html"):
                return self._html(render_index(self.server.out_dir))
            match = _DOC_PAGE.match(path)
            if match and match.group(1) in document_names(self.server.out_dir):
                return self._html(render_document(load_document(self.server.out_dir, match.group(1)),
                                                  editable=True))
            if path.startswith("/api/document/"):
                name = path[len("/api/document/"):]
                if name in document_names(self.server.out_dir):
                    return self._json(HTTPStatus.OK, load_document(self.server.out_dir, name))
        except PipelineError as err:
            return self._error(HTTPStatus.INTERNAL_SERVER_ERROR, str(err))
        return self._error(HTTPStatus.NOT_FOUND, f"not found: {path}")

    # -- POST ----------------------------------------------------------------
    def do_POST(self):
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
            if not isinstance(body, dict):
                raise ValueError("not an object")
        except (ValueError, UnicodeDecodeError) as err:
            return self._error(HTTPStatus.BAD_REQUEST, f"bad JSON: {err}")
        path = self._path()
        try:
            if path == "/api/edit":
                return self._edit(body)
            if path == "/api/glossary":
                return self._glossary(body)
        except ReviewError as err:
            return self._error(HTTPStatus.BAD_REQUEST if "unknown" not in str(err) else HTTPStatus.NOT_FOUND,
                               str(err))
        except PipelineError as err:
            return self._error(HTTPStatus.BAD_REQUEST, str(err))
        return self._error(HTTPStatus.NOT_FOUND, f"not found: {path}")

    def _edit(self, body: dict) -> None:
        document, segment = body.get("document"), body.get("segment")
        if not isinstance(document, str) or not isinstance(segment, str):
            raise ReviewError("give document and segment")
        if document not in document_names(self.server.out_dir):
            raise ReviewError(f"{document}: unknown document")
        target = body.get("target")
        if target is not None and not isinstance(target, str):
            raise ReviewError("target must be text")
        approve = bool(body.get("approve"))
        if target is None and not approve:
            raise ReviewError("nothing to do: give a target or approve")
        status = "approved" if approve else "edited"
        seg = apply_edits(self.server.out_dir, document, [EditRequest(segment, target, status)])[0]
        self._json(HTTPStatus.OK, {"segment": seg, "html": render_segment(seg, editable=True)})

    def _glossary(self, body: dict) -> None:
        from .glossary_add import add_entry
        document, segment = body.get("document"), body.get("segment")
        if document not in document_names(self.server.out_dir):
            raise ReviewError(f"{document}: unknown document")
        note = f"added in review of {document} {segment}" if segment else f"added in review of {document}"
        entry, path = add_entry(self.server.glossary_dir, str(body.get("kind") or "term"),
                                str(body.get("source") or ""), str(body.get("target") or ""), note=note)
        self._json(HTTPStatus.OK, {"entry": entry, "file": str(path)})


def serve(out_dir: Path, glossary_dir: Path, port: int = 8765, quiet: bool = False) -> None:
    try:
        server = ReviewServer(out_dir, glossary_dir, port=port, quiet=quiet)
    except OSError as err:
        raise PipelineError(f"cannot listen on 127.0.0.1:{port} ({err.strerror}); try --port") from None
    print(f"review app on {server.url} (Ctrl-C to stop)", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
