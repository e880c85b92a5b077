/* Shared by the static page (kg viz inlines it) and the live explorer (kg serve serves it as
   /static/kg-view.js): the legend rows and the side panel. Every string that comes from a
   report (names, aliases, figures, sentences, titles) is only ever set as textContent, never
   parsed as markup. */
(function () {
  "use strict";
  var FACE = "Noto Sans CJK SC, WenQuanYi Micro Hei, Microsoft YaHei, sans-serif";

  function add(parent, tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = text; }
    if (cls) { e.className = cls; }
    parent.appendChild(e);
    return e;
  }

  // one legend row: checkbox, glyph in the class colour, "中文 (count) English", a "仅" (only) button
  function legendRow(parent, c, onChange, onOnly) {
    var row = add(parent, "div", null, "row");
    var lab = add(row, "label");
    var box = add(lab, "input");
    box.type = "checkbox"; box.checked = true; box.value = c.name; box.className = "class-filter";
    var gl = add(lab, "span", c.glyph, "glyph"); gl.style.color = c.color;
    var txt = add(lab, "span", c.zh + " (" + c.count + ")", "cname");
    if (c.en) { add(txt, "span", " " + c.en, "en"); }
    lab.title = c.en ? c.zh + " " + c.en : c.zh;
    var only = add(row, "button", "仅", "only");
    only.type = "button"; only.dataset.cls = c.name; only.title = "只显示此类 show only this class";
    only.addEventListener("click", function () { onOnly(c.name); });
    box.addEventListener("change", onChange);
    return box;
  }

  function button(parent, text, onClick, cls) {
    var b = add(parent, "button", text, "act" + (cls ? " " + cls : ""));
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }

  // The panel of one node. n: {label, clsLabel, cls, id, aliases, figures, trends, details, evidence}
  // where evidence items are {sentence, title, start, end, report}. opt (all optional):
  //   actions: [{text, onClick, on, id}]            buttons under the heading
  //   relations: [{heading, items: [{prefix, text, onClick, cls}], more, actions: [...]}]
  //   onReport(reportIri, title)                    makes report titles links
  //   reports: [{id, title, year}], reportCount     the reports that mention the node
  function renderPanel(panel, n, opt) {
    opt = opt || {};
    panel.replaceChildren();
    add(panel, "h2", n.label, "name");
    add(panel, "div", n.clsLabel + " · " + n.cls, "cls");
    add(panel, "div", n.id, "iri");
    if (opt.actions && opt.actions.length) {
      var bar = add(panel, "div");
      opt.actions.forEach(function (a) { var b = button(bar, a.text, a.onClick, a.on ? "on" : ""); if (a.id) { b.id = a.id; } });
    }
    if (n.aliases && n.aliases.length) { add(panel, "h2", "别名 Aliases"); add(panel, "div", n.aliases.join("，")); }
    if (n.figures && n.figures.length) {
      add(panel, "h2", "数据 Figures"); var ul = add(panel, "ul");
      n.figures.forEach(function (f) { add(ul, "li", f); });
    }
    if (n.trends && n.trends.length) {
      add(panel, "h2", "趋势 Trends");
      n.trends.forEach(function (t) { sparkline(panel, t); });
    }
    if (n.details && n.details.length) {
      add(panel, "h2", "详情 Details"); var ul2 = add(panel, "ul");
      n.details.forEach(function (f) { add(ul2, "li", f); });
    }
    (opt.relations || []).forEach(function (g) {
      var h = add(panel, "h2", g.heading);
      (g.actions || []).forEach(function (a) { h.appendChild(document.createTextNode(" ")); button(h, a.text, a.onClick); });
      var ul3 = add(panel, "ul");
      g.items.forEach(function (it) {
        var li = add(ul3, "li", it.prefix || "");
        var a = add(li, "span", it.text, "link" + (it.cls ? " " + it.cls : ""));
        a.addEventListener("click", it.onClick);
      });
      if (g.more) { add(ul3, "li", g.more, "muted"); }
    });
    if (n.evidence && n.evidence.length) {
      add(panel, "h2", "原文出处 Evidence");
      n.evidence.forEach(function (ev) {
        var q = add(panel, "blockquote", ev.sentence);
        var loc = add(q, "div", null, "loc");
        var t = add(loc, "span", ev.title, opt.onReport && ev.report ? "link report-link" : "");
        if (opt.onReport && ev.report) { t.addEventListener("click", function () { opt.onReport(ev.report, ev.title); }); }
        add(loc, "span", " · 字符 chars " + ev.start + "–" + ev.end);
      });
    }
    if (opt.reports && opt.reports.length) {
      add(panel, "h2", "报告 Reports (" + opt.reportCount + ")"); var ul4 = add(panel, "ul");
      opt.reports.forEach(function (r) {
        var li = add(ul4, "li");
        var a = add(li, "span", r.title + (r.year ? " (" + r.year + ")" : ""), opt.onReport ? "link report-link" : "");
        if (opt.onReport) { a.addEventListener("click", function () { opt.onReport(r.id, r.title); }); }
      });
      if (opt.reportCount > opt.reports.length) { add(ul4, "li", "… " + (opt.reportCount - opt.reports.length) + " more", "muted"); }
    }
  }

  // a figure's value as text: 亿 and 万 for large numbers, the unit after it (% for rates, 元 for money)
  var UNIT_TEXT = { PERCENT: "%", CCY_CNY: "元", NUM: "" };
  function amount(v, unit) {
    var u = UNIT_TEXT[unit] !== undefined ? UNIT_TEXT[unit] : (unit ? " " + unit : "");
    var a = Math.abs(v), r = function (x) { return String(Math.round(x * 100) / 100); };
    if (a >= 1e8) { return r(v / 1e8) + "亿" + u; }
    if (a >= 1e4) { return r(v / 1e4) + "万" + u; }
    return r(v) + u;
  }

  // A trend (t: {indicator, unit, scope, points: [{year, value, label}]}) as a small SVG line
  // drawn from its numbers, years spaced by time, with every year and value written out below.
  // mark: a year whose point is drawn larger. Only figures kg.series put in one slice (same
  // canonical indicator, unit and scope) ever come in one trend.
  function sparkline(parent, t, mark) {
    var NS = "http://www.w3.org/2000/svg", W = 240, H = 46, P = 7;
    var box = add(parent, "div", null, "trend");
    add(box, "div", t.indicator + "（" + t.scope + (UNIT_TEXT[t.unit] ? " · " + UNIT_TEXT[t.unit] : "") + "）", "tname");
    var pts = t.points, vals = pts.map(function (p) { return p.value; });
    var lo = Math.min.apply(null, vals), hi = Math.max.apply(null, vals);
    var y0 = pts[0].year, y1 = pts[pts.length - 1].year;
    var x = function (y) { return y1 === y0 ? W / 2 : P + (W - 2 * P) * (y - y0) / (y1 - y0); };
    var y = function (v) { return hi === lo ? H / 2 : H - P - (H - 2 * P) * (v - lo) / (hi - lo); };
    var svg = document.createElementNS(NS, "svg");
    svg.setAttribute("class", "spark"); svg.setAttribute("width", W); svg.setAttribute("height", H);
    svg.setAttribute("viewBox", "0 0 " + W + " " + H);
    var line = document.createElementNS(NS, "polyline");
    line.setAttribute("points", pts.map(function (p) { return x(p.year).toFixed(1) + "," + y(p.value).toFixed(1); }).join(" "));
    line.setAttribute("fill", "none"); line.setAttribute("stroke", "#2680c2"); line.setAttribute("stroke-width", "2");
    svg.appendChild(line);
    pts.forEach(function (p) {
      var c = document.createElementNS(NS, "circle");
      c.setAttribute("cx", x(p.year).toFixed(1)); c.setAttribute("cy", y(p.value).toFixed(1));
      c.setAttribute("r", p.year === mark ? "5" : "3");
      c.setAttribute("fill", p.year === mark ? "#e15759" : "#2680c2");
      var tip = document.createElementNS(NS, "title");
      tip.textContent = p.year + "：" + (p.label || amount(p.value, t.unit));
      c.appendChild(tip);
      svg.appendChild(c);
    });
    box.appendChild(svg);
    add(box, "div", pts.map(function (p) { return p.year + "：" + amount(p.value, t.unit); }).join(" · "), "tvals");
    return box;
  }

  // long names are cut on the canvas (the panel and the tooltip show them whole)
  function shortLabel(s) { return s.length > 12 ? s.slice(0, 11) + "…" : s; }

  window.kgView = { FACE: FACE, add: add, button: button, legendRow: legendRow, renderPanel: renderPanel,
                    shortLabel: shortLabel, sparkline: sparkline, amount: amount };
})();
