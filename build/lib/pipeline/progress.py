"""Progress reporting for long runs: a rich bar on a terminal, lines otherwise."""
from __future__ import annotations

import sys

from .translate import Progress


class QuietProgress(Progress):
    pass


class LineProgress(Progress):
    """For logs and CI: one line per finished document on stderr."""

    def __init__(self):
        self.total = 0
        self.done = 0

    def documents_total(self, n: int) -> None:
        self.total = n

    def document_done(self, name: str) -> None:
        self.done += 1
        print(f"[{self.done}/{self.total}] {name}", file=sys.stderr, flush=True)


class BarProgress(Progress):
    """Two bars on a terminal: documents written and sentences translated."""

    def __init__(self):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress as Rich, TextColumn, TimeRemainingColumn

        self.rich = Rich(TextColumn("{task.description:<10}"), BarColumn(), MofNCompleteColumn(),
                         TimeRemainingColumn(), console=Console(stderr=True), transient=True)
        self.docs = self.rich.add_task("documents", total=0)
        self.sents = self.rich.add_task("sentences", total=0)

    def __enter__(self):
        self.rich.start()
        return self

    def __exit__(self, *exc):
        self.rich.stop()

    def documents_total(self, n: int) -> None:
        self.rich.update(self.docs, total=n)

    def sentences_added(self, n: int) -> None:
        task = self.rich.tasks[self.sents]
        self.rich.update(self.sents, total=(task.total or 0) + n)

    def sentences_done(self, n: int) -> None:
        self.rich.advance(self.sents, n)

    def document_done(self, name: str) -> None:
        self.rich.advance(self.docs, 1)


def make_progress(quiet: bool) -> Progress:
    if quiet:
        return QuietProgress()
    if sys.stderr.isatty():
        return BarProgress()
    return LineProgress()
