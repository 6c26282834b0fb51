"""`pipeline qa`: the checks on the current text of every segment, as a publication gate.

Exits 1 when an error-level flag is unresolved (approval resolves it) or a
document cannot be read, so a script can refuse to publish.
"""
from __future__ import annotations

import sys
from collections import Counter

import typer

from .options import DEFAULT_OUT, Documents, Out, documents


def qa_command(
    docs: Documents = None,
    out: Out = DEFAULT_OUT,
    verbose: bool = typer.Option(False, "--verbose", "-v", help="List every unresolved flag."),
) -> None:
    """Check translations; exit 1 if any error-level flag is unresolved (approval resolves)."""
    from ..api import load_document
    from ..model import Status
    from ..qa import check_segment, unresolved
    from ..review.pages import document_stats
    from ..store import StoreError

    names = documents(out, docs)
    corpus: Counter[str] = Counter()
    blocking = 0
    unreadable = 0
    for name in names:
        try:
            data = load_document(out / f"{name}.json")
        except StoreError as err:   # one bad document fails alone
            print(f"error: {err}", file=sys.stderr)
            unreadable += 1
            continue
        lines = []
        for seg in data.segments:
            seg.flags = check_segment(seg)  # the current checks, on the current text
            for f in unresolved(seg):
                if verbose or f.severity == "error":
                    lines.append(f"  {seg.id:<8} {f.severity:<7} {f.code}: {f.message}")
        stats = document_stats(data)
        status = stats["status"]
        errors, warnings = stats["unresolved_errors"], stats["unresolved_warnings"]
        corpus.update(status)
        corpus.update(error=errors, warning=warnings)
        blocking += errors
        codes = ", ".join(f"{c} {n}" for c, n in stats["unresolved_codes"])
        print(f"{name}: {stats['total']} segments ({status[Status.APPROVED]} approved, {status[Status.EDITED]} edited, "
              f"{status[Status.PROPAGATED]} reused, {status[Status.MACHINE]} machine, "
              f"{status[Status.PASSTHROUGH]} already English); "
              f"{errors} errors, {warnings} warnings" + (f" [{codes}]" if codes else ""))
        for line in lines:
            print(line)
    total = sum(corpus[s] for s in Status)
    print(f"corpus: {len(names)} documents, {total} segments, {corpus[Status.APPROVED]} approved, "
          f"{corpus[Status.EDITED]} edited; {corpus['error']} unresolved errors, {corpus['warning']} warnings")
    if blocking:
        print(f"qa: {blocking} unresolved error flag{'s' if blocking != 1 else ''}: not ready to publish "
              "(fix or approve those segments)", file=sys.stderr)
    if unreadable:
        print(f"qa: {unreadable} document{'s' if unreadable != 1 else ''} could not be read", file=sys.stderr)
    if blocking or unreadable:
        raise typer.Exit(1)
