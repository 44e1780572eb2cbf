// chart.js draws the chart of a page. The server puts the ECharts option, built with go-echarts, into
// <script type="application/json" id="chart-data"> (HTML-escaped JSON, never code); this same-origin script
// reads it and hands it to ECharts. Every string from the data is untrusted: the tooltip escapes with
// echarts.format.encodeHTML and the data view is built with textContent.
//
// When: at once where the page loaded ECharts itself (the embed view, which is only the chart); otherwise
// when the chart comes into view (an IntersectionObserver), or before printing, ECharts is loaded then
// (#chart's data-echarts: the same-origin bundle, never a CDN) and the chart drawn once. On a phone the
// headline, the text summary and the targets come first, and the main thread is not held by a chart the
// reader has not reached yet.
(function () {
  'use strict';
  var el = document.getElementById('chart');
  var dataEl = document.getElementById('chart-data');
  if (!el || !dataEl) { return; }
  var started = false, drawn = false, observer = null;
  function draw() {
    if (drawn || typeof echarts === 'undefined') { return; }
    drawn = true;
    drawChart(el, dataEl);
  }
  function need() { // load ECharts (once), then draw in a task of its own
    if (started) { draw(); return; }
    started = true;
    if (observer) { observer.disconnect(); }
    if (typeof echarts !== 'undefined') { draw(); return; }
    var script = document.createElement('script');
    script.src = el.getAttribute('data-echarts');
    script.onload = function () { setTimeout(draw, 0); };
    document.head.appendChild(script);
  }
  // Printing: drawn now if ECharts is here (the print layout is taken right after this event).
  window.addEventListener('beforeprint', need);
  if (typeof echarts !== 'undefined' || !el.getAttribute('data-echarts') || !('IntersectionObserver' in window)) {
    need();
    return;
  }
  observer = new IntersectionObserver(function (entries) {
    if (entries.some(function (e) { return e.isIntersecting; })) { need(); }
  });
  observer.observe(el);
}());

