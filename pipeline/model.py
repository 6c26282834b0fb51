"""The typed document model: what out/<doc>.json holds, as objects.

An :class:`AlignedDocument` is the translation of one article: a header
(source file, engine, glossary version, fingerprint) and its
:class:`Segment`\\ s, one per French sentence, each with its English, its
:class:`Status`, the glossary's :class:`TermReport`\\ s and QA's
:class:`Flag`\\ s. The run builds these, QA checks them, review and exchange
read and change them; only this module knows the JSON spelling.

The JSON format (``"format": 1``) is unchanged from the dicts this replaces:
statuses are the same strings, the same keys are written, and a key this model
does not know (a newer writer, a hand-added note) is kept as read, so loading
and saving never drops data.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional

from .atomic import write_text_atomic
from .errors import PipelineError

FORMAT_VERSION = 1


class Status(StrEnum):
    """Who produced a segment's English. A str: it compares and serialises as its value."""

    MACHINE = "machine"          # the engine (possibly from the translation memory)
    PROPAGATED = "propagated"    # a reviewer's approval of an identical sentence elsewhere
    EDITED = "edited"            # a reviewer's edit, not yet approved
    APPROVED = "approved"        # a reviewer's approval: resolves QA flags
    PASSTHROUGH = "passthrough"  # already English in the source, copied


#: Statuses a reviewer sets.
REVIEWER_STATUSES = (Status.EDITED, Status.APPROVED)
#: Statuses a reuse may overwrite: never a reviewer's own work.
REUSABLE = (Status.MACHINE, Status.PROPAGATED)
#: The per-document counts at the end of out/<doc>.json (read by the no-op re-run check).
COUNT_KEYS = ("sentences", *(s.value for s in (Status.MACHINE, Status.EDITED, Status.APPROVED,
                                                 Status.PROPAGATED, Status.PASSTHROUGH)),
              "stale_edits", "terms_missing")


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


# The enum as an exact str: json's encoder writes an exact str twice as fast as an enum member.
_plain = str.__str__


class DocumentFormatError(PipelineError):
    """A JSON file that is not an aligned document as `pipeline translate` writes it."""


_STATUSES = {s.value: s for s in Status}


def _status(value: Any) -> Any:
    # An unknown status string is kept as read (QA and counts ignore it) rather than refused.
    return _STATUSES.get(value, value) if isinstance(value, str) else value


@dataclass(slots=True)
class Flag:
    """One QA finding on a segment (see ``pipeline.qa`` for the codes)."""

    code: str
    severity: str
    message: str

    def to_dict(self) -> dict:
        return {"code": self.code, "severity": _plain(self.severity), "message": self.message}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Flag":
        return cls(data.get("code", ""), data.get("severity", ""), data.get("message", ""))


@dataclass(slots=True)
class TermReport:
    """A glossary entry found in the French and how the English renders it.

    ``status`` is ``ok``, ``repaired`` (the enforcer replaced a forbidden or
    engine rendering) or ``missing``; ``forbidden`` lists the entry's forbidden
    renderings, which QA looks for in the English (``term-forbidden``).
    """

    entry: str = ""
    source: str = ""
    target: str = ""
    status: str = ""
    forbidden: list[str] = field(default_factory=list)
    human: bool = False       # re-checked on a reviewer's English, not the enforcer's
    extra: dict = field(default_factory=dict)

    @property
    def missing(self) -> bool:
        return self.status == "missing"

    def to_dict(self) -> dict:
        out: dict[str, Any] = {"entry": self.entry, "source": self.source, "target": self.target}
        if self.status:
            out["status"] = self.status
        if self.forbidden:
            out["forbidden"] = list(self.forbidden)
        if self.human:
            out["human"] = True
        out.update(self.extra)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "TermReport":
        forbidden = data.get("forbidden") or []
        if isinstance(forbidden, str):
            forbidden = [forbidden]
        unknown = data.keys() - _TERM_KEYS
        return cls(entry=data.get("entry") or "", source=data.get("source") or "",
                   target=data.get("target") or "", status=data.get("status") or "",
                   forbidden=list(forbidden), human=bool(data.get("human")),
                   extra={k: data[k] for k in data if k in unknown} if unknown else {})


_TERM_KEYS = frozenset(("entry", "source", "target", "status", "forbidden", "human"))


_SEGMENT_KEYS = frozenset(("id", "paragraph", "source", "target", "status", "engine", "model", "terms",
                           "reviewer", "propagated_from", "stale_edit", "flags"))


