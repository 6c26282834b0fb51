"""`pipeline translate`: the run, through ``pipeline.api.translate_paths``.

What is left here is the terminal's part: the progress bar, warnings and
failures on stderr, the summary line, the exit code. The ``-g`` check stays
here because only the command line can tell "no -g" (the default folder,
which may be missing) from a ``-g`` naming a folder that does not exist.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from ..engines.registry import engine_names
from ..errors import UsageError, names_memory_errors
from ..inputs import shown
from .options import DEFAULT_OUT, DEFAULT_SEEDS, Out, Quiet, Workers, warn


@names_memory_errors
def translate_command(
    paths: Optional[list[Path]] = typer.Argument(None, help="Article files or folders (default: seeds/)."),
    engine: str = typer.Option("auto", "--engine", "-e", help=f"{', '.join(engine_names())} "
                               "(auto: argos when a model is installed, else apertium)."),
    out: Out = DEFAULT_OUT,
    glossary: Optional[Path] = typer.Option(None, "--glossary", "-g",
                                            help="Glossary folder (default: glossary/, if any)."),
    no_glossary: bool = typer.Option(False, "--no-glossary", help="Translate without the glossary."),
    force: bool = typer.Option(False, "--force", help="Re-translate machine segments (reviewer edits are kept)."),
    quiet: Quiet = False,
    workers: Workers = 0,
    threads: int = typer.Option(0, "--threads", help="argos: CPU threads (0 = all cores)."),
    compute_type: str = typer.Option("auto", "--compute-type", help="argos: auto, int8, float32…"),
    beam_size: int = typer.Option(4, "--beam-size", help="argos: beam size (argos's default: 4)."),
    executor: str = typer.Option("local", "--executor", help="Where the engine runs: local, or ray "
                                 "(RAY_ADDRESS selects a cluster; unset, a local Ray for this run)."),
) -> None:
    """Translate articles into aligned bilingual documents in out/."""
    from ..api import DEFAULT_GLOSSARY, translate_paths
    from ..progress import make_progress

    if glossary is not None and not no_glossary and not glossary.is_dir():
        raise UsageError(f"{shown(glossary)}: no such glossary folder (-g)")
    # The engine's own options; the registry drops those another engine owns.
    options = dict(intra_threads=threads, compute_type=compute_type, beam_size=beam_size)
    summary = translate_paths(paths or [DEFAULT_SEEDS], out, engine,
                              None if no_glossary else glossary or DEFAULT_GLOSSARY,
                              force=force, workers=workers, executor=executor, engine_options=options,
                              progress=make_progress(quiet), warn=warn)
    for message in summary.warnings:
        warn(message)
    for _, message in summary.failed:
        print(f"error: {message}", file=sys.stderr)
    if not quiet:
        print(summary.line(), file=sys.stderr)
    if summary.failed:
        raise typer.Exit(1)
