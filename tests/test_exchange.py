"""TMX 1.4b and XLIFF 1.2: valid, round-trip, and bad input refused with nothing applied."""
from __future__ import annotations

import io

import pytest
from lxml import etree
from typer.testing import CliRunner

from pipeline.cli.exchange import export_app, import_app
from pipeline.errors import PipelineError
from pipeline.exchange.dtd import TMX14_DTD
from pipeline.exchange.tmx import export_tmx, validate_tmx
from pipeline.exchange.xliff import NS12, export_xliff, import_xliff
from pipeline.memory import Memory
from pipeline.review.apply import edit_segment

from .review_fixtures import make_project, segment, translate

X = {"x": NS12}


def test_tmx_valid_against_dtd_with_props(tmp_path):
    _, out = make_project(tmp_path)
    edit_segment(out, "other", "p1.s2", "The minister spoke up.", approve=True)
    report = export_tmx(out, tmp_path / "c.tmx")
    tree = etree.parse(str(tmp_path / "c.tmx"))
    assert etree.DTD(io.StringIO(TMX14_DTD)).validate(tree)
    root = tree.getroot()
    assert root.get("version") == "1.4" and root.find("header").get("srclang") == "fr"
    tus = root.findall("body/tu")
    assert len(tus) == report.units == 6  # one per segment
    props = {(tu.findtext("prop[@type='x-document']"), tu.findtext("prop[@type='x-segment']")) for tu in tus}
    assert ("art", "p2.s1") in props and ("other", "p1.s2") in props
    seg = next(tu for tu in tus if tu.get("tuid") == "art:p2.s1")
    assert seg.find("tuv[@{http://www.w3.org/XML/1998/namespace}lang='fr']/seg").text.startswith("Le texte <script>")
    approved = export_tmx(out, tmp_path / "a.tmx", approved_only=True)
    assert approved.units == 1


def test_tmx_validation_catches_bad_files(tmp_path):
    with pytest.raises(PipelineError, match="line 1"):
        validate_tmx(b"<tmx version='1.4'><header/>", "bad.tmx")
    with pytest.raises(PipelineError, match="not valid TMX"):
        validate_tmx(b"<tmx version='1.4'><header/><body/></tmx>", "bad.tmx")


def test_xliff_export_is_xliff_12(tmp_path):
    _, out = make_project(tmp_path)
    edit_segment(out, "other", "p1.s2", "The minister spoke up.", approve=True)
    paths = export_xliff(out, tmp_path / "x")
    assert sorted(p.name for p in paths) == ["art.xlf", "other.xlf"]
    root = etree.parse(str(tmp_path / "x" / "other.xlf")).getroot()
    assert root.get("version") == "1.2" and root.tag == f"{{{NS12}}}xliff"
    f = root.find("x:file", X)
    assert f.get("original") == "other" and f.get("source-language") == "fr" and f.get("target-language") == "en"
    units = {u.get("id"): u for u in root.iterfind(".//x:trans-unit", X)}
    assert units["p1.s2"].get("approved") == "yes"
    assert units["p1.s2"].find("x:target", X).get("state") == "final"
    assert units["p1.s1"].get("approved") == "no"
    assert units["p1.s1"].find("x:target", X).get("state") == "needs-review-translation"


def _edit_xliff(path, changes, approve=()):
    tree = etree.parse(str(path))
    for unit in tree.getroot().iterfind(".//x:trans-unit", X):
        if unit.get("id") in changes:
            unit.find("x:target", X).text = changes[unit.get("id")]
            unit.find("x:target", X).set("state", "translated")
        if unit.get("id") in approve:
            unit.set("approved", "yes")
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


