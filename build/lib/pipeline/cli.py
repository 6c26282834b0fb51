"""The `pipeline` command line. Each sub-command is a thin layer over the API.

Errors the user can fix are PipelineError subclasses; ``main`` prints them as
one line on stderr and exits with their code (2 usage/configuration, 1 some
documents failed), never with a traceback.
"""
from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import Optional

import click
import typer

from .errors import PipelineError, UsageError

app = typer.Typer(
    help="French → English translation with an enforced glossary and side-by-side review.",
    no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
)



@app.callback()
def _root() -> None:
    """French → English translation with an enforced glossary and side-by-side review."""


DEFAULT_SEEDS = Path("seeds")
DEFAULT_OUT = Path("out")
DEFAULT_GLOSSARY = Path("glossary")


def warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


def memory_path(out: Path) -> Path:
    return out / "memory.sqlite"


@app.command()
def translate(
    paths: Optional[list[Path]] = typer.Argument(None, help="Article files or folders (default: seeds/)."),
    engine: str = typer.Option("auto", "--engine", "-e", help="auto, argos or apertium."),
    out: Path = typer.Option(DEFAULT_OUT, "--out", "-o", help="Output folder."),
    glossary: Path = typer.Option(DEFAULT_GLOSSARY, "--glossary", "-g", help="Glossary folder."),
    no_glossary: bool = typer.Option(False, "--no-glossary", help="Translate without the glossary."),
    force: bool = typer.Option(False, "--force", help="Re-translate machine segments (reviewer edits are kept)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress, no summary."),
    threads: int = typer.Option(0, "--threads", help="argos: CPU threads (0 = all cores)."),
    compute_type: str = typer.Option("auto", "--compute-type", help="argos: auto, int8, float32…"),
    beam_size: int = typer.Option(4, "--beam-size", help="argos: beam size (argos's default: 4)."),
) -> None:
    """Translate articles into aligned bilingual documents in out/."""
    from .engines.select import make_engine
    from .glossary import load_policy
    from .memory import Memory
    from .progress import make_progress
    from .translate import Run, corpus_paths

    args = paths or [DEFAULT_SEEDS]
    for arg in args:
        if not arg.exists():
            raise UsageError(f"{arg}: no such file or folder")
    files = corpus_paths(args)
    if not files:
        raise UsageError(f"{', '.join(map(str, args))}: no .txt articles to translate")
    policy = None if no_glossary else load_policy(glossary)
    eng = make_engine(engine, warn=warn, intra_threads=threads, compute_type=compute_type,
                      beam_size=beam_size)
    progress = make_progress(quiet)
    with Memory(memory_path(out)) as memory, (progress if hasattr(progress, "__enter__") else contextlib.nullcontext()):
        summary = Run(eng, memory, out, policy=policy, force=force, progress=progress).run(files)
    if (out / "review" / "index.html").exists():
        # Keep the static review pages in step with what was just written.
        from .review.pages import build_pages
        build_pages(out)
    for message in summary.warnings:
        warn(message)
    for _, message in summary.failed:
        print(f"error: {message}", file=sys.stderr)
    if not quiet:
        print(summary.line(), file=sys.stderr)
    if summary.failed:
        raise typer.Exit(1)


def _register_subcommands() -> None:
    from .cli_eval import eval_command
    from .cli_glossary import app as glossary_app
    from .cli_models import app as models_app
    from .cli_review import export_app, import_app, qa_command, review_app

    app.add_typer(models_app, name="models", help="List and install Argos translation models.")
    app.add_typer(glossary_app, name="glossary", help="Maintain the glossary: check, list, add, remove, where, suggest, export, import.")
    app.command("eval")(eval_command)
    app.command("qa")(qa_command)
    app.add_typer(review_app, name="review")
    app.add_typer(export_app, name="export")
    app.add_typer(import_app, name="import")


_register_subcommands()


def main(argv: Optional[list[str]] = None) -> int:
    try:
        result = app(args=argv, prog_name="pipeline", standalone_mode=False)
    except PipelineError as err:
        print(f"error: {err}", file=sys.stderr)
        return err.exit_code
    except click.exceptions.Abort:
        print("interrupted: finished translations are kept in the memory; run again to resume",
              file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        print("interrupted: finished translations are kept in the memory; run again to resume",
              file=sys.stderr)
        return 130
    except click.ClickException as err:
        err.show()
        return err.exit_code
    except Exception as err:  # a bug, not bad input: one line unless debugging
        if os.environ.get("PIPELINE_DEBUG"):
            raise
        print(f"error: internal error: {type(err).__name__}: {err} "
              "(set PIPELINE_DEBUG=1 for a traceback, and please report it)", file=sys.stderr)
        return 3
    return result if isinstance(result, int) else 0
