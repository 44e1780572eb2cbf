// provinces.js draws the tile map of /indicators/{code}/provinces and sorts its ranking table. The server puts
// the tiles (grid place, colour, texts) into <script type="application/json" id="tilemap-data"> (HTML-escaped
// JSON, never code); this same-origin script draws one equal square per province with an ECharts custom
// series: no map data, no border. Every string from the data is untrusted: the canvas draws it as text, the
// tooltip escapes it with echarts.format.encodeHTML.
(function () {
  'use strict';

  function drawMap() {
    var el = document.getElementById('tilemap');
    var dataEl = document.getElementById('tilemap-data');
    if (!el || !dataEl || typeof echarts === 'undefined') { return; }
    var d = JSON.parse(dataEl.textContent);
    var tiles = d.tiles || [];
    var enc = function (s) { return echarts.format.encodeHTML(s == null ? '' : String(s)); };
    var chart = echarts.init(el, null, { renderer: 'canvas' });
    chart.on('finished', function () { el.setAttribute('data-ready', 'true'); });
    function renderItem(params, api) {
      var t = tiles[api.value(2)];
      var p0 = api.coord([api.value(0), api.value(1)]);
      var p1 = api.coord([api.value(0) + 1, api.value(1) + 1]);
      var w = p1[0] - p0[0], h = p1[1] - p0[1];
      var gap = Math.max(2, w * 0.06);
      var size = Math.max(8, Math.min(13, Math.floor(w / 6)));
      return {
        type: 'group',
        children: [
          { type: 'rect', shape: { x: p0[0] + gap / 2, y: p0[1] + gap / 2, width: w - gap, height: h - gap, r: 3 },
            style: { fill: t.color } },
          { type: 'text', style: { text: t.label + '\n' + t.value, x: p0[0] + w / 2, y: p0[1] + h * 0.58,
            align: 'center', verticalAlign: 'middle', fill: t.ink, fontSize: size, lineHeight: size + 3,
            width: w - gap - 4, overflow: 'truncate' } }
        ]
      };
    }
    chart.setOption({
      animation: false,
      grid: { left: 0, right: 0, top: 0, bottom: 0 },
      xAxis: { type: 'value', min: 0, max: d.cols, show: false },
      yAxis: { type: 'value', min: 0, max: d.rows, inverse: true, show: false },
      tooltip: {
        confine: true, className: 'chart-tooltip',
        formatter: function (p) {
          var t = tiles[p.value[2]];
          return '<strong>' + enc(t.name) + '</strong><br>' + enc(t.value);
        }
      },
      series: [{
        type: 'custom', coordinateSystem: 'cartesian2d', renderItem: renderItem,
        encode: { x: 0, y: 1, tooltip: [2] },
        data: tiles.map(function (t, i) { return [t.col, t.row, i]; })
      }]
    });
    window.addEventListener('resize', function () { chart.resize(); });
  }

  // The layer and year controls apply on change (the button stays for keyboards and pages without script).
  function autoSubmit() {
    var form = document.getElementById('map-controls');
    if (!form) { return; }
    form.querySelectorAll('select').forEach(function (s) {
      s.addEventListener('change', function () { form.submit(); });
    });
  }

  // Sorting: a header button sorts by its column, again to reverse; rows without a value stay last.
  function sortable(table) {
    var body = table.tBodies[0];
    table.querySelectorAll('thead button[data-sort]').forEach(function (btn) {
      btn.addEventListener('click', function () {
        var key = btn.getAttribute('data-sort');
        var num = btn.getAttribute('data-type') === 'num';
        var th = btn.parentNode;
        var asc = th.getAttribute('aria-sort') !== 'ascending';
        table.querySelectorAll('thead th').forEach(function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
        var rows = Array.prototype.slice.call(body.rows);
        var val = function (r) {
          var c = r.querySelector('[data-key="' + key + '"]');
          return c ? c.getAttribute('data-v') : '';
        };
        rows.sort(function (a, b) {
          var x = val(a), y = val(b);
          if (x === '' || y === '') { return (x === '') - (y === ''); }
          var c = num ? Number(x) - Number(y) : x.localeCompare(y, document.documentElement.lang);
          return asc ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  }

  drawMap();
  autoSubmit();
  document.querySelectorAll('table.sortable').forEach(sortable);
}());
