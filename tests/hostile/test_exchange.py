"""Hostile exchange files: XLIFF, TBX and the glossary YAML.

Our own XLIFF export always re-imports (whatever characters the text holds) and
an unchanged re-import records nothing; entities are refused, never expanded or
imported as their literal name; inline tags are kept; TBX v3 is read; nothing is
half-imported. (CSV line numbers and encodings: the glossary's own hostile tests.)
"""
from __future__ import annotations

import json
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from lxml import etree

from pipeline.errors import PipelineError
from pipeline.exchange.xliff import NS12, export_xliff, import_xliff, parse_xliff
from pipeline.memory import Memory

from ..review_fixtures import make_project, segment

X = {"x": NS12}


def write_doc(out: Path, name: str, segments: list[dict]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    data = {"format": 1, "document": name, "source_file": f"seeds/{name}.txt", "metadata": {},
            "engine": {"name": "fake", "model": "1"}, "glossary": "", "fingerprint": "",
            "paragraphs": 1, "segments": segments}
    (out / f"{name}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def seg(sid: str, source: str, target: str, status: str = "machine") -> dict:
    return {"id": sid, "paragraph": 1, "source": source, "target": target, "status": status,
            "engine": "fake", "model": "1", "terms": [], "flags": []}


# Any text a document can hold (JSON in UTF-8: no lone surrogates), control characters included.
any_text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(source=any_text, target=any_text, status=st.sampled_from(["machine", "edited", "approved", "passthrough"]))
def test_own_export_reimports_exactly_whatever_the_characters(tmp_path_factory, source, target, status):
    out = tmp_path_factory.mktemp("out")
    write_doc(out, "doc", [seg("p1.s1", source, target, status)])
    path = export_xliff(out, out / "x")[0]
    etree.parse(str(path))  # well-formed XML 1.0, control characters or not
    # Unchanged: nothing to apply.
    plan, report = parse_xliff(path, out)
    assert plan == {}
    # Changed in our copy since the export: the exported target comes back character for character.
    if target.strip():
        write_doc(out, "doc", [seg("p1.s1", source, "something else", "machine")])
        plan, _ = parse_xliff(path, out)
        assert [e.target for e in plan["doc"]] == [target]


def test_control_characters_survive_a_real_round_trip(tmp_path):
    out = tmp_path / "out"
    write_doc(out, "doc", [seg("p1.s1", "Un\x01deux\x0btrois\x1f.", "One\x01two\x0bthree\x1f.")])
    path = export_xliff(out, tmp_path / "x")[0]
    text = path.read_text(encoding="utf-8")
    assert "\x01" not in text and 'equiv-text="U+0001"' in text
    # A reviewer changes the target in a CAT tool, keeping the inline placeholders.
    tree = etree.parse(str(path))
    target = tree.find(".//x:target", X)
    target.text = "Uno"
    tree.write(str(path), encoding="UTF-8", xml_declaration=True)
    (out / "memory.sqlite").unlink(missing_ok=True)
    before = (out / "doc.json").read_bytes()
    try:
        report = import_xliff(path, out)
    except PipelineError as err:
        # The review rules may refuse control characters in a reviewer's text: then
        # the refusal says so and nothing changes; the characters are never dropped silently.
        assert "control character" in str(err) and "\n" not in str(err)
        assert (out / "doc.json").read_bytes() == before
        return
    assert report.total == 1
    assert segment(out, "doc", "p1.s1")["target"] == "Uno\x01two\x0bthree\x1f."


def test_unchanged_reimport_records_no_edit(tmp_path):
    _, out = make_project(tmp_path)
    for path in export_xliff(out, tmp_path / "x"):
        report = import_xliff(path, out)
        assert report.total == 0
    with Memory(out / "memory.sqlite") as memory:
        assert memory.edit_history("art") == [] and memory.edit_history("other") == []


XLIFF_HEAD = f"""<?xml version="1.0" encoding="UTF-8"?>
{{doctype}}<xliff version="1.2" xmlns="{NS12}">
<file original="other" source-language="fr" target-language="en" datatype="plaintext"><body>
<trans-unit id="p1.s1"><source>Huit pays ont rejoint la coalition.</source><target>{{target}}</target></trans-unit>
</body></file></xliff>
"""


@pytest.mark.parametrize("doctype, target", [
    ('<!DOCTYPE xliff [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>\n', "Eight &xxe; countries"),
    ('<!DOCTYPE xliff [<!ENTITY xxe "boom">]>\n', "Eight &xxe; countries"),
    ('<!DOCTYPE xliff [<!ENTITY % p SYSTEM "http://127.0.0.1:1/x.dtd"> %p;]>\n', "Eight countries"),
    ("", "Eight &xxe; countries"),           # undeclared: not well-formed
])
def test_entities_are_refused_with_a_line_nothing_imported(tmp_path, doctype, target):
    _, out = make_project(tmp_path)
    before = (out / "other.json").read_bytes()
    path = tmp_path / "evil.xlf"
    path.write_text(XLIFF_HEAD.format(doctype=doctype, target=target), encoding="utf-8")
    with pytest.raises(PipelineError, match=r"evil\.xlf: line \d+: .*nothing imported") as err:
        import_xliff(path, out)
    assert "boom" not in str(err.value) and "\n" not in str(err.value)
    assert (out / "other.json").read_bytes() == before


@pytest.mark.parametrize("inline, kept", [
    ('Eight <x id="1"/> countries', 'Eight <x id="1"/> countries'),
    ('Eight <ph id="2">{b}</ph> countries', 'Eight <ph id="2">{b}</ph> countries'),
    ('<mrk mtype="seg" mid="1">Eight <g id="3">new</g> countries</mrk>', "Eight new countries"),
])
def test_inline_tags_in_a_target_are_kept_not_dropped(tmp_path, inline, kept):
    _, out = make_project(tmp_path)
    path = tmp_path / "cat.xlf"
    path.write_text(XLIFF_HEAD.format(doctype="", target=inline), encoding="utf-8")
    import_xliff(path, out)
    result = segment(out, "other", "p1.s1")
    assert result["target"] == kept
    if "<" in kept:   # left for the reviewer to see, not silently accepted
        assert "leftover-markup" in {f["code"] for f in result["flags"]}


# -- glossary exchange: TBX, YAML ------------------------------------------------------------------
from pipeline.errors import UsageError  # noqa: E402
from pipeline.glossary.exchange import from_tbx, to_tbx  # noqa: E402
from pipeline.glossary.schema import Entry  # noqa: E402

TBX3 = b"""<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dct" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"
     xmlns:basic="http://www.tbxinfo.net/ns/basic">
  <tbxHeader><fileDesc><sourceDesc><p>v3</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="c1">
      <langSec xml:lang="fr"><termSec><term>Conseil de l'Europe</term>
        <basic:administrativeStatus>preferredTerm-admn-sts</basic:administrativeStatus></termSec></langSec>
      <langSec xml:lang="en"><termSec><term>Council of Europe</term></termSec>
        <termSec><term>Europe Council</term>
        <basic:administrativeStatus>deprecatedTerm-admn-sts</basic:administrativeStatus></termSec></langSec>
    </conceptEntry>
  </body></text>
</tbx>"""


def test_tbx_v3_namespaced_is_imported():
    [entry] = from_tbx(TBX3, "v3.tbx")
    assert (entry.fr, entry.en, entry.forbid) == ("Conseil de l'Europe", "Council of Europe", ["Europe Council"])


@pytest.mark.parametrize("data", [
    b'<?xml version="1.0"?><tbx xmlns="urn:iso:std:iso:30042:ed-2"><text><body/></text></tbx>',
    b'<?xml version="1.0"?><martif type="TBX-Basic"><text><body><termEntry><langSet xml:lang="de">'
    b'<tig><term>Rat</term></tig></langSet></termEntry></body></text></martif>',
    b'<?xml version="1.0"?><html><body><p>not a termbase</p></body></html>',
])
def test_tbx_without_usable_entries_is_refused_never_zero_entries_exit_0(data):
    with pytest.raises(UsageError, match="x.tbx: no term entry"):
        from_tbx(data, "x.tbx")


def test_tbx_text_after_an_entity_or_inline_element_is_kept():
    data = b"""<?xml version="1.0"?>
<!DOCTYPE martif [<!ENTITY eacute "&#233;">]>
<martif type="TBX-Basic"><text><body><termEntry id="e1">
<langSet xml:lang="fr"><tig><term>Acad&eacute;mie fran&eacute;aise</term></tig></langSet>
<langSet xml:lang="en"><tig><term>French <hi>Academy</hi> board</term></tig></langSet>
</termEntry></body></text></martif>"""
    [entry] = from_tbx(data, "e.tbx")
    assert (entry.fr, entry.en) == ("Académie franéaise", "French Academy board")


def test_tbx_external_entity_is_refused_with_a_line():
    data = b"""<?xml version="1.0"?>
<!DOCTYPE martif [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<martif><text><body><termEntry>
<langSet xml:lang="fr"><tig><term>Kiev &xxe;</term></tig></langSet>
<langSet xml:lang="en"><tig><term>Kyiv</term></tig></langSet>
</termEntry></body></text></martif>"""
    with pytest.raises(UsageError, match=r"x\.tbx:\d+: external entity") as err:
        from_tbx(data, "x.tbx")
    assert "root:" not in str(err.value)


@given(st.lists(st.text(string.ascii_letters + "éà '’-", min_size=1, max_size=12).map(str.strip)
                .filter(bool), min_size=1, max_size=6, unique=True))
@settings(max_examples=50, deadline=None)
def test_tbx_round_trip(forms):
    entries = [Entry(fr=f, en=f"{f} en", kind="term", note="n") for f in forms]
    back = from_tbx(to_tbx(entries), "r.tbx")
    assert [(e.fr, e.en) for e in back] == [(e.fr, e.en) for e in entries]


@pytest.mark.parametrize("content", [
    "[{fr: Kiev, en: Kyiv, kind: place, note: a}, {fr: Lviv, en: Lviv, kind: place, note: b}]\n",
    "- {fr: Odessa, en: Odesa, kind: place, note: c}\n- [{fr: Kiev, en: Kyiv, kind: place, note: a}]\n",
])
def test_glossary_remove_on_flow_style_removes_or_refuses_never_pretends(tmp_path, content):
    from ..conftest import run_cli
    g = tmp_path / "glossary"
    g.mkdir()
    (g / "places.yaml").write_text(content, encoding="utf-8")
    proc = run_cli("glossary", "remove", "Kiev", "-g", str(g), cwd=tmp_path)
    after = (g / "places.yaml").read_text(encoding="utf-8")
    listing = run_cli("glossary", "list", "-g", str(g), cwd=tmp_path)
    if proc.returncode == 0:
        assert "Kiev" not in after and "Kiev" not in listing.stdout
    else:
        assert proc.returncode == 2 and after == content and "Traceback" not in proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1
