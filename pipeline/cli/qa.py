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
    from ..qa import check_segment, unresolved
    from ..review.apply import ReviewError

    names = documents(out, docs)
    corpus: Counter[str] = Counter()
    blocking = 0
    unreadable = 0
    for name in names:
        try:
            data = load_document(out / f"{name}.json")
        except ReviewError as err:   # one bad document fails alone
            print(f"error: {err}", file=sys.stderr)
            unreadable += 1
            continue
        segs = data.get("segments", [])
        counts: Counter[str] = Counter()
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
