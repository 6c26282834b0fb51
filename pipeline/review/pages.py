"""The review pages: out/review/index.html and one side-by-side page per document.

The same templates serve the static pages (``pipeline review build``) and the
local review app (``pipeline review serve``, with editing controls). All text
is escaped by Jinja2's autoescaping; glossary highlights are built from
escaped pieces only (``highlight``).

The templates and their CSS/JS are files in ``templates/`` (package data, in
the wheel). Everything is inlined into each page (CSS, JS): the pages work
offline from file:// and print. The CSS and JS are inserted verbatim, never
rendered as templates, so a ``{#`` or ``{{`` in them means nothing to Jinja.
"""
from __future__ import annotations

from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Optional

import jinja2
from markupsafe import Markup, escape

from ..atomic import write_text_atomic
from ..errors import PipelineError
from ..glossary.schema import KINDS
from ..model import AlignedDocument, Segment, Status, TermReport
from ..qa import unresolved
from ..store import document_names, load_document
from .rows import segment_html

# In the order the pages show them; "term" first, the usual kind of a new entry.
STATUSES = tuple(Status)
GLOSSARY_KINDS = tuple(sorted(KINDS, key=lambda kind: kind != "term"))

_loader = jinja2.PackageLoader("pipeline.review", "templates")
_env = jinja2.Environment(
    loader=_loader,
    autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=False,
)


@lru_cache(maxsize=None)
def _asset(name: str) -> Markup:
    """A CSS or JS file of templates/, as it is (trusted: it ships with the package)."""
    source, _, _ = _loader.get_source(_env, name)
    return Markup(source)


def review_dir(out_dir: Path) -> Path:
    return Path(out_dir) / "review"


_PAGE_SUFFIX = ".document"


def page_name(document: str) -> str:
    """The page of a document, never the index's: ``index`` (and any name ending in
    ``.document``, to keep the mapping one-to-one) gets ``.document`` appended."""
    if document == "index" or document.endswith(_PAGE_SUFFIX):
        return document + _PAGE_SUFFIX
    return document


def page_document(page: str) -> str:
    """Inverse of ``page_name``."""
    return page[:-len(_PAGE_SUFFIX)] if page.endswith(_PAGE_SUFFIX) else page


def headline(data: AlignedDocument, limit: int = 160) -> str:
    """The article's first paragraph (its headline, in the corpus), shortened."""
    segs = data.segments
    if not segs:
        return ""
    first = segs[0].paragraph
    text = " ".join(s.source for s in segs if s.paragraph == first)
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _spans(text: str, needles: list[tuple[str, TermReport]]) -> list[tuple[int, int, TermReport]]:
    """Non-overlapping (start, end, term) occurrences, longest needle first."""
    low = text.casefold()
    taken: list[tuple[int, int, TermReport]] = []
    for needle, term in sorted(needles, key=lambda n: -len(n[0])):
        if not needle or not needle.strip():
            continue
        start = 0
        nlow = needle.casefold()
        while True:
            i = low.find(nlow, start)
            if i < 0:
                break
            j = i + len(nlow)
            before = text[i - 1] if i > 0 else " "
            after = text[j] if j < len(text) else " "
            if (not before.isalnum() and not after.isalnum()
                    and all(j <= a or i >= b for a, b, _ in taken)):
                taken.append((i, j, term))
            start = i + 1
    return sorted(taken, key=lambda t: t[0])


def _term_title(term: TermReport) -> str:
    parts = []
    if term.entry:
        parts.append(f"glossary entry {term.entry}")
    parts.append(f"{term.source} → {term.target}")
    if term.status:
        parts.append(f"({term.status})")
    if term.forbidden:
        parts.append("not: " + ", ".join(map(str, term.forbidden)))
    return " ".join(parts)


def highlight(text: str, terms: Iterable[TermReport], side: str) -> Markup:
    """``text`` escaped, with the glossary terms of ``side`` ("source"/"target") marked."""
    terms = [t for t in terms or [] if isinstance(t, TermReport)]
    needles = [(str(getattr(t, side) or ""), t) for t in terms]
    out = []
    pos = 0
    for i, j, term in _spans(text, needles):
        out.append(escape(text[pos:i]))
        cls = "term missing" if term.missing else "term"
        out.append(Markup('<mark class="{}" title="{}" data-entry="{}">{}</mark>').format(
            cls, _term_title(term), term.entry, text[i:j]))
        pos = j
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def segment_view(seg: Segment) -> dict:
    """The segment as the row template reads it: its JSON object and the rendered pieces."""
    view = seg.to_dict()
    return {
        **view,
        "stale_edit": seg.stale_edit,
        "propagated_from": seg.propagated_from,
        "reviewer": seg.reviewer,
        "flag_codes": " ".join(dict.fromkeys(f.code for f in seg.flags)),
        "severities": " ".join(dict.fromkeys(str(f.severity) for f in seg.flags)),
        "unresolved": bool(unresolved(seg)),
        "source_html": highlight(seg.source, seg.terms, "source"),
        "target_html": highlight(seg.target, seg.terms, "target"),
    }


