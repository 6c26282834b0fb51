"""Jinja2 templates of the review pages, kept in Python so they ship with the package.

Everything is inline (CSS, JS): the pages work offline from file:// and print.
Autoescaping is on; the only Markup is built by ``pages.highlight`` from escaped text.
"""

CSS = r"""
:root { --fr: #fbfaf6; --en: #f6f9fc; --line: #d9dde3; --muted: #5f6b7a; --err: #b42318; --warn: #a15c07;
  --ok: #067647; --edit: #1d4ed8; --term: #fff2b3; --term-line: #d4a300; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; margin: 0;
  color: #1f2933; background: #fff; }
header.top { padding: 14px 28px 10px; border-bottom: 1px solid var(--line); background: #fff; }
header.top h1 { font-size: 20px; margin: 0 0 2px; }
header.top .meta { color: var(--muted); font-size: 13px; }
header.top a.back { font-size: 13px; color: var(--edit); text-decoration: none; }
main { padding: 8px 28px 40px; max-width: 1500px; }
.toolbar { position: sticky; top: 0; z-index: 5; background: #fff; padding: 8px 28px; border-bottom: 1px solid var(--line);
  display: flex; flex-wrap: wrap; gap: 14px; align-items: center; font-size: 13px; }
.toolbar label { color: var(--muted); }
.toolbar select, .toolbar input { font: inherit; padding: 2px 4px; }
.toolbar .count { margin-left: auto; color: var(--muted); }
.summary { display: flex; gap: 18px; flex-wrap: wrap; font-size: 13px; color: var(--muted); margin: 10px 0 4px; }
.summary b { color: #1f2933; }
section.para { margin: 18px 0 6px; }
section.para > h2 { font-size: 12px; font-weight: 600; color: var(--muted); margin: 0 0 4px; letter-spacing: .04em; }
.heads, .seg { display: grid; grid-template-columns: 92px 1fr 1fr; }
.heads { font-size: 12px; font-weight: 600; color: var(--muted); text-transform: uppercase; letter-spacing: .06em;
  margin-top: 12px; }
.heads div { padding: 2px 10px; }
.seg { border-top: 1px solid var(--line); }
.seg:last-child { border-bottom: 1px solid var(--line); }
.seg > div { padding: 7px 10px; }
.seg .side { font-size: 12px; color: var(--muted); border-right: 1px solid var(--line); }
.seg .side .sid { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 11.5px; color: #1f2933; }
.seg .fr { background: var(--fr); }
.seg .en { background: var(--en); border-left: 1px solid var(--line); }
.seg.status-approved .en { background: #f1faf4; }
.seg.status-edited .en { background: #f2f5ff; }
.seg.status-passthrough .fr, .seg.status-passthrough .en { color: var(--muted); font-style: italic; }
.badge { display: inline-block; font-size: 11px; padding: 0 6px; border-radius: 9px; margin-top: 3px; border: 1px solid; }
.badge.machine { color: var(--muted); border-color: #c3cad3; }
.badge.edited { color: var(--edit); border-color: #9db4f5; }
.badge.approved { color: var(--ok); border-color: #8bd1a9; }
.badge.passthrough { color: var(--muted); border-color: #c3cad3; border-style: dashed; }
mark.term { background: var(--term); border-bottom: 2px solid var(--term-line); padding: 0 1px; border-radius: 2px; cursor: help; }
mark.term.missing { background: #fde2e1; border-bottom-color: var(--err); }
ul.flags { list-style: none; margin: 5px 0 0; padding: 0; font-size: 12.5px; }
ul.flags li { margin: 2px 0; padding-left: 16px; position: relative; }
ul.flags li::before { position: absolute; left: 0; font-weight: 700; }
ul.flags li.error { color: var(--err); } ul.flags li.error::before { content: "✖"; }
ul.flags li.warning { color: var(--warn); } ul.flags li.warning::before { content: "▲"; font-size: 10px; top: 2px; }
ul.flags code { font-size: 11.5px; }
.seg.status-approved ul.flags li { color: var(--muted); }
.stale { margin-top: 6px; font-size: 12.5px; border-left: 3px solid var(--warn); padding: 3px 8px; background: #fff8ec; }
.stale .label { font-weight: 600; color: var(--warn); }
.hidden { display: none !important; }
table.docs { border-collapse: collapse; width: 100%; font-size: 14px; margin-top: 12px; }
table.docs th, table.docs td { text-align: left; padding: 7px 10px; border-bottom: 1px solid var(--line); vertical-align: middle; }
table.docs th { font-size: 12px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); }
table.docs td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.docs a { color: var(--edit); text-decoration: none; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 13px; }
.bar { display: flex; width: 180px; height: 10px; border-radius: 5px; overflow: hidden; background: #e8ebef; }
.bar span { display: block; height: 100%; }
.bar .approved { background: #12b76a; } .bar .edited { background: #5b8def; } .bar .passthrough { background: #c3cad3; }
.e { color: var(--err); font-weight: 600; } .w { color: var(--warn); }
.tools { margin-top: 6px; display: flex; gap: 6px; flex-wrap: wrap; }
button { font: inherit; font-size: 12.5px; padding: 2px 9px; border: 1px solid #b8c0cc; background: #fff; border-radius: 4px; cursor: pointer; }
button.primary { background: var(--edit); border-color: var(--edit); color: #fff; }
button.ok { border-color: #12b76a; color: var(--ok); }
textarea.target { width: 100%; font: inherit; min-height: 4.2em; padding: 4px 6px; border: 1px solid #9db4f5; border-radius: 4px; }
.msg { font-size: 12.5px; margin-left: 6px; }
.msg.bad { color: var(--err); } .msg.good { color: var(--ok); }
#glossary-form { position: fixed; z-index: 20; background: #fff; border: 1px solid #b8c0cc; border-radius: 6px;
  padding: 10px 12px; box-shadow: 0 4px 18px rgba(0,0,0,.15); font-size: 13px; width: 340px; }
#glossary-form input, #glossary-form select { width: 100%; font: inherit; margin: 2px 0 6px; padding: 2px 4px; }
.legend { font-size: 12px; color: var(--muted); }
@media (max-width: 900px) { .heads, .seg { grid-template-columns: 70px 1fr 1fr; } main, .toolbar, header.top { padding-left: 12px; padding-right: 12px; } }
@media print {
  .toolbar, .tools, button, a.back, #glossary-form, .legend { display: none !important; }
  body { font-size: 10.5pt; }
  main { padding: 0; max-width: none; }
  .seg { break-inside: avoid; }
  .seg .fr, .seg .en { background: none !important; }
  mark.term { background: none; border-bottom: 1px solid #000; }
  a { color: inherit; text-decoration: none; }
}
"""

