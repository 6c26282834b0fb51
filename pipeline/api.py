"""The library API: what the command line does, callable from Python.

``translate_paths`` is ``pipeline translate`` without the terminal: it checks
the inputs before any work, builds the engine (by name through the registry,
or the object given), loads the glossary policy, opens the translation memory,
runs, and rebuilds the static review pages when out/ has them. The CLI,
``pipeline eval``, the benchmarks and the test fixtures all go through here,
so there is one wiring of a run, not one per caller.

Errors are :class:`pipeline.errors.PipelineError` subclasses with a one-line
message naming the file (UsageError before any work, EngineError, …); a
document that cannot be read fails alone and is listed in
``RunSummary.failed``, the others are still translated.
"""
from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Optional, Union, cast

from .atomic import ensure_writable_dir
from .chunking import MAX_CHARS
from .errors import UsageError
from .inputs import check_unique_names, shown
from .terms import REPAIR_ENGINES

if TYPE_CHECKING:  # the run's modules are imported when a run starts, not with the CLI
    from .engines.base import Engine
    from .model import AlignedDocument
    from .terms import TermPolicy
    from .translate import Progress, RunSummary

PathLike = Union[str, "os.PathLike[str]"]
DEFAULT_OUT = Path("out")
#: the glossary folder used when none is named; a run without it has no glossary
DEFAULT_GLOSSARY = Path("glossary")