def document_stats(data: AlignedDocument) -> dict:
    """Counts of one document's statuses and flags (the pages' header, ``pipeline qa``)."""
    segs = data.segments
    status = Counter({s: 0 for s in STATUSES})
    status.update(s.status for s in segs)
    codes = Counter(f.code for s in segs for f in s.flags)
    total = len(segs)
    pct = {st: (100.0 * status[st] / total if total else 0.0) for st in STATUSES}
    return {
        "total": total,
        "status": dict(status),
        "pct": pct,
        "flagged": sum(1 for s in segs if s.flags),
        "unresolved": sum(1 for s in segs if unresolved(s)),
        "errors": sum(1 for s in segs for f in s.flags if f.severity == "error"),
        "warnings": sum(1 for s in segs for f in s.flags if f.severity == "warning"),
        "unresolved_errors": sum(1 for s in segs for f in unresolved(s) if f.severity == "error"),
        "unresolved_warnings": sum(1 for s in segs for f in unresolved(s) if f.severity == "warning"),
        "codes": sorted(codes.items()),
        "unresolved_codes": sorted(Counter(f.code for s in segs for f in unresolved(s)).items()),
        "stale": sum(1 for s in segs if s.stale_edit is not None),
    }


def render_document(data: AlignedDocument, editable: bool = False, reviewer: str = "") -> str:
    paragraphs: dict[int, list] = {}
    for seg in data.segments:
        paragraphs.setdefault(seg.paragraph, []).append(segment_html(segment_view(seg), editable))
    return _env.get_template("document.html").render(
        doc=data, paragraphs=[{"index": k, "rows": Markup("\n").join(v)} for k, v in paragraphs.items()],
        stats=document_stats(data), editable=editable, css=_asset("review.css"),
        filter_js=_asset("filter.js"), edit_js=_asset("edit.js"),
        glossary_kinds=GLOSSARY_KINDS, statuses=STATUSES, reviewer=reviewer,
    )


def render_segment(seg: Segment, editable: bool = True) -> str:
    return str(segment_html(segment_view(seg), editable))


def corpus_stats(stats: list[dict]) -> dict:
    total: dict[str, Any] = {"total": 0, "status": Counter({s: 0 for s in STATUSES}), "unresolved_errors": 0,
                             "warnings": 0, "errors": 0}
    for st in stats:
        total["total"] += st["total"]
        total["status"].update(st["status"])
        for key in ("unresolved_errors", "warnings", "errors"):
            total[key] += st[key]
    return total


def render_index(out_dir: Path, editable: bool = False) -> str:
    """The document list; an unreadable document is listed with its error, never fatal."""
    docs: list[dict[str, Any]] = []
    broken: list[dict[str, str]] = []
    for name in document_names(out_dir):
        try:
            data = load_document(out_dir, name)
        except PipelineError as err:
            broken.append({"name": name, "error": str(err)})
            continue
        docs.append({"name": name, "page": page_name(name) + ".html", "headline": headline(data),
                     "date": str(data.metadata.get("date", "")), "stats": document_stats(data)})
    return _env.get_template("index.html").render(
        docs=docs, broken=broken, total=corpus_stats([d["stats"] for d in docs]), css=_asset("review.css"),
        index_js=_asset("index.js"), editable=editable)


def build_pages(out_dir: Path, documents: Optional[list[str]] = None,
                failed: Optional[list[str]] = None) -> list[Path]:
    """Write out/review/<page>.html (all documents, or ``documents``) and index.html.

    A document that cannot be read fails alone: its error is appended to
    ``failed`` (raised if no list is given) and the others are written.
    """
    out_dir = Path(out_dir)
    target = review_dir(out_dir)
    written = []
    errors = []
    for name in documents if documents is not None else document_names(out_dir):
        try:
            data = load_document(out_dir, name)
        except PipelineError as err:
            errors.append(str(err))
            continue
        path = target / f"{page_name(name)}.html"
        write_text_atomic(path, render_document(data))
        written.append(path)
    index = target / "index.html"
    write_text_atomic(index, render_index(out_dir))
    written.append(index)
    if errors and failed is None:
        raise PipelineError("; ".join(errors))
    if failed is not None:
        failed.extend(errors)
    return written


def rebuild_if_present(out_dir: Path, document: str) -> None:
    """After an edit: refresh the document's static page if the pages were built."""
    if (review_dir(out_dir) / "index.html").exists():
        build_pages(out_dir, [document])