FILTER_JS = r"""
(function () {
  var segs = Array.prototype.slice.call(document.querySelectorAll('.seg'));
  var fStatus = document.getElementById('f-status'), fFlag = document.getElementById('f-flag'),
      fText = document.getElementById('f-text'), count = document.getElementById('f-count');
  function apply() {
    var st = fStatus.value, fl = fFlag.value, q = fText.value.trim().toLowerCase(), shown = 0;
    segs.forEach(function (s) {
      var ok = (st === 'all' || s.dataset.status === st);
      var flags = s.dataset.flags ? s.dataset.flags.split(' ') : [];
      if (fl === 'any') ok = ok && flags.length > 0;
      else if (fl === 'error' || fl === 'warning') ok = ok && (' ' + s.dataset.severities + ' ').indexOf(' ' + fl + ' ') >= 0;
      else if (fl === 'unresolved') ok = ok && s.dataset.unresolved === '1';
      else if (fl !== 'all') ok = ok && flags.indexOf(fl) >= 0;
      if (q) ok = ok && s.textContent.toLowerCase().indexOf(q) >= 0;
      s.classList.toggle('hidden', !ok);
      if (ok) shown++;
    });
    document.querySelectorAll('section.para').forEach(function (p) {
      p.classList.toggle('hidden', !p.querySelector('.seg:not(.hidden)'));
    });
    count.textContent = shown + ' of ' + segs.length + ' segments';
  }
  [fStatus, fFlag].forEach(function (el) { el.addEventListener('change', apply); });
  fText.addEventListener('input', apply);
  window.reviewFilter = apply;
  apply();
})();
"""

