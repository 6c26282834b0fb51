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
    baseline: bool = typer.Option(True, "--baseline/--no-baseline",
                                  help="With --glossary, also score the engine without it (the harm comparison)."),
) -> None:
    """Score an engine on a parallel test set: chrF, BLEU and (with --terms) term accuracy."""
    from ..engines.registry import make_engine
    from ..errors import UsageError
    from ..evaluate import evaluate

    for path in (src, ref, terms, glossary):
        if path is not None and not path.exists():
            raise UsageError(f"{path}: no such file or folder")
    eng = make_engine(engine, warn=lambda m: typer.echo(f"warning: {m}", err=True))
    result = evaluate(src, ref, eng, glossary=glossary, terms=terms, limit=limit, hyp_out=hyp_out)
    without = evaluate(src, ref, eng, terms=terms, limit=limit) if glossary and baseline else None
    if as_json:
        data = result.as_dict()
        if without is not None:
            data["without_glossary"] = without.as_dict()
        typer.echo(json.dumps(data, indent=2))
        return
    rows = [("with glossary" if glossary else "engine", result)] + ([("no glossary", without)] if without else [])
    for name, r in rows:
        line = f"{name:14s} lines {r.lines}  chrF {r.chrf:.2f}  BLEU {r.bleu:.2f}  'a'+vowel {r.a_vowel_errors}"
        if r.term_accuracy is not None:
            line += (f"  terms {r.term_accuracy:.2f}% exact, {r.term_accuracy_surface:.2f}% reference surface, "
                     f"{r.term_accuracy_lemma:.2f}% lemma ({r.term_total} occurrences)")
        typer.echo(line)
    if without is not None:
        typer.echo(f"glossary effect: chrF {result.chrf - without.chrf:+.2f}  BLEU {result.bleu - without.bleu:+.2f}  "
                   f"'a'+vowel {result.a_vowel_errors - without.a_vowel_errors:+d}")
    if result.statuses:
        typer.echo("glossary: " + ", ".join(f"{k} {v}" for k, v in sorted(result.statuses.items()))
                   + f"; {result.unsupported_spans} of {result.glossary_spans} spans"
                   " neither annotated nor in the reference")
