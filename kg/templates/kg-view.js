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

  // The panel of one node. n: {label, clsLabel, cls, id, aliases, figures, details, evidence}
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

  // long names are cut on the canvas (the panel and the tooltip show them whole)
  function shortLabel(s) { return s.length > 12 ? s.slice(0, 11) + "…" : s; }

  window.kgView = { FACE: FACE, add: add, button: button, legendRow: legendRow, renderPanel: renderPanel,
                    shortLabel: shortLabel };
})();
