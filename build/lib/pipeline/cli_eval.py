"""`pipeline eval`: chrF, BLEU and term accuracy of an engine (+ glossary) on a test set."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer


def eval_command(
    src: Path = typer.Option(..., "--src", help="Source file, one French sentence per line."),
    ref: Path = typer.Option(..., "--ref", help="Reference file, one English sentence per line."),
    glossary: Optional[Path] = typer.Option(None, "--glossary", "-g", help="Glossary folder to enforce."),
    terms: Optional[Path] = typer.Option(None, "--terms", help="meta.jsonl with the required terms per line."),
    engine: str = typer.Option("apertium", "--engine", "-e", help="apertium, argos or auto."),
    hyp_out: Optional[Path] = typer.Option(None, "--hyp-out", help="Write the translations here."),
    limit: Optional[int] = typer.Option(None, "--limit", help="Only the first N lines."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
) -> None:
    """Score an engine on a parallel test set: chrF, BLEU and (with --terms) term accuracy."""
    from .engines.select import make_engine
    from .errors import UsageError
    from .evaluate import evaluate

    for path in (src, ref, terms, glossary):
        if path is not None and not path.exists():
            raise UsageError(f"{path}: no such file or folder")
    eng = make_engine(engine, warn=lambda m: typer.echo(f"warning: {m}", err=True))
    result = evaluate(src, ref, eng, glossary=glossary, terms=terms, limit=limit, hyp_out=hyp_out)
    if as_json:
        typer.echo(json.dumps(result.as_dict(), indent=2))
        return
    typer.echo(f"lines {result.lines}  chrF {result.chrf:.2f}  BLEU {result.bleu:.2f}")
    if result.term_accuracy is not None:
        typer.echo(f"term accuracy {result.term_accuracy:.2f}% exact, {result.term_accuracy_lemma:.2f}% lemma "
                   f"({result.term_hits}/{result.term_total})")
    if result.statuses:
        typer.echo("glossary: " + ", ".join(f"{k} {v}" for k, v in sorted(result.statuses.items())))
