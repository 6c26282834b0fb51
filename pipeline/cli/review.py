"""CLI for QA, review pages, the review app, post-edits and TMX/XLIFF exchange.

Registered by pipeline.cli as ``pipeline qa``, ``pipeline review …``,
``pipeline export …`` and ``pipeline import …``. Errors are PipelineError
subclasses (one line on stderr, exit 2); ``pipeline qa`` exits 1 when an
error-level flag is unresolved, so it can gate publication.
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Optional

import typer

from .errors import UsageError, names_memory_errors
from .inputs import shown

DEFAULT_OUT = Path("out")
DEFAULT_GLOSSARY = Path("glossary")

review_app = typer.Typer(help="Side-by-side review pages, the local review app and post-edits.",
                         no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
export_app = typer.Typer(help="Export for CAT tools: TMX 1.4b (corpus) and XLIFF 1.2 (per document).",
                         no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
import_app = typer.Typer(help="Import reviewers' work from CAT tools (XLIFF 1.2).",
                         no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)



@review_app.callback()
def _review() -> None:
    """Side-by-side review pages, the local review app and post-edits."""


@export_app.callback()
def _export() -> None:
    """Export for CAT tools: TMX 1.4b (corpus) and XLIFF 1.2 (per document)."""


@import_app.callback()
def _import() -> None:
    """Import reviewers' work from CAT tools (XLIFF 1.2)."""


OutOption = typer.Option(DEFAULT_OUT, "--out", "-o", help="Output folder of `pipeline translate`.")


def _documents(out: Path, docs: Optional[list[str]]) -> list[str]:
    from .review.apply import document_names
    known = document_names(out)
    if not known:
        raise UsageError(f"{out}: no translated documents (run `pipeline translate` first)")
    if not docs:
        return known
    chosen = []
    for d in docs:
        # The name itself, or a path to one of its files (./-name.json for a name with a leading dash).
        name = d if d in known else Path(d).stem if d.endswith((".json", ".md", ".txt", ".html", ".xlf")) else d
        if name not in known:
            raise UsageError(f"{shown(d)}: no such document in {shown(out)}")
        chosen.append(name)
    return list(dict.fromkeys(chosen))


def _reviewer(name: str) -> str:
    from .review.apply import text_problem
    name = " ".join(name.split())
    problem = text_problem(name, "--reviewer")
    if problem or len(name) > 100:
        raise UsageError(problem or "--reviewer: at most 100 characters")
    return name


# -- pipeline qa ----------------------------------------------------------------
def qa_command(
    docs: Optional[list[str]] = typer.Argument(None, help="Document names (default: all in out/)."),
    out: Path = OutOption,
    verbose: bool = typer.Option(False, "--verbose", "-v", help="List every unresolved flag."),
) -> None:
    """Check translations; exit 1 if any error-level flag is unresolved (approval resolves)."""
    from .qa import check_segment, unresolved
    from .review.apply import ReviewError, load_document

    names = _documents(out, docs)
    corpus = Counter()
    blocking = 0
    unreadable = 0
    for name in names:
        try:
            data = load_document(out, name)
        except ReviewError as err:   # one bad document fails alone
            print(f"error: {err}", file=sys.stderr)
            unreadable += 1
            continue
        segs = data.get("segments", [])
        counts = Counter()
        lines = []
        for seg in segs:
            seg["flags"] = check_segment(seg)  # the current checks, on the current text
            open_flags = unresolved(seg)
            for f in open_flags:
                counts[f["severity"]] += 1
                counts[f["code"]] += 1
                if verbose or f["severity"] == "error":
                    lines.append(f"  {seg['id']:<8} {f['severity']:<7} {f['code']}: {f['message']}")
        status = Counter(s.get("status", "machine") for s in segs)
        corpus.update(status)
        corpus.update(counts)
        blocking += counts["error"]
        codes = ", ".join(f"{c} {n}" for c, n in sorted(counts.items()) if c not in ("error", "warning"))
        print(f"{name}: {len(segs)} segments ({status['approved']} approved, {status['edited']} edited, "
              f"{status['propagated']} reused, {status['machine']} machine, {status['passthrough']} already English); "
              f"{counts['error']} errors, {counts['warning']} warnings" + (f" [{codes}]" if codes else ""))
        for line in lines:
            print(line)
    total = sum(corpus[s] for s in ("approved", "edited", "propagated", "machine", "passthrough"))
    print(f"corpus: {len(names)} documents, {total} segments, {corpus['approved']} approved, "
          f"{corpus['edited']} edited; {corpus['error']} unresolved errors, {corpus['warning']} warnings")
    if blocking:
        print(f"qa: {blocking} unresolved error flag{'s' if blocking != 1 else ''}: not ready to publish "
              "(fix or approve those segments)", file=sys.stderr)
    if unreadable:
        print(f"qa: {unreadable} document{'s' if unreadable != 1 else ''} could not be read", file=sys.stderr)
    if blocking or unreadable:
        raise typer.Exit(1)


# -- pipeline review ------------------------------------------------------------
@review_app.command("build")
def review_build(out: Path = OutOption,
                 docs: Optional[list[str]] = typer.Argument(None, help="Only these documents (and the index).")) -> None:
    """Write out/review/index.html and one side-by-side page per document."""
    from .review.pages import build_pages
    names = _documents(out, docs)
    failed: list[str] = []
    written = build_pages(out, names, failed=failed)
    for problem in failed:
        print(f"error: {problem}", file=sys.stderr)
    print(f"wrote {len(written) - 1} document page{'s' if len(written) != 2 else ''} and "
          f"{out / 'review' / 'index.html'}" + (f"; {len(failed)} failed" if failed else ""), file=sys.stderr)
    if failed:
        raise typer.Exit(1)