EDIT_JS = r"""
(function () {
  var doc = document.body.dataset.document;
  function post(url, body) {
    return fetch(url, {method: 'POST', headers: {'Content-Type': 'application/json'},
                       body: JSON.stringify(body), credentials: 'same-origin'})
      .then(function (r) { return r.json().then(function (j) { if (!r.ok) throw new Error(j.error || r.statusText); return j; }); });
  }
  function note(seg, text, good) {
    var m = seg.querySelector('.msg'); m.textContent = text; m.className = 'msg ' + (good ? 'good' : 'bad');
  }
  function refresh(seg, html) {
    var tmp = document.createElement('div'); tmp.innerHTML = html;
    var fresh = tmp.firstElementChild; seg.replaceWith(fresh); wire(fresh);
    if (window.reviewFilter) window.reviewFilter();
    return fresh;
  }
  function save(seg, approve, keepText) {
    var ta = seg.querySelector('textarea.target');
    var body = {document: doc, segment: seg.dataset.id, approve: approve};
    if (ta && !keepText) body.target = ta.value;
    return post('/api/edit', body).then(function (j) {
      var fresh = refresh(seg, j.html); note(fresh, approve ? 'approved' : 'saved', true);
    }).catch(function (e) { note(seg, e.message, false); });
  }
  function wire(seg) {
    var edit = seg.querySelector('button.edit'), approve = seg.querySelector('button.do-approve');
    if (edit) edit.addEventListener('click', function () {
      var en = seg.querySelector('.en .text');
      var ta = document.createElement('textarea'); ta.className = 'target'; ta.value = seg.dataset.target;
      ta.setAttribute('aria-label', 'English for ' + seg.dataset.id);
      en.replaceWith(ta); ta.focus();
      edit.classList.add('hidden');
      seg.querySelector('button.save').classList.remove('hidden');
      seg.querySelector('button.save-approve').classList.remove('hidden');
      if (approve) approve.classList.add('hidden');
    });
    seg.querySelector('button.save').addEventListener('click', function () { save(seg, false); });
    seg.querySelector('button.save-approve').addEventListener('click', function () { save(seg, true); });
    if (approve) approve.addEventListener('click', function () { save(seg, true, true); });
  }
  document.querySelectorAll('.seg').forEach(wire);

  // Add a glossary entry from a French span: select it, then fill in the English.
  var form = document.getElementById('glossary-form');
  document.addEventListener('mouseup', function (ev) {
    if (form.contains(ev.target)) return;
    var sel = window.getSelection(), text = sel.toString().trim();
    var node = sel.anchorNode && (sel.anchorNode.nodeType === 1 ? sel.anchorNode : sel.anchorNode.parentElement);
    var fr = node && node.closest ? node.closest('.fr') : null;
    if (!text || !fr) { return; }
    var seg = fr.closest('.seg');
    form.dataset.segment = seg.dataset.id;
    form.querySelector('[name=source]').value = text;
    form.querySelector('[name=target]').value = '';
    form.querySelector('.msg').textContent = '';
    form.style.left = Math.min(ev.clientX, window.innerWidth - 360) + 'px';
    form.style.top = Math.min(ev.clientY + 12, window.innerHeight - 230) + 'px';
    form.classList.remove('hidden');
    form.querySelector('[name=target]').focus();
  });
  form.querySelector('button.cancel').addEventListener('click', function () { form.classList.add('hidden'); });
  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var m = form.querySelector('.msg');
    post('/api/glossary', {document: doc, segment: form.dataset.segment,
                           source: form.querySelector('[name=source]').value,
                           target: form.querySelector('[name=target]').value,
                           kind: form.querySelector('[name=kind]').value})
      .then(function (j) { m.textContent = 'added ' + j.entry.id + ' to ' + j.file; m.className = 'msg good';
                           setTimeout(function () { form.classList.add('hidden'); }, 1200); })
      .catch(function (e) { m.textContent = e.message; m.className = 'msg bad'; });
  });
})();
"""

