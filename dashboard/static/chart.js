// chart.js draws the chart of a page. The server puts the ECharts option, built with go-echarts, into
// <script type="application/json" id="chart-data"> (HTML-escaped JSON, never code); this same-origin script
// reads it and hands it to ECharts. Every string from the data is untrusted: the tooltip escapes with
// echarts.format.encodeHTML and the data view is built with textContent.
(function () {
  'use strict';
  var el = document.getElementById('chart');
  var dataEl = document.getElementById('chart-data');
  if (!el || !dataEl || typeof echarts === 'undefined') {
    return;
  }
  var data = JSON.parse(dataEl.textContent);
  var option = data.option;
  var meta = data.meta || {};
  var text = data.text || {};
  var names = data.names || {};
  var nameOf = function (id, name) { return names[id] || name; };
  var enc = function (s) { return echarts.format.encodeHTML(s == null ? '' : String(s)); };

  function facts(m) {
    var out = '';
    if (m.derived) { out += ' <span class="tt-derived">(' + enc(text.derived) + ')</span>'; }
    if (m.flag) { out += ' <span class="tt-flag">[' + enc(m.flag) + ']</span>'; }
    if (m.status) { out += '<div class="tt-line">' + enc(text.status) + ': ' + enc(m.status) + '</div>'; }
    if (m.document) { out += '<div class="tt-line">' + enc(text.document) + ': ' + enc(m.document) + '</div>'; }
    if (m.source && m.source !== m.document) {
      out += '<div class="tt-line">' + enc(text.source) + ': ' + enc(m.source) +
        (m.published ? ' (' + enc(text.published) + ' ' + enc(m.published) + ')' : '') + '</div>';
    }
    if (m.vintage) { out += '<div class="tt-line">' + enc(text.vintage) + ' ' + enc(m.vintage) + '</div>'; }
    if (m.note) { out += '<div class="tt-line tt-note">' + enc(m.note) + '</div>'; }
    return out;
  }

  function tooltip(params) {
    if (!Array.isArray(params)) { params = [params]; }
    if (!params.length) { return ''; }
    var year = String(params[0].axisValue != null ? params[0].axisValue : params[0].name);
    var out = '<div class="tt-year">' + enc(year) + '</div>';
    params.forEach(function (p) {
      if (p.value === '-' || p.value == null) { return; }
      var m = (meta[p.seriesId] || {})[year];
      out += '<div class="tt-row"><span class="tt-name">' + enc(nameOf(p.seriesId, p.seriesName)) + '</span>: <span class="tt-value">' +
        enc(m ? m.value : p.value) + '</span>' + (m ? facts(m) : '') + '</div>';
    });
    return out;
  }

  // dataView: a table built with textContent, so names cannot become markup.
  function dataTable(opt) {
    var cats = (opt.xAxis && opt.xAxis[0] && opt.xAxis[0].data) || [];
    var table = document.createElement('table');
    table.className = 'dataview';
    var head = table.insertRow();
    head.insertCell().textContent = '';
    (opt.series || []).forEach(function (s) { head.insertCell().textContent = nameOf(s.id, s.name); });
    cats.forEach(function (c, i) {
      var row = table.insertRow();
      row.insertCell().textContent = c;
      (opt.series || []).forEach(function (s) {
        var v = s.data && s.data[i];
        if (v && typeof v === 'object' && 'value' in v) { v = v.value; }
        row.insertCell().textContent = (v == null || v === '-') ? '' : String(v);
      });
    });
    return table;
  }

  option.tooltip = option.tooltip || {};
  option.tooltip.formatter = tooltip;
  option.tooltip.confine = true;
  option.tooltip.className = 'chart-tooltip';
  var feature = option.toolbox && option.toolbox.feature;
  if (feature && feature.dataView) {
    feature.dataView.readOnly = true;
    feature.dataView.optionToContent = dataTable;
  }
  var chart = echarts.init(el, null, { renderer: 'canvas' });
  chart.on('finished', function () { el.setAttribute('data-ready', 'true'); });
  chart.setOption(option);

  // The legend wraps onto as many lines as its entries need (a scrolling legend hides entries, on the page
  // and in the saved PNG), left of the toolbox. The plot starts below the legend, room left for the axis
  // names, and the chart grows by what the legend's extra lines take, so the plot keeps its height.
  var grid = (Array.isArray(option.grid) ? option.grid[0] : option.grid) || {};
  var baseTop = Number(grid.top) || 64;
  var baseHeight = parseFloat(getComputedStyle(el).height); // as style.height counts it (box-sizing)
  var top = baseTop;
  function rectOf(type) { // where ECharts 5 drew a component (methods of the instance, not of the option API)
    if (typeof chart.getModel !== 'function' || typeof chart.getViewOfComponentModel !== 'function') { return null; }
    var model = chart.getModel().getComponent(type);
    var view = model && chart.getViewOfComponentModel(model);
    if (!view) { return null; }
    var box = view.group.getBoundingRect();
    return { left: view.group.x + box.x, right: view.group.x + box.x + box.width, bottom: view.group.y + box.y + box.height };
  }
  function fitLegend() {
    var tools = rectOf('toolbox');
    var legend = rectOf('legend');
    if (!tools || !legend) { return; }
    // ECharts ignores legend.right when legend.left is set: the width keeps it clear of the toolbox. A name
    // longer than that width (a narrow screen) breaks onto more lines, every entry then a line of its own.
    var width = Math.max(100, Math.floor(tools.left) - 20);
    chart.setOption({ legend: { width: width, textStyle: { width: null, overflow: 'none' } } });
    legend = rectOf('legend');
    if (legend.right > tools.left) {
      chart.setOption({ legend: { textStyle: { width: width - 35, overflow: 'break' } } });
      legend = rectOf('legend');
    }
    var want = Math.max(baseTop, Math.ceil(legend.bottom) + 40);
    if (want === top) { return; }
    top = want;
    el.style.height = (baseHeight + top - baseTop) + 'px';
    chart.resize();
    chart.setOption({ grid: { top: top } });
  }
  fitLegend();
  window.addEventListener('resize', function () { chart.resize(); fitLegend(); });
}());
