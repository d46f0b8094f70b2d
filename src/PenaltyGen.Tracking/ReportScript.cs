namespace PenaltyGen.Tracking;

/// <summary>
/// The style and script every report page carries inline (no file, font or CDN is fetched: a report opens on an air-gapped
/// machine). The script draws each chart from the page's JSON (<c>#pg-data</c>) as SVG: log-α axes with decade ticks, a
/// legend whose entries toggle their series, the nearest point's values on hover, drag to zoom the x axis (double-click
/// resets); heatmaps with each cell's value on hover; tables sort by a header click and filter by the text typed above them.
/// </summary>
internal static class ReportScript
{
    public const string Style = """
        body{font-family:'DejaVu Sans',Arial,sans-serif;margin:2em auto;max-width:1100px;color:#222}
        h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
        table{border-collapse:collapse;font-size:.82em;margin:.4em 0 1em}td,th{border:1px solid #ddd;padding:3px 7px;text-align:right}
        th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}
        .pg-table th{cursor:pointer;user-select:none}.pg-table th[data-dir=asc]::after{content:' ▲'}.pg-table th[data-dir=desc]::after{content:' ▼'}
        .pg-filter{font-size:.85em;padding:2px 6px;margin-top:.6em;width:16em}
        .charts{display:flex;flex-wrap:wrap;gap:12px}.wide{flex:1 1 100%}.small{flex:0 1 calc(50% - 6px)}
        figure{margin:0;position:relative}figcaption{font-size:.8em;color:#666}
        .pg-chart svg,.pg-heat svg{width:100%;height:auto;border:1px solid #eee;background:#fff}
        .pg-legend{font-size:.78em;display:flex;flex-wrap:wrap;gap:2px 12px;margin:.3em 0}
        .pg-legend span{cursor:pointer;white-space:nowrap}.pg-legend span.off{opacity:.35;text-decoration:line-through}
        .pg-legend i{display:inline-block;width:12px;height:3px;margin-right:4px;vertical-align:middle}
        .pg-tip{position:absolute;pointer-events:none;background:rgba(30,30,30,.88);color:#fff;font-size:.75em;padding:3px 6px;border-radius:3px;white-space:nowrap;display:none}
        .scroll{overflow-x:auto}.diff{background:#fff3cd}
        """;