def test_xliff_round_trip(tmp_path):
    seeds, out = make_project(tmp_path)
    export_xliff(out, tmp_path / "x")
    path = tmp_path / "x" / "art.xlf"
    _edit_xliff(path, {"p2.s1": "The text <script>alert('x')</script> must remain text."}, approve={"p1.s2"})
    result = CliRunner().invoke(import_app, ["xliff", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert segment(out, "art", "p2.s1")["target"] == "The text <script>alert('x')</script> must remain text."
    assert segment(out, "art", "p2.s1")["status"] == "edited"
    assert segment(out, "art", "p1.s2")["status"] == "approved"
    assert segment(out, "art", "p1.s1")["status"] == "machine"  # unchanged units stay machine
    with Memory(out / "memory.sqlite") as memory:
        assert set(memory.edits_for("art")) == {"p2.s1", "p1.s2"}
    # survives re-translation, and a fresh export carries it
    translate(seeds, out)
    assert segment(out, "art", "p2.s1")["status"] == "edited"
    export_xliff(out, tmp_path / "y")
    again = etree.parse(str(tmp_path / "y" / "art.xlf")).getroot()
    unit = next(u for u in again.iterfind(".//x:trans-unit", X) if u.get("id") == "p2.s1")
    assert unit.find("x:target", X).text == "The text <script>alert('x')</script> must remain text."
    # importing the same file again changes nothing
    report = import_xliff(tmp_path / "y" / "art.xlf", out)
    assert report.total == 0 and report.unchanged == 4


def _nothing_applied(out, before):
    assert (out / "art.json").read_text() == before
    with Memory(out / "memory.sqlite") as memory:
        assert memory.edits_for("art") == {}


def test_malformed_xliff_names_the_line(tmp_path):
    _, out = make_project(tmp_path)
    before = (out / "art.json").read_text()
    bad = tmp_path / "bad.xlf"
    bad.write_text('<?xml version="1.0"?>\n<xliff version="1.2" xmlns="%s">\n<file original="art">\n<body>\n'
                   "<trans-unit id='p1.s1'><source>x</source></body></file></xliff>\n" % NS12)
    with pytest.raises(PipelineError, match=r"bad\.xlf: line 5: not well-formed"):
        import_xliff(bad, out)
    _nothing_applied(out, before)
    notxliff = tmp_path / "n.xlf"
    notxliff.write_text("<tmx version='1.4'/>")
    with pytest.raises(PipelineError, match="not an XLIFF 1.2 file"):
        import_xliff(notxliff, out)


def test_unknown_id_and_other_document_apply_nothing(tmp_path):
    _, out = make_project(tmp_path)
    export_xliff(out, tmp_path / "x")
    before = (out / "art.json").read_text()
    path = tmp_path / "x" / "art.xlf"
    _edit_xliff(path, {"p1.s1": "Good edit.", "p2.s1": "Another."})
    tree = etree.parse(str(path))
    tree.getroot().find(".//x:trans-unit[@id='p2.s1']", X).set("id", "p8.s8")
    tree.write(str(path))
    with pytest.raises(PipelineError, match=r"nothing imported: line \d+: unknown segment id p8.s8 in art"):
        import_xliff(path, out)
    _nothing_applied(out, before)
    # the XLIFF of another document, relabelled or not
    other = tmp_path / "x" / "other.xlf"
    with pytest.raises(PipelineError, match="is for document “other”, not art"):
        import_xliff(other, out, expect_document="art")
    tree = etree.parse(str(other))
    tree.getroot().find("x:file", X).set("original", "art")
    _edit_xliff_tree = tree
    _edit_xliff_tree.write(str(other))
    with pytest.raises(PipelineError, match="French differs"):
        import_xliff(other, out)
    _nothing_applied(out, before)
    tree.getroot().find("x:file", X).set("original", "missing-doc")
    tree.write(str(other))
    with pytest.raises(PipelineError, match="missing-doc.*not a translated document"):
        import_xliff(other, out)


def test_cli_exports(tmp_path):
    _, out = make_project(tmp_path)
    runner = CliRunner()
    r = runner.invoke(export_app, ["tmx", "--out", str(out), "--output", str(tmp_path / "t.tmx")])
    assert r.exit_code == 0 and (tmp_path / "t.tmx").exists()
    r = runner.invoke(export_app, ["xliff", "--out", str(out), "--output-dir", str(tmp_path / "xl"), "art"])
    assert r.exit_code == 0 and [p.name for p in (tmp_path / "xl").iterdir()] == ["art.xlf"]
    r = runner.invoke(export_app, ["xliff", "--out", str(out), "nope"])
    assert r.exit_code != 0
