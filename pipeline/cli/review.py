"""`pipeline review …`: the static side-by-side pages, the local review app, post-edits.

A reviewer's edit is stored in the translation memory and the document at
once, and kept across re-translation (``review.apply``).
"""
from __future__ import annotations

import sys
from typing import Optional

import typer

from ..errors import UsageError, names_memory_errors
from .options import DEFAULT_GLOSSARY, DEFAULT_OUT, Documents, Glossary, Out, Quiet, Reviewer, documents, reviewer_name

review_app = typer.Typer(help="Side-by-side review pages, the local review app and post-edits.",
                         no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)


@review_app.callback()
def _review() -> None:
    """Side-by-side review pages, the local review app and post-edits."""


@review_app.command("build")
def review_build(out: Out = DEFAULT_OUT, docs: Documents = None) -> None:
    """Write out/review/index.html and one side-by-side page per document."""
    from ..api import build_review_pages
    names = documents(out, docs)
    failed: list[str] = []
    written = build_review_pages(out, names, failed=failed)
    for problem in failed:
        print(f"error: {problem}", file=sys.stderr)
    print(f"wrote {len(written) - 1} document page{'s' if len(written) != 2 else ''} and "
          f"{out / 'review' / 'index.html'}" + (f"; {len(failed)} failed" if failed else ""), file=sys.stderr)
    if failed:
        raise typer.Exit(1)


@review_app.command("serve")
def review_serve(
    port: int = typer.Option(8765, "--port", "-p", help="Port on 127.0.0.1 (0: any free port)."),
    out: Out = DEFAULT_OUT,
    glossary: Glossary = DEFAULT_GLOSSARY,
    quiet: Quiet = False,
    reviewer: Reviewer = "",
) -> None:
    """Run the local review app (127.0.0.1 only): edit, approve, add glossary entries."""
    from ..review.server import serve
    if glossary != DEFAULT_GLOSSARY and not glossary.is_dir():
        raise UsageError(f"{glossary}: no such glossary folder (-g)")
    documents(out, None)
    if not 0 <= port <= 65535:
        raise UsageError(f"--port {port}: not a port number")
    serve(out, glossary, port=port, quiet=quiet, reviewer=reviewer_name(reviewer))


@review_app.command("edit")
@names_memory_errors
def review_edit(
    document: str = typer.Argument(..., help="Document name (e.g. 000_8295b028b3b5bd94)."),
    segment_id: str = typer.Argument(..., help="Segment id (e.g. p3.s2)."),
    target: Optional[str] = typer.Option(None, "--target", "-t", help="The corrected English."),
    approve: bool = typer.Option(False, "--approve", help="Approve the segment (with --target: save and approve)."),
    out: Out = DEFAULT_OUT,
    reviewer: Reviewer = "",
    glossary: Glossary = DEFAULT_GLOSSARY,
) -> None:
    """Post-edit one segment (and/or approve it); kept across re-translation."""
    from ..review.apply import edit_segment
    if target is None and not approve:
        raise UsageError("give --target \"…\" and/or --approve")
    document = documents(out, [document])[0]
    seg = edit_segment(out, document, segment_id, target, approve=approve, reviewer=reviewer_name(reviewer),
                       glossary_dir=glossary)
    flags = ", ".join(f.code for f in seg.flags) or "no flags"
    print(f"{document} {segment_id}: {seg.status} ({flags})", file=sys.stderr)


@review_app.command("orphans")
def review_orphans(out: Out = DEFAULT_OUT) -> None:
    """List reviewers' edits whose sentence is no longer in any document (kept, never deleted)."""
    import datetime

    from ..review.orphans import find_orphans
    orphans, unreadable = find_orphans(out)
    for problem in unreadable:
        print(f"warning: {problem}", file=sys.stderr)
    for e in orphans:
        when = datetime.datetime.fromtimestamp(e.updated).strftime("%Y-%m-%d %H:%M")
        who = f" by {e.reviewer}" if e.reviewer else ""
        print(f"{e.document}\t{e.segment_id}\t{e.status}{who}\t{when}\t{e.source}\t{e.target}")
    print(f"{len(orphans)} orphaned edit{'s' if len(orphans) != 1 else ''} (source sentence in no document)",
          file=sys.stderr)
