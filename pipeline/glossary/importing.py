"""``pipeline glossary import``: all rows or none.

The incoming entries are checked together with the glossary they join (the
same lint as ``check``: fields, kinds, conflicts, entries that cannot be
terms); one bad row refuses the whole file, every problem named by the
import file's line. Only then are the kind files rewritten, each atomically,
and the result is re-read: if it would not load, the original files are put
back.
"""
from __future__ import annotations

from pathlib import Path

from ..atomic import write_text_atomic
from ..errors import UsageError
from .exchange import read_exchange
from .schema import KINDS, POS, Entry, Issue, _cross_checks, load_glossary
from .yamledit import appended

MAX_LISTED = 5


def _own_issues(e: Entry) -> list[Issue]:
    issues = []
    if not e.fr.strip() or not e.en.strip():
        issues.append(Issue(e.file, e.line, "an entry needs a French form and an English rendering"))
    if e.kind not in KINDS:
        issues.append(Issue(e.file, e.line, f"unknown kind '{e.kind}' (one of: {', '.join(KINDS)})"))
    if e.pos not in POS:
        issues.append(Issue(e.file, e.line, f"unknown pos '{e.pos}'"))
    return issues


def _refuse(file: Path, errors: list[Issue]) -> UsageError:
    shown = "; ".join(str(i) for i in errors[:MAX_LISTED])
    more = f"; … and {len(errors) - MAX_LISTED} more" if len(errors) > MAX_LISTED else ""
    n = len(errors)
    return UsageError(f"{shown}{more} ({n} problem{'s' if n != 1 else ''}; nothing imported from {file})")


def import_entries(file: Path, directory: Path) -> tuple[int, int]:
    """Add the file's entries to the glossary in ``directory``; returns (added, skipped)."""
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise UsageError(f"{directory}: not a folder")
    incoming = read_exchange(file)
    existing = load_glossary(directory)
    if existing.errors:
        raise UsageError(f"{existing.errors[0]} (the glossary is already invalid; fix it before importing)")
    fresh, skipped = [], 0
    for e in incoming:
        if not e.file:
            e.file, e.line = str(file), 0
        known = [existing.find(f) for f in e.forms]
        if any(k is not None and k.en == e.en for k in known):
            skipped += 1  # already there with the same rendering
            continue
        fresh.append(e)
    errors = [i for e in fresh for i in _own_issues(e)]
    if not errors:
        # the lint over glossary + import; only problems that involve an imported row count
        errors = [i for i in _cross_checks(existing.entries + fresh)
                  if i.severity == "error" and i.file == str(file)]
    if errors:
        raise _refuse(file, errors)
    if not fresh:
        return 0, skipped
    # one rewrite per kind file, appended blocks in the files' own style
    texts: dict[Path, str] = {}
    originals: dict[Path, str | None] = {}
    for e in fresh:
        path = directory / _file_for(e)
        if path not in texts:
            try:
                original = path.read_text(encoding="utf-8") if path.exists() else None
            except (OSError, UnicodeDecodeError) as err:
                raise UsageError(f"{path}: cannot read ({err}); nothing imported") from None
            originals[path] = original
            texts[path] = original or ""
        texts[path] = appended(texts[path], e)
    written: list[Path] = []
    try:
        for path, text in texts.items():
            write_text_atomic(path, text)
            written.append(path)
        after = load_glossary(directory)
        if after.errors:
            raise UsageError(f"{after.errors[0]} (after import; nothing imported)")
    except (OSError, UsageError) as err:
        _restore(written, originals)
        if isinstance(err, UsageError):
            raise
        raise UsageError(f"{getattr(err, 'filename', None) or directory}: cannot write ({err.strerror or err}); "
                         "nothing imported") from None
    return len(fresh), skipped


def _file_for(e: Entry) -> str:
    from .schema import KIND_FILES

    return KIND_FILES[e.kind]


def _restore(written: list[Path], originals: dict[Path, str | None]) -> None:
    for path in written:
        original = originals[path]
        try:
            if original is None:
                path.unlink()
            else:
                write_text_atomic(path, original)
        except OSError:
            pass