SEGMENT = r"""
{%- macro segment(s, editable) -%}
<div class="seg status-{{ s.status }}" id="{{ s.id }}" data-id="{{ s.id }}" data-status="{{ s.status }}"
     data-flags="{{ s.flag_codes }}" data-severities="{{ s.severities }}" data-unresolved="{{ '1' if s.unresolved else '0' }}"
     data-target="{{ s.target }}">
  <div class="side"><span class="sid">{{ s.id }}</span><br><span class="badge {{ s.status }}">{{ s.status }}</span></div>
  <div class="fr" lang="fr">{{ s.source_html }}</div>
  <div class="en" lang="en">
    <span class="text">{{ s.target_html }}</span>
    {%- if s.flags %}
    <ul class="flags">
      {%- for f in s.flags %}<li class="{{ f.severity }}"><code>{{ f.code }}</code> {{ f.message }}</li>{% endfor %}
    </ul>
    {%- endif %}
    {%- if s.stale_edit %}
    <div class="stale"><span class="label">Earlier {{ s.stale_edit.status }} translation</span>
      (made for: “{{ s.stale_edit.source }}”):<br>{{ s.stale_edit.target }}</div>
    {%- endif %}
    {%- if editable %}
    <div class="tools">
      <button type="button" class="edit">Edit</button>
      <button type="button" class="save primary hidden">Save</button>
      <button type="button" class="save-approve ok hidden">Save &amp; approve</button>
      {%- if s.status != 'approved' %}<button type="button" class="do-approve ok">Approve</button>{% endif %}
      <span class="msg" role="status"></span>
    </div>
    {%- endif %}
  </div>
</div>
{%- endmacro %}
"""

DOCUMENT = SEGMENT + r"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ doc.document }} — review</title>
<style>{{ css }}</style>
</head>
<body data-document="{{ doc.document }}">
<header class="top">
  <a class="back" href="index.html">← all documents</a>
  <h1>{{ doc.document }}</h1>
  <div class="meta">Source <code>{{ doc.source_file }}</code>
    {%- for k, v in doc.metadata.items() %} · {{ k }} {{ v }}{% endfor %}
    · engine {{ doc.engine.name }} {{ doc.engine.model }}
    {%- if doc.glossary %} · glossary {{ doc.glossary[:12] }}{% endif %}</div>
</header>
<div class="toolbar" role="search">
  <label>Status <select id="f-status">
    <option value="all">all</option>
    {%- for st in ['machine', 'edited', 'approved', 'passthrough'] %}<option value="{{ st }}">{{ st }} ({{ stats.status[st] }})</option>{% endfor %}
  </select></label>
  <label>Flags <select id="f-flag">
    <option value="all">all segments</option>
    <option value="any">with flags ({{ stats.flagged }})</option>
    <option value="unresolved">unresolved flags ({{ stats.unresolved }})</option>
    <option value="error">errors ({{ stats.errors }})</option>
    <option value="warning">warnings ({{ stats.warnings }})</option>
    {%- for code, n in stats.codes %}<option value="{{ code }}">{{ code }} ({{ n }})</option>{% endfor %}
  </select></label>
  <label>Find <input id="f-text" type="search" placeholder="text in either language"></label>
  <span class="count" id="f-count"></span>
