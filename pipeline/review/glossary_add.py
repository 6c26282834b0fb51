"""Add a glossary entry from the review app: append it to glossary/<kind>.yaml.

Uses the glossary package's own ``add_entry`` when it has one; otherwise this
minimal append keeps the file's existing text (and comments) and adds one YAML
list item, after checking the file is a YAML list (or empty).
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import yaml

from ..atomic import write_text_atomic
from ..errors import UsageError

_KIND_RE = re.compile(r"^[a-z][a-z0-9_-]{0,40}$")


def slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:60] or "entry"


def add_entry(glossary_dir: Path, kind: str, source: str, target: str, note: str = "") -> tuple[dict, Path]:
    source, target = " ".join(str(source).split()), " ".join(str(target).split())
    if not source or not target:
        raise UsageError("a glossary entry needs both the French and the English")
    if not _KIND_RE.match(kind or ""):
        raise UsageError(f"{kind!r}: not a glossary kind")
    try:  # the glossary helper's API, when it exists
        from ..glossary import add_entry as glossary_add  # type: ignore[attr-defined]
    except ImportError:
        glossary_add = None
    if glossary_add is not None:
        result = glossary_add(Path(glossary_dir), kind, source, target, note=note)
        return (result if isinstance(result, tuple) else (result, Path(glossary_dir) / f"{kind}.yaml"))
    path = Path(glossary_dir) / f"{kind}.yaml"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    try:
        existing = yaml.safe_load(text) if text.strip() else None
    except yaml.YAMLError as err:
        raise UsageError(f"{path}: not valid YAML ({err}); entry not added") from None
    if existing is not None and not isinstance(existing, list):
        raise UsageError(f"{path}: expected a YAML list of entries; entry not added")
    ids = {str(e.get("id")) for e in existing or [] if isinstance(e, dict)}
    base = slug(source)
    entry_id, n = base, 2
    while entry_id in ids:
        entry_id, n = f"{base}-{n}", n + 1
    for e in existing or []:
        if isinstance(e, dict) and str(e.get("fr", "")).casefold() == source.casefold():
            raise UsageError(f"{path}: “{source}” already has an entry ({e.get('id')})")
    entry = {"id": entry_id, "fr": source, "en": target}
    if note:
        entry["note"] = note
    item = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=1000)
    if text and not text.endswith("\n"):
        text += "\n"
    write_text_atomic(path, text + item)
    return entry, path
