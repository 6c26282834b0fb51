"""Glossary entries: the YAML schema, loading with line numbers, and the lint.

A glossary is a folder of ``*.yaml`` files; each file is a YAML list of
entries (see glossary/README.md for the fields). Loading never raises on bad
content: it returns the entries it could read plus a list of :class:`Issue`
(``file:line: message``), which ``pipeline glossary check`` prints and
``load_policy`` turns into a UsageError.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field, fields
from functools import cached_property, lru_cache
from operator import attrgetter
from pathlib import Path
from typing import Any, Optional

from .lint import Issue, term_checks
from .normalize import norm_key
from .plainyaml import read_items


@lru_cache(maxsize=1)
def _yaml_loader():
    """PyYAML and its fastest loader, imported on first use: a run whose
    compiled glossary comes from cache.py never parses YAML.

    libyaml's parser when PyYAML has it (~9× faster than the pure-Python one,
    same nodes and line marks), without implicit tag resolution: the schema
    reads every scalar as a string, and resolving 100,000 scalars against
    PyYAML's regular expressions costs more than parsing them."""
    import yaml

    tags = {yaml.ScalarNode: yaml.resolver.BaseResolver.DEFAULT_SCALAR_TAG,
            yaml.SequenceNode: yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG,
            yaml.MappingNode: yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG}

    class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        def descend_resolver(self, current_node, current_index):  # no path resolvers
            pass

        def ascend_resolver(self):
            pass

        def resolve(self, kind, value, implicit):
            return tags[kind]

    return yaml, Loader


KINDS = ("person", "place", "organization", "acronym", "term")
POS = ("noun", "adjective")
REQUIRED = ("fr", "en", "kind", "note")
OPTIONAL = ("id", "variants", "forbid", "pos", "plural")
FIELDS = REQUIRED + OPTIONAL
LIST_FIELDS = ("variants", "forbid")
#: files new entries of each kind go to (``add``, ``import``)
KIND_FILES = {"person": "people.yaml", "place": "places.yaml", "organization": "organizations.yaml",
              "acronym": "acronyms.yaml", "term": "terms.yaml"}


@dataclass
class Entry:
    fr: str
    en: str
    kind: str
    note: str = ""
    variants: list[str] = field(default_factory=list)
    forbid: list[str] = field(default_factory=list)
    pos: str = "noun"
    plural: str = ""
    id: str = ""
    file: str = ""
    line: int = 0

    def __post_init__(self) -> None:
        if not self.id:
            self.id = slug(self.fr)

    @property
    def exact_case(self) -> bool:
        """Acronyms match with their exact case; names and terms ignore case."""
        return self.kind == "acronym"

    @property
    def forms(self) -> list[str]:
        return [self.fr, *self.variants]

    @property
    def inflects(self) -> bool:
        return self.kind == "term"

    @property
    def keeps_article(self) -> bool:
        """Terms keep the article the engine gives them; names drop it
        (``l'OTAN`` → ``NATO``), unless the rendering brings its own
        (``the Netherlands``)."""
        return self.kind == "term"

    def canonical(self) -> dict:
        d: dict[str, str | list[str]] = {"id": self.id, "fr": self.fr, "en": self.en, "kind": self.kind,
                                         "note": self.note}
        if self.variants:
            d["variants"] = list(self.variants)
        if self.forbid:
            d["forbid"] = list(self.forbid)
        if self.kind == "term" and self.pos != "noun":
            d["pos"] = self.pos
        if self.plural:
            d["plural"] = self.plural
        return d

    def to_yaml_dict(self) -> dict:
        d = self.canonical()
        if d["id"] == slug(self.fr):
            del d["id"]
        order = ["id", "fr", "en", "kind", "pos", "variants", "forbid", "plural", "note"]
        return {k: d[k] for k in order if k in d}

    def content_hash(self) -> str:
        return _hash(self.canonical())


#: an entry's fields, in order: cache.py keeps entries as rows of these
ENTRY_FIELDS = tuple(f.name for f in fields(Entry))
_row_of = attrgetter(*ENTRY_FIELDS)


def entry_rows(entries: list[Entry]) -> list[tuple]:
    """Entries as tuples of their fields, for the caches: a 20,000-entry list
    pickles in half the time of the objects (0.018 s against 0.038) and loads
    back faster too, a dict of field names fewer per entry."""
    return list(map(_row_of, entries))


