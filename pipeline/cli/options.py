"""What several commands share, defined once: options, warnings, document names.

Options are ``Annotated`` types, so a command declares ``out: Out = DEFAULT_OUT``
and every command spells ``-o``, ``-g``, ``-q``, ``-j`` the same way with the
same help.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..api import DEFAULT_GLOSSARY as DEFAULT_GLOSSARY, DEFAULT_OUT as DEFAULT_OUT  # the API's defaults
from ..errors import UsageError
from ..inputs import shown

DEFAULT_SEEDS = Path("seeds")

Out = Annotated[Path, typer.Option("--out", "-o", help="Output folder (of `pipeline translate`).")]
Glossary = Annotated[Path, typer.Option("--glossary", "-g", help="Glossary folder.")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar, summary or request log.")]
Workers = Annotated[int, typer.Option(
    "--workers", "-j", min=0, help="Engine workers in parallel (0 = the engine's default): apertium pipes "
    "(default one per two cores), argos CTranslate2 inter_threads; with --executor ray, Ray actors.")]
Reviewer = Annotated[str, typer.Option(
    "--reviewer", help="Name recorded with each edit (in the app, its own setting wins).")]
Seeds = Annotated[list[Path], typer.Option("--seeds", help="Articles or folders.")]
Documents = Annotated[Optional[list[str]], typer.Argument(help="Document names (default: all in out/).")]


def warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


def documents(out: Path, docs: Optional[list[str]]) -> list[str]:
    """The documents named on the command line (all when none), refusing unknown ones."""
    from ..api import document_names

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


def reviewer_name(name: str) -> str:
    """A reviewer's name as recorded: one line, printable, at most 100 characters."""
    from ..review.apply import text_problem

    name = " ".join(name.split())
    problem = text_problem(name, "--reviewer")
    if problem or len(name) > 100:
        raise UsageError(problem or "--reviewer: at most 100 characters")
    return name
