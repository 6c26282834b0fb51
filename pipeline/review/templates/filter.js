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
