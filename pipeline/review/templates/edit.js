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