def _stderr_warning(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


def memory_path(out: PathLike) -> Path:
    """The translation memory (and reviewers' edits) of an out/ folder."""
    return Path(out) / "memory.sqlite"


def has_documents(out: Path) -> bool:
    """Whether ``out`` holds any translated document (stops at the first)."""
    try:
        with os.scandir(out) as entries:
            return any(e.name.endswith(".json") for e in entries)
    except OSError:
        return False


def translate_paths(paths: Union[PathLike, Iterable[PathLike]], out: PathLike = DEFAULT_OUT,
                    engine: Union[str, Engine] = "auto",
                    glossary: Union[PathLike, TermPolicy, None] = DEFAULT_GLOSSARY, *,
                    force: bool = False, workers: int = 0, executor: str = "local",
                    engine_options: Optional[dict] = None, progress: Optional[Progress] = None,
                    warn: Optional[Callable[[str], None]] = None, **run_options) -> RunSummary:
    """Translate article files (or folders of ``*.txt``) into aligned documents in ``out``.

    ``engine``: ``"auto"`` (argos when a model is installed, else apertium), a
    registered engine name, or an engine object (anything with ``name``,
    ``version`` and ``translate``). ``engine_options`` go to the named engine
    (argos: ``beam_size``, ``intra_threads``, ``compute_type``…).
    ``glossary``: a glossary folder, or None for none; the default folder may
    be missing (no glossary), a folder named otherwise must exist. A policy
    already loaded (``pipeline.glossary.load_policy``) is used as it is: a
    program running many translations loads its glossary once.
    ``force``: re-translate machine segments (reviewers' edits are kept).
    ``workers``: engine workers in parallel (0 = the engine's default); ``executor``:
    ``"local"`` or ``"ray"``. ``progress``: a :class:`pipeline.translate.Progress`
    (the CLI's bar); ``warn`` gets one-line warnings as they happen (default:
    stderr). Other keywords go to :class:`pipeline.translate.Run` (``window``,
    ``max_chars``…). The returned summary carries the run's counts, its
    warnings and the documents that failed.
    """
    # Only what building the engine needs is imported first: on a first run
    # Apertium loads its models while the rest is imported (see below).
    from .engines.base import warm_up
    from .executors import EngineSpec, open_engine
    from .inputs import corpus_paths

    warn = warn or _stderr_warning
    out = Path(out)
    args = [Path(paths)] if isinstance(paths, (str, os.PathLike)) else [Path(p) for p in paths]
    for arg in args:
        if not os.path.lexists(arg):
            raise UsageError(f"{shown(arg)}: no such file or folder")
    files = corpus_paths(args)
    if not files:
        raise UsageError(f"{', '.join(map(shown, args))}: no .txt articles to translate")
    # Checked before any work: a glossary typo, two sources with one name, an unusable out/.
    folder = Path(glossary) if isinstance(glossary, (str, os.PathLike)) else None
    if folder is not None and folder != DEFAULT_GLOSSARY and not folder.is_dir():
        raise UsageError(f"{shown(folder)}: no such glossary folder")
    check_unique_names(files, out)
    ensure_writable_dir(out, "-o")

    def read_glossary() -> Optional[TermPolicy]:
        from .glossary import load_policy
        return load_policy(folder) if folder is not None else cast("Optional[TermPolicy]", glossary)

    # A cluster takes long to start: a glossary error is found before. A local
    # engine starts at once, and on a first run its programs load their models
    # while the glossary and the documents are read (a re-run may have nothing
    # to do: it warms up only when it finds work, in Run).
    policy = read_glossary() if executor != "local" else None
    with contextlib.ExitStack() as stack:
        if isinstance(engine, str):
            spec = EngineSpec(engine, dict(engine_options or {}))
            eng = stack.enter_context(open_engine(executor, spec, workers=workers, warn=warn))
        elif executor != "local":
            raise UsageError(f"executor {executor!r} needs an engine name (it builds the engine in each worker)")
        else:
            eng = engine
        if executor == "local":
            if not has_documents(out):
                warm_up(eng)
                if getattr(eng, "context_free", False) and not memory_path(out).exists() and \
                        (glossary is None or (folder is not None and eng.name in REPAIR_ENGINES)):
                    # every sentence goes to the engine as written (no memory, and a glossary
                    # that repairs rather than hides terms): it starts on the first ones
                    # while the glossary is read (see pipeline/prefetch.py)
                    from .atomic import interrupts_deferred
                    from .prefetch import PrefetchingEngine, engine_texts
                    with interrupts_deferred():  # started and its stop registered, as one step
                        eng = PrefetchingEngine(eng, engine_texts(files, run_options.get("max_chars", MAX_CHARS)))
                        # before the engine is closed (the stack unwinds backwards); a run that
                        # gets here has stopped it already, a failing one does not wait for it
                        stack.callback(eng.stop, wait=False)
            policy = read_glossary()
        from .memory import Memory
        from .translate import Progress, Run
        progress = progress or Progress()
        memory = stack.enter_context(Memory(memory_path(out)))
        if isinstance(progress, contextlib.AbstractContextManager):  # a bar is drawn only while the run lasts
            stack.enter_context(progress)
        summary = Run(eng, memory, out, policy=policy, force=force, progress=progress, **run_options).run(files)
    if (out / "review" / "index.html").exists():
        # Keep the static review pages in step with what was just written.
        from .review.pages import build_pages
        build_pages(out)
    return summary


def load_document(path: PathLike) -> "AlignedDocument":
    """A translated document (``out/<name>.json``), checked: its segments, terms and flags.

    Raises :class:`pipeline.store.StoreError` (one line naming the
    file) for a file that is not a translated document.
    """
    from .store import load_document as load

    path = Path(path)
    if path.suffix != ".json":
        path = path.with_name(path.name + ".json")
    return load(path.parent, path.stem)


def document_names(out: PathLike = DEFAULT_OUT) -> list[str]:
    """The translated documents in ``out`` (names of its ``<name>.json``)."""
    from .store import document_names as names

    return names(Path(out))


def build_review_pages(out: PathLike = DEFAULT_OUT, names: Optional[list[str]] = None,
                       failed: Optional[list[str]] = None) -> list[Path]:
    """Write ``out/review/index.html`` and a side-by-side page per document.

    Returns the pages written (the index last); with ``failed``, a document
    that cannot be read is reported there instead of raising.
    """
    from .review.pages import build_pages

    return build_pages(Path(out), names, failed=failed)
