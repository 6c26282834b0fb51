"""The `pipeline` command line. Each sub-command is a thin layer over the API
(``pipeline.api``), one module per command or group; options several commands
share are defined once in ``options``.

Errors the user can fix are PipelineError subclasses; ``main`` prints them as
one line on stderr and exits with their code (2 usage/configuration, 1 some
documents failed), never with a traceback.
"""
from __future__ import annotations

import os
import sqlite3
import sys
from typing import Optional

import typer

from ..errors import INTERRUPTED, PipelineError, os_error_message

app = typer.Typer(
    help="French → English translation with an enforced glossary and side-by-side review.",
    no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
)



@app.callback()
def _root() -> None:
    """French → English translation with an enforced glossary and side-by-side review."""


def _register_subcommands() -> None:
    from .evaluate import eval_command
    from .exchange import export_app, import_app
    from .glossary import app as glossary_app
    from .models import app as models_app
    from .qa import qa_command
    from .review import review_app
    from .translate import translate_command

    app.command("translate")(translate_command)
    app.add_typer(models_app, name="models", help="List and install Argos translation models.")
    app.add_typer(glossary_app, name="glossary",
                  help="Maintain the glossary: check, list, add, remove, where, suggest, export, import.")
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
