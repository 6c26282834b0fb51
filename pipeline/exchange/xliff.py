"""XLIFF 1.2 per document, for CAT tools (OmegaT, Trados, memoQ), and back.

Export uses translate-toolkit's xliff store (with the 1.2 namespace); each
``<trans-unit id>`` is a segment id, ``<file original>`` the document name, the
review status is the target ``state`` (machine → needs-review-translation,
edited → translated, approved → final + approved="yes") and QA flags travel as
``<note from="qa">``.

Import reads the file with lxml (so errors can name the line), checks every
unit before applying anything — document known, segment id known, source text
identical to the current source — and then applies the changed targets as
post-edits through ``apply_edits``. Any unit that cannot be matched is an error
listing them all; nothing is applied.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from lxml import etree
from translate.storage import xliff as ttk_xliff

from ..atomic import write_text_atomic
from ..errors import PipelineError
from ..model import AlignedDocument, Status
from ..review.apply import EditRequest, apply_edits
from ..store import document_names, load_document

NS12 = "urn:oasis:names:tc:xliff:document:1.2"
ACCEPTED_NS = (NS12, "urn:oasis:names:tc:xliff:document:1.1")
STATE_OUT = {Status.MACHINE: "needs-review-translation", Status.EDITED: "translated", Status.APPROVED: "final",
             Status.PASSTHROUGH: "translated"}
APPROVED_STATES = {"final", "signed-off"}


class XliffError(PipelineError):
    """A bad XLIFF file: nothing was imported."""


class _Unit12(ttk_xliff.xliffunit):
    namespace = NS12


class _File12(ttk_xliff.xlifffile):
    UnitClass = _Unit12
    namespace = NS12
    XMLskeleton = f"""<?xml version="1.0" ?>
<xliff version='1.2' xmlns='{NS12}'>
<file original='NoName' source-language='fr' datatype='plaintext'>
<body>
</body>
</file>
</xliff>"""


# Characters XML 1.0 cannot carry, even as &#…; references. Exported as an empty
# inline placeholder <x ctype="x-pipeline-char" equiv-text="U+0001"/> (kept by
# CAT tools like any inline tag) and turned back into the character on import,
# so our own export always re-imports, with nothing lost.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
CHAR_CTYPE = "x-pipeline-char"
# Inline elements that only wrap text (segmentation marks, formatting groups): their text counts.
_WRAPPERS = {"g", "mrk"}


def _set_content(node, text: str) -> None:
    """Set ``node``'s text, XML-invalid characters as <x/> placeholders."""
    for child in list(node):
        node.remove(child)
    pieces = _XML_INVALID.split(text)
    chars = _XML_INVALID.findall(text)
    node.text = pieces[0]
    ns = etree.QName(node).namespace
    for n, (char, after) in enumerate(zip(chars, pieces[1:]), start=1):
        x = etree.SubElement(node, f"{{{ns}}}x" if ns else "x")
        x.set("id", f"c{n}")
        x.set("ctype", CHAR_CTYPE)
        x.set("equiv-text", f"U+{ord(char):04X}")
        x.tail = after


def document_xliff(data: AlignedDocument) -> bytes:
    store = _File12(sourcelanguage="fr", targetlanguage="en")
    store.switchfile(data.document, createifmissing=True)
    store.removedefaultfile()
    filenode = store.getfilenode(data.document)
    filenode.set("datatype", "plaintext")
    filenode.set("tool-id", "fr-en-pipeline")
    for seg in data.segments:
        unit = store.UnitClass(seg.source)
        store.addunit(unit)
        unit.setid(seg.id)
        unit.xmlelement.set("resname", seg.id)
        unit.target = seg.target
        _set_content(unit.xmlelement.find(f"{{{NS12}}}source"), seg.source)
        target = unit.xmlelement.find(f"{{{NS12}}}target")
        if target is not None:
            _set_content(target, seg.target)
            target.set("state", STATE_OUT.get(seg.status, "needs-review-translation"))
            if seg.status == Status.MACHINE:
                target.set("state-qualifier", "mt-suggestion")
        # translate-toolkit marks any unit with a target approved; only a reviewer's approval counts.
        unit.xmlelement.set("approved", "yes" if seg.status == Status.APPROVED else "no")
        for f in seg.flags:
            unit.addnote(f"{f.severity} {f.code}: {f.message}", origin="qa")
        if seg.stale_edit:
            stale = seg.stale_edit
            unit.addnote(f"earlier {stale['status']} translation (source was “{stale['source']}”): "
                         f"{stale['target']}", origin="review")
        if seg.status == Status.PASSTHROUGH:
            unit.addnote("already English in the source: passed through", origin="pipeline")
    return bytes(store)


def export_xliff(out_dir: Path, dest_dir: Path, documents: Optional[list[str]] = None) -> list[Path]:
    written = []
    for name in documents if documents is not None else document_names(out_dir):
        data = load_document(out_dir, name)
        path = Path(dest_dir) / f"{name}.xlf"
        write_text_atomic(path, document_xliff(data).decode("utf-8"))
        written.append(path)
    return written


@dataclass
class ImportReport:
    file: Path
    applied: dict = field(default_factory=dict)     # document -> number of segments changed
    unchanged: int = 0
    untranslated: int = 0

    @property
    def total(self) -> int:
        return sum(self.applied.values())


