"""Exceptions that the CLI turns into one-line messages and exit codes.

Every error a user can cause derives from PipelineError; the CLI prints
``str(err)`` to stderr (no traceback) and exits with ``err.exit_code``.
"""


class PipelineError(Exception):
    """A problem the user can fix. The message names the file (and line)."""

    exit_code = 2


class UsageError(PipelineError):
    """Bad command-line arguments or configuration: exit 2."""

    exit_code = 2


class DocumentError(PipelineError):
    """One input document cannot be read; the others still run: exit 1."""

    exit_code = 1


class EngineError(PipelineError):
    """No engine can run, or an engine failed in a way the user can fix."""

    exit_code = 2


class ModelError(PipelineError):
    """Installing or finding a translation model failed."""

    exit_code = 2
