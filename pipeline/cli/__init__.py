"""The `pipeline` command line. Each sub-command is a thin layer over the API.

Errors the user can fix are PipelineError subclasses; ``main`` prints them as
one line on stderr and exits with their code (2 usage/configuration, 1 some
documents failed), never with a traceback.
"""
from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
from pathlib import Path
from typing import Optional

import typer

from .atomic import ensure_writable_dir
from .errors import INTERRUPTED, PipelineError, UsageError, names_memory_errors, os_error_message
from .inputs import check_unique_names, shown

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
@names_memory_errors
def translate(
    paths: Optional[list[Path]] = typer.Argument(None, help="Article files or folders (default: seeds/)."),
    engine: str = typer.Option("auto", "--engine", "-e", help="auto, argos or apertium."),
    out: Path = typer.Option(DEFAULT_OUT, "--out", "-o", help="Output folder."),
    glossary: Optional[Path] = typer.Option(None, "--glossary", "-g", help="Glossary folder (default: glossary/, if any)."),
    no_glossary: bool = typer.Option(False, "--no-glossary", help="Translate without the glossary."),
    force: bool = typer.Option(False, "--force", help="Re-translate machine segments (reviewer edits are kept)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress, no summary."),
    workers: int = typer.Option(0, "--workers", "-j", min=0,
                                help="Engine workers in parallel (0 = one per core): apertium pipes, argos "
                                "CTranslate2 inter_threads; with --executor ray, Ray actors."),
    threads: int = typer.Option(0, "--threads", help="argos: CPU threads (0 = all cores)."),
    compute_type: str = typer.Option("auto", "--compute-type", help="argos: auto, int8, float32…"),
    beam_size: int = typer.Option(4, "--beam-size", help="argos: beam size (argos's default: 4)."),
    executor: str = typer.Option("local", "--executor", help="Where the engine runs: local, or ray "
                                 "(RAY_ADDRESS selects a cluster; unset, a local Ray for this run)."),
) -> None:
    """Translate articles into aligned bilingual documents in out/."""
    from .executors import EngineSpec, open_engine
    from .glossary import load_policy
    from .memory import Memory
    from .progress import make_progress
    from .translate import Run, corpus_paths

    args = paths or [DEFAULT_SEEDS]
    for arg in args:
        if not os.path.lexists(arg):
            raise UsageError(f"{shown(arg)}: no such file or folder")
    files = corpus_paths(args)
    if not files:
        raise UsageError(f"{', '.join(map(shown, args))}: no .txt articles to translate")
    # Checked before any work: a -g typo, two sources with one name, an unusable -o.
    if glossary is not None and not no_glossary and not glossary.is_dir():
        raise UsageError(f"{shown(glossary)}: no such glossary folder (-g)")
    glossary = glossary or DEFAULT_GLOSSARY
    check_unique_names(files, out)
    ensure_writable_dir(out, "-o")

    policy = None if no_glossary else load_policy(glossary)
    spec = EngineSpec(engine, dict(intra_threads=threads, compute_type=compute_type, beam_size=beam_size))
    progress = make_progress(quiet)
    with open_engine(executor, spec, workers=workers, warn=warn) as eng, Memory(memory_path(out)) as memory, (progress if hasattr(progress, "__enter__") else contextlib.nullcontext()):
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


def _usage_line(err) -> str:
    """A typer/click usage error as one line, with where to get help."""
    ctx = getattr(err, "ctx", None)
    command = ctx.command_path if ctx is not None else "pipeline"
    if type(err).__name__ == "NoArgsIsHelpError" and ctx is not None:
        names = ", ".join(ctx.command.list_commands(ctx)) if hasattr(ctx.command, "list_commands") else ""
        message = f"missing command{f' ({names})' if names else ''}"
    else:
        message = " ".join(err.format_message().split())
    return f"error: {message} (see `{command} --help`)"


def main(argv: Optional[list[str]] = None) -> int:
    try:
        result = app(args=argv, prog_name="pipeline", standalone_mode=False)
    except PipelineError as err:
        print(f"error: {' '.join(str(err).splitlines())}", file=sys.stderr)
        return err.exit_code
    except (KeyboardInterrupt, typer.Abort):
        print(INTERRUPTED, file=sys.stderr)
        return 130
    except typer.TyperException as err:
        # Typer ≥ 0.2x raises its own (vendored) click exceptions: usage errors, bad values.
        print(_usage_line(err), file=sys.stderr)
        return getattr(err, "exit_code", 2) or 2
    except sqlite3.Error as err:
        print(f"error: translation memory: {err}", file=sys.stderr)
        return 1
    except OSError as err:
        # Not caught closer to the cause: still one line naming the file.
        print(f"error: {os_error_message(err)}", file=sys.stderr)
        return 1
    except Exception as err:  # a bug, not bad input: one line unless debugging
        if os.environ.get("PIPELINE_DEBUG"):
            raise
        print(f"error: internal error: {type(err).__name__}: {' '.join(str(err).split())} "
              "(set PIPELINE_DEBUG=1 for a traceback, and please report it)", file=sys.stderr)
        return 3
    if result == 130:
        # Typer turns Ctrl-C inside a command into Exit(130) and returns it.
        print(INTERRUPTED, file=sys.stderr)
    return result if isinstance(result, int) else 0