@dataclass(slots=True)
class Segment:
    """One French sentence and its English."""

    id: str
    paragraph: int
    source: str
    target: str = ""
    status: Status = Status.MACHINE
    engine: str = ""
    model: str = ""
    terms: list[TermReport] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    reviewer: str = ""
    #: a reviewer's edit of an earlier version of this sentence (identity.Placement.stale_view)
    stale_edit: Optional[dict] = None
    #: {"document", "segment"} of the approval a propagated segment took its English from
    propagated_from: Optional[dict] = None
    extra: dict = field(default_factory=dict)

    @property
    def terms_missing(self) -> int:
        return sum(1 for t in self.terms if isinstance(t, TermReport) and t.missing)

    def to_dict(self) -> dict:
        out: dict[str, Any] = {"id": self.id, "paragraph": self.paragraph, "source": self.source,
                               "target": self.target, "status": _plain(self.status), "engine": self.engine,
                               "model": self.model, "terms": [t.to_dict() for t in self.terms]}
        if self.reviewer:
            out["reviewer"] = self.reviewer
        if self.propagated_from is not None:
            out["propagated_from"] = self.propagated_from
        if self.stale_edit is not None:
            out["stale_edit"] = self.stale_edit
        out["flags"] = [f.to_dict() for f in self.flags]
        out.update(self.extra)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Segment":
        """A segment from its JSON object (checked by ``AlignedDocument.from_dict``,
        or anything at all from QA's callers: values are taken as they are)."""
        get = data.get   # a large document has thousands: the lookups add up
        unknown = data.keys() - _SEGMENT_KEYS
        return cls(
            id=get("id", ""), paragraph=get("paragraph", 0), source=get("source", ""),
            target=get("target", ""), status=_status(get("status", Status.MACHINE)),
            engine=get("engine", ""), model=get("model", ""),
            # A term that is not an object is kept as read: QA reports it (internal-check), never crashes.
            terms=[TermReport.from_dict(t) if type(t) is dict else t for t in get("terms") or ()],
            flags=[Flag(f.get("code", ""), f.get("severity", ""), f.get("message", ""))
                   for f in get("flags") or () if type(f) is dict],
            reviewer=get("reviewer") or "", stale_edit=get("stale_edit"), propagated_from=get("propagated_from"),
            extra={k: data[k] for k in data if k in unknown} if unknown else {},
        )


def segment_counts(segments: Iterable[Segment]) -> dict:
    counts = dict.fromkeys(COUNT_KEYS, 0)
    for seg in segments:
        counts["sentences"] += 1
        if seg.status in counts:
            counts[seg.status] += 1
        counts["stale_edits"] += seg.stale_edit is not None
        counts["terms_missing"] += seg.terms_missing
    return counts


_HEADER_KEYS = ("format", "document", "source_file", "metadata", "engine", "glossary", "fingerprint")
_DOCUMENT_KEYS = (*_HEADER_KEYS, "segments", "paragraphs", "counts")


