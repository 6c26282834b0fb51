"""Static review pages: escaped, offline, terms highlighted, flags filterable, index stats."""
from __future__ import annotations

import re

from typer.testing import CliRunner

from pipeline.cli.review import review_app
from pipeline.model import AlignedDocument, TermReport
from pipeline.review.pages import build_pages, highlight, render_document

from .review_fixtures import load, make_project


def test_build_writes_index_and_pages(tmp_path):
    _, out = make_project(tmp_path)
    result = CliRunner().invoke(review_app, ["build", "--out", str(out)])
    assert result.exit_code == 0, result.output
    index = (out / "review" / "index.html").read_text()
    assert 'href="art.html"' in index and 'href="other.html"' in index
    page = (out / "review" / "art.html").read_text()
    # side by side, one row per sentence, with ids and statuses
    assert page.count('class="seg ') == 4
    assert 'data-id="p3.s1" data-status="passthrough"' in page


def test_everything_is_escaped(tmp_path):
    _, out = make_project(tmp_path)
    build_pages(out)
    page = (out / "review" / "art.html").read_text()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    # the only scripts are our own inline ones
    assert len(re.findall(r"<script>", page)) == 1


def test_offline_no_external_resources(tmp_path):
    _, out = make_project(tmp_path)
    build_pages(out)
    for path in (out / "review").glob("*.html"):
        html = path.read_text()
        assert not re.search(r"(src|href)=\"(https?:)?//", html), path
        assert "@media print" in html


def test_flags_shown_and_filterable(tmp_path):
    _, out = make_project(tmp_path)
    page = render_document(AlignedDocument.from_dict(load(out, "art")))
    assert 'data-flags="untranslated' in page
    assert '<option value="untranslated">untranslated (' in page
    assert 'id="f-flag"' in page and "reviewFilter" in page


def test_terms_highlighted_on_both_sides_with_entry():
    terms = [TermReport(entry="drone-coalition", source="coalition des drones", target="drone coalition",
                        status="ok")]
    fr = str(highlight("La coalition des drones <b>", terms, "source"))
    en = str(highlight("The drone coalition & co", terms, "target"))
    assert '<mark class="term" title="glossary entry drone-coalition coalition des drones → drone coalition (ok)"' in fr
    assert fr.endswith("&lt;b&gt;") and en.endswith("&amp; co")
    assert ">drone coalition</mark>" in en


def test_term_span_with_markup_is_escaped():
    terms = [TermReport(entry="x", source="<i>", target="<i>", status="ok")]
    marked = str(highlight("a <i> b", terms, "source"))
    assert "<i>" not in marked and "&lt;i&gt;</mark>" in marked


def test_edit_rebuilds_static_page(tmp_path):
    from pipeline.review.apply import edit_segment
    _, out = make_project(tmp_path)
    build_pages(out)
    edit_segment(out, "other", "p1.s2", "The minister said a few words.", approve=True)
    page = (out / "review" / "other.html").read_text()
    assert "The minister said a few words." in page
    assert 'data-id="p1.s2" data-status="approved"' in page


def test_templates_ship_as_files_and_their_css_js_are_inlined_verbatim(tmp_path):
    from importlib.resources import files

    _, out = make_project(tmp_path)
    folder = files("pipeline.review") / "templates"
    css, edit_js, index_js = ((folder / name).read_text(encoding="utf-8")
                              for name in ("review.css", "edit.js", "index.js"))
    # Not escaped, not rendered (a Jinja-looking "{#" would otherwise break or vanish).
    assert "<style>\n" + css + "</style>" in build_and_read(out, "art.html")
    doc = AlignedDocument.from_dict(load(out, "art"))
    static, editable = render_document(doc), render_document(doc, editable=True)
    assert edit_js not in static and "<script>\n" + edit_js + "</script>" in editable
    assert "<script>\n" + index_js + "</script>" in build_and_read(out, "index.html")


def build_and_read(out, page: str) -> str:
    build_pages(out)
    return (out / "review" / page).read_text(encoding="utf-8")
