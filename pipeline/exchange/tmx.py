"""TMX 1.4b export of the corpus: one <tu> per segment, document and segment ids as <prop>s.

Built with translate-toolkit's ``tmxfile`` (which writes the TMX structure and
escaping); the properties and header are set on its lxml tree, and the result is
validated against the TMX 1.4b DTD before it is written, so an invalid file is
never produced.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from lxml import etree
from translate.storage import tmx

from .. import __version__
from ..atomic import write_text_atomic
from ..errors import PipelineError
from ..model import Status
from ..store import document_names, load_document
from .dtd import TMX14_DTD

TOOL = "fr-en-pipeline"


@dataclass
class TmxReport:
    path: Path
    units: int
    documents: int


def tmx_dtd() -> etree.DTD:
    return etree.DTD(io.StringIO(TMX14_DTD))


def validate_tmx(data: bytes, label: str = "TMX") -> None:
    """Raise PipelineError naming the line if ``data`` is not valid TMX 1.4b."""
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))
    except etree.XMLSyntaxError as err:
        raise PipelineError(f"{label}: line {err.lineno}: not well-formed XML ({err.msg})") from None
    dtd = tmx_dtd()
    if not dtd.validate(root):
        log = dtd.error_log
        errors = log.filter_from_errors()  # type: ignore[attr-defined]  # lxml-stubs 0.5 lack _ListErrorLog's API
        first = errors[0] if errors else log.last_error  # type: ignore[attr-defined]  # (same)
        raise PipelineError(f"{label}: line {first.line}: not valid TMX 1.4b ({first.message})")


def build_tmx(out_dir: Path, documents: Optional[list[str]] = None,
              approved_only: bool = False) -> tuple[bytes, int, int]:
    store = tmx.tmxfile(sourcelanguage="fr", targetlanguage="en")
    root = store.document.getroot()
    header = root.find("header")
    assert header is not None  # tmxfile() writes one
    header.set("creationtool", TOOL)
    header.set("creationtoolversion", __version__)
    header.set("segtype", "sentence")
    header.set("datatype", "plaintext")
    units = docs = 0
    for name in documents if documents is not None else document_names(out_dir):
        data = load_document(out_dir, name)
        docs += 1
        for seg in data.segments:
            if approved_only and seg.status != Status.APPROVED:
                continue
            if not seg.target.strip():
                continue
            store.addtranslation(seg.source, "fr", seg.target, "en")
            unit = store.units[-1].xmlelement
            unit.set("tuid", f"{name}:{seg.id}")
            if seg.engine == "human":
                unit.set("creationtool", "human")
            props = [("x-document", name), ("x-segment", seg.id), ("x-status", str(seg.status)),
                     ("x-engine", " ".join(filter(None, (seg.engine, seg.model))))]
            for i, (kind, value) in enumerate(props):
                prop = etree.Element("prop", type=kind)
                prop.text = value
                unit.insert(i, prop)
            units += 1
    return bytes(store), units, docs


def export_tmx(out_dir: Path, dest: Path, documents: Optional[list[str]] = None,
               approved_only: bool = False) -> TmxReport:
    data, units, docs = build_tmx(out_dir, documents, approved_only)
    validate_tmx(data, str(dest))
    write_text_atomic(Path(dest), data.decode("utf-8"))
    return TmxReport(Path(dest), units, docs)
