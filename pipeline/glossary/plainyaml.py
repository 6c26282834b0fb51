"""Glossary files in their usual shape, read line by line without a YAML parser.

A 20,000-name list is read again on the first run after each edit, and
libyaml's parse events are most of that read (200,000 Python event objects,
each with two position marks: 0.25 s of a 0.7 s compile). Yet glossary files
nearly always have one shape, the one ``glossary add`` and ``import`` write::

    - fr: Kajsa Ollongren        # a list item at column 0, its first field
      en: Kajsa Ollongren        # further fields indented by two spaces
      variants: [Kasja Ollongren]
      note: 'Quoted: when YAML needs it'

or the common variations of it: a note folded over further-indented lines,
a list written as a block (``variants:`` then ``    - Kasja Ollongren``), a
leading ``---`` or byte order mark. :func:`read_items` accepts that shape
only, under rules stricter than YAML's, and answers None for anything else —
a tab, an unquoted value that starts with an indicator (``&*!|>%@`-?:``…)
or holds ``": "``, a quoted value over several lines, a flow mapping, an
anchor, a character libyaml refuses — which the caller then hands to
libyaml. For what it accepts it gives exactly what the parse events give
(tests/test_plainyaml.py compares both on the glossaries and on thousands of
random files made of YAML's traps).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Callable, Optional

#: a field line: "- key: value" opens an entry, "  key: value" continues it
_FIELD = re.compile(r"(- |  )([A-Za-z_][A-Za-z0-9_]{0,63}): +(\S.*)")
#: a plain value's next line, further indented: folded into it with a space
_CONTINUED = re.compile(r"    +(\S.*)")
#: a field with nothing after "key:": empty, or a block list on the next lines
_OPEN = re.compile(r"(- |  )([A-Za-z_][A-Za-z0-9_]{0,63}): *")
#: an item of that block list, indented by two or four spaces
_ITEM = re.compile(r"(  |    )- +(\S.*)")
#: lines that carry nothing: blank, or a comment at any indentation
_NOTHING = re.compile(r" *(?:#.*)?")


@lru_cache(maxsize=1)
def _unsure() -> re.Pattern:
    """Characters this reader does not take as they are: anything but the
    printable ones, a tab, a carriage return, YAML's other line breaks (U+0085,
    U+2028, U+2029), a byte order mark (libyaml reads those specially or
    refuses them). Compiled on first use: its ranges take 5 ms to compile, which
    a re-run that reads no glossary file should not pay."""
    return re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")

#: a whole single- or double-quoted value on one line ('' is a quote; no
#: backslash escapes in the double-quoted one), then perhaps a comment
_SINGLE = re.compile(r"'((?:[^']|'')*)' *(?: #.*)?")
_DOUBLE = re.compile(r'"([^"\\]*)" *(?: #.*)?')
#: an item of a one-line flow list (quoted, or plain without flow indicators,
#: ':' or '#'), and the ',' or ']' after it
#: (no '?' inside: PyYAML's own parser, and libyaml before 0.2.5, end the item
#: there; a plain item ends on a non-space so that a long run of spaces is not
#: backtracked over)
_FLOW_ITEM = re.compile(
    r" *(?:'((?:[^']|'')*)'|\"([^\"\\]*)\"|([^-?:,\[\]{}#&*!|>'\"%@` ](?:[^,\[\]{}#:?]*[^,\[\]{}#:? ])?)) *([,\]])")
#: what may follow a value: spaces, then perhaps a comment
_END = re.compile(r" *(?: #.*)?")
_EMPTY_FLOW = re.compile(r"\[ *\] *(?: #.*)?")
#: what may not start a plain value (YAML's indicators, and space)
_NOT_FIRST = frozenset("-?:,[]{}#&*!|>'\"%@` ")
#: what a plain value must not end with as written (a space is stripped)
_NOT_LAST = frozenset(": ")


def read_items(text: str, make: Callable[[int, list], Any]) -> Optional[list]:
    """``make(line, fields)`` for each entry of ``text``, fields being
    ``(key, line, value)`` with a string or a list of strings as value, or
    None when the text is not in the plain shape (libyaml must read it)."""
    if text.startswith("\ufeff"):
        text = text[1:]  # a byte order mark (Windows editors): YAML skips it at the start
    if _unsure().search(text):
        return None
    items: list = []
    fields: Optional[list] = None
    folds = False  # the last line holds a plain value that may go on
    listing = ""  # after "key:" alone, the indentation of its block list's items ("?" before the first)
    marked = False  # a "---" line (yamllint asks for one) before the first entry
    lines = text.split("\n")
    for number, found in enumerate(map(_FIELD.fullmatch, lines), 1):
        if found is None:
            line = lines[number - 1]
            if _NOTHING.fullmatch(line):
                folds = False  # a blank line inside a value is a line break: unsure
                continue
            if line == "---" and not items and not marked:
                marked = True
                continue
            opened = _OPEN.fullmatch(line)
            if opened is not None:
                lead, key = opened.groups()
                if lead == "- ":
                    fields = []
                    items.append(make(number, fields))
                elif fields is None:
                    return None
                fields.append((key, number, ""))  # what YAML makes of a value left out
                folds, listing = False, "?"
                continue
            item = _ITEM.fullmatch(line) if listing else None
            if item is not None and fields is not None and listing in ("?", item.group(1)):
                value = _value(item.group(2))
                if not isinstance(value, str):
                    return None  # a list in a list, or unsure
                key, start, values = fields[-1]
                fields[-1] = (key, start, [value] if listing == "?" else [*values, value])
                listing = item.group(1)
                continue
            more = _CONTINUED.fullmatch(line) if folds else None
            if more is None or fields is None:
                return None
            words = _plain(more.group(1))
            if words is None or " #" in more.group(1):
                return None
            key, start, value = fields[-1]
            fields[-1] = (key, start, f"{value} {words}")
            continue
        lead, key, rest = found.groups()
        listing = ""
        if rest[0] not in _NOT_FIRST and rest[-1] not in _NOT_LAST and ": " not in rest and " #" not in rest:
            value, folds = rest, True  # most values: plain, nothing to strip (as _plain would find)
        else:
            value = _value(rest)
            if value is None:
                return None
            folds = isinstance(value, str) and rest[0] not in "'\"" and " #" not in rest
        if lead == "- ":
            fields = []
            items.append(make(number, fields))
        elif fields is None:  # a field before any entry
            return None
        fields.append((key, number, value))
    if marked and not items:
        return None  # "---" and no list: an empty document, not an empty list
    return items


def _value(rest: str) -> Any:
    """The value written after "key: ", or None when unsure."""
    first = rest[0]
    if first == "'":
        quoted = _SINGLE.fullmatch(rest)
        return quoted.group(1).replace("''", "'") if quoted else None
    if first == '"':
        quoted = _DOUBLE.fullmatch(rest)
        return quoted.group(1) if quoted else None
    if first == "[":
        return _flow(rest)
    comment = rest.find(" #")
    return _plain(rest[:comment] if comment >= 0 else rest)


def _flow(rest: str) -> Optional[list]:
    """A one-line flow list ("[a, 'b, c']"), or None when unsure ("[a, , b]",
    "[a,]", "[-a]", "[a: b]", nested lists…)."""
    if _EMPTY_FLOW.fullmatch(rest):
        return []
    words: list[str] = []
    pos = 1
    while True:
        item = _FLOW_ITEM.match(rest, pos)
        if item is None:
            return None
        single, double, plain, after = item.groups()
        words.append(single.replace("''", "'") if single is not None else double if double is not None else plain)
        pos = item.end()
        if after == "]":
            return words if _END.fullmatch(rest, pos) else None


def _plain(text: str) -> Optional[str]:
    """A plain (unquoted) value, or None when YAML might read it otherwise."""
    if text[0] in _NOT_FIRST:
        return None
    text = text.rstrip(" ")
    if ": " in text or text.endswith(":"):
        return None  # YAML reads a mapping there, or fails
    return text
