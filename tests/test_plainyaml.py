"""The line reader for plain glossary files (pipeline/glossary/plainyaml.py)
against libyaml: on any text it either declines (None) or gives exactly the
fields libyaml's parse events give, line numbers included."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from pipeline.glossary import plainyaml, schema

CURATED = Path(__file__).resolve().parents[1] / "glossary"


def _plain(text: str):
    return plainyaml.read_items(text, lambda line, fields: (line, fields))


def _libyaml(text: str):
    yaml, loader = schema._yaml_loader()
    items = schema._items_from_events(yaml, loader, text)
    return None if items is None else [(item.line, item.fields) for item in items]


#: values that are plain, quoted, listed, or one of YAML's traps
VALUES = [
    "OTAN", "Kajsa Ollongren", "Groupe de contact de l'Ukraine", "a: b", "a:b", "14:00", "http://x.y",
    "a #b", "a#b", "C#", "x:", "x :", "-x", "- x", "?x", ":x", ",x", "x,y", "x[y]", "x{y}", "(x)",
    "'q'", "'it''s'", "'a' b", "'a'#c", "'a' #c", "''", "'", '"q"', '"a\\nb"', '""', '"a\'b"',
    "[a, b]", "[a,b,]", "[]", "[ ]", "['a']", "[a, [b]]", "[a b, c]", "[a,,b]", "[-a]", "[a:b]", "[a: b]",
    "[a #b]", "[l'OTAN, x]", "[a?b]", "[Et après ?]", "[a ,b]", "[ a , b ]",
    "[a    b  ,  c   ]", "[a] # c", "[a]x", "{a: b}", "&anchor x", "*alias", "!tag x", "!!str x",
    "|", ">", "%x", "@x", "`x", "~", "null", "yes", "1.5", "é", "Sprūds", "😀", "a\u0300",
    "a\u2028b", "a\x85b", "a\tb", "\ufeffa", "a\ufeff", "x\x7f", "trailing  ", "x  # c", "a  b",
    "a - b", "a ? b", "a & b", "a | b", "a > b", "a %", "x'y", 'x"y', "x\\y", "'a'  ", '"a"  # c',
]
#: lines between fields: blank, comments, continuations, markers, misplaced fields
OTHER_LINES = [
    "", " ", "# c", "  # c", "    # c", "---", "...", "- ", "-", "  - a", "    more words", "     x",
    "    - a", "    a: b", "    a #b", "    'q'", "    -x", "      deeper: y", "    x:", "   three",
    "  cont words", "\t", "%YAML 1.1", "   fr: x", " fr: x", "-fr: x", "- - a", "- a", "-  fr: x",
    "  variants:", "- variants:", "  note:", "  note:   ", "  note: # c", "  - b", "    - c", "    - 'q'", "    - [a]",
    "    - a: b", "      - d", "   - e", "  -a", "    -  f g", "    - a #c", "    - ", "    -",
]
KEYS = ["fr", "en", "kind", "note", "variants", "x_1"]
ODD_KEYS = ["fr ", "f-r", "?fr", "'fr'", "fr:", "é"]


#: values the reader takes
USUAL = ["OTAN", "Kajsa Ollongren", "l'OTAN", "x,y", "14:00", "'it''s'", "[a, 'b, c']", "[l'OTAN, x]", "a #b"]


def _random_file(rng: random.Random, traps: float) -> str:
    """A file whose lines are traps with probability ``traps``."""
    lines = ["- fr: a", "  en: b"] if rng.random() < 0.5 or traps < 1 else []
    for _ in range(rng.randint(0, 8)):
        if rng.random() > traps:
            lines.append(rng.choice(["- ", "  ", "  "]) + rng.choice(KEYS) + ": " + rng.choice(USUAL))
            if rng.random() < 0.15:
                lines.append(rng.choice(["    more words", "      x (2024).", "    # c", "", "    l'OTAN"]))
            elif rng.random() < 0.15:  # a block list
                lines.append(rng.choice(["- ", "  "]) + rng.choice(KEYS) + ":")
                indent = rng.choice(["  ", "    "])
                lines.extend(indent + "- " + rng.choice(USUAL[:6]) for _ in range(rng.randint(0, 3)))
            continue
        if rng.random() < 0.2:
            lines.append(rng.choice(OTHER_LINES))
            continue
        lead = rng.choice(["- ", "  ", "  "] if rng.random() < 0.85 else ["    ", " ", "-\t", "-  "])
        key = rng.choice(KEYS if rng.random() < 0.9 else ODD_KEYS)
        sep = rng.choice([": "] * 4 + [":  ", ":", " : ", ":\t"])
        folds = rng.random() < 0.15  # a value folded over lines
        lines.append(lead + key + sep + (rng.choice(["plain words", "x", "a #b"]) if folds else rng.choice(VALUES)))
        if folds:
            lines.append(rng.choice(["    ", "    ", "      ", "   "]) + rng.choice(
                ["more words", "x", "l'OTAN (2024)."] * 3 + ["a: b", "a #b", "-x", "'q'", "[a]", "x:"]))
    head = rng.choice(["", "", "", "", "---\n", "\ufeff", "\ufeff---\n", "--- # c\n", "---\n---\n"])
    return head + "\n".join(lines) + rng.choice(["", "\n", "\n\n"])


def test_the_line_reader_agrees_with_libyaml_or_declines():
    rng = random.Random(20261205)
    accepted = folded = listed = quoted = blocks = 0
    for n in range(4000):
        text = _random_file(rng, 1.0 if n % 2 else 0.3)
        plain = _plain(text)
        if plain is None:
            continue
        assert plain == _libyaml(text), repr(text)
        accepted += 1
        values = [value for _, fields in plain for _, _, value in fields]
        folded += any(line.startswith("    ") and line.strip() and not line.lstrip().startswith("#")
                      for line in text.split("\n"))
        listed += any(isinstance(v, list) for v in values)
        blocks += any(line.lstrip().startswith("- ") and not line.startswith("- ") for line in text.split("\n"))
        quoted += any(": '" in line or ': "' in line for line in text.split("\n"))
    # it is not declining everything: each kind of value was read, and agreed
    assert accepted > 800 and folded > 50 and listed > 150 and quoted > 100 and blocks > 50


@pytest.mark.parametrize("text", [
    "- fr: a\n  variants:\n    - b\n  - c\n",  # items at two indentations
    "- fr: a\n  note:\n     more\n",  # a value on the line after an empty field
    "- fr: a\n  variants:\n   - b\n", "- fr: a\n  variants:\n      - b\n",  # odd indentation
    "- fr: a\n  variants:\n - b\n", "- variants:\n - b\n",  # less indented than the entry
    "- fr: a\n  variants:\n  - [b]\n",  # a list in a list
    "- fr: a b\n  # c\n    more\n",  # a comment line inside a folded value
    "- fr: a\n  variants:\n\n  # c\n    - b\n\n    - c\n  en: d\n", "- fr: a\n  note:   \n- fr: b\n",
])
def test_block_lists_and_empty_fields(text):
    plain = _plain(text)
    assert plain is None or plain == _libyaml(text)


@pytest.mark.parametrize("text", ["---\n", "---\n# c\n", "\ufeff", "\ufeff---\n- fr: a\n", "---\n- fr: a\n---\n",
                                  "- fr: a\n---\n", "- fr: [a?b]\n", "- fr: [Et après ?]\n"])
def test_document_marks(text):
    plain = _plain(text)
    assert plain is None or plain == _libyaml(text)


@pytest.mark.parametrize("value", VALUES)
def test_each_value_alone(value):
    text = f"- fr: {value}\n  en: x\n"
    plain = _plain(text)
    assert plain is None or plain == _libyaml(text)


@pytest.mark.parametrize("path", sorted(CURATED.glob("*.yaml")), ids=lambda p: p.name)
def test_the_curated_glossary_is_read_by_the_line_reader(path):
    text = path.read_text(encoding="utf-8")
    plain = _plain(text)
    assert plain is not None and plain == _libyaml(text)


def test_what_import_and_add_write_is_read_by_the_line_reader(tmp_path):
    """A name list as ``glossary import`` writes it: quoted where YAML needs
    it, lists in flow style, notes folded over lines or not."""
    from pipeline.glossary.schema import Entry
    from pipeline.glossary.yamledit import entry_block

    entries = [Entry(fr=f"Nom{n} d'Ukraine", en=f"Name{n}", kind="person", note=f"note: {n} # not a comment",
                     variants=[f"Nom{n}", "l'autre"]) for n in range(50)]
    entries.append(Entry(fr="- tiret", en="@handle", kind="term", note="'quoted'", forbid=["x, y"]))
    text = "\n".join(entry_block(e) for e in entries)
    plain = _plain(text)
    assert plain == _libyaml(text)
    assert plain is not None and len(plain) == len(entries)
    assert plain[0][1][0] == ("fr", 1, "Nom0 d'Ukraine")


def test_declined_files_are_still_read_whole(tmp_path):
    """What the line reader declines goes to libyaml: an anchor (here beside a
    block list); a syntax error is still reported with its line."""
    path = tmp_path / "g.yaml"
    path.write_text("- fr: a\n  en: b\n  kind: term\n  note: &n shared\n  variants:\n    - c\n    - d\n",
                    encoding="utf-8")
    assert _plain(path.read_text(encoding="utf-8")) is None
    entries, issues = schema.read_file(path, "g.yaml")
    assert issues == [] and entries[0].note == "shared" and entries[0].variants == ["c", "d"]
    path.write_text("- fr: a\n  en: b\n  kind: term\n  note: n\n- fr: c\n  en: [d\n  kind: term\n", encoding="utf-8")
    entries, issues = schema.read_file(path, "g.yaml")
    assert [i.line for i in issues] == [7] and "YAML syntax error" in issues[0].message