function drawChart(el, dataEl) {
  'use strict';
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
    if (m.standing) { out += '<div class="tt-line tt-standing">' + enc(text.standing) + ': ' + enc(m.standing) + '</div>'; }
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
  // The credit line under the chart: what it shows, the publishers of its values, and the address of this
  // view. It is drawn on the canvas (ECharts' title, plain text), so a saved PNG carries it into a report.
  if (data.credit) {
    option.title = {
      text: data.credit + '\n' + (text.by || 'dualcarbon') + ' · ' + (el.getAttribute('data-link') || window.location.href.split('#')[0]),
      left: 10, bottom: 6,
      textStyle: { fontSize: 11, fontWeight: 'normal', color: '#4a5a6a', lineHeight: 15, overflow: 'break' }
    };
  }

  // The legend's and the credit's widths before the first draw, as fitLayout would set them (the toolbox's
  // four icons start about 90 px from the right edge, the legend ends 20 px before them), so that it does not
  // have to draw again for them.
  var startWidth = el.clientWidth;
  fitLayout.width = Math.max(100, startWidth - 110);
  fitLayout.titleWidth = Math.max(100, startWidth - 20);
  if (option.legend) {
    (Array.isArray(option.legend) ? option.legend : [option.legend]).forEach(function (l) {
      l.width = fitLayout.width;
    });
  }
  if (option.title) { option.title.textStyle.width = fitLayout.titleWidth; }
  fitLayout.narrow = startWidth < 600; // plan periods' names, shown only where they fit (fitLayout)
  (option.series || []).forEach(function (s) {
    if (s.id === 'actual' && s.markArea) {
      s.markArea.label = s.markArea.label || {};
      s.markArea.label.show = !fitLayout.narrow;
    }
  });

  var chart = echarts.init(el, null, { renderer: 'canvas' });
  chart.on('finished', function () { el.setAttribute('data-ready', 'true'); });
  chart.setOption(option);

  // The legend wraps onto as many lines as its entries need (a scrolling legend hides entries, on the page
  // and in the saved PNG), left of the toolbox; the credit line wraps under the zoom slider. The plot starts
  // below the legend, room left for the axis names, ends above the slider and the credit, and the chart grows
  // by what their extra lines take, so the plot keeps its height.
  var grid = (Array.isArray(option.grid) ? option.grid[0] : option.grid) || {};
  var baseTop = Number(grid.top) || 64;
  var baseBottom = Number(grid.bottom) || 72;
  var baseHeight = parseFloat(getComputedStyle(el).height); // as style.height counts it (box-sizing)
  var top = baseTop, bottom = baseBottom;
  var sliderHeight = 30; // ECharts' default height of the zoom slider
  function rectOf(type, index) { // where ECharts 5 drew a component (methods of the instance, not of the option API)
    if (typeof chart.getModel !== 'function' || typeof chart.getViewOfComponentModel !== 'function') { return null; }
    var model = chart.getModel().getComponent(type, index);
    var view = model && chart.getViewOfComponentModel(model);
    if (!view) { return null; }
    var box = view.group.getBoundingRect();
    return {
      left: view.group.x + box.x, right: view.group.x + box.x + box.width,
      top: view.group.y + box.y, bottom: view.group.y + box.y + box.height
    };
  }
  function fitLayout() {
    // On a phone the plan periods' names would print over each other: the key under the chart names them.
    var narrow = chart.getWidth() < 600;
    if (narrow !== fitLayout.narrow) {
      fitLayout.narrow = narrow;
      chart.setOption({ series: [{ id: 'actual', markArea: { label: { show: !narrow } } }] });
    }
    var tools = rectOf('toolbox');
    var legend = rectOf('legend');
    if (!tools || !legend) { return; }
    // ECharts ignores legend.right when legend.left is set: the width keeps it clear of the toolbox. A name
    // longer than that width (a narrow screen) breaks onto more lines, every entry then a line of its own.
    var width = Math.max(100, Math.floor(tools.left) - 20);
    var titleWidth = Math.max(100, chart.getWidth() - 20);
    if (width !== fitLayout.width || titleWidth !== fitLayout.titleWidth) {
      fitLayout.width = width;
      fitLayout.titleWidth = titleWidth;
      chart.setOption({
        legend: { width: width, textStyle: { width: null, overflow: 'none' } },
        title: { textStyle: { width: titleWidth } }
      });
      legend = rectOf('legend');
    }
    if (legend.right > tools.left) {
      chart.setOption({ legend: { textStyle: { width: width - 35, overflow: 'break' } } });
      legend = rectOf('legend');
    }
    var credit = data.credit ? rectOf('title') : null;
    var foot = credit ? Math.ceil(credit.bottom - credit.top) + 10 : 0;
    var slider = rectOf('dataZoom', 1);
    if (credit && slider) { // the slider's handles reach below its bar: keep them clear of the credit too
      foot += Math.max(0, Math.ceil(slider.bottom - slider.top) - sliderHeight);
    }
    var wantTop = Math.max(baseTop, Math.ceil(legend.bottom) + 40);
    var wantBottom = baseBottom + foot;
    if (wantTop === top && wantBottom === bottom) { return; }
    top = wantTop;
    bottom = wantBottom;
    el.style.height = (baseHeight + top - baseTop + bottom - baseBottom) + 'px';
    // The slider's default place is the bottom edge, computed from its top: move it above the credit. One
    // draw for the new height and the new grid: the option waits (lazyUpdate) for resize, which draws both.
    chart.setOption({ grid: { top: top, bottom: bottom }, dataZoom: [{}, { top: el.clientHeight - foot - 6 - sliderHeight }] },
      { lazyUpdate: true });
    chart.resize();
  }
  fitLayout();
  window.addEventListener('resize', function () { chart.resize(); fitLayout(); });

  // The toolbox's save and data view, as real buttons outside the canvas: reachable by keyboard and named for
  // screen readers. Save downloads the same PNG as the toolbox; the data table is built like its data view.
  var tools = document.querySelector('.chart-tools');
  if (tools) {
    tools.classList.remove('js-pending');
    var save = tools.querySelector('[data-chart="save"]');
    var show = tools.querySelector('[data-chart="data"]');
    var box = document.getElementById('chart-table');
    if (save) {
      save.addEventListener('click', function () {
        var a = document.createElement('a');
        a.href = chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#ffffff' });
        a.download = ((feature && feature.saveAsImage && feature.saveAsImage.name) || 'chart') + '.png';
        document.body.appendChild(a);
        a.click();
        a.remove();
      });
    }
    if (show && box) {
      show.addEventListener('click', function () {
        var open = box.hidden;
        if (open) {
          box.textContent = '';
          var wrap = document.createElement('div');
          wrap.className = 'table-wrap';
          wrap.appendChild(dataTable(chart.getOption()));
          box.appendChild(wrap);
        }
        box.hidden = !open;
        show.setAttribute('aria-expanded', String(open));
      });
    }
  }
}