</div>
<main>
  <div class="summary">
    <span><b>{{ stats.total }}</b> segments</span>
    <span><b>{{ stats.status.approved }}</b> approved</span>
    <span><b>{{ stats.status.edited }}</b> edited</span>
    <span><b>{{ stats.status.machine }}</b> machine</span>
    <span><b>{{ stats.status.passthrough }}</b> already English</span>
    <span class="e">{{ stats.unresolved_errors }} unresolved error{{ '' if stats.unresolved_errors == 1 else 's' }}</span>
    <span class="legend">{% if editable %}Select French text to add a glossary entry. {% endif %}<mark class="term">term</mark> glossary term (hover for the entry)</span>
  </div>
  <div class="heads"><div></div><div>French</div><div>English</div></div>
  {%- for p in paragraphs %}
  <section class="para" id="p{{ p.index }}">
    <h2>¶ {{ p.index }}</h2>
    {%- for s in p.segments %}
    {{ segment(s, editable) }}
    {%- endfor %}
  </section>
  {%- endfor %}
  {%- if not paragraphs %}<p><em>(empty document)</em></p>{% endif %}
</main>
{%- if editable %}
<form id="glossary-form" class="hidden">
  <b>New glossary entry</b>
  <label>French<input name="source" required></label>
  <label>English<input name="target" required></label>
  <label>Kind<select name="kind">{% for k in glossary_kinds %}<option>{{ k }}</option>{% endfor %}</select></label>
  <button type="submit" class="primary">Add</button> <button type="button" class="cancel">Cancel</button>
  <span class="msg" role="status"></span>
</form>
{%- endif %}
<script>{{ filter_js }}</script>
{%- if editable %}<script>{{ edit_js }}</script>{% endif %}
</body>
</html>
"""

INDEX = r"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Review — {{ docs|length }} documents</title>
<style>{{ css }}</style>
</head>
<body>
<header class="top">
  <h1>Review</h1>
  <div class="meta">{{ docs|length }} document{{ '' if docs|length == 1 else 's' }} · {{ total.total }} segments ·
    {{ total.status.approved }} approved · {{ total.status.edited }} edited · {{ total.status.machine }} machine ·
    {{ total.status.passthrough }} already English ·
    <span class="e">{{ total.unresolved_errors }} unresolved errors</span> · {{ total.warnings }} warnings</div>
</header>
<main>
<table class="docs">
  <thead><tr><th>Document</th><th>Date</th><th class="num">Segments</th><th>Review progress</th>
    <th class="num">Approved</th><th class="num">Edited</th><th class="num">Errors</th><th class="num">Warnings</th><th>Flags</th></tr></thead>
  <tbody>
  {%- for d in docs %}
  <tr>
    <td><a href="{{ d.name }}.html">{{ d.name }}</a></td>
    <td>{{ d.date }}</td>
    <td class="num">{{ d.stats.total }}</td>
    <td><div class="bar" title="{{ d.stats.status.approved }} approved, {{ d.stats.status.edited }} edited, {{ d.stats.status.passthrough }} already English">
      {%- for st in ['approved', 'edited', 'passthrough'] %}<span class="{{ st }}" style="width: {{ d.stats.pct[st] }}%"></span>{% endfor %}</div></td>
    <td class="num">{{ d.stats.status.approved }}</td>
    <td class="num">{{ d.stats.status.edited }}</td>
    <td class="num{{ ' e' if d.stats.unresolved_errors }}">{{ d.stats.unresolved_errors }}</td>
    <td class="num">{{ d.stats.warnings }}</td>
    <td class="legend">{% for code, n in d.stats.codes %}{{ code }} {{ n }}{{ ', ' if not loop.last }}{% endfor %}</td>
  </tr>
  {%- endfor %}
  </tbody>
</table>
{%- if not docs %}<p>No translated documents yet: run <code>pipeline translate</code>.</p>{% endif %}
<p class="legend">Errors count unresolved error flags (an approved segment resolves its flags).</p>
</main>
</body>
</html>
"""
