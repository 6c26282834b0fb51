"""The document model: an article file becomes Document → Paragraphs → Sentences.

A paragraph is one non-blank line of the article (the corpus never hard-wraps,
and several articles separate paragraphs by a single newline). Sentences carry
stable ids (``p3.s2``: paragraph 3, sentence 2, both 1-based) that edits, the
translation memory and exports refer to.
"""
from __future__ import annotations

import codecs
import errno
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from .errors import DocumentError
from .inputs import document_name, shown
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


# Byte-order marks, longest first (the UTF-32-LE mark starts with the UTF-16-LE one).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"), (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"), (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)


def decode_text(data: bytes, label: str) -> str:
    """Decode an article: UTF-8, or UTF-16/32 when it opens with a byte-order mark.

    Anything else that is not UTF-8 is refused with the offset of the first bad
    byte, rather than guessed at (a wrong guess would change characters silently).
    """
    label = shown(label)
    failure = None
    for bom, codec, family in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec)
            except UnicodeDecodeError as err:
                # FF FE 00 00 is the UTF-32-LE mark, or UTF-16-LE's followed by a NUL: try on.
                failure = failure or (family, err.start + len(bom))
    if failure:
        raise DocumentError(f"{label}: starts with a {failure[0]} byte-order mark but is not valid "
                            f"{failure[0]} (bad data at byte offset {failure[1]})")
    nul = data.find(b"\x00")
    if nul != -1:
        hint = ""
        if len(data) >= 2 and (data[0] == 0) != (data[1] == 0):
            hint = "; it looks like UTF-16 without a byte-order mark: convert it, e.g. `iconv -f utf-16le -t utf-8`"
        raise DocumentError(f"{label}: not a text file (NUL byte at byte offset {nul}){hint}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise DocumentError(
            f"{label}: not UTF-8 (invalid byte 0x{data[err.start]:02x} at byte offset "
            f"{err.start}); convert it, e.g. `iconv -f latin1 -t utf-8`"
        ) from None
    return text.removeprefix("\ufeff")


def split_metadata(text: str) -> tuple[dict, str]:
    """The inline metadata token at the start of an article, and the text after it."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    match = _METADATA_RE.match(text)
    if match:
        return {"date": match.group(1)}, text[match.end():]
    return {}, text


def iter_paragraphs(text: str) -> Iterator[Paragraph]:
    """Paragraphs one at a time (segmented as they come), so a long article
    is never held as objects all at once."""
    index = 0
    start = 0
    while start <= len(text):
        end = text.find("\n", start)
        if end == -1:
            end = len(text)
        line = text[start:end].strip()
        start = end + 1
        if not line:
            continue
        index += 1
        paragraph = Paragraph(index=index, text=line)
        for n, sentence in enumerate(split_sentences(line), start=1):
            paragraph.sentences.append(Sentence(id=f"p{index}.s{n}", paragraph=index, text=sentence))
        yield paragraph


def parse_document(text: str, name: str, source_file: str) -> Document:
    """Build a Document from article text (already decoded)."""
    metadata, text = split_metadata(text)
    doc = Document(name=name, source_file=source_file, metadata=metadata)
    doc.paragraphs.extend(iter_paragraphs(text))
    return doc


def read_bytes(path: Path, limit: int = -1) -> bytes:
    """The bytes of an article file (its first ``limit`` bytes if given);
    anything else fails alone, without blocking.

    O_NONBLOCK makes opening a FIFO return at once instead of waiting for a
    writer forever; the fstat check then refuses it (and devices, folders).
    """
    label = shown(path)
    # A file whose name cannot name a document (see pipeline.inputs) fails here, alone.
    document_name(Path(path))
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as err:
        raise DocumentError(f"{label}: cannot read ({_cause(err)})") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = ("a folder" if stat.S_ISDIR(mode) else "a named pipe" if stat.S_ISFIFO(mode)
                    else "a device or socket")
            raise DocumentError(f"{label}: not a regular file ({kind})")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(limit)
    except OSError as err:
        raise DocumentError(f"{label}: cannot read ({_cause(err)})") from None
    finally:
        os.close(fd)


def _cause(err: OSError) -> str:
    if err.errno == errno.ELOOP:
        return "symbolic link loop"
    return err.strerror or str(err)


def read_document(path: Path) -> Document:
    """Read and segment one article file. Raises DocumentError on unreadable input."""
    return parse_document(decode_text(read_bytes(path), str(path)), name=path.stem, source_file=str(path))
