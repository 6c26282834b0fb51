"""The review app on a 2,000-segment article in Chromium: the keyboard contract and a revision.

Timings are printed (see benchmarks/bench_review_app.py for the measured figures), not asserted:
a shared test machine makes timed assertions flaky.
"""
from __future__ import annotations

import time

import pytest

from .review_fixtures import big_article, review_server, translate

pytest.importorskip("playwright.sync_api")


@pytest.fixture
def big(tmp_path):
    with review_server(tmp_path) as (seeds, out, server):
        (seeds / "big.txt").write_text(big_article(), encoding="utf-8")
        translate(seeds, out)
        yield seeds, out, server


def active(page):
    return page.evaluate("() => { const s = document.activeElement.closest('.seg'); return s && s.dataset.id; }")


def test_keyboard_contract_and_a_revision_on_2000_segments(big, page):
    seeds, out, server = big
    start = time.perf_counter()
    page.goto(server.url + "big.html", wait_until="load")
    print(f"load: {time.perf_counter() - start:.2f} s")
    assert page.locator(".seg").count() == 2000

    # Alt+ArrowDown from nowhere focuses the first segment, then moves on
    page.keyboard.press("Alt+ArrowDown")
    assert active(page) == "p1.s1"
    page.keyboard.press("Alt+ArrowDown")
    page.keyboard.press("Alt+ArrowDown")
    assert active(page) == "p1.s3"
    page.keyboard.press("Alt+ArrowUp")
    assert active(page) == "p1.s2"

    # Enter opens the editor; Esc cancels without saving and gives the focus back
    page.keyboard.press("Enter")
    ta = page.locator('.seg[data-id="p1.s2"] textarea.target')
    ta.wait_for()
    ta.fill("Cancelled text.")
    page.keyboard.press("Escape")
    assert page.locator('.seg[data-id="p1.s2"] textarea.target').count() == 0
    assert page.locator('.seg[data-id="p1.s2"]').get_attribute("data-status") == "machine"
    assert active(page) == "p1.s2"

    # p1.s3 is approved already: Ctrl+Enter on p1.s2 must skip it
    page.keyboard.press("Alt+ArrowDown")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector('.seg[data-id="p1.s3"][data-status="approved"]')
    page.keyboard.press("Alt+ArrowUp")
    page.keyboard.press("Alt+ArrowUp")
    assert active(page) == "p1.s2"

    # Enter, type, Ctrl+Enter: saved, approved, focus on the next segment not approved
    page.keyboard.press("Enter")
    ta = page.locator('.seg[data-id="p1.s2"] textarea.target')
    ta.fill("Council number 1 of Nantes passed the budget.")
    start = time.perf_counter()
    page.keyboard.press("Control+Enter")
    page.wait_for_selector('.seg[data-id="p1.s2"][data-status="approved"]')
    print(f"save+approve round trip: {1000 * (time.perf_counter() - start):.0f} ms")
    page.wait_for_function("() => document.activeElement.closest('.seg') && "
                           "document.activeElement.closest('.seg').dataset.id === 'p1.s4'")

    # counts are live: the approved option and the summary say 2 without a reload
    assert page.locator("#n-approved").inner_text() == "2"
    assert "approved (2)" in page.locator("#f-status").inner_text()
    page.select_option("#f-status", "approved")
    assert page.locator("#f-count").inner_text().startswith("2 of 2000")
    page.select_option("#f-status", "all")

    # the row names its segment for screen readers and keeps its data attributes
    row = page.locator('.seg[data-id="p1.s2"]')
    assert "Segment p1.s2" in row.get_attribute("aria-label")
    assert row.get_attribute("data-status") == "approved"

    # an unsaved edit warns before leaving
    page.focus('.seg[data-id="p1.s4"]')
    page.keyboard.press("Enter")
    page.locator('.seg[data-id="p1.s4"] textarea.target').fill("Unsaved.")
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.type), d.dismiss()))
    page.evaluate("() => { window.location.href = '/'; }")
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    page.keyboard.press("Escape")

    # the article is revised: two paragraphs at the top, one paragraph removed further down
    text = (seeds / "big.txt").read_text(encoding="utf-8").split("\n")
    del text[100]
    (seeds / "big.txt").write_text("Un tout nouveau chapeau. Et une phrase.\nUn autre paragraphe.\n"
                                   + "\n".join(text), encoding="utf-8")
    translate(seeds, out)
    page.reload()
    for sid, status in (("p3.s2", "approved"), ("p3.s3", "approved"), ("p3.s4", "machine"), ("p1.s1", "machine")):
        assert page.locator(f'.seg[data-id="{sid}"]').get_attribute("data-status") == status, sid
    assert (page.locator('.seg[data-id="p3.s2"] .en .text').inner_text()
            == "Council number 1 of Nantes passed the budget.")
    assert page.locator('.seg[data-flags~="stale-edit"]').count() == 0
