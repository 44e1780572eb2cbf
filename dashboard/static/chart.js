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
    el.classList.add('drawn');
    drawChart(el, dataEl);
  }
  var loading = false, wanted = false;
  function load() { // ECharts, once; drawn when it arrives if the chart is wanted by then
    if (loading || typeof echarts !== 'undefined') { return; }
    loading = true;
    var script = document.createElement('script');
    script.src = el.getAttribute('data-echarts');
    script.onload = function () { if (wanted) { setTimeout(draw, 0); } };
    document.head.appendChild(script);
  }
  function need() { // load ECharts (once), then draw in a task of its own
    wanted = true;
    if (started) { draw(); return; }
    started = true;
    if (observer) { observer.disconnect(); }
    if (typeof echarts !== 'undefined') { draw(); return; }
    load();
  }
  // Printing draws the chart only if ECharts is here when beforeprint comes (Chromium takes the print layout
  // right after the event and does not wait for a script). So ECharts is loaded, not drawn, on the reader's
  // first move on the page (a key, a tap, the mouse moving: before any print command), when the page is
  // quiet; a page printed before any move prints the line data-print-note (style.css) instead.
  var moves = ['keydown', 'pointerdown', 'pointermove'];
  function moved() {
    moves.forEach(function (m) { window.removeEventListener(m, moved, true); });
    if (window.requestIdleCallback) { window.requestIdleCallback(load, { timeout: 2000 }); } else { setTimeout(load, 0); }
  }
  moves.forEach(function (m) { window.addEventListener(m, moved, true); });
  reserve(el, dataEl);
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

// reserve gives the chart's box, before ECharts is loaded, the height the drawn chart takes (its legend's and
// credit line's lines, as ECharts will wrap them at this width), so that what is below does not move when it
// is drawn; the draw then keeps this height (fitLayout). It measures the text with a canvas in ECharts' fonts
// and wraps it as ECharts does (zrender's wrapText, the legend's box layout).
function reserve(el, dataEl) {
  'use strict';
  var data;
  try { data = JSON.parse(dataEl.textContent); } catch (e) { return; }
  var option = data.option || {};
  var base = parseFloat(getComputedStyle(el).getPropertyValue('--chart-base')) || 480; // as style.height counts it (box-sizing)
  el.setAttribute('data-base-height', String(base));
  var width = el.clientWidth;
  var ctx = document.createElement('canvas').getContext('2d');
  if (!ctx || !width || !base) { return; }
  var cache = {};
  function measure(font) {
    return function (t) {
      var k = font + '\u0000' + t;
      if (!(k in cache)) { ctx.font = font; cache[k] = ctx.measureText(t).width; }
      return cache[k];
    };
  }
  var grid = (Array.isArray(option.grid) ? option.grid[0] : option.grid) || {};
  var baseTop = Number(grid.top) || 64, baseBottom = Number(grid.bottom) || 72;
  var legendOpt = Array.isArray(option.legend) ? option.legend[0] : option.legend;
  var top = baseTop;
  if (legendOpt) {
    var names = [];
    (legendOpt.data || (option.series || []).map(function (s) { return s.name; })).forEach(function (d) {
      var n = d && typeof d === 'object' ? d.name : d;
      if (n != null && names.indexOf(String(n)) < 0) { names.push(String(n)); }
    });
    var m12 = measure('12px sans-serif');
    var lineW = Math.max(100, width - 110);
    var items = names.map(function (n) { return { w: 30 + m12(n), h: 14 }; });
    if (items.some(function (it) { return it.w > lineW; })) { // fitLayout breaks the names at width - 35
      items = names.map(function (n) {
        var lines = wrapCount(n, m12, lineW - 35);
        return { w: 30 + Math.min(m12(n), lineW - 35), h: Math.max(14, lines * 12) };
      });
    }
    top = Math.max(baseTop, Math.ceil(10 + boxHeight(items, lineW)) + 40);
  }
  var foot = 0, handles = 15; // how far the zoom slider's handles reach below its bar, beyond its 30 px
  if (data.credit) {
    var text = data.text || {};
    var credit = data.credit + '\n' + (text.by || 'dualcarbon') + ' · ' + (el.getAttribute('data-link') || window.location.href.split('#')[0]);
    foot = wrapCount(credit, measure('11px sans-serif'), Math.max(100, width - 20)) * 15 + 10 + 10 + handles;
  }
  el.style.height = (base + top - baseTop + foot) + 'px';
}

// boxHeight is the height of the legend's entries laid out as ECharts' boxLayout does: left to right, 10 px
// apart, a new line when the next would end past the width.
function boxHeight(items, maxWidth) {
  'use strict';
  var x = 0, y = 0, line = 0;
  items.forEach(function (it) {
    var next = x + it.w;
    if (next > maxWidth) { x = 0; next = it.w; y += line + 10; line = it.h; } else { line = Math.max(line, it.h); }
    x = next + 10;
  });
  return y + line;
}

// wrapCount is how many lines zrender's wrapText (overflow: 'break') makes of a text at this width.
function wrapCount(t, width, lineWidth) {
  'use strict';
  var breakChars = ',&?/;] ';
  function inWord(ch) {
    var c = ch.charCodeAt(0);
    var latin = c >= 32 && c <= 591 || c >= 880 && c <= 4351 || c >= 4608 && c <= 5119 || c >= 7680 && c <= 8303;
    return latin && breakChars.indexOf(ch) < 0;
  }
  var n = 0, line = '', word = '', wordW = 0, lineW = 0;
  for (var i = 0; i < t.length; i++) {
    var ch = t.charAt(i);
    if (ch === '\n') {
      if (word) { line += word; lineW += wordW; }
      n++; line = ''; word = ''; wordW = 0; lineW = 0;
      continue;
    }
    var w = width(ch), f = inWord(ch);
    if (lineW + w > lineWidth) {
      if (lineW) {
        if (line || word) {
          if (f) {
            if (!line) { line = word; word = ''; lineW = wordW = 0; }
            n++; word += ch; line = ''; lineW = wordW += w;
          } else {
            if (word) { line += word; word = ''; wordW = 0; }
            n++; line = ch; lineW = w;
          }
        }
      } else if (f) {
        n++; word = ch; wordW = w;
      } else {
        n++;
      }
    } else {
      lineW += w;
      if (f) { word += ch; wordW += w; } else { if (word) { line += word; word = ''; wordW = 0; } line += ch; }
    }
  }
  if (!n && !line) { line = t; word = ''; }
  if (word) { line += word; }
  if (line) { n++; }
  return n;
}

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
  var baseHeight = Number(el.getAttribute('data-base-height')) || parseFloat(getComputedStyle(el).height); // the style sheet's (reserve)
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
    // The box keeps the height reserve gave it (what is below does not move): data-wanted is the height at
    // which the plot would keep its height exactly, for the tests to compare with the reserved one.
    el.setAttribute('data-wanted', String(baseHeight + top - baseTop + bottom - baseBottom));
    // The slider's default place is the bottom edge, computed from its top: move it above the credit.
    chart.setOption({ grid: { top: top, bottom: bottom }, dataZoom: [{}, { top: el.clientHeight - foot - 6 - sliderHeight }] });
  }
  fitLayout();
  window.addEventListener('resize', function () { reserve(el, dataEl); chart.resize(); fitLayout(); });

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
