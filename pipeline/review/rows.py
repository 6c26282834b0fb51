"""One segment row of a review page, as HTML.

Plain Python with ``markupsafe.escape`` rather than a Jinja2 macro: a page of
2,000 segments calls it 2,000 times, and a macro call costs ~20× more. Every
piece of text goes through ``escape`` (or ``pages.highlight``, built from
escaped pieces). The editor's Save / Save & approve / Cancel buttons are
created by the page's script when the editor opens, not sent for every row.
"""
from __future__ import annotations

from markupsafe import Markup, escape


def segment_html(s: dict, editable: bool) -> Markup:
    """``s`` is a ``pages.segment_view``."""
    e = escape
    flags = s["flags"]
    label = f"Segment {s['id']}, {s['status']}"
    if flags:
        label += f", {len(flags)} flag{'' if len(flags) == 1 else 's'}"
    out = [
        f'<div class="seg status-{e(s["status"])}" id="{e(s["id"])}" data-id="{e(s["id"])}" '
        f'data-status="{e(s["status"])}" data-flags="{e(s["flag_codes"])}" data-severities="{e(s["severities"])}" '
        f'data-unresolved="{"1" if s["unresolved"] else "0"}" data-target="{e(s["target"])}" tabindex="0" '
        f'role="group" aria-label="{e(label)}">',
        f'<div class="side"><span class="sid">{e(s["id"])}</span><br>'
        f'<span class="badge {e(s["status"])}">{e(s["status"])}</span>',
    ]
    if s.get("reviewer"):
        out.append(f'<span class="who">{e(s["reviewer"])}</span>')
    out.append(f'</div><div class="fr" lang="fr">{s["source_html"]}</div>'
               f'<div class="en" lang="en"><span class="text">{s["target_html"]}</span>')
    if flags:
        out.append('<ul class="flags">' + "".join(
            f'<li class="{e(f["severity"])}"><code>{e(f["code"])}</code> {e(f["message"])}</li>' for f in flags)
            + "</ul>")
    origin = s.get("propagated_from")
    if isinstance(origin, dict):
        out.append(f'<div class="propagated">Approved translation reused from {e(origin.get("document", ""))} '
                   f'{e(origin.get("segment", ""))}</div>')
    stale = s.get("stale_edit")
    if isinstance(stale, dict):
        similar = f' ({e(stale["similarity"])}% similar source)' if stale.get("similarity") else ""
        out.append(f'<div class="stale" data-target="{e(stale.get("target", ""))}"><span class="label">Earlier '
                   f'{e(stale.get("status", ""))} translation</span>{similar} made for: '
                   f'“{e(stale.get("source", ""))}”:<br>{e(stale.get("target", ""))}')
        if editable:
            out.append(' <button type="button" class="reuse" tabindex="-1">Reuse</button>')
        out.append("</div>")
    if editable:
        out.append('<div class="tools"><button type="button" class="edit" tabindex="-1">Edit</button>')
        if s["status"] != "approved":
            out.append('<button type="button" class="do-approve ok" tabindex="-1">Approve</button>')
        out.append('<button type="button" class="history" tabindex="-1">History</button>'
                   '<button type="button" class="glossary" tabindex="-1">Glossary…</button>'
                   '<span class="msg" role="status" aria-live="polite"></span></div>')
    out.append("</div></div>")
    return Markup("".join(str(x) for x in out))
