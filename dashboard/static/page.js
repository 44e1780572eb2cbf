// page.js: small enhancements of every page; the page works without them.
// - Tables inside .table-wrap become stacked rows on a phone (style.css, under 600 px): each cell is labelled
//   with its column's heading (data-label, set here from the table's own header, as text). The tables in or
//   near the first screens at once (before the first paint, so nothing moves), the others when they come
//   near the viewport: labelling a cell restyles it, and a long page (/targets) has thousands.
// - Citations get the reader's access date (data-today).
// - Buttons with data-copy copy a text (the value of the element it names, or the page's address) to the
//   clipboard and say so in their data-done text.
(function () {
  'use strict';
  var near = 'IntersectionObserver' in window ? new IntersectionObserver(function (entries) {
    entries.forEach(function (e) {
      if (e.isIntersecting) { near.unobserve(e.target); label(e.target); }
    });
  }, { rootMargin: '100% 0px' }) : null;
  document.querySelectorAll('.table-wrap > table').forEach(function (table) {
    if (near && table.getBoundingClientRect().top > 2 * window.innerHeight) {
      near.observe(table);
    } else {
      label(table);
    }
  });

  function label(table) {
    var head = table.tHead && table.tHead.rows[0];
    if (!head) { return; }
    var names = Array.prototype.map.call(head.cells, function (c) { return c.textContent.trim(); });
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        Array.prototype.forEach.call(row.cells, function (cell, i) {
          if (i > 0 && names[i]) { cell.setAttribute('data-label', names[i]); }
        });
      });
    });
    table.classList.add('stack');
  }

  document.querySelectorAll('button[data-copy]').forEach(function (button) {
    button.classList.remove('js-pending');
    button.addEventListener('click', function () {
      var id = button.getAttribute('data-copy');
      var source = id ? document.getElementById(id) : null;
      var text = source ? (source.value != null ? source.value : source.textContent) : window.location.href.split('#')[0];
      var done = function () {
        var label = button.textContent;
        button.textContent = button.getAttribute('data-done') || label;
        setTimeout(function () { button.textContent = label; }, 2000);
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(done, function () { select(source); });
      } else {
        select(source);
      }
    });
  });
  // The citations say when the reader accessed the page: today, in their clock (the page itself is cached).
  var today = new Date().toISOString().slice(0, 10);
  document.querySelectorAll('[data-today]').forEach(function (el) {
    el.value = el.value.split('[date]').join(today).split('[访问日期]').join('[' + today + ']');
  });

  function select(el) {
    if (el && el.select) { el.select(); }
  }
}());
