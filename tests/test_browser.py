"""The review app in a real browser: Playwright driving Debian's headless chromium."""
from __future__ import annotations

import pytest

from .review_fixtures import segment, translate

pytest.importorskip("playwright.sync_api")


def row(page, sid):
    return page.locator(f'.seg[data-id="{sid}"]')


def test_edit_approve_reload_retranslate(review_project, page):
    seeds, out, server = review_project
    page.goto(server.url + "art.html")
    assert "&lt;script&gt;" not in page.inner_text("body") and "<script>alert('x')</script>" in page.inner_text("body")
    r = row(page, "p1.s2")
    r.locator("button.edit").click()
    r.locator("textarea.target").fill("Drones play a vital role.")
    r.locator("button.save").click()
    page.wait_for_selector('.seg[data-id="p1.s2"][data-status="edited"]')
    row(page, "p1.s2").locator("button.do-approve").click()
    page.wait_for_selector('.seg[data-id="p1.s2"][data-status="approved"]')

    page.reload()
    r = row(page, "p1.s2")
    assert r.get_attribute("data-status") == "approved"
    assert r.locator(".en .text").inner_text() == "Drones play a vital role."

    translate(seeds, out, force=True)  # the corpus is re-translated
    page.reload()
    r = row(page, "p1.s2")
    assert r.get_attribute("data-status") == "approved"
    assert r.locator(".en .text").inner_text() == "Drones play a vital role."
    assert segment(out, "art", "p1.s2")["target"] == "Drones play a vital role."


def test_filter_by_flag(review_project, page):
    _, _, server = review_project
    page.goto(server.url + "art.html")
    page.select_option("#f-flag", "untranslated")
    visible = [s for s in page.locator(".seg").all() if s.is_visible()]
    assert [s.get_attribute("data-id") for s in visible] == ["p2.s1"]
    page.select_option("#f-flag", "all")
    page.select_option("#f-status", "passthrough")
    visible = [s for s in page.locator(".seg").all() if s.is_visible()]
    assert [s.get_attribute("data-id") for s in visible] == ["p3.s1"]


def test_add_glossary_entry_from_selection(review_project, page):
    _, _, server = review_project
    page.goto(server.url + "art.html")
    fr = row(page, "p1.s2").locator(".fr")
    # select "rôle clé" in the French cell
    page.evaluate("""(el) => {
        const node = el.firstChild, text = node.textContent, i = text.indexOf('rôle clé');
        const range = document.createRange(); range.setStart(node, i); range.setEnd(node, i + 'rôle clé'.length);
        const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
    }""", fr.element_handle())
    box = fr.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 10)
    page.mouse.up()
    form = page.locator("#glossary-form")
    form.wait_for(state="visible")
    assert form.locator("[name=source]").input_value() == "rôle clé"
    form.locator("[name=target]").fill("key role")
    assert form.locator("button[type=submit]").is_disabled()     # preview first
    form.locator("button.preview").click()
    form.locator(".affected div").first.wait_for()
    assert "p1.s2" in form.locator(".affected").inner_text()
    assert "fr: rôle clé" not in (server.glossary_dir / "terms.yaml").read_text()
    form.locator("button[type=submit]").click()
    page.wait_for_selector("#glossary-form .msg.good:has-text('next `pipeline translate` run')")
    assert "fr: rôle clé" in (server.glossary_dir / "terms.yaml").read_text()


def test_history_revert_and_stale_reuse_from_the_page(review_project, page):
    seeds, out, server = review_project
    page.goto(server.url + "other.html")
    r = row(page, "p1.s2")
    r.focus()
    page.keyboard.press("Enter")
    r.locator("textarea.target").fill("The minister has spoken.")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector('.seg[data-id="p1.s2"][data-status="approved"]')
    row(page, "p1.s2").locator("button.history").click()
    panel = row(page, "p1.s2").locator(".panel.history")
    panel.locator("li").first.wait_for()
    assert "approved" in panel.inner_text() and panel.locator("ins").count() >= 1
    panel.locator("button.revert").click()
    page.wait_for_selector('.seg[data-id="p1.s2"][data-status="machine"]')
    assert row(page, "p1.s2").locator(".en .text").inner_text() == "The minister spoke."
    assert page.locator("#n-approved").inner_text() == "0"

    # an edited sentence is revised in the source: one click reuses the old edit
    row(page, "p1.s2").focus()
    page.keyboard.press("Enter")
    row(page, "p1.s2").locator("textarea.target").fill("The minister has spoken.")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector('.seg[data-id="p1.s2"][data-status="approved"]')
    (seeds / "other.txt").write_text("Huit pays ont rejoint la coalition. Le ministre a parlé longuement.\n",
                                     encoding="utf-8")
    translate(seeds, out)
    page.reload()
    stale = row(page, "p1.s2").locator(".stale")
    assert "Le ministre a parlé." in stale.inner_text()
    stale.locator("button.reuse").click()
    page.wait_for_selector('.seg[data-id="p1.s2"][data-status="edited"]')
    assert row(page, "p1.s2").locator(".en .text").inner_text() == "The minister has spoken."
    assert row(page, "p1.s2").locator(".stale").count() == 0