    public const string Script = """
        (function () {
          'use strict';
          var data = JSON.parse(document.getElementById('pg-data').textContent);
          // The SVG namespace as the HTML parser names it (the page holds no URL of any kind).
          var probe = document.createElement('div');
          probe.innerHTML = '<svg></svg>';
          var NS = probe.firstChild.namespaceURI;
          var COLORS = ['#1f77b4','#ff7f0e','#2ca02c','#d62728','#9467bd','#8c564b','#e377c2','#7f7f7f','#bcbd22','#17becf'];
          var W = 760, H = 380, M = {l: 64, r: 16, t: 14, b: 44};
          function el(name, attrs, parent) {
            var e = document.createElementNS(NS, name);
            for (var k in attrs) e.setAttribute(k, attrs[k]);
            if (parent) parent.appendChild(e);
            return e;
          }
          function fmt(v) {
            if (v === null || !isFinite(v)) return String(v);
            var a = Math.abs(v);
            return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(3).replace(/\.?0+e/, 'e') : String(+v.toPrecision(6));
          }
          function scale(lo, hi, a, b, log) {
            var f = log ? Math.log10 : function (v) { return v; };
            var l = f(lo), h = f(hi);
            if (h === l) { h = l + 1; l = l - 1; }
            return function (v) { return a + (f(v) - l) / (h - l) * (b - a); };
          }
          function ticks(lo, hi, log) {
            var out = [];
            if (log) {
              for (var e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
                var t = Math.pow(10, e);
                if (t >= lo * 0.999 && t <= hi * 1.001) out.push(t);
              }
              if (out.length >= 2) return out;
            }
            var step = Math.pow(10, Math.floor(Math.log10((hi - lo) || 1))), n = (hi - lo) / step;
            if (n < 3) step /= 4; else if (n < 6) step /= 2;
            for (var v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(+v.toPrecision(12));
            return out;
          }
          function drawChart(box, spec) {
            var hidden = {}, zoom = null;
            var fig = box.parentNode, tip = document.createElement('div');
            tip.className = 'pg-tip';
            fig.appendChild(tip);
            var svg = el('svg', {viewBox: '0 0 ' + W + ' ' + H, role: 'img'}, box);
            var legend = document.createElement('div');
            legend.className = 'pg-legend';
            box.appendChild(legend);
            spec.series.forEach(function (s, i) {
              var item = document.createElement('span');
              item.innerHTML = '<i style="background:' + COLORS[i % COLORS.length] + '"></i>';
              item.appendChild(document.createTextNode(s.name));
              item.addEventListener('click', function () { hidden[i] = !hidden[i]; item.classList.toggle('off'); render(); });
              legend.appendChild(item);
            });
            var sx, sy, points;
            function render() {
              while (svg.firstChild) svg.removeChild(svg.firstChild);
              var xs = [], ys = [];
              spec.series.forEach(function (s, i) {
                if (hidden[i]) return;
                s.x.forEach(function (x, k) {
                  var y = s.y[k];
                  if (x === null || y === null || !isFinite(x) || !isFinite(y) || (spec.logx && x <= 0)) return;
                  if (zoom && (x < zoom[0] || x > zoom[1])) return;
                  xs.push(x); ys.push(y);
                });
              });
              if (!xs.length) { el('text', {x: W / 2, y: H / 2, 'text-anchor': 'middle'}, svg).textContent = 'no visible series'; points = []; return; }
              var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs), y0 = Math.min.apply(null, ys), y1 = Math.max.apply(null, ys);
              var pad = (y1 - y0) * 0.05 || Math.abs(y0) * 0.05 || 1;
              y0 -= pad; y1 += pad;
              sx = scale(x0, x1, M.l, W - M.r, spec.logx); sy = scale(y0, y1, H - M.b, M.t, false);
              var axes = el('g', {'font-size': 11, fill: '#444'}, svg);
              ticks(x0, x1, spec.logx).forEach(function (t) {
                var x = sx(t);
                el('line', {x1: x, x2: x, y1: M.t, y2: H - M.b, stroke: '#eee'}, axes);
                el('text', {x: x, y: H - M.b + 16, 'text-anchor': 'middle'}, axes).textContent = fmt(t);
              });
              ticks(y0, y1, false).forEach(function (t) {
                var y = sy(t);
                el('line', {x1: M.l, x2: W - M.r, y1: y, y2: y, stroke: '#eee'}, axes);
                el('text', {x: M.l - 6, y: y + 4, 'text-anchor': 'end'}, axes).textContent = fmt(t);
              });
              el('rect', {x: M.l, y: M.t, width: W - M.l - M.r, height: H - M.t - M.b, fill: 'none', stroke: '#999'}, axes);
              el('text', {x: (M.l + W - M.r) / 2, y: H - 8, 'text-anchor': 'middle'}, axes).textContent = spec.xlabel;
              el('text', {x: 14, y: (M.t + H - M.b) / 2, 'text-anchor': 'middle', transform: 'rotate(-90 14 ' + (M.t + H - M.b) / 2 + ')'}, axes).textContent = spec.ylabel;
              points = [];
              spec.series.forEach(function (s, i) {
                if (hidden[i]) return;
                var d = '';
                s.x.forEach(function (x, k) {
                  var y = s.y[k];
                  if (x === null || y === null || !isFinite(x) || !isFinite(y) || (spec.logx && x <= 0) || (zoom && (x < zoom[0] || x > zoom[1]))) return;
                  var px = sx(x), py = sy(y);
                  d += (d ? 'L' : 'M') + px.toFixed(2) + ' ' + py.toFixed(2);
                  points.push({px: px, py: py, x: x, y: y, s: s.name, c: COLORS[i % COLORS.length]});
                });
                // Past ten series the colours repeat: the second ten are dashed, the third dotted.
                var dash = ['', '6 3', '2 3'][Math.floor(i / COLORS.length) % 3];
                if (d) el('path', {d: d, fill: 'none', stroke: COLORS[i % COLORS.length], 'stroke-width': 1.6, 'stroke-dasharray': dash, 'class': 'pg-line'}, svg);
              });
              el('circle', {r: 4, fill: 'none', stroke: '#000', 'class': 'pg-dot', visibility: 'hidden'}, svg);
              el('rect', {'class': 'pg-brush', y: M.t, height: H - M.t - M.b, fill: 'rgba(31,119,180,.15)', visibility: 'hidden'}, svg);
            }
            function local(ev) {
              var r = svg.getBoundingClientRect();
              return {x: (ev.clientX - r.left) * W / r.width, y: (ev.clientY - r.top) * H / r.height, r: r};
            }
            var drag = null;
            svg.addEventListener('mousemove', function (ev) {
              var p = local(ev), best = null, bd = Infinity;
              (points || []).forEach(function (q) {
                var d = (q.px - p.x) * (q.px - p.x) + (q.py - p.y) * (q.py - p.y);
                if (d < bd) { bd = d; best = q; }
              });
              var dot = svg.querySelector('.pg-dot');
              if (best && dot) {
                dot.setAttribute('cx', best.px); dot.setAttribute('cy', best.py); dot.setAttribute('visibility', 'visible');
                tip.textContent = best.s + ': ' + spec.xlabel.split(' (')[0] + ' = ' + fmt(best.x) + ', ' + spec.ylabel + ' = ' + fmt(best.y);
                tip.style.display = 'block';
                tip.style.left = (best.px * p.r.width / W + 12) + 'px';
                tip.style.top = (best.py * p.r.height / H) + 'px';
              }
              if (drag !== null) {
                var b = svg.querySelector('.pg-brush');
                b.setAttribute('x', Math.min(drag, p.x)); b.setAttribute('width', Math.abs(p.x - drag)); b.setAttribute('visibility', 'visible');
              }
            });
            svg.addEventListener('mouseleave', function () { tip.style.display = 'none'; drag = null; });
            svg.addEventListener('mousedown', function (ev) { drag = local(ev).x; ev.preventDefault(); });
            svg.addEventListener('mouseup', function (ev) {
              var end = local(ev).x;
              if (drag !== null && Math.abs(end - drag) > 8 && sx) {
                var inv = function (px) {
                  var l = sx(spec.logx ? 1 : 0), u = sx(spec.logx ? 10 : 1);
                  var v = (px - l) / (u - l);
                  return spec.logx ? Math.pow(10, v) : v;
                };
                zoom = [inv(Math.min(drag, end)), inv(Math.max(drag, end))];
                render();
              }
              drag = null;
            });
            svg.addEventListener('dblclick', function () { zoom = null; render(); });
            render();
          }
          function color(t) {
            var stops = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];
            t = Math.max(0, Math.min(1, t)) * (stops.length - 1);
            var i = Math.min(stops.length - 2, Math.floor(t)), f = t - i, a = stops[i], b = stops[i + 1];
            return 'rgb(' + [0, 1, 2].map(function (k) { return Math.round(a[k] + f * (b[k] - a[k])); }).join(',') + ')';
          }
          function drawHeat(box, spec) {
            var fig = box.parentNode, tip = document.createElement('div');
            tip.className = 'pg-tip';
            fig.appendChild(tip);
            var svg = el('svg', {viewBox: '0 0 ' + W + ' ' + H, role: 'img'}, box);
            var zs = [];
            spec.z.forEach(function (row) { row.forEach(function (v) { if (v !== null && isFinite(v)) zs.push(v); }); });
            var lo = Math.min.apply(null, zs), hi = Math.max.apply(null, zs);
            var cw = (W - M.l - M.r) / spec.x.length, ch = (H - M.t - M.b) / spec.y.length;
            var axes = el('g', {'font-size': 11, fill: '#444'}, svg);
            spec.y.forEach(function (yv, r) {
              spec.x.forEach(function (xv, c) {
                var v = spec.z[r][c];
                var cell = el('rect', {x: M.l + c * cw, y: H - M.b - (r + 1) * ch, width: cw + 0.5, height: ch + 0.5,
                  fill: v === null || !isFinite(v) ? '#ddd' : color(hi > lo ? (v - lo) / (hi - lo) : 0.5), 'class': 'pg-cell'}, svg);
                cell.addEventListener('mousemove', function (ev) {
                  var rect = svg.getBoundingClientRect();
                  tip.textContent = spec.xlabel + ' = ' + fmt(xv) + ', ' + spec.ylabel + ' = ' + fmt(yv) + ': ' + spec.zlabel + ' = ' + fmt(v);
                  tip.style.display = 'block';
                  tip.style.left = (ev.clientX - rect.left + 12) + 'px';
                  tip.style.top = (ev.clientY - rect.top) + 'px';
                });
              });
            });
            if (spec.best) el('rect', {x: M.l + spec.best[1] * cw, y: H - M.b - (spec.best[0] + 1) * ch, width: cw, height: ch, fill: 'none',
              stroke: '#d62728', 'stroke-width': 2.5, 'pointer-events': 'none', 'class': 'pg-best'}, svg);
            svg.addEventListener('mouseleave', function () { tip.style.display = 'none'; });
            var every = Math.max(1, Math.ceil(spec.x.length / 8));
            spec.x.forEach(function (xv, c) { if (c % every === 0) el('text', {x: M.l + (c + 0.5) * cw, y: H - M.b + 16, 'text-anchor': 'middle'}, axes).textContent = fmt(xv); });
            spec.y.forEach(function (yv, r) { el('text', {x: M.l - 6, y: H - M.b - (r + 0.5) * ch + 4, 'text-anchor': 'end'}, axes).textContent = fmt(yv); });
            el('text', {x: (M.l + W - M.r) / 2, y: H - 8, 'text-anchor': 'middle'}, axes).textContent = spec.xlabel;
            el('text', {x: 14, y: (M.t + H - M.b) / 2, 'text-anchor': 'middle', transform: 'rotate(-90 14 ' + (M.t + H - M.b) / 2 + ')'}, axes).textContent = spec.ylabel;
            var legend = document.createElement('div');
            legend.className = 'pg-legend';
            legend.textContent = spec.zlabel + ': ' + fmt(lo) + ' (dark) … ' + fmt(hi) + ' (light); the best cell outlined in red';
            box.appendChild(legend);
          }
          function sortable(table) {
            var heads = table.querySelectorAll('th');
            heads.forEach(function (th, col) {
              th.addEventListener('click', function () {
                var dir = th.getAttribute('data-dir') === 'asc' ? 'desc' : 'asc';
                heads.forEach(function (h) { h.removeAttribute('data-dir'); });
                th.setAttribute('data-dir', dir);
                var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
                rows.sort(function (a, b) {
                  var x = a.cells[col].getAttribute('data-v') || a.cells[col].textContent, y = b.cells[col].getAttribute('data-v') || b.cells[col].textContent;
                  var nx = parseFloat(x), ny = parseFloat(y);
                  var c = !isNaN(nx) && !isNaN(ny) ? nx - ny : x.localeCompare(y);
                  return dir === 'asc' ? c : -c;
                });
                rows.forEach(function (r) { body.appendChild(r); });
              });
            });
          }
          document.querySelectorAll('.pg-chart').forEach(function (box) { drawChart(box, data.charts[+box.getAttribute('data-i')]); });
          document.querySelectorAll('.pg-heat').forEach(function (box) { drawHeat(box, data.heatmaps[+box.getAttribute('data-i')]); });
          document.querySelectorAll('.pg-table').forEach(sortable);
          document.querySelectorAll('.pg-filter').forEach(function (input) {
            input.addEventListener('input', function () {
              var table = document.getElementById(input.getAttribute('data-for')), needle = input.value.toLowerCase();
              Array.prototype.forEach.call(table.tBodies[0].rows, function (r) { r.style.display = r.textContent.toLowerCase().indexOf(needle) >= 0 ? '' : 'none'; });
            });
          });
        })();
        """;
}