@review_app.command("serve")
def review_serve(
    port: int = typer.Option(8765, "--port", "-p", help="Port on 127.0.0.1 (0: any free port)."),
    out: Path = OutOption,
    glossary: Path = typer.Option(DEFAULT_GLOSSARY, "--glossary", "-g", help="Glossary folder (for new entries)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Do not log requests."),
    reviewer: str = typer.Option("", "--reviewer", help="Name recorded with each edit (the app's setting wins)."),
) -> None:
    """Run the local review app (127.0.0.1 only): edit, approve, add glossary entries."""
    from .review.server import serve
    if glossary != DEFAULT_GLOSSARY and not glossary.is_dir():
        raise UsageError(f"{glossary}: no such glossary folder (-g)")
    _documents(out, None)
    if not 0 <= port <= 65535:
        raise UsageError(f"--port {port}: not a port number")
    serve(out, glossary, port=port, quiet=quiet, reviewer=_reviewer(reviewer))


@review_app.command("edit")
@names_memory_errors
def review_edit(
    document: str = typer.Argument(..., help="Document name (e.g. 000_8295b028b3b5bd94)."),
    segment_id: str = typer.Argument(..., help="Segment id (e.g. p3.s2)."),
    target: Optional[str] = typer.Option(None, "--target", "-t", help="The corrected English."),
    approve: bool = typer.Option(False, "--approve", help="Approve the segment (with --target: save and approve)."),
    out: Path = OutOption,
    reviewer: str = typer.Option("", "--reviewer", help="Name recorded with the edit."),
    glossary: Path = typer.Option(DEFAULT_GLOSSARY, "--glossary", "-g",
                                  help="Glossary the English is checked against."),
) -> None:
    """Post-edit one segment (and/or approve it); kept across re-translation."""
    from .review.apply import edit_segment
    if target is None and not approve:
        raise UsageError("give --target \"…\" and/or --approve")
    document = _documents(out, [document])[0]
    seg = edit_segment(out, document, segment_id, target, approve=approve, reviewer=_reviewer(reviewer),
                       glossary_dir=glossary)
    flags = ", ".join(f["code"] for f in seg["flags"]) or "no flags"
    print(f"{document} {segment_id}: {seg['status']} ({flags})", file=sys.stderr)


@review_app.command("orphans")
def review_orphans(out: Path = OutOption) -> None:
    """List reviewers' edits whose sentence is no longer in any document (kept, never deleted)."""
    import datetime
    from .review.orphans import find_orphans
    orphans, unreadable = find_orphans(out)
    for problem in unreadable:
        print(f"warning: {problem}", file=sys.stderr)
    for e in orphans:
        when = datetime.datetime.fromtimestamp(e.updated).strftime("%Y-%m-%d %H:%M")
        who = f" by {e.reviewer}" if e.reviewer else ""
        print(f"{e.document}\t{e.segment_id}\t{e.status}{who}\t{when}\t{e.source}\t{e.target}")
    print(f"{len(orphans)} orphaned edit{'s' if len(orphans) != 1 else ''} (source sentence in no document)",
          file=sys.stderr)


# -- pipeline export / import -----------------------------------------------------
@export_app.command("tmx")
def export_tmx_command(
    output: Path = typer.Option(Path("out/export/corpus.tmx"), "--output", help="TMX file to write."),
    approved_only: bool = typer.Option(False, "--approved-only", help="Only reviewer-approved segments."),
    out: Path = OutOption,
    docs: Optional[list[str]] = typer.Argument(None, help="Only these documents."),
) -> None:
    """Write the corpus as TMX 1.4b (validated against the DTD)."""
    from .exchange.tmx import export_tmx
    report = export_tmx(out, output, _documents(out, docs), approved_only=approved_only)
    print(f"wrote {report.path}: {report.units} translation units from {report.documents} documents",
          file=sys.stderr)


@export_app.command("xliff")
def export_xliff_command(
    output_dir: Path = typer.Option(Path("out/export/xliff"), "--output-dir", help="Folder for <doc>.xlf files."),
    out: Path = OutOption,
    docs: Optional[list[str]] = typer.Argument(None, help="Only these documents."),
) -> None:
    """Write one XLIFF 1.2 file per document, for CAT tools."""
    from .exchange.xliff import export_xliff
    written = export_xliff(out, output_dir, _documents(out, docs))
    print(f"wrote {len(written)} XLIFF file{'s' if len(written) != 1 else ''} to {output_dir}", file=sys.stderr)


@import_app.command("xliff")
@names_memory_errors
def import_xliff_command(
    file: Path = typer.Argument(..., help="An XLIFF 1.2 file exported by `pipeline export xliff`."),
    document: Optional[str] = typer.Option(None, "--document", help="Refuse the file unless it is for this document."),
    out: Path = OutOption,
) -> None:
    """Apply the targets of an XLIFF file as post-edits (all or nothing)."""
    from .exchange.xliff import import_xliff
    if not file.is_file():
        raise UsageError(f"{file}: no such file")
    report = import_xliff(file, out, expect_document=document)
    docs = ", ".join(f"{d} {n}" for d, n in report.applied.items()) or "none"
    print(f"{file}: {report.total} segments updated ({docs}); {report.unchanged} unchanged, "
          f"{report.untranslated} without a target", file=sys.stderr)
