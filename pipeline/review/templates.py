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
section.para { margin: 18px 0 6px; content-visibility: auto; contain-intrinsic-size: auto 400px; }
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
.badge.propagated { color: var(--ok); border-color: #8bd1a9; border-style: dashed; }
.seg.status-propagated .en { background: #f4fbf6; }
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
.bar .approved { background: #12b76a; } .bar .propagated { background: #7fd3a3; } .bar .edited { background: #5b8def; } .bar .passthrough { background: #c3cad3; }
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
.seg:focus, .seg:focus-within { outline: 2px solid var(--edit); outline-offset: -2px; }
.seg .who { display: block; font-size: 11px; color: var(--muted); }
.panel { margin-top: 6px; font-size: 12.5px; border: 1px solid var(--line); border-radius: 4px; padding: 6px 8px; background: #fff; }
.panel h3 { font-size: 12px; margin: 0 0 4px; color: var(--muted); text-transform: uppercase; letter-spacing: .05em; }
.panel ol { margin: 0; padding-left: 18px; } .panel li { margin: 3px 0; }
ins { background: #d7f5dd; text-decoration: none; } del { background: #fde2e1; }
.propagated { margin-top: 4px; font-size: 12px; color: var(--muted); }
.settings { display: flex; gap: 6px; align-items: center; }
#glossary-form textarea { width: 100%; font: inherit; }
#glossary-form .warnings { color: var(--warn); margin: 4px 0; padding-left: 16px; }
#glossary-form .affected { max-height: 180px; overflow: auto; font-size: 12px; margin: 4px 0; }
#glossary-form { width: 420px; max-height: calc(100vh - 80px); overflow: auto; top: 60px; right: 20px; }
table.docs th button { font: inherit; border: none; background: none; padding: 0; color: inherit; text-transform: inherit; letter-spacing: inherit; cursor: pointer; }
table.docs td.headline { font-size: 13px; max-width: 480px; }
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
  var filtered = false;
  function apply() {
    var st = fStatus.value, fl = fFlag.value, q = fText.value.trim().toLowerCase(), shown = 0;
    if (st === 'all' && fl === 'all' && !q && !filtered) {   // nothing hidden: only the count
      count.textContent = segs.length + ' of ' + segs.length + ' segments'; return;
    }
    filtered = !(st === 'all' && fl === 'all' && !q);
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
  window.reviewSegments = function () { segs = Array.prototype.slice.call(document.querySelectorAll('.seg')); };
  [fStatus, fFlag].forEach(function (el) { el.addEventListener('change', apply); });
  fText.addEventListener('input', apply);
  window.reviewFilter = apply;
  apply();
})();
"""

EDIT_JS = r"""
(function () {
  var body = document.body, doc = body.dataset.document;
  var reviewerInput = document.getElementById('reviewer');
  try { reviewerInput.value = localStorage.getItem('pipeline-reviewer') || body.dataset.reviewer || ''; }
  catch (e) { reviewerInput.value = body.dataset.reviewer || ''; }
  reviewerInput.addEventListener('change', function () {
    try { localStorage.setItem('pipeline-reviewer', reviewerInput.value.trim()); } catch (e) {}
  });
  function post(url, data) {
    data.reviewer = reviewerInput.value.trim();
    return fetch(url, {method: 'POST', headers: {'Content-Type': 'application/json'},
                       body: JSON.stringify(data), credentials: 'same-origin'})
      .then(function (r) { return r.json().then(function (j) {
        if (!r.ok) { var e = new Error(j.error || r.statusText); e.payload = j; throw e; } return j; }); });
  }
  function get(url) {
    return fetch(url, {credentials: 'same-origin'}).then(function (r) { return r.json().then(function (j) {
      if (!r.ok) throw new Error(j.error || r.statusText); return j; }); });
  }
  function rows() { return Array.prototype.slice.call(document.querySelectorAll('.seg')); }
  function visible() { return rows().filter(function (s) { return !s.classList.contains('hidden'); }); }
  function segOf(el) { return el && el.closest ? el.closest('.seg') : null; }
  function note(seg, text, good) {
    var m = seg.querySelector('.msg'); if (!m) return;
    m.textContent = text; m.className = 'msg ' + (good ? 'good' : 'bad');
  }
  function editing(seg) { return seg && seg.querySelector('textarea.target'); }
  function dirty(seg) { var ta = editing(seg); return !!(ta && ta.value !== seg.dataset.target); }
  function anyDirty() { return rows().some(dirty); }
  window.addEventListener('beforeunload', function (ev) {
    if (anyDirty()) { ev.preventDefault(); ev.returnValue = 'You have an unsaved edit.'; return ev.returnValue; }
  });

  // -- live counts: every answer carries the document's new stats ---------------
  function updateStats(st) {
    if (!st) return;
    Object.keys(st.status).forEach(function (k) {
      var o = document.querySelector('#f-status option[value="' + k + '"]'); if (o) o.textContent = k + ' (' + st.status[k] + ')';
      var b = document.getElementById('n-' + k); if (b) b.textContent = st.status[k];
    });
    var fl = document.getElementById('f-flag'), chosen = fl.value;
    var fixed = {any: 'with flags (' + st.flagged + ')', unresolved: 'unresolved flags (' + st.unresolved + ')',
                 error: 'errors (' + st.errors + ')', warning: 'warnings (' + st.warnings + ')'};
    Array.prototype.slice.call(fl.options).forEach(function (o) {
      if (fixed[o.value]) o.textContent = fixed[o.value];
      else if (o.value !== 'all') o.remove();
    });
    st.codes.forEach(function (c) {
      var o = document.createElement('option'); o.value = c[0]; o.textContent = c[0] + ' (' + c[1] + ')'; fl.appendChild(o);
    });
    if (chosen !== 'all' && !fl.querySelector('option[value="' + chosen + '"]')) {
      var o = document.createElement('option'); o.value = chosen; o.textContent = chosen + ' (0)'; fl.appendChild(o);
    }
    fl.value = chosen;
    var ue = document.getElementById('n-unresolved-errors');
    if (ue) ue.textContent = st.unresolved_errors + ' unresolved error' + (st.unresolved_errors === 1 ? '' : 's');
  }
  function replaceRow(seg, html) {
    var tmp = document.createElement('div'); tmp.innerHTML = html;
    var fresh = tmp.firstElementChild; seg.replaceWith(fresh); return fresh;
  }
  function applyAnswer(j, id) {
    var fresh = null;
    Object.keys(j.rows || {}).forEach(function (rid) {
      var old = document.querySelector('.seg[data-id="' + CSS.escape(rid) + '"]');
      if (old) { var r = replaceRow(old, j.rows[rid]); if (rid === id) fresh = r; }
    });
    if (window.reviewSegments) window.reviewSegments();
    updateStats(j.stats);
    if (window.reviewFilter) window.reviewFilter();
    return fresh;
  }
  function nextTo(seg, dir, pred) {
    var list = visible(), i = list.indexOf(seg);
    for (var k = i + dir; k >= 0 && k < list.length; k += dir) { if (!pred || pred(list[k])) return list[k]; }
    return null;
  }
  function focusRow(seg) { if (seg) { seg.focus(); seg.scrollIntoView({block: 'nearest'}); } }

  // -- actions --------------------------------------------------------------------
  function save(seg, approve, opts) {
    opts = opts || {};
    var ta = editing(seg), id = seg.dataset.id;
    var data = {document: doc, segment: id, approve: !!approve};
    if (opts.target !== undefined) data.target = opts.target;
    else if (ta) data.target = ta.value;
    return post('/api/edit', data).then(function (j) {
      var fresh = applyAnswer(j, id);
      if (!fresh) return;
      note(fresh, approve ? 'approved' : 'saved', true);
      if (opts.advance) {
        var next = nextTo(fresh, 1, function (s) { return s.dataset.status !== 'approved'; });
        focusRow(next || fresh);
      } else { focusRow(fresh); }
    }).catch(function (e) { note(seg, e.message, false); });
  }
  function revert(seg) {
    var id = seg.dataset.id;
    return post('/api/revert', {document: doc, segment: id}).then(function (j) {
      var fresh = applyAnswer(j, id); if (fresh) { note(fresh, 'reverted to the machine output', true); focusRow(fresh); }
    }).catch(function (e) { note(seg, e.message, false); });
  }
  function openEditor(seg) {
    if (editing(seg) || !seg.querySelector('.tools')) return;
    var en = seg.querySelector('.en .text');
    var ta = document.createElement('textarea'); ta.className = 'target'; ta.value = seg.dataset.target;
    ta.setAttribute('aria-label', 'English for segment ' + seg.dataset.id + ' (Ctrl+Enter: save and approve, Esc: cancel)');
    en.classList.add('hidden'); en.after(ta);
    var edit = seg.querySelector('button.edit'); edit.classList.add('hidden');
    [['save primary', 'Save'], ['save-approve ok', 'Save & approve'], ['cancel', 'Cancel']].forEach(function (b) {
      var btn = document.createElement('button'); btn.type = 'button'; btn.className = b[0] + ' editor';
      btn.textContent = b[1]; edit.before(btn);
    });
    ta.focus(); ta.setSelectionRange(ta.value.length, ta.value.length);
    showSuggestions(seg);
  }
  function closeEditor(seg) {
    var ta = editing(seg); if (!ta) return;
    ta.remove(); seg.querySelector('.en .text').classList.remove('hidden');
    seg.querySelector('button.edit').classList.remove('hidden');
    seg.querySelectorAll('button.editor').forEach(function (b) { b.remove(); });
    var p = seg.querySelector('.panel.suggest'); if (p) p.remove();
    focusRow(seg);
  }
  function panel(seg, cls, title) {
    var old = seg.querySelector('.panel.' + cls); if (old) { old.remove(); return null; }
    var p = document.createElement('div'); p.className = 'panel ' + cls; p.setAttribute('role', 'region');
    p.setAttribute('aria-label', title + ' of segment ' + seg.dataset.id);
    var h = document.createElement('h3'); h.textContent = title; p.appendChild(h);
    seg.querySelector('.en').appendChild(p); return p;
  }
  function showSuggestions(seg) {
    get('/api/suggest?document=' + encodeURIComponent(doc) + '&segment=' + encodeURIComponent(seg.dataset.id))
      .then(function (j) {
        if (!j.matches.length || !editing(seg)) return;
        var p = panel(seg, 'suggest', 'Approved translations of similar sentences'); if (!p) return;
        var ol = document.createElement('ol'); p.appendChild(ol);
        j.matches.forEach(function (m) {
          var li = document.createElement('li');
          li.innerHTML = '<b>' + m.similarity + '%</b> <span lang="fr">' + m.source_diff + '</span><br>' +
            '<span lang="en">' + m.target_diff + '</span> ';
          var use = document.createElement('button'); use.type = 'button'; use.textContent = 'Use';
          use.setAttribute('aria-label', 'Use the ' + m.similarity + '% match from ' + m.document + ' ' + m.segment);
          use.addEventListener('click', function () { var ta = editing(seg); if (ta) { ta.value = m.target; ta.focus(); } });
          li.appendChild(use); ol.appendChild(li);
        });
      }).catch(function () {});
  }
  function showHistory(seg) {
    var p = panel(seg, 'history', 'History'); if (!p) return;
    get('/api/history?document=' + encodeURIComponent(doc) + '&segment=' + encodeURIComponent(seg.dataset.id))
      .then(function (j) {
        var m = document.createElement('div');
        m.innerHTML = j.machine === null ? '<i>machine output not in the memory</i>' :
          'Machine output: <span class="machine"></span><br>Now (changes from the machine output): <span class="now">' + j.current_diff + '</span>';
        if (j.machine !== null) m.querySelector('.machine').textContent = j.machine;
        p.appendChild(m);
        var ol = document.createElement('ol'); p.appendChild(ol);
        j.history.forEach(function (v) {
          var li = document.createElement('li');
          li.innerHTML = '<b></b> <span class="diff">' + v.diff + '</span>';
          li.querySelector('b').textContent = new Date(v.updated * 1000).toLocaleString() + ' ' + v.status +
            (v.reviewer ? ' by ' + v.reviewer : '') + ':';
          ol.appendChild(li);
        });
        if (!j.history.length) { var i = document.createElement('i'); i.textContent = 'no reviewer edits'; p.appendChild(i); }
        if (j.kind === 'exact' && j.machine !== null) {
          var b = document.createElement('button'); b.type = 'button'; b.className = 'revert';
          b.textContent = 'Revert to the machine output';
          b.setAttribute('aria-label', 'Revert segment ' + seg.dataset.id + ' to the machine output');
          b.addEventListener('click', function () { revert(seg); }); p.appendChild(b);
        }
      }).catch(function (e) { p.appendChild(document.createTextNode(e.message)); });
  }

  // -- one delegated listener: rows are replaced after every save ----------------
  document.querySelector('main').addEventListener('click', function (ev) {
    var b = ev.target.closest('button'); var seg = segOf(b); if (!b || !seg) return;
    if (b.classList.contains('edit')) openEditor(seg);
    else if (b.classList.contains('save')) save(seg, false);
    else if (b.classList.contains('save-approve')) save(seg, true, {advance: true});
    else if (b.classList.contains('do-approve')) save(seg, true, {target: undefined, advance: false, keep: true});
    else if (b.classList.contains('cancel')) closeEditor(seg);
    else if (b.classList.contains('history')) showHistory(seg);
    else if (b.classList.contains('reuse')) save(seg, false, {target: seg.querySelector('.stale').dataset.target});
    else if (b.classList.contains('glossary')) openGlossary(seg, '');
  });
  // Roving tab stops: one per segment; its buttons join the tab order while it has focus.
  document.querySelector('main').addEventListener('focusin', function (ev) {
    var seg = segOf(ev.target); if (!seg || seg.classList.contains('active')) return;
    var old = document.querySelector('.seg.active');
    if (old) { old.classList.remove('active'); old.querySelectorAll('button').forEach(function (b) { b.tabIndex = -1; }); }
    seg.classList.add('active'); seg.querySelectorAll('button').forEach(function (b) { b.tabIndex = 0; });
  });
  document.addEventListener('keydown', function (ev) {
    var seg = segOf(document.activeElement);
    if (ev.altKey && (ev.key === 'ArrowDown' || ev.key === 'ArrowUp')) {
      ev.preventDefault();
      if (seg && dirty(seg)) { note(seg, 'unsaved edit: Ctrl+Enter to save and approve, Esc to cancel', false); return; }
      if (seg && editing(seg)) closeEditor(seg);
      var list = visible();
      var target = seg ? nextTo(seg, ev.key === 'ArrowDown' ? 1 : -1) : list[ev.key === 'ArrowDown' ? 0 : list.length - 1];
      focusRow(target || seg);
      return;
    }
    if (!seg) return;
    var inEditor = document.activeElement.tagName === 'TEXTAREA';
    if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) {
      ev.preventDefault();
      save(seg, true, inEditor ? {advance: true} : {advance: true, keep: true});
    } else if (ev.key === 'Enter' && document.activeElement === seg) {
      ev.preventDefault(); openEditor(seg);
    } else if (ev.key === 'Escape' && inEditor) {
      ev.preventDefault(); closeEditor(seg);
    } else if (ev.altKey && (ev.key === 'g' || ev.key === 'G')) {
      ev.preventDefault(); openGlossary(seg, String(window.getSelection() || '').trim());
    }
  });

  // -- glossary entries: preview first, warnings, then save --------------------------
  var form = document.getElementById('glossary-form');
  var f = function (n) { return form.querySelector('[name=' + n + ']'); };
  var gmsg = form.querySelector('.msg'), warnBox = form.querySelector('.warnings'), affected = form.querySelector('.affected');
  var previewed = null, returnTo = null;
  function fields() {
    return {document: doc, segment: form.dataset.segment || '', source: f('source').value, target: f('target').value,
            kind: f('kind').value, variants: f('variants').value, forbid: f('forbid').value, note: f('note').value};
  }
  function openGlossary(seg, text, entry) {
    returnTo = seg;
    form.dataset.segment = seg ? seg.dataset.id : '';
    form.dataset.entry = entry ? entry.id : '';
    ['source', 'target', 'variants', 'forbid', 'note'].forEach(function (n) { f(n).value = ''; });
    f('source').value = entry ? entry.fr : text;
    if (entry) {
      f('target').value = entry.en; f('kind').value = entry.kind; f('note').value = entry.note || '';
      f('variants').value = (entry.variants || []).join(', '); f('forbid').value = (entry.forbid || []).join(', ');
    }
    form.querySelector('.title').textContent = entry ? 'Glossary entry ' + entry.id : 'New glossary entry';
    form.querySelector('button.delete').classList.toggle('hidden', !entry);
    gmsg.textContent = ''; warnBox.innerHTML = ''; affected.innerHTML = ''; previewed = null;
    form.querySelector('button.save-entry').disabled = true;
    form.classList.remove('hidden');
    (f('source').value ? f('target') : f('source')).focus();
  }
  function closeGlossary() { form.classList.add('hidden'); if (returnTo) focusRow(returnTo); }
  form.addEventListener('input', function () { previewed = null; form.querySelector('button.save-entry').disabled = true; });
  form.addEventListener('keydown', function (ev) { if (ev.key === 'Escape') { ev.preventDefault(); ev.stopPropagation(); closeGlossary(); } });
  form.querySelector('button.cancel').addEventListener('click', closeGlossary);
  form.querySelector('button.preview').addEventListener('click', function () {
    var data = fields(); data.preview = true;
    post('/api/glossary', data).then(function (j) {
      warnBox.innerHTML = ''; affected.innerHTML = '';
      j.warnings.forEach(function (w) { var li = document.createElement('li'); li.textContent = w; warnBox.appendChild(li); });
      var head = document.createElement('p');
      head.textContent = j.segments + ' segment' + (j.segments === 1 ? '' : 's') + ' of the corpus match; ' + j.note + '.';
      affected.appendChild(head);
      j.affected.forEach(function (a) {
        var d = document.createElement('div');
        d.innerHTML = '<b></b> <span lang="fr">' + a.before + '</span> → <span lang="fr">' + a.after + '</span>';
        d.querySelector('b').textContent = a.document + ' ' + a.segment + ':'; affected.appendChild(d);
      });
      previewed = JSON.stringify(fields());
      var save = form.querySelector('button.save-entry');
      save.disabled = false; save.textContent = j.warnings.length ? 'Save anyway' : 'Save';
      gmsg.textContent = j.warnings.length ? 'check the warnings before saving' : 'preview ready';
      gmsg.className = 'msg ' + (j.warnings.length ? 'bad' : 'good');
    }).catch(function (e) { gmsg.textContent = e.message; gmsg.className = 'msg bad'; });
  });
  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    if (previewed !== JSON.stringify(fields())) { gmsg.textContent = 'preview the entry first'; gmsg.className = 'msg bad'; return; }
    var data = fields(); data.confirm = true;
    var url = form.dataset.entry ? '/api/glossary/update' : '/api/glossary';
    if (form.dataset.entry) data.id = form.dataset.entry;
    post(url, data).then(function (j) {
      gmsg.textContent = (j.entry ? j.entry.id + ': ' : '') + j.message + ' (' + j.file + ')'; gmsg.className = 'msg good';
    }).catch(function (e) { gmsg.textContent = e.message; gmsg.className = 'msg bad'; });
  });
  form.querySelector('button.delete').addEventListener('click', function () {
    if (!form.dataset.entry || !window.confirm('Delete glossary entry ' + form.dataset.entry + '?')) return;
    post('/api/glossary/delete', {id: form.dataset.entry}).then(function (j) {
      gmsg.textContent = j.message + ' (' + j.file + ')'; gmsg.className = 'msg good';
    }).catch(function (e) { gmsg.textContent = e.message; gmsg.className = 'msg bad'; });
  });
  document.addEventListener('mouseup', function (ev) {
    if (form.contains(ev.target)) return;
    var sel = window.getSelection(), text = sel.toString().trim();
    var node = sel.anchorNode && (sel.anchorNode.nodeType === 1 ? sel.anchorNode : sel.anchorNode.parentElement);
    var fr = node && node.closest ? node.closest('.fr') : null;
    if (!text || !fr) return;
    openGlossary(fr.closest('.seg'), text);
  });
  document.querySelector('main').addEventListener('click', function (ev) {
    var mark = ev.target.closest('mark.term'); if (!mark || !mark.dataset.entry) return;
    get('/api/glossary/entry?id=' + encodeURIComponent(mark.dataset.entry)).then(function (j) {
      openGlossary(segOf(mark), '', j.entry);
    }).catch(function () {});
  });
})();
"""

DOCUMENT = r"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ doc.document }} — review</title>
<style>{{ css }}</style>
</head>
<body data-document="{{ doc.document }}" data-reviewer="{{ reviewer }}">
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
    {%- for st in statuses %}<option value="{{ st }}">{{ st }} ({{ stats.status[st] }})</option>{% endfor %}
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
  {%- if editable %}
  <label class="settings">Reviewer <input id="reviewer" autocomplete="name" size="14" placeholder="your name"></label>
  {%- endif %}
  <span class="count" id="f-count" role="status"></span>
</div>
<main>
  <div class="summary">
    <span><b>{{ stats.total }}</b> segments</span>
    <span><b id="n-approved">{{ stats.status.approved }}</b> approved</span>
    <span><b id="n-propagated">{{ stats.status.propagated }}</b> reused</span>
    <span><b id="n-edited">{{ stats.status.edited }}</b> edited</span>
    <span><b id="n-machine">{{ stats.status.machine }}</b> machine</span>
    <span><b id="n-passthrough">{{ stats.status.passthrough }}</b> already English</span>
    <span class="e" id="n-unresolved-errors">{{ stats.unresolved_errors }} unresolved error{{ '' if stats.unresolved_errors == 1 else 's' }}</span>
    <span class="legend">{% if editable %}Keys: Alt+↓/↑ next/previous segment · Enter edit · Ctrl+Enter save, approve and go to the next unapproved · Esc cancel · Alt+G glossary entry. Select French text to add a glossary entry. {% endif %}<mark class="term">term</mark> glossary term (hover for the entry)</span>
  </div>
  <div class="heads"><div></div><div>French</div><div>English</div></div>
  {%- for p in paragraphs %}
  <section class="para" id="p{{ p.index }}">
    <h2>¶ {{ p.index }}</h2>
    {{ p.rows }}
  </section>
  {%- endfor %}
  {%- if not paragraphs %}<p><em>(empty document)</em></p>{% endif %}
</main>
{%- if editable %}
<form id="glossary-form" class="hidden" aria-label="Glossary entry">
  <b class="title">New glossary entry</b>
  <label>French<input name="source" required></label>
  <label>English<input name="target" required></label>
  <label>Kind<select name="kind">{% for k in glossary_kinds %}<option>{{ k }}</option>{% endfor %}</select></label>
  <label>Variants (other French forms, comma-separated)<input name="variants"></label>
  <label>Forbidden renderings (comma-separated)<input name="forbid"></label>
  <label>Note<input name="note"></label>
  <ul class="warnings" aria-live="polite"></ul>
  <div class="affected" aria-live="polite"></div>
  <button type="button" class="preview">Preview</button>
  <button type="submit" class="primary save-entry" disabled>Save</button>
  <button type="button" class="delete hidden">Delete entry</button>
  <button type="button" class="cancel">Cancel</button>
  <span class="msg" role="status"></span>
  <p class="legend">An entry applies from the next <code>pipeline translate</code> run.</p>
</form>
{%- endif %}
<script>{{ filter_js }}</script>
{%- if editable %}<script>{{ edit_js }}</script>{% endif %}
</body>
</html>
"""

INDEX_JS = r"""
(function () {
  var table = document.querySelector('table.docs'); if (!table) return;
  var tbody = table.tBodies[0], find = document.getElementById('d-find');
  var rows = Array.prototype.slice.call(tbody.rows);
  function filter() {
    var q = find.value.trim().toLowerCase();
    rows.forEach(function (r) { r.classList.toggle('hidden', !!q && r.textContent.toLowerCase().indexOf(q) < 0); });
  }
  find.addEventListener('input', filter);
  table.querySelectorAll('th button[data-key]').forEach(function (b) {
    b.addEventListener('click', function () {
      var key = b.dataset.key, num = b.dataset.num === '1';
      var dir = b.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
      table.querySelectorAll('th button').forEach(function (o) { o.removeAttribute('aria-sort'); });
      b.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
      rows.sort(function (x, y) {
        var a = x.dataset[key], c = y.dataset[key];
        if (num) { a = parseFloat(a); c = parseFloat(c); return dir * (a - c); }
        return dir * a.localeCompare(c);
      });
      rows.forEach(function (r) { tbody.appendChild(r); });
    });
  });
})();
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
    {{ total.status.approved }} approved · {{ total.status.propagated }} reused · {{ total.status.edited }} edited · {{ total.status.machine }} machine ·
    {{ total.status.passthrough }} already English ·
    <span class="e">{{ total.unresolved_errors }} unresolved errors</span> · {{ total.warnings }} warnings</div>
</header>
<div class="toolbar" role="search"><label>Find <input id="d-find" type="search" placeholder="headline, name or date"></label></div>
<main>
<table class="docs">
  <thead><tr>
    <th><button type="button" data-key="headline">Article</button></th>
    <th><button type="button" data-key="date">Date</button></th>
    <th class="num"><button type="button" data-key="total" data-num="1">Segments</button></th>
    <th><button type="button" data-key="progress" data-num="1">Approved</button></th>
    <th class="num"><button type="button" data-key="edited" data-num="1">Edited</button></th>
    <th class="num"><button type="button" data-key="errors" data-num="1">Errors</button></th>
    <th class="num"><button type="button" data-key="warnings" data-num="1">Warnings</button></th>
    <th>Flags</th></tr></thead>
  <tbody>
  {%- for d in docs %}
  <tr data-name="{{ d.name }}" data-headline="{{ d.headline or d.name }}" data-date="{{ d.date }}" data-total="{{ d.stats.total }}"
      data-progress="{{ (d.stats.status.approved / d.stats.total) if d.stats.total else 0 }}" data-edited="{{ d.stats.status.edited }}"
      data-errors="{{ d.stats.unresolved_errors }}" data-warnings="{{ d.stats.warnings }}">
    <td class="headline"><a href="{{ d.page }}">{{ d.headline or d.name }}</a><br><span class="legend">{{ d.name }}</span></td>
    <td>{{ d.date }}</td>
    <td class="num">{{ d.stats.total }}</td>
    <td><span class="progress">{{ d.stats.status.approved }}/{{ d.stats.total }}</span>
      <div class="bar" title="{{ d.stats.status.approved }} approved, {{ d.stats.status.propagated }} reused, {{ d.stats.status.edited }} edited, {{ d.stats.status.passthrough }} already English">
      {%- for st in ['approved', 'propagated', 'edited', 'passthrough'] %}<span class="{{ st }}" style="width: {{ d.stats.pct[st] }}%"></span>{% endfor %}</div></td>
    <td class="num">{{ d.stats.status.edited }}</td>
    <td class="num{{ ' e' if d.stats.unresolved_errors }}">{{ d.stats.unresolved_errors }}</td>
    <td class="num">{{ d.stats.warnings }}</td>
    <td class="legend">{% for code, n in d.stats.codes %}{{ code }} {{ n }}{{ ', ' if not loop.last }}{% endfor %}</td>
  </tr>
  {%- endfor %}
  </tbody>
</table>
{%- if broken %}
<h2>Unreadable documents</h2>
<ul class="broken">{% for b in broken %}<li><code>{{ b.name }}</code>: {{ b.error }}</li>{% endfor %}</ul>
{%- endif %}
{%- if not docs and not broken %}<p>No translated documents yet: run <code>pipeline translate</code>.</p>{% endif %}
<p class="legend">Errors count unresolved error flags (an approved segment resolves its flags).</p>
</main>
<script>{{ index_js }}</script>
</body>
</html>
"""
