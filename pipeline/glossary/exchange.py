"""Exchange formats: CSV for MT services, TBX-Basic for CAT tools.

CSV (``--format csv``): a header row of language codes ``fr,en`` then one row
per French form (each variant gets its own row) — the layout Amazon Translate
custom terminologies and Google's equivalent-term-set glossaries take.
``--format deepl``: no header, ``source,target,fr,en`` rows, as DeepL's
glossary CSV. Import reads either (and two-column files without a header),
separated by commas, semicolons (Excel and LibreOffice in French) or tabs,
in UTF-8 or in UTF-16 with a byte order mark (Excel's "Unicode text"); a
header of language codes picks the columns (``en,fr`` is read the right way
round), and a DeepL file is read in the direction its rows give.

TBX-Basic: one ``termEntry`` per entry; French variants are ``admittedTerm``,
forbidden English renderings ``deprecatedTerm``, the kind an
``<admin type="customerSubset">`` (with ``partOfSpeech`` and, for acronyms,
``termType``), the note a ``<note>``.
"""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from lxml import etree

from ..errors import UsageError
from .normalize import norm_key
from .schema import KINDS, Entry

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def to_csv(entries: list[Entry], layout: str = "csv") -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    if layout == "csv":
        w.writerow(["fr", "en"])
    for e in entries:
        for form in e.forms:
            w.writerow([form, e.en] if layout == "csv" else [form, e.en, "fr", "en"])
    return buf.getvalue()


#: column separators a term list comes with: ',' (Amazon, Google, DeepL, most
#: tools), ';' (Excel and LibreOffice in French, where ',' is the decimal
#: mark), tab (Excel's "Unicode text", copied cells)
DELIMITERS = (",", ";", "\t")


def sniff_delimiter(text: str, sample: int = 50) -> str:
    """The separator that splits the most of the first ``sample`` non-blank
    lines into a French and an English column (',' on a tie): a file is read
    with one separator throughout, so a file that mixes them is refused
    row by row rather than half-guessed."""
    lines = [line for line in text.splitlines() if line.strip()][:sample]

    def rows_split(delimiter: str) -> int:
        try:
            return sum(len(row) >= 2 and bool(row[0].strip()) and bool(row[1].strip())
                       for row in csv.reader(lines, delimiter=delimiter))
        except csv.Error:
            return 0
    return max(DELIMITERS, key=lambda d: (rows_split(d), d == ","))


_FRENCH = re.compile(r"(?i)(?:fr|fra|fre)(?:[-_][a-z0-9]{2,8})*|french|fran[cç]ais")
_ENGLISH = re.compile(r"(?i)(?:en|eng)(?:[-_][a-z0-9]{2,8})*|english|anglais")
#: another language's tag in a header (lower-case, as the services write them:
#: "UE" or "ONU" in a first row are acronyms, not languages)
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")


def _language(cell: str) -> str:
    """"fr", "en", "other" (another language tag) or "" (not a language)."""
    if _FRENCH.fullmatch(cell):
        return "fr"
    if _ENGLISH.fullmatch(cell):
        return "en"
    return "other" if _LANGUAGE.fullmatch(cell) else ""


def _layout(row: list[str], where: str) -> tuple[int, int, bool]:
    """(French column, English column, whether ``row`` is a header) from a
    file's first row. A header of language codes or names says which column
    is which, in any order and among other languages (Amazon Translate: ``en,fr,es``);
    DeepL's rows carry their direction in columns 3 and 4 (``NATO,OTAN,en,fr``
    is English to French); anything else is French then English."""
    cells = [c.strip() for c in row]
    languages = [_language(c) for c in cells]
    if len(cells) >= 4 and set(languages[2:4]) == {"fr", "en"} and not all(languages[:2]):
        return (0, 1, False) if languages[2] == "fr" else (1, 0, False)
    if set(languages[:2]) == {"fr", "en"}:  # fr,en then other columns (a note, a comment): ignored
        return languages.index("fr"), languages.index("en"), True
    named = [lang for cell, lang in zip(cells, languages) if cell]
    if len(named) >= 2 and all(named) and ({"fr", "en"} & set(named)):
        if "fr" not in named or "en" not in named:
            raise UsageError(f"{where}: the header names the languages {', '.join(c for c in cells if c)}: "
                             f"no {'French (fr)' if 'fr' not in named else 'English (en)'} column; nothing imported")
        return languages.index("fr"), languages.index("en"), True
    return 0, 1, False


