"""Adding and removing entries without disturbing the rest of a file.

Entries are edited as text: ``add`` appends one block at the end of the kind's
file; ``remove`` deletes exactly the lines of one entry (and the comment lines
directly above it). Everything else (comments, ordering, quoting) is left as
the reviewers wrote it, so a pull-request diff shows only the change.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from ..atomic import write_text_atomic
from ..errors import UsageError
from .schema import Entry


def _flow(value) -> str:
    return yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10000).strip()


def entry_block(entry: Entry) -> str:
    """The entry in the files' style: block mapping, lists inline."""
    lines: list[str] = []
    for key, value in entry.to_yaml_dict().items():
        text = _flow(value)
        if text.endswith("\n..."):
            text = text[:-4].strip()
        lines.append(("- " if not lines else "  ") + f"{key}: {text}")
    return "\n".join(lines) + "\n"


def appended(text: str, entry: Entry) -> str:
    """A file's text with ``entry`` added at the end, one blank line before it."""
    if text and not text.endswith("\n"):
        text += "\n"
    if text.strip():
        text += "\n"
    return text + entry_block(entry)


def append_entry(path: Path, entry: Entry) -> Path:
    """Add ``entry`` at the end of ``path`` in place (not atomic: callers write
    into a scratch copy, see ``glossary.editing``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    path.write_text(appended(text, entry), encoding="utf-8")
    return path


def _entry_lines(path: Path) -> list[tuple[int, int, str]]:
    """(first line, end line exclusive, fr) of each entry, 0-based."""
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.SequenceNode):
        return []
    starts = [item.start_mark.line for item in root.value]
    out = []
    for k, item in enumerate(root.value):
        start = starts[k]
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        # trailing blank and comment lines belong to the next entry (or the file)
        while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
            end -= 1
        fr = ""
        if isinstance(item, yaml.MappingNode):
            for key, value in item.value:
                if key.value == "fr" and isinstance(value, yaml.ScalarNode):
                    fr = value.value
        out.append((start, end, fr))
    return out


def _count(text: str) -> int:
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    return len(root.value) if isinstance(root, yaml.SequenceNode) else 0


def remove_entry(entry: Entry) -> Path:
    path = Path(entry.file)
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    spans = _entry_lines(path)
    for start, end, _fr in spans:
        if start + 1 == entry.line:
            if sum(1 for s, _, _ in spans if s == start) > 1:
                # A flow-style list ([{fr: a, …}, {fr: b, …}] on one line): deleting
                # lines would remove other entries too. Refuse rather than guess.
                raise UsageError(f"{entry.file}:{entry.line}: entry '{entry.fr}' shares its line with "
                                 "other entries (flow-style YAML); remove it by hand; nothing changed")
            # comment lines directly above (no blank line between) belong to the entry
            while start > 0 and lines[start - 1].lstrip().startswith("#"):
                start -= 1
            # and one separating blank line
            if end < len(lines) and lines[end].strip() == "" and (start == 0 or lines[start - 1].strip() == ""):
                end += 1
            elif start > 0 and lines[start - 1].strip() == "" and end >= len(lines) - 1:
                start -= 1
            del lines[start:end]
            new_text = "\n".join(lines)
            # Only ever write a file that lost exactly this one entry.
            try:
                removed_one = _count(new_text) == _count(text) - 1
            except yaml.YAMLError:
                removed_one = False
            if not removed_one:
                raise UsageError(f"{entry.file}:{entry.line}: cannot remove entry '{entry.fr}' by its lines "
                                 "(unusual YAML layout); remove it by hand; nothing changed")
            write_text_atomic(path, new_text)
            return path
    raise UsageError(f"{entry.file}:{entry.line}: entry '{entry.fr}' not found in the file")

