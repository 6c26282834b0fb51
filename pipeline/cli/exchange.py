"""`pipeline export …` / `pipeline import …`: TMX and XLIFF for CAT tools.

Exports are validated against their DTD/schema before they are written; an
XLIFF import applies all its targets as post-edits or, if any is bad, none.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from ..errors import UsageError, names_memory_errors
from .options import DEFAULT_OUT, Documents, Out, documents

export_app = typer.Typer(help="Export for CAT tools: TMX 1.4b (corpus) and XLIFF 1.2 (per document).",
                         no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
import_app = typer.Typer(help="Import reviewers' work from CAT tools (XLIFF 1.2).",
                         no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)


@export_app.callback()
def _export() -> None:
    """Export for CAT tools: TMX 1.4b (corpus) and XLIFF 1.2 (per document)."""


@import_app.callback()
def _import() -> None:
    """Import reviewers' work from CAT tools (XLIFF 1.2)."""


@export_app.command("tmx")
def export_tmx_command(
    output: Path = typer.Option(Path("out/export/corpus.tmx"), "--output", help="TMX file to write."),
    approved_only: bool = typer.Option(False, "--approved-only", help="Only reviewer-approved segments."),
    out: Out = DEFAULT_OUT,
    docs: Documents = None,
) -> None:
    """Write the corpus as TMX 1.4b (validated against the DTD)."""
    from ..exchange.tmx import export_tmx
    report = export_tmx(out, output, documents(out, docs), approved_only=approved_only)
    print(f"wrote {report.path}: {report.units} translation units from {report.documents} documents",
          file=sys.stderr)


@export_app.command("xliff")
def export_xliff_command(
    output_dir: Path = typer.Option(Path("out/export/xliff"), "--output-dir", help="Folder for <doc>.xlf files."),
    out: Out = DEFAULT_OUT,
    docs: Documents = None,
) -> None:
    """Write one XLIFF 1.2 file per document, for CAT tools."""
    from ..exchange.xliff import export_xliff
    written = export_xliff(out, output_dir, documents(out, docs))
    print(f"wrote {len(written)} XLIFF file{'s' if len(written) != 1 else ''} to {output_dir}", file=sys.stderr)


@import_app.command("xliff")
@names_memory_errors
def import_xliff_command(
    file: Path = typer.Argument(..., help="An XLIFF 1.2 file exported by `pipeline export xliff`."),
    document: Optional[str] = typer.Option(None, "--document", help="Refuse the file unless it is for this document."),
    out: Out = DEFAULT_OUT,
) -> None:
    """Apply the targets of an XLIFF file as post-edits (all or nothing)."""
    from ..exchange.xliff import import_xliff
    if not file.is_file():
        raise UsageError(f"{file}: no such file")
    report = import_xliff(file, out, expect_document=document)
    docs = ", ".join(f"{d} {n}" for d, n in report.applied.items()) or "none"
    print(f"{file}: {report.total} segments updated ({docs}); {report.unchanged} unchanged, "
          f"{report.untranslated} without a target", file=sys.stderr)