def from_csv(text: str, source: str = "CSV") -> list[Entry]:
    """``fr,en`` rows → entries, kind ``term`` unless the French is an
    all-capitals acronym. A first row of language codes or names is a header
    that says which columns to read (``en,fr`` or ``en,fr,es`` too); DeepL's
    ``source,target,fr,en`` rows are read in their direction; other extra
    columns are ignored. Rows with the same English become one entry with
    variants. Every bad row is reported (``file:line: …``) in one
    UsageError, so nothing is imported from a file with a bad row; a French
    form given two English renderings names both rows."""
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    shown_delimiter = {"\t": "<tab>"}.get(delimiter, delimiter)
    fr_col, en_col = 0, 1
    entries: list[Entry] = []
    by_en: dict[str, Entry] = {}
    by_fr: dict[str, tuple[str, int]] = {}
    seen_exact: set[str] = set()
    problems: list[str] = []
    first = True
    end = 0
    try:
        for row in reader:
            line, end = end + 1, reader.line_num  # the physical line the row starts on (1-based)
            if not row or not any(c.strip() for c in row):
                continue
            if first:
                first = False
                fr_col, en_col, header = _layout(row, f"{source}:{line}")
                if header:
                    continue
            need = max(fr_col, en_col) + 1
            if any("\n" in c or "\r" in c for c in row[:need]):
                problems.append(f"{source}:{line}: a quoted field runs over several lines (a quote never closed?)")
                continue
            if len(row) < need or not row[fr_col].strip() or not row[en_col].strip():
                expected = (f"'French{shown_delimiter}English'" if (fr_col, en_col) == (0, 1) else
                            f"French in column {fr_col + 1} and English in column {en_col + 1}")
                problems.append(f"{source}:{line}: expected {expected}, got {delimiter.join(row)!r}")
                continue
            fr, en = row[fr_col].strip(), row[en_col].strip()
            key = norm_key(fr)
            if key in by_fr:
                other_en, other_line = by_fr[key]
                if other_en != en:
                    problems.append(f"{source}:{line}: '{fr}' has two English renderings: '{en}' here and "
                                    f"'{other_en}' at line {other_line}")
                    continue
                if norm_key(fr, True) in seen_exact:
                    continue  # the same pair twice: once is enough
            by_fr.setdefault(key, (en, line))
            seen_exact.add(norm_key(fr, True))
            if en in by_en:  # further rows for the same English are variants
                by_en[en].variants.append(fr)
                continue
            kind = "acronym" if fr.isupper() and len(fr) <= 8 else "term"
            e = Entry(fr=fr, en=en, kind=kind, note=f"imported from {Path(source).name}", file=source, line=line)
            by_en[en] = e
            entries.append(e)
    except csv.Error as err:
        problems.append(f"{source}:{reader.line_num}: not valid CSV ({err})")
    if problems:
        raise UsageError("; ".join(problems[:5]) + (f"; … and {len(problems) - 5} more" if len(problems) > 5 else "")
                         + f" ({len(problems)} bad row{'s' if len(problems) != 1 else ''}; nothing imported)")
    return entries


def _tig(lang_sec, text: str, pos: str, status: str, term_type: str | None = None) -> None:
    """One TBX term (<tig>) with its part of speech, status and optional type."""
    ts = etree.SubElement(lang_sec, "tig")
    etree.SubElement(ts, "term").text = text
    etree.SubElement(ts, "termNote", type="partOfSpeech").text = pos
    etree.SubElement(ts, "termNote", type="administrativeStatus").text = status
    if term_type:
        etree.SubElement(ts, "termNote", type="termType").text = term_type


def to_tbx(entries: list[Entry]) -> bytes:
    root = etree.Element("martif", type="TBX-Basic")
    root.set(XML_LANG, "en")
    header = etree.SubElement(root, "martifHeader")
    fd = etree.SubElement(header, "fileDesc")
    sd = etree.SubElement(fd, "sourceDesc")
    etree.SubElement(sd, "p").text = "pipeline glossary export"
    enc = etree.SubElement(header, "encodingDesc")
    etree.SubElement(enc, "p", type="XCSURI").text = "TBXBasicXCSV02.xcs"
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    for e in entries:
        te = etree.SubElement(body, "termEntry", id=e.id)
        etree.SubElement(te, "admin", type="customerSubset").text = e.kind
        if e.note:
            etree.SubElement(te, "note").text = e.note
        pos = "properNoun" if e.kind in ("person", "place", "organization") else \
            ("adjective" if e.pos == "adjective" else "noun")
        fr = etree.SubElement(te, "langSet")
        fr.set(XML_LANG, "fr")
        _tig(fr, e.fr, pos, "preferredTerm-admn-sts", "acronym" if e.kind == "acronym" else None)
        for v in e.variants:
            _tig(fr, v, pos, "admittedTerm-admn-sts")
        en = etree.SubElement(te, "langSet")
        en.set(XML_LANG, "en")
        _tig(en, e.en, pos, "preferredTerm-admn-sts")
        for bad in e.forbid:
            _tig(en, bad, pos, "deprecatedTerm-admn-sts")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _text(el) -> str:
    # itertext: the text after an inline element or an expanded entity is part of the term too.
    return "".join(el.itertext()).strip() if el is not None else ""