@dataclass
class AlignedDocument:
    """out/<document>.json: one article's segments and how they were made."""

    document: str
    source_file: str = ""
    metadata: dict = field(default_factory=dict)
    engine: dict = field(default_factory=dict)     # {"name", "model"} of the run's engine
    glossary: str = ""                             # the glossary policy's version
    fingerprint: str = ""
    segments: list[Segment] = field(default_factory=list)
    paragraphs: int = 0
    format: int = FORMAT_VERSION
    extra: dict = field(default_factory=dict)

    def segment(self, segment_id: str) -> Optional[Segment]:
        return next((s for s in self.segments if s.id == segment_id), None)

    def header(self) -> dict:
        """The keys written before the segments (the streaming writer's head)."""
        return {"format": self.format, "document": self.document, "source_file": self.source_file,
                "metadata": self.metadata, "engine": self.engine, "glossary": self.glossary,
                "fingerprint": self.fingerprint}

    def to_dict(self) -> dict:
        return {**self.header(), "segments": [s.to_dict() for s in self.segments],
                "paragraphs": self.paragraphs, "counts": segment_counts(self.segments), **self.extra}

    def to_json_text(self) -> str:
        """The document as JSON, laid out as the run's streaming writer lays it out.

        One segment per line (line-wise diffs; and ``json.dumps(indent=…)`` falls
        back to the pure-Python encoder, 0.5 s for 2,000 segments), the counts on
        the last line so the next run's up-to-date check reads only the tail.
        """
        head = json.dumps({**self.header(), **self.extra}, ensure_ascii=False, indent=2)
        encode = _ENCODER.encode
        segments = ",\n    ".join(encode(s.to_dict()) for s in self.segments)
        body = f"\n    {segments}\n  " if segments else ""
        return (head[:-2] + f',\n  "segments": [{body}],\n  "paragraphs": {json.dumps(self.paragraphs)},\n'
                f'  "counts": {json.dumps(segment_counts(self.segments))}\n}}\n')

    def to_markdown(self) -> str:
        rows, _ = markdown_rows(self.segments, None)
        lines = markdown_head(self.header()) + rows
        if not self.segments:
            lines.append("_(empty document)_")
        return "\n".join(lines) + "\n"

    @classmethod
    def from_dict(cls, data: Any) -> "AlignedDocument":
        """Raises DocumentFormatError when ``data`` is not what `pipeline translate` writes."""
        problem = _shape_problem(data)
        if problem:
            raise DocumentFormatError(problem)
        return cls(
            document=data["document"], source_file=data.get("source_file", ""),
            metadata=data.get("metadata", {}), engine=data.get("engine", {}),
            glossary=data.get("glossary", ""), fingerprint=data.get("fingerprint", ""),
            segments=[Segment.from_dict(s) for s in data["segments"]],
            paragraphs=data.get("paragraphs", 0), format=data.get("format", FORMAT_VERSION),
            extra={k: v for k, v in data.items() if k not in _DOCUMENT_KEYS},
        )

    @classmethod
    def load(cls, path: Path) -> "AlignedDocument":
        """Read out/<doc>.json; DocumentFormatError (naming the file) if it is not one."""
        path = Path(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError) as err:
            raise DocumentFormatError(f"{path}: not a readable translated document ({err})") from None
        try:
            return cls.from_dict(data)
        except DocumentFormatError as err:
            raise DocumentFormatError(f"{path}: not a translated document ({err})") from None

    def save(self, out_dir: Path) -> None:
        """Write out/<document>.json and .md, each atomically."""
        out_dir = Path(out_dir)
        write_text_atomic(out_dir / f"{self.document}.json", self.to_json_text())
        write_text_atomic(out_dir / f"{self.document}.md", self.to_markdown())


_ENCODER = json.JSONEncoder(ensure_ascii=False)


def _shape_problem(data: Any) -> Optional[str]:
    """Why ``data`` is not what `pipeline translate` writes, or None (a stray JSON file fails here)."""
    if not isinstance(data, dict):
        return "not a JSON object"
    if not isinstance(data.get("document"), str) or not isinstance(data.get("segments"), list):
        return "no document name or segment list"
    for k in ("metadata", "engine"):
        if not isinstance(data.get(k, {}), dict):
            return f"{k} is not an object"
    for n, seg in enumerate(data["segments"]):
        if not isinstance(seg, dict):
            return f"segment {n + 1} is not an object"
        for k in ("id", "source", "target", "status"):
            if not isinstance(seg.get(k), str):
                return f"segment {n + 1} has no text {k!r}"
        if not isinstance(seg.get("paragraph"), int):
            return f"segment {n + 1} has no paragraph number"
        if not isinstance(seg.get("terms", []), list) or not isinstance(seg.get("flags", []), list):
            return f"segment {n + 1}: terms/flags are not lists"
    return None


# -- Markdown: the same table for a whole document and for the run's streaming writer --

def _cell(text: str) -> str:
    # Markdown tables cannot hold newlines or bare pipes.
    return " ".join(text.split()).replace("|", "\\|")


def markdown_head(header: dict) -> list[str]:
    # The fingerprint comment is invisible when rendered; it tells the next run
    # whether this file is as current as the JSON (a disk that filled up between
    # the two writes must not leave a stale .md forever).
    lines = [f"<!-- fingerprint: {header.get('fingerprint', '')} -->", f"# {header['document']}", ""]
    meta = ", ".join(f"{k}: {v}" for k, v in header["metadata"].items())
    lines.append(f"Source: `{header['source_file']}`" + (f" ({meta})" if meta else "")
                 + f". Engine: {header['engine'].get('name', '')} {header['engine'].get('model', '')}.")
    lines.append("")
    return lines


def markdown_rows(segments: Iterable[Segment], paragraph: Optional[int]) -> tuple[list[str], Optional[int]]:
    lines: list[str] = []
    for seg in segments:
        if seg.paragraph != paragraph:
            paragraph = seg.paragraph
            lines += ["", f"## ¶ {paragraph}", "", "| id | French | English | notes |", "|---|---|---|---|"]
        notes = [str(seg.status)] if seg.status != Status.MACHINE else []
        notes += [f"⚠ {f.code}" for f in seg.flags]
        lines.append(f"| {seg.id} | {_cell(seg.source)} | {_cell(seg.target)} | {_cell(', '.join(notes))} |")
    return lines, paragraph
