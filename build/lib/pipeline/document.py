"""The document model: an article file becomes Document → Paragraphs → Sentences.

A paragraph is one non-blank line of the article (the corpus never hard-wraps,
and several articles separate paragraphs by a single newline). Sentences carry
stable ids (``p3.s2``: paragraph 3, sentence 2, both 1-based) that edits, the
translation memory and exports refer to.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from .errors import DocumentError
from .segmenter import split_sentences

# The first article opens with an inline metadata token: " date 2024-02 La fameuse…".
_METADATA_RE = re.compile(r"^\s*date\s+(\d{4}-\d{2}(?:-\d{2})?)\s+")


@dataclass
class Sentence:
    id: str
    paragraph: int
    text: str


@dataclass
class Paragraph:
    index: int
    text: str
    sentences: list[Sentence] = field(default_factory=list)


@dataclass
class Document:
    name: str
    source_file: str
    metadata: dict = field(default_factory=dict)
    paragraphs: list[Paragraph] = field(default_factory=list)
    #: hash of everything the document's output depends on (set by the run)
    fingerprint: str = ""

    def sentences(self) -> Iterator[Sentence]:
        for paragraph in self.paragraphs:
            yield from paragraph.sentences

    def __len__(self) -> int:
        return sum(len(p.sentences) for p in self.paragraphs)


def decode_text(data: bytes, label: str) -> str:
    """Strict UTF-8 decoding with an error that says where the first bad byte is."""
    nul = data.find(b"\x00")
    if nul != -1:
        raise DocumentError(f"{label}: not a text file (NUL byte at byte offset {nul})")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise DocumentError(
            f"{label}: not UTF-8 (invalid byte 0x{data[err.start]:02x} at byte offset "
            f"{err.start}); convert it, e.g. `iconv -f latin1 -t utf-8`"
        ) from None
    return text.removeprefix("\ufeff")


def parse_document(text: str, name: str, source_file: str) -> Document:
    """Build a Document from article text (already decoded)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    metadata: dict = {}
    match = _METADATA_RE.match(text)
    if match:
        metadata["date"] = match.group(1)
        text = text[match.end():]
    doc = Document(name=name, source_file=source_file, metadata=metadata)
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        index = len(doc.paragraphs) + 1
        paragraph = Paragraph(index=index, text=line)
        for n, sentence in enumerate(split_sentences(line), start=1):
            paragraph.sentences.append(Sentence(id=f"p{index}.s{n}", paragraph=index, text=sentence))
        doc.paragraphs.append(paragraph)
    return doc


def read_bytes(path: Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as err:
        raise DocumentError(f"{path}: cannot read ({err.strerror})") from None


def read_document(path: Path) -> Document:
    """Read and segment one article file. Raises DocumentError on unreadable input."""
    return parse_document(decode_text(read_bytes(path), str(path)), name=path.stem, source_file=str(path))
