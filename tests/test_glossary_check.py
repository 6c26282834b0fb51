"""The lint (file:line messages), load_policy errors, add/remove diff stability."""
import difflib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli.glossary import app
from pipeline.errors import UsageError
from pipeline.glossary import load_glossary, load_policy
from pipeline.terms import NoGlossary

GOOD = """\
# header comment

- fr: OTAN
  en: NATO
  kind: acronym
  forbid: [OTAN]
  note: acronym

# Kyiv, not Kiev
- fr: Kiev
  en: Kyiv
  kind: place
  forbid: [Kiev]
  note: AP style

- fr: drone
  en: drone
  kind: term
  note: plain
"""


def write(tmp_path, name, text):
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def messages(directory):
    return [str(i) for i in load_glossary(directory).issues]


def test_valid_glossary_has_no_issues(tmp_path):
    assert messages(write(tmp_path, "a.yaml", GOOD)) == []


def test_yaml_syntax_error_has_file_and_line(tmp_path):
    write(tmp_path, "a.yaml", "- fr: OTAN\n  en: NATO\n  kind: [acronym\n")
    (msg,) = messages(tmp_path)
    assert msg.startswith(f"{tmp_path}/a.yaml:") and "YAML syntax error" in msg


def test_unknown_and_missing_fields(tmp_path):
    write(tmp_path, "a.yaml", "- fr: OTAN\n  en: NATO\n  kind: acronym\n  colour: blue\n")
    msgs = messages(tmp_path)
    assert f"{tmp_path}/a.yaml:4: unknown field 'colour'" in msgs[0]
    assert any(m == f"{tmp_path}/a.yaml:1: missing field 'note'" for m in msgs)


def test_duplicates_and_conflicting_renderings_name_both_places(tmp_path):
    write(tmp_path, "a.yaml", GOOD)
    write(tmp_path, "b.yaml", "- fr: Drone\n  en: drone\n  kind: term\n  note: x\n"
                              "- fr: kiev\n  en: Kiev\n  kind: place\n  note: x\n")
    msgs = messages(tmp_path)
    assert f"{tmp_path}/b.yaml:1: duplicate French form 'Drone' (also at {tmp_path}/a.yaml:16)" in msgs
    assert (f"{tmp_path}/b.yaml:5: 'kiev' has two English renderings: 'Kiev' here and 'Kyiv' at "
            f"{tmp_path}/a.yaml:10") in msgs


def test_forbid_own_rendering_and_never_matching(tmp_path):
    write(tmp_path, "a.yaml", "- fr: OTAN\n  en: NATO\n  kind: acronym\n  forbid: [nato]\n  note: x\n"
                              "- fr: '« »'\n  en: quotes\n  kind: term\n  note: x\n"
                              "- fr: otan\n  en: X\n  kind: acronym\n  note: x\n")
    msgs = messages(tmp_path)
    assert f"{tmp_path}/a.yaml:1: forbid lists the entry's own rendering 'NATO'" in msgs
    assert any(m.startswith(f"{tmp_path}/a.yaml:6: '« »' can never match") for m in msgs)
    assert any(m.startswith(f"{tmp_path}/a.yaml:10: acronym form 'otan' has no capitals") for m in msgs)


def test_load_policy(tmp_path):
    assert isinstance(load_policy(tmp_path), NoGlossary)
    write(tmp_path, "a.yaml", GOOD)
    assert load_policy(tmp_path).version
    write(tmp_path, "b.yaml", "- fr: x\n  en: y\n  kind: thing\n  note: z\n")
    with pytest.raises(UsageError) as err:
        load_policy(tmp_path)
    assert str(err.value).startswith(f"{tmp_path}/b.yaml:1: unknown kind 'thing'")
    assert err.value.exit_code == 2


def test_check_command_exit_codes(tmp_path):
    runner = CliRunner()
    write(tmp_path, "a.yaml", GOOD)
    assert runner.invoke(app, ["check", "-g", str(tmp_path)]).exit_code == 0
    write(tmp_path, "b.yaml", "- fr: OTAN\n  en: Otan\n  kind: acronym\n  note: z\n")
    result = runner.invoke(app, ["check", "-g", str(tmp_path)])
    assert result.exit_code == 1 and "b.yaml:1: 'OTAN' has two English renderings" in result.output


