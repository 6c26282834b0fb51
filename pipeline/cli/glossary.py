"""`pipeline glossary …`: lint, list, edit, explore and exchange the glossary."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from ..errors import UsageError
from .options import DEFAULT_GLOSSARY, DEFAULT_SEEDS, Glossary, Seeds

app = typer.Typer(help="Check, list, edit and exchange the glossary.", no_args_is_help=True,
                  add_completion=False, pretty_exceptions_enable=False)

def _load(directory: Path, strict: bool = True):
    from ..glossary import invalid_message, load_glossary

    if not directory.is_dir():
        # A typo in -g must not read as "an empty glossary".
        raise UsageError(f"{directory}: no such glossary folder")
    g = load_glossary(directory)
    if strict and g.errors:
        raise UsageError(invalid_message(g.errors))
    return g


@app.command()
def check(glossary: Glossary = DEFAULT_GLOSSARY) -> None:
    """Lint the glossary; print each problem as file:line: message; exit 1 on errors."""
    from ..glossary import load_glossary

    if not glossary.is_dir():
        raise UsageError(f"{glossary}: no such folder")
    g = load_glossary(glossary)
    for issue in g.issues:
        typer.echo(f"{issue.severity}: {issue}" if issue.severity != "error" else str(issue), err=True)
    n = len(g.errors)
    typer.echo(f"{len(g.entries)} entries in {len(g.files)} files, {n} error{'s' if n != 1 else ''}",
               err=True)
    if n:
        raise typer.Exit(1)


@app.command("list")
def list_entries(kind: Optional[str] = typer.Option(None, "--kind",
                                                    help="person, place, organization, acronym or term."),
                 glossary: Glossary = DEFAULT_GLOSSARY) -> None:
    """List entries: French form, English rendering, kind, variants, forbidden."""
    from ..glossary.schema import KINDS

    if kind and kind not in KINDS:
        raise UsageError(f"unknown kind '{kind}' (one of: {', '.join(KINDS)})")
    g = _load(glossary, strict=False)
    for e in g.entries:
        if kind and e.kind != kind:
            continue
        extra = ""
        if e.variants:
            extra += f"  variants: {', '.join(e.variants)}"
        if e.forbid:
            extra += f"  forbid: {', '.join(e.forbid)}"
        typer.echo(f"{e.fr}\t{e.en}\t{e.kind}{extra}")


@app.command()
def add(fr: str = typer.Argument(..., help="French form."),
        en: str = typer.Argument(..., help="English rendering."),
        kind: str = typer.Option(..., "--kind", help="person, place, organization, acronym or term."),
        forbid: list[str] = typer.Option([], "--forbid", help="Forbidden English rendering (repeatable)."),
        variant: list[str] = typer.Option([], "--variant", help="Other French form (repeatable)."),
        pos: str = typer.Option("noun", "--pos", help="term only: noun or adjective."),
        note: str = typer.Option("", "--note", help="Why this rendering; source."),
        glossary: Glossary = DEFAULT_GLOSSARY) -> None:
    """Add an entry at the end of the kind's file (the rest of the file is untouched)."""
    from ..glossary.editing import add_entry, clean_entry

    if glossary.is_dir() and any(glossary.glob("*.yaml")):
        _load(glossary)  # an invalid glossary is reported as such, before anything is added
    entry = clean_entry(kind, fr, en, note, variant, forbid, pos, default_note="added with `pipeline glossary add`")
    path = add_entry(glossary, entry)
    typer.echo(f"added '{entry.fr}' → '{entry.en}' to {path}")


@app.command()
def remove(fr: str = typer.Argument(..., help="French form (or variant) of the entry."),
           glossary: Glossary = DEFAULT_GLOSSARY) -> None:
    """Remove an entry (only its lines change)."""
    from ..glossary.yamledit import remove_entry

    g = _load(glossary, strict=False)
    entry = g.find(fr)
    if entry is None:
        raise UsageError(f"'{fr}' is not in the glossary")
    path = remove_entry(entry)
    typer.echo(f"removed '{entry.fr}' → '{entry.en}' from {path}")


@app.command()
def where(form: str = typer.Argument(..., help="A French form or an entry's form."),
          seeds: Seeds = [DEFAULT_SEEDS],  # noqa: B006 - typer hands the command a fresh list, never this one
          glossary: Glossary = DEFAULT_GLOSSARY) -> None:
    """Every occurrence of a term in the articles, with context."""
    from ..glossary.discover import where as find

    g = _load(glossary, strict=False) if glossary.is_dir() else None
    hits = find(form, g.entries if g else [], seeds)
    for h in hits:
        typer.echo(f"{h.file}:{h.line}: {h.context}")
    typer.echo(f"{len(hits)} occurrence{'s' if len(hits) != 1 else ''}", err=True)


@app.command()
def suggest(seeds: Seeds = [DEFAULT_SEEDS],  # noqa: B006 - typer hands the command a fresh list, never this one
            limit: int = typer.Option(40, "--limit", help="How many candidates."),
            no_spacy: bool = typer.Option(False, "--no-spacy", help="Use capitalised n-grams only."),
            glossary: Glossary = DEFAULT_GLOSSARY) -> None:
    """Likely names and terms in the articles that the glossary lacks, most frequent first."""
    from ..glossary.discover import suggest as run

    g = _load(glossary, strict=False) if glossary.is_dir() else None
    candidates, method = run(g.entries if g else [], seeds, use_spacy=not no_spacy, limit=limit)
    typer.echo(f"# {len(candidates)} candidates ({method})", err=True)
    for c in candidates:
        example = c.example if len(c.example) <= 120 else c.example[:117] + "…"
        typer.echo(f"{c.count:3d}  {c.text}  [{c.label}]  e.g. {example}")


@app.command("export")
def export(fmt: str = typer.Option("csv", "--format", help="csv (Amazon/Google), deepl (DeepL CSV) or tbx."),
           output: Optional[Path] = typer.Option(None, "--output", "-o", help="File (default: stdout)."),
           glossary: Glossary = DEFAULT_GLOSSARY) -> None:
    """Export the glossary as CSV for MT services or TBX-Basic for CAT tools."""
    from ..glossary.exchange import to_csv, to_tbx

    g = _load(glossary)
    if fmt in ("csv", "deepl"):
        data = to_csv(g.entries, fmt).encode("utf-8")
    elif fmt == "tbx":
        data = to_tbx(g.entries)
    else:
        raise UsageError(f"unknown format '{fmt}' (csv, deepl or tbx)")
    if output:
        output.write_bytes(data)
        typer.echo(f"wrote {len(g.entries)} entries to {output}", err=True)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


@app.command("import")
def import_(file: Path = typer.Argument(..., help="A .csv (fr,en) or .tbx file."),
            glossary: Glossary = DEFAULT_GLOSSARY) -> None:
    """Add the entries of a CSV or TBX file: all of them or, if any row is bad, none."""
    from ..glossary.importing import import_entries

    added, skipped = import_entries(file, glossary)
    typer.echo(f"imported {added} entries, skipped {skipped} already present", err=True)
