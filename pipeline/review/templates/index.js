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