def _text(node) -> str:
    """The text of a <source>/<target>, inline elements included, nothing dropped.

    Our own character placeholders become the character again; <g>/<mrk> count
    by their text; any other inline tag (<x/>, <ph>, <bpt>…) is kept as literal
    markup in the text, which QA then flags (``leftover-markup``) for the reviewer,
    rather than silently vanishing.
    """
    if node is None:
        return ""
    parts = [node.text or ""]
    for child in node:
        if not isinstance(child.tag, str):        # a comment or processing instruction
            pass
        else:
            name = etree.QName(child).localname
            if name == "x" and child.get("ctype") == CHAR_CTYPE and _CHAR_RE.match(child.get("equiv-text", "")):
                parts.append(chr(int(child.get("equiv-text")[2:], 16)))
            elif name in _WRAPPERS:
                parts.append(_text(child))
            else:
                parts.append(_literal(child))
        parts.append(child.tail or "")
    return "".join(parts)


_CHAR_RE = re.compile(r"^U\+[0-9A-F]{4,6}$")


def _literal(element) -> str:
    """An inline element as the markup a reader would see (namespace prefixes dropped)."""
    name = etree.QName(element).localname
    attrs = "".join(f' {etree.QName(k).localname}="{v}"' for k, v in element.attrib.items())
    inner = _text(element)
    return f"<{name}{attrs}>{inner}</{name}>" if inner or len(element) else f"<{name}{attrs}/>"


def parse_xliff(path: Path, out_dir: Path, expect_document: Optional[str] = None) -> tuple[dict, ImportReport]:
    """Check the whole file; return {document: [EditRequest]} or raise XliffError."""
    path = Path(path)
    label = str(path)
    report = ImportReport(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise XliffError(f"{label}: cannot read ({err.strerror})") from None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as err:
        raise XliffError(f"{label}: line {err.lineno}: not well-formed XML ({err.msg}); nothing imported") from None
    # Entities are never expanded (resolve_entities=False); an entity left in the
    # tree would otherwise be imported as its literal name. Refuse the file.
    entity = next((n for n in root.iter() if isinstance(n, etree._Entity)), None)
    if entity is not None:
        raise XliffError(f"{label}: line {entity.sourceline}: entity {entity.text} is not allowed "
                         "(entities are never expanded); nothing imported")
    if root.getroottree().docinfo.internalDTD is not None:
        raise XliffError(f"{label}: line 1: a DOCTYPE with declarations is not allowed in XLIFF "
                         "(entities are never expanded); nothing imported")
    ns = etree.QName(root).namespace
    if etree.QName(root).localname != "xliff" or ns not in ACCEPTED_NS:
        raise XliffError(f"{label}: line {root.sourceline}: not an XLIFF 1.2 file "
                         f"(root <{etree.QName(root).localname}> in {ns or 'no namespace'}); nothing imported")
    q = lambda tag: f"{{{ns}}}{tag}"  # noqa: E731
    files = root.findall(q("file"))
    if not files:
        raise XliffError(f"{label}: line {root.sourceline}: no <file> element; nothing imported")
    known = set(document_names(out_dir))
    problems: list[str] = []
    plan: dict[str, list[EditRequest]] = {}
    for filenode in files:
        document = filenode.get("original", "")
        if expect_document is not None and document != expect_document:
            raise XliffError(f"{label}: line {filenode.sourceline}: this XLIFF is for document “{document}”, "
                             f"not {expect_document}; nothing imported")
        if document not in known:
            raise XliffError(f"{label}: line {filenode.sourceline}: <file original=\"{document}\"> is not a "
                             f"translated document in {out_dir}; nothing imported")
        if filenode.get("source-language", "fr").lower().split("-")[0] != "fr":
            raise XliffError(f"{label}: line {filenode.sourceline}: source-language must be fr; nothing imported")
        data = load_document(out_dir, document)
        by_id = {s.id: s for s in data.segments}
        edits: list[EditRequest] = []
        seen: set[str] = set()
        for unit in filenode.iter(q("trans-unit")):
            uid = unit.get("id")
            where = f"line {unit.sourceline}"
            if not uid:
                problems.append(f"{where}: <trans-unit> without an id")
                continue
            if uid in seen:
                problems.append(f"{where}: segment {uid} appears twice")
                continue
            seen.add(uid)
            seg = by_id.get(uid)
            if seg is None:
                problems.append(f"{where}: unknown segment id {uid} in {document}")
                continue
            source = _text(unit.find(q("source")))
            if " ".join(source.split()) != " ".join(seg.source.split()):
                problems.append(f"{where}: segment {uid}: the French differs from {document}'s current source "
                                f"(“{source[:60]}”): exported from another document or version?")
                continue
            target_node = unit.find(q("target"))
            target = _text(target_node)
            if not target.strip():
                report.untranslated += 1
                continue
            state = target_node.get("state", "") if target_node is not None else ""
            approved = unit.get("approved") == "yes" or state in APPROVED_STATES
            status = Status.APPROVED if approved else Status.EDITED
            # The same English is unchanged unless it now comes approved (a passthrough included).
            if target == seg.target and (not approved or seg.status == Status.APPROVED):
                report.unchanged += 1
                continue
            edits.append(EditRequest(uid, target, status))
        if edits:
            plan.setdefault(document, []).extend(edits)
    if problems:
        shown = "; ".join(problems[:10]) + (f"; … and {len(problems) - 10} more" if len(problems) > 10 else "")
        raise XliffError(f"{label}: {len(problems)} segment{'s' if len(problems) != 1 else ''} could not be "
                         f"matched, nothing imported: {shown}")
    return plan, report


def import_xliff(path: Path, out_dir: Path, expect_document: Optional[str] = None) -> ImportReport:
    plan, report = parse_xliff(path, out_dir, expect_document)
    for document, edits in plan.items():
        apply_edits(out_dir, document, edits)
        report.applied[document] = len(edits)
    return report