def test_add_and_remove_only_touch_their_lines(tmp_path):
    write(tmp_path, "places.yaml", GOOD)
    before = (tmp_path / "places.yaml").read_text()
    runner = CliRunner()
    r = runner.invoke(app, ["add", "Riga", "Riga", "--kind", "place", "--note", "capital", "-g", str(tmp_path)])
    assert r.exit_code == 0, r.output
    after = (tmp_path / "places.yaml").read_text()
    diff = [line for line in difflib.unified_diff(before.split("\n"), after.split("\n"), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert all(line.startswith("+") for line in diff) and "+- fr: Riga" in diff
    assert load_glossary(tmp_path).find("Riga").en == "Riga"
    # duplicate add refused
    assert runner.invoke(app, ["add", "riga", "Rīga", "--kind", "place", "-g", str(tmp_path)]).exit_code != 0
    # remove it again: byte-identical to before
    assert runner.invoke(app, ["remove", "Riga", "-g", str(tmp_path)]).exit_code == 0
    assert (tmp_path / "places.yaml").read_text() == before
    # remove a middle entry: only its lines (and its own comment) go
    assert runner.invoke(app, ["remove", "Kiev", "-g", str(tmp_path)]).exit_code == 0
    text = (tmp_path / "places.yaml").read_text()
    assert "Kiev" not in text and "# Kyiv, not Kiev" not in text and "# header comment" in text
    assert [e.fr for e in load_glossary(tmp_path).entries] == ["OTAN", "drone"]
    removed = [line for line in difflib.ndiff(before.split("\n"), text.split("\n")) if line.startswith("- ")]
    assert len(removed) == 7


def test_add_goes_to_the_kind_file(tmp_path):
    r = CliRunner().invoke(app, ["add", "OTAN", "NATO", "--kind", "acronym", "--forbid", "OTAN",
                                 "--note", "n", "-g", str(tmp_path)])
    assert r.exit_code == 0, r.output
    (e,) = load_glossary(tmp_path).entries
    assert e.file.endswith("acronyms.yaml") and e.forbid == ["OTAN"]


def test_cli_and_review_app_add_entries_the_same_way(tmp_path):
    """One path (glossary.editing): the same checks in the same order, and a
    refused entry leaves every file byte-identical (it is never written and
    then taken back)."""
    from pipeline.review.glossary_add import add_entry as review_add

    write(tmp_path, "places.yaml", GOOD)
    before = {p.name: p.read_bytes() for p in tmp_path.glob("*.yaml")}
    runner = CliRunner()
    # the lint of the glossary as it would be: forbid lists the entry's own rendering
    r = runner.invoke(app, ["add", "Tallinn", "Tallinn", "--kind", "place", "--forbid", "Tallinn",
                            "-g", str(tmp_path)])
    assert r.exit_code != 0 and "glossary not changed" in str(r.exception or r.output)
    with pytest.raises(UsageError, match="glossary not changed: .*places.yaml:.*own rendering"):
        review_add(tmp_path, "place", "Tallinn", "Tallinn", forbid=["Tallinn"])
    # a duplicate through a variant, refused by both with the existing entry's file:line
    r = runner.invoke(app, ["add", "Kiyv", "Kyiv", "--kind", "place", "--variant", "kiev", "-g", str(tmp_path)])
    assert r.exit_code != 0 and "places.yaml:" in str(r.exception or r.output)
    with pytest.raises(UsageError, match=r"places.yaml:\d+: 'kiev' is already in the glossary"):
        review_add(tmp_path, "place", "Kiyv", "Kyiv", variants=["kiev"])
    with pytest.raises(UsageError, match="unknown kind 'city'"):
        review_add(tmp_path, "city", "Tallinn", "Tallinn")
    assert {p.name: p.read_bytes() for p in tmp_path.glob("*.yaml")} == before
    # whitespace is collapsed the same way by both
    assert runner.invoke(app, ["add", "  Tallinn ", "Tallinn", "--kind", "place", "-g", str(tmp_path)]).exit_code == 0
    assert load_glossary(tmp_path).find("Tallinn").fr == "Tallinn"


CURATED = Path(__file__).resolve().parents[1] / "glossary"
FILE_SHAPES = {
    "plain": "- fr: OTAN\n  en: NATO\n  kind: acronym\n  note: n\n  variants: [Otan]\n  forbid:\n    - OTAN\n",
    "empty list field": "- fr: a\n  en: b\n  kind: term\n  note: n\n  variants:\n",
    "problems": ("- fr: a\n  en: b\n  kind: thing\n  note: n\n  colour: red\n- fr: c\n  fr: d\n  en: e\n"
                 "  kind: term\n  note: n\n  pos: verb\n- fr: x\n  en: y\n  kind: place\n  note: n\n  pos: adjective\n"
                 "- fr: p\n  en: q\n  kind: term\n  note: n\n  forbid: not-a-list\n"),
    "nested": "- fr: a\n  en: {b: c}\n  kind: term\n  note: n\n- just a string\n",
    "list of lists": "- fr: a\n  en: b\n  kind: term\n  note: n\n  variants: [[x]]\n",
    "alias": "- &e\n  fr: a\n  en: b\n  kind: term\n  note: n\n- fr: c\n  en: *e\n  kind: term\n  note: n\n",
    "not a list": "fr: a\nen: b\n",
    "two documents": "- fr: a\n---\n- fr: b\n",
    "empty": "",
    "comments only": "# nothing yet\n",
    "syntax error": "- fr: a\n  en: [b\n  kind: term\n",
}


@pytest.mark.parametrize("name", sorted(FILE_SHAPES) + ["curated:" + p.name for p in sorted(CURATED.glob("*.yaml"))])
def test_every_reader_reads_every_file_as_the_node_reader_does(name, tmp_path, monkeypatch):
    """Glossary files are read line by line when they have the plain shape
    (plainyaml.py), else from libyaml's events; anything else goes to the
    nodes. All three must give the same entries and the same issues, line for line."""
    from pipeline.glossary import schema

    if name.startswith("curated:"):
        path = CURATED / name.split(":", 1)[1]
    else:
        path = tmp_path / "g.yaml"
        path.write_text(FILE_SHAPES[name], encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    first = schema.read_file(path, "g.yaml")
    used_plain = schema.read_items(text, schema._Item) is not None
    yaml, loader = schema._yaml_loader()
    used_events = schema._items_from_events(yaml, loader, text) is not None
    monkeypatch.setattr(schema, "read_items", lambda *a: None)
    assert first == schema.read_file(path, "g.yaml")
    monkeypatch.setattr(schema, "_items_from_events", lambda *a: None)
    assert first == schema.read_file(path, "g.yaml")
    # The plain shapes (every real glossary file) take both fast paths.
    plain_shapes = {"plain", "empty list field", "problems", "empty", "comments only"}
    assert used_events == (name.startswith("curated:") or name in plain_shapes)
    assert used_plain == (name.startswith("curated:") or name in plain_shapes)
