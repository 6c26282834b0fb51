"""The review app on a 2,000-segment article, in Chromium: page load and save/approve round trip.

    .venv/bin/python benchmarks/bench_review_app.py [--segments 2000] [--runs 7]

Builds a project in a temporary folder (fake dictionary engine, the real
glossary), builds the static pages (they must be present: a save refreshes
them off the request path), serves it, and drives Debian's Chromium:

* load: ``page.goto(big.html)`` until the ``load`` event, and the share of it
  spent in the server (navigation timing ``responseEnd - requestStart``);
* save: ``fetch('/api/edit', approve)`` in the page, answer parsed, timed in
  the page; plus the same keyboard round trip as a reviewer (Ctrl+Enter until
  the row says ``approved``), timed from Python.

Baseline in the same run: the static page of the same article opened from
disk (``file://``), i.e. what the browser alone costs for that much HTML.
Prints medians and ranges; targets: load ≤ 1.5 s, save ≤ 300 ms.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.review_fixtures import big_article, review_server, translate  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run"]


def summary(name: str, values: list[float], unit: str, scale: float = 1.0) -> str:
    v = [x * scale for x in values]
    return (f"{name}: median {statistics.median(v):.0f} {unit} (min {min(v):.0f}, max {max(v):.0f}, "
            f"n={len(v)})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--segments", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    from pipeline.review.pages import build_pages

    with tempfile.TemporaryDirectory() as tmp, review_server(Path(tmp)) as (seeds, out, server):
        (seeds / "big.txt").write_text(big_article(paragraphs=args.segments // 5), encoding="utf-8")
        translate(seeds, out)
        build_pages(out)
        static = (out / "review" / "big.html").resolve().as_uri()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS, headless=True)
            page = browser.new_page()
            page.set_default_timeout(60000)
            loads, server_part, static_loads, fetches, keys = [], [], [], [], []
            page.goto(server.url + "big.html", wait_until="load")          # warm-up
            for _ in range(args.runs):
                t = time.perf_counter()
                page.goto(static, wait_until="load")
                static_loads.append(time.perf_counter() - t)
                t = time.perf_counter()
                page.goto(server.url + "big.html", wait_until="load")
                loads.append(time.perf_counter() - t)
                server_part.append(page.evaluate(
                    "() => { const n = performance.getEntriesByType('navigation')[0];"
                    " return (n.responseEnd - n.requestStart) / 1000; }"))
            assert page.locator(".seg").count() == args.segments
            for i in range(args.runs):
                fetches.append(page.evaluate("""async (i) => { const t = performance.now();
                    const r = await fetch('/api/edit', {method: 'POST', headers: {'Content-Type': 'application/json'},
                      body: JSON.stringify({document: 'big', segment: 'p2.s' + (i % 5 + 1), target: 'Edit ' + i,
                                            approve: true})});
                    await r.json(); return (performance.now() - t) / 1000; }""", i))
            for i in range(args.runs):
                sid = f"p{10 + i}.s1"
                page.focus(f'.seg[data-id="{sid}"]')
                # timed in the page: from the keydown to the approved row being in the DOM
                page.evaluate("""(sid) => {
                    window.__t0 = null; window.__t1 = null;
                    document.addEventListener('keydown',
                                              () => { if (window.__t0 === null) window.__t0 = performance.now(); },
                                              {capture: true, once: true});
                    new MutationObserver((_, obs) => {
                        if (document.querySelector(`.seg[data-id="${sid}"][data-status="approved"]`)) {
                            window.__t1 = performance.now(); obs.disconnect(); }
                    }).observe(document.querySelector('main'), {childList: true, subtree: true});
                }""", sid)
                page.keyboard.press("Control+Enter")
                page.wait_for_function("() => window.__t1 !== null")
                keys.append(page.evaluate("() => (window.__t1 - window.__t0) / 1000"))
            browser.close()
        server.flush_pages()
    print(f"{args.segments}-segment article, {args.runs} runs, static pages present")
    print(summary("app page load", loads, "ms", 1000), "target ≤ 1500 ms")
    print(summary("  of which server (request → last byte)", server_part, "ms", 1000))
    print(summary("baseline: static page from disk", static_loads, "ms", 1000))
    print(f"  app load / static load: {statistics.median(loads) / statistics.median(static_loads):.2f}×")
    print(summary("save+approve (fetch, in page)", fetches, "ms", 1000), "target ≤ 300 ms")
    print(summary("save+approve (Ctrl+Enter → approved row in the page)", keys, "ms", 1000))


if __name__ == "__main__":
    main()