def _tbx_root(data: bytes, source: str):
    """Parse a TBX file: internal entities expanded, external ones refused, namespaces dropped.

    TBX v3 (ISO 30042:2019) puts every element in a namespace
    (``urn:iso:std:iso:30042:ed-2``) and may use DCT-style data categories
    (``<basic:administrativeStatus>``); with local names the v2 and v3 layouts
    read alike.
    """
    # resolve_entities="internal" is lxml 5's; lxml-stubs 0.5 only know a bool.
    parser = etree.XMLParser(resolve_entities="internal",  # type: ignore[arg-type]
                             no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as err:
        undefined = re.search(r"Entity '([^']+)' not defined", err.msg or "")
        name = undefined.group(1) if undefined else None
        if name and re.search(rb"<!ENTITY\s+" + re.escape(name.encode()) + rb"\s+(SYSTEM|PUBLIC)", data):
            raise UsageError(f"{source}:{err.lineno}: external entity &{name}; is not allowed "
                             "(never expanded); nothing imported") from None
        raise UsageError(f"{source}:{err.lineno}: not valid XML ({err.msg})") from None
    for el in root.iter():
        if isinstance(el, etree._Entity):
            raise UsageError(f"{source}:{el.sourceline}: external entity {el.text} is not allowed "
                             "(never expanded); nothing imported")
        if isinstance(el.tag, str) and el.tag.startswith("{"):
            el.tag = etree.QName(el).localname
    return root


def _status(tig, category: str):
    """A data category as a v2/DCA ``<termNote type=…>`` or a v3 DCT ``<category>`` element."""
    note = tig.find(f".//termNote[@type='{category}']")
    return note if note is not None else tig.find(f".//{category}")


def from_tbx(data: bytes, source: str = "TBX") -> list[Entry]:
    root = _tbx_root(data, source)
    entries = []
    for te in root.iter("termEntry", "conceptEntry"):
        kind_el = te.find("admin[@type='customerSubset']")
        kind = _text(kind_el)
        note_el = te.find("note")
        langs: dict[str, list[tuple[str, str, str]]] = {}
        for ls in te.iter("langSet", "langSec"):
            lang = (ls.get(XML_LANG) or "").split("-")[0].lower()
            for tig in ls.iter("tig", "termSec", "ntig"):
                t = _text(tig.find(".//term"))
                if t:
                    langs.setdefault(lang, []).append((
                        t, _text(_status(tig, "administrativeStatus")), _text(_status(tig, "partOfSpeech"))))
        fr, en = langs.get("fr", []), langs.get("en", [])
        if not fr or not en:
            continue
        preferred_en = [t for t in en if not t[1].startswith("deprecated")]
        if not preferred_en:
            continue
        if kind not in KINDS:
            kind = "acronym" if fr[0][0].isupper() and fr[0][0].isalpha() and len(fr[0][0]) <= 8 else "term"
        e = Entry(fr=fr[0][0], en=preferred_en[0][0], kind=kind,
                  note=_text(note_el) if note_el is not None else f"imported from {source}",
                  variants=[t[0] for t in fr[1:] if not t[1].startswith("deprecated")],
                  forbid=[t[0] for t in en if t[1].startswith("deprecated")],
                  pos="adjective" if kind == "term" and fr[0][2] == "adjective" else "noun",
                  id=te.get("id") or "", file=source, line=te.sourceline or 0)
        entries.append(e)
    if not entries:
        raise UsageError(f"{source}: no term entry with both a French and an English term "
                         f"(root <{etree.QName(root).localname}>); nothing imported")
    return entries


def read_exchange(path: Path) -> list[Entry]:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise UsageError(f"{path}: cannot read ({err})") from None
    if path.suffix.lower() in (".tbx", ".xml"):
        return from_tbx(data, str(path))
    # UTF-8 (with or without Excel's byte order mark), or UTF-16 with its byte
    # order mark (Excel's "Unicode text"); anything else is refused rather than
    # guessed: a Windows-1252 file decodes as Mac Roman too, into wrong names.
    encoding = "utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as err:
        if encoding == "utf-16":
            raise UsageError(f"{path}: not valid UTF-16 ({err.reason}); save the CSV as UTF-8") from None
        line = data[:err.start].count(b"\n") + 1
        raise UsageError(f"{path}:{line}: not UTF-8 (byte 0x{data[err.start]:02x}); save the CSV as UTF-8 "
                         "(Excel: \"CSV UTF-8\"; LibreOffice: character set Unicode (UTF-8))") from None
    return from_csv(text, str(path))