def entries_from_rows(rows: list[tuple]) -> list[Entry]:
    """The entries :func:`entry_rows` made the rows of (no ``__init__``: the
    rows are of valid entries, their ids already set)."""
    new, names = Entry.__new__, ENTRY_FIELDS
    entries = []
    for row in rows:
        entry = new(Entry)
        entry.__dict__.update(zip(names, row))
        entries.append(entry)
    return entries


_NOT_SLUG = re.compile(r"[^0-9a-z]+")
#: a letter or digit (``\w`` less the underscore: what str.isalnum() accepts)
_ALNUM = re.compile(r"[^\W_]")
_WORD_CHAR = re.compile(r"\w")


def slug(text: str) -> str:
    return _NOT_SLUG.sub("-", norm_key(text)).strip("-") or "entry"


def _hash(obj) -> str:
    return hashlib.sha256(json.dumps(obj, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]


@dataclass
class Glossary:
    entries: list[Entry]
    issues: list[Issue]
    files: list[Path]

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    @cached_property
    def version(self) -> str:
        if not self.entries:
            return ""
        return _hash(sorted((e.canonical() for e in self.entries), key=lambda d: d["id"]))

    def find(self, form: str) -> Optional[Entry]:
        """The entry whose French form (or a variant) is ``form``."""
        for entry in self.entries:
            for f in entry.forms:
                if norm_key(f, entry.exact_case) == norm_key(form, entry.exact_case):
                    return entry
        return None


# -- reading YAML with line numbers -------------------------------------------------

@dataclass
class _Item:
    """One entry as the file wrote it: its line and its fields in order, each
    (name, line, value) with value a string (a scalar), a list of strings (a
    list of scalars) or None (anything else)."""

    line: int
    fields: list[tuple[Any, int, Any]]


def read_file(path: Path, display: str) -> tuple[list[Entry], list[Issue]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        return [], [Issue(display, 1, f"cannot read: {err}")]
    issues: list[Issue] = []
    # the usual shape without a YAML parser (plainyaml.py); libyaml's events otherwise
    items = read_items(text, _Item)
    if items is None:
        yaml, loader = _yaml_loader()
        items = _items_from_events(yaml, loader, text)
    if items is None:  # any other shape: the nodes say precisely what is wrong
        try:
            root = yaml.compose(text, Loader=loader)
        except yaml.YAMLError as err:
            mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
            line = mark.line + 1 if mark else 1
            problem = getattr(err, "problem", None) or str(err).splitlines()[0]
            return [], [Issue(display, line, f"YAML syntax error: {problem}")]
        items = _items_from_nodes(yaml, root, display, issues)
    entries = []
    for item in items:
        entry = _entry(item, display, issues)
        if entry is not None:
            entries.append(entry)
    return entries, issues


def _items_from_events(yaml, loader, text: str) -> Optional[list[_Item]]:
    """The entries of a file that is a plain list of mappings of scalars and
    scalar lists (what glossaries are), read from libyaml's parse events: a
    third of the time of composing nodes (a 20,000-entry file is read on the
    first run after every edit). None for anything else, and on a syntax error.

    The parser's ``get_event`` is called directly, not through ``yaml.parse``:
    that generator asks ``check_event`` then ``get_event`` for each of the
    200,000 events of a 20,000-entry file, which cost more than reading them."""
    events = yaml.events
    scalar, mapping_start, mapping_end = events.ScalarEvent, events.MappingStartEvent, events.MappingEndEvent
    sequence_start, sequence_end = events.SequenceStartEvent, events.SequenceEndEvent
    parser = loader(text)
    get = parser.get_event  # None after the stream's end
    try:
        get()  # stream start
        event = get()
        if isinstance(event, events.StreamEndEvent):
            return []  # an empty file
        if not isinstance(event, events.DocumentStartEvent) or not isinstance(get(), sequence_start):
            return None
        items: list[_Item] = []
        while True:
            event = get()
            if isinstance(event, sequence_end):
                break
            if not isinstance(event, mapping_start):
                return None
            fields: list[tuple[Any, int, Any]] = []
            items.append(_Item(event.start_mark.line + 1, fields))
            while True:
                key = get()
                if isinstance(key, mapping_end):
                    break
                if not isinstance(key, scalar):
                    return None
                value = get()
                if isinstance(value, scalar):
                    fields.append((key.value, key.start_mark.line + 1, value.value))
                elif isinstance(value, sequence_start):
                    values = []
                    while True:
                        item = get()
                        if isinstance(item, sequence_end):
                            break
                        if not isinstance(item, scalar):
                            return None
                        values.append(item.value)
                    fields.append((key.value, key.start_mark.line + 1, values))
                else:
                    return None
        if not isinstance(get(), events.DocumentEndEvent) or not isinstance(get(), events.StreamEndEvent):
            return None  # several documents: compose says so
        return items
    except yaml.YAMLError:
        return None
    finally:
        parser.dispose()


def _items_from_nodes(yaml, root, display: str, issues: list[Issue]) -> list[_Item]:
    if root is None:
        return []
    if not isinstance(root, yaml.SequenceNode):
        issues.append(Issue(display, root.start_mark.line + 1, "a glossary file must be a YAML list of entries"))
        return []
    items = []
    for node in root.value:
        line = node.start_mark.line + 1
        if not isinstance(node, yaml.MappingNode):
            issues.append(Issue(display, line, "an entry must be a mapping (fr:, en:, kind:, note: …)"))
            continue
        fields = []
        for key_node, value_node in node.value:
            value: Any = None
            if isinstance(value_node, yaml.ScalarNode):
                value = value_node.value
            elif isinstance(value_node, yaml.SequenceNode) and all(
                    isinstance(v, yaml.ScalarNode) for v in value_node.value):
                value = [v.value for v in value_node.value]
            fields.append((key_node.value, key_node.start_mark.line + 1, value))
        items.append(_Item(line, fields))
    return items


def _entry(item: _Item, display: str, issues: list[Issue]) -> Optional[Entry]:
    """The Entry an item makes, or None with its problems added to ``issues``."""
    line = item.line
    values: dict = {}
    bad_keys: set = set()
    ok = True
    for key, kline, value in item.fields:
        if key not in FIELDS:
            issues.append(Issue(display, kline, f"unknown field '{key}' (known: {', '.join(FIELDS)})"))
            ok = False
            continue
        if key in values:
            issues.append(Issue(display, kline, f"field '{key}' given twice"))
            bad_keys.add(key)
            ok = False
            continue
        if key in LIST_FIELDS:
            if value == "":
                values[key] = []
            elif isinstance(value, list):
                values[key] = [str(v).strip() for v in value]
            else:
                issues.append(Issue(display, kline, f"'{key}' must be a list of strings"))
                bad_keys.add(key)
                ok = False
        elif not isinstance(value, str):
            issues.append(Issue(display, kline, f"'{key}' must be a string"))
            bad_keys.add(key)
            ok = False
        else:
            values[key] = value.strip()
    for key in REQUIRED:
        if not values.get(key) and key not in bad_keys:
            issues.append(Issue(display, line, f"missing field '{key}'"))
            ok = False
    kind = values.get("kind")
    if kind and kind not in KINDS:
        issues.append(Issue(display, line, f"unknown kind '{kind}' (one of: {', '.join(KINDS)})"))
        ok = False
    pos = values.get("pos", "noun")
    if pos not in POS:
        issues.append(Issue(display, line, f"unknown pos '{pos}' (one of: {', '.join(POS)})"))
        ok = False
    elif pos != "noun" and kind != "term":
        issues.append(Issue(display, line, "'pos' only applies to kind 'term'"))
        ok = False
    if not ok:
        return None
    assert kind  # required: a missing or malformed kind was reported above (ok is False)
    return Entry(fr=values["fr"], en=values["en"], kind=kind, note=values["note"],
                 variants=values.get("variants", []), forbid=values.get("forbid", []),
                 pos=pos, plural=values.get("plural", ""), id=values.get("id", ""),
                 file=display, line=line)


def _cross_checks(entries: list[Entry], warnings: bool = True,
                  linted: Optional[dict[int, list[Issue]]] = None) -> list[Issue]:
    """The checks across entries, and each entry's lint (``linted``: already
    known for these entries, by ``id(entry)``)."""
    issues: list[Issue] = []
    seen_forms: dict[str, tuple[Entry, str]] = {}
    seen_ids: dict[str, Entry] = {}
    def where(other: Entry) -> str:
        return f"{other.file}:{other.line}"

    for e in entries:
        if e.id in seen_ids:
            issues.append(Issue(e.file, e.line, f"duplicate id '{e.id}' (also at {where(seen_ids[e.id])})"))
        else:
            seen_ids[e.id] = e
        own: set[str] = set()
        for form in e.forms:
            cased = norm_key(form, True)
            if not _WORD_CHAR.search(cased):
                issues.append(Issue(e.file, e.line, f"'{form}' can never match: it has no letters or digits"))
                continue
            # forms are compared without case: `otan` (a term) and `OTAN` (an acronym)
            # would both match a headline "L'OTAN", so two renderings are a conflict
            key = norm_key(form)
            exact = cased if e.exact_case else key
            if form != form.strip() or "\n" in form:
                issues.append(Issue(e.file, e.line, f"'{form}' can never match: stray whitespace or line break"))
            if exact in own:
                issues.append(Issue(e.file, e.line, f"duplicate French form '{form}' within the entry"))
                continue
            own.add(exact)
            other = seen_forms.get(key)
            if other is None:
                seen_forms[key] = (e, exact)
            elif other[0].en == e.en:
                if other[1] == exact or not (e.exact_case and other[0].exact_case):
                    issues.append(Issue(e.file, e.line,
                                        f"duplicate French form '{form}' (also at {where(other[0])})"))
            else:
                issues.append(Issue(e.file, e.line,
                                    f"'{form}' has two English renderings: '{e.en}' here and "
                                    f"'{other[0].en}' at {where(other[0])}"))
        if e.kind == "acronym":
            for form in e.forms:
                if not any(c.isupper() for c in form):
                    issues.append(Issue(e.file, e.line,
                                        f"acronym form '{form}' has no capitals: acronyms match exact case only; "
                                        "use kind 'term' for a lower-case word"))
        for bad in e.forbid:
            if bad.casefold() == e.en.casefold():
                issues.append(Issue(e.file, e.line, f"forbid lists the entry's own rendering '{e.en}'"))
            elif re.search(rf"(?<!\w){re.escape(bad.casefold())}(?!\w)", e.en.casefold()):
                issues.append(Issue(e.file, e.line,
                                    f"forbidden rendering '{bad}' is contained in the rendering '{e.en}'"))
        known = linted.get(id(e)) if linted is not None else None
        issues.extend(term_checks(e, warnings) if known is None else known)
    return issues


def load_glossary(directory: Path, warnings: bool = True) -> Glossary:
    """Every entry of the folder's ``*.yaml`` and the lint's issues
    (``warnings=False``: errors only, which is all a translation run needs)."""
    directory = Path(directory)
    files = sorted(directory.glob("*.yaml")) if directory.is_dir() else []
    entries: list[Entry] = []
    issues: list[Issue] = []
    linted: dict[int, list[Issue]] = {}
    for path in files:
        e, i, lint = _read_file_cached(path, str(path), warnings)
        entries.extend(e)
        issues.extend(i)
        linted.update((id(entry), found) for entry, found in zip(e, lint))
    issues.extend(_cross_checks(entries, warnings, linted))
    return Glossary(entries, issues, files)


def _read_file_cached(path: Path, display: str, warnings: bool) -> tuple[list[Entry], list[Issue], list[list[Issue]]]:
    """read_file and each entry's lint, from cache.py when this file was read before."""
    from . import cache

    try:
        key = cache.file_key(path, display, warnings)
    except OSError:
        key = ""  # read_file says what is wrong with it
    hit = cache.load(key, "file") if key else None
    if hit is not None:
        rows, issues, lint = hit
        return entries_from_rows(rows), issues, lint
    entries, issues = read_file(path, display)
    lint = [term_checks(e, warnings) for e in entries]
    try:
        unchanged = key and cache.file_key(path, display, warnings) == key  # not edited meanwhile
    except OSError:
        unchanged = False
    if unchanged and not issues:
        cache.store(key, (entry_rows(entries), issues, lint), "file")
    return entries, issues, lint
