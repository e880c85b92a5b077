/* The live explorer served by `kg serve` at /: search, open, expand (with "N more"),
   collapse, pin, report graphs, filters, the series view (a year slider over a report
   series: entities coloured by the year they first appear, dropped ones dashed, figure
   trends as sparklines), and the trail kept in the URL (#v=1&f=...&t=...[&s=...]).
   Answers come from /api/* on the same server. Every string from a report is set as
   textContent or as a canvas label / string tooltip (drawn as text by vis-network). */
(function () {
  "use strict";
  var V = window.kgView;
  var MAX_DRAWN = 2000, MAX_STEPS = 300;
  var STEP_KINDS = { o: 2, x: 5, c: 2, p: 2, r: 2 };
  var meta = null, styleOf = {};
  var nodes = new vis.DataSet(), edges = new vis.DataSet();
  var info = {};          // id -> summary from the API
  var addedBy = {};       // id -> {id: true} nodes its expansions added
  var pinned = {}, opened = {}, moreNodes = {};
  var state = { f: { cls: [], report: "", issuer: "", year: "" }, t: [] };
  var selected = null;
  var pending = 0, lastSkipped = 0;
  var timings = [];
  var series = { id: "", data: null, year: null };   // the series view, when one is picked
  var YEAR_COLORS = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#b07aa1", "#76b7b2", "#edc948", "#9c755f",
                     "#ff9da7", "#bab0ac"];
  var $ = function (id) { return document.getElementById(id); };

  var options = {
    physics: { enabled: true, solver: "forceAtlas2Based",
               forceAtlas2Based: { gravitationalConstant: -75, centralGravity: 0.02, springLength: 100,
                                   springConstant: 0.06, avoidOverlap: 0.8 },
               stabilization: { enabled: true, iterations: 150, updateInterval: 50, fit: false }, minVelocity: 1.0 },
    layout: { improvedLayout: false, randomSeed: 7 },
    interaction: { hover: true, tooltipDelay: 150, hideEdgesOnDrag: true },
    nodes: { font: { size: 16, strokeWidth: 4, strokeColor: "#ffffff", face: V.FACE }, borderWidth: 1 },
    edges: { smooth: { type: "continuous" }, arrows: { to: { scaleFactor: 0.5 } },
             color: { color: "#bcccdc", highlight: "#486581", hover: "#627d98" },
             font: { size: 11, color: "#52606d", strokeWidth: 3, strokeColor: "#ffffff", face: V.FACE } }
  };
  var network = new vis.Network($("net"), { nodes: nodes, edges: edges }, options);

  // -- status and the API -------------------------------------------------------------
  function status(msg, isError) {
    var s = $("status");
    s.textContent = msg || "";
    s.className = isError ? "error" : "";
  }
  function busy(delta) {
    pending += delta;
    document.body.dataset.busy = pending > 0 ? "1" : "0";
  }
  function filterParams(p) {
    state.f.cls.forEach(function (c) { p.append("cls", c); });
    if (state.f.report) { p.set("report", state.f.report); }
    if (state.f.issuer) { p.set("issuer", state.f.issuer); }
    if (state.f.year) { p.set("year", state.f.year); }
    return p;
  }
  function api(name, params) {
    var p = new URLSearchParams();
    Object.keys(params || {}).forEach(function (k) { if (params[k] !== "" && params[k] !== undefined) { p.set(k, params[k]); } });
    if (name !== "meta" && name !== "node") { filterParams(p); }
    busy(1);
    return fetch("/api/" + name + "?" + p.toString(), { headers: { Accept: "application/json" } })
      .then(function (r) {
        return r.text().then(function (text) {
          var doc = null;
          try { doc = JSON.parse(text); } catch (e) { doc = null; }
          if (!r.ok) { throw new Error((doc && doc.error) || text.trim() || ("HTTP " + r.status)); }
          if (doc === null) { throw new Error("the server sent an answer that is not JSON"); }
          return doc;
        });
      })
      .finally(function () { busy(-1); });
  }
  // resolves once the canvas has drawn what was just added (for the timings)
  function drawn(what, t0) {
    return new Promise(function (resolve) {
      network.once("afterDrawing", function () {
        timings.push({ what: what, ms: Math.round(performance.now() - t0) });
        resolve();
      });
      network.redraw();
    });
  }

  // -- drawing ------------------------------------------------------------------------
  function visNode(s) {
    var st = styleOf[s.cls] || { color: "#999999", shape: "dot" };
    return { id: s.id, label: V.shortLabel(s.label), title: s.clsLabel + "：" + s.label, color: st.color,
             shape: st.shape, size: Math.round(11 + 5 * Math.sqrt(Math.min(s.degree || 0, 40))),
             mass: Math.round((1 + Math.min(s.degree || 0, 40) / 15) * 100) / 100 };
  }
  function addNodes(list, near) {
    var fresh = [], room = MAX_DRAWN - nodes.length + Object.keys(moreNodes).length, skipped = 0;
    var at = near && network.getPositions([near])[near];
    list.forEach(function (s) {
      if (!info[s.id] || !info[s.id].relations) { info[s.id] = s; }
      if (nodes.get(s.id)) { return; }
      if (fresh.length >= room) { skipped++; return; }
      var n = visNode(s);
      if (at) { n.x = at.x + (Math.random() - 0.5) * 120; n.y = at.y + (Math.random() - 0.5) * 120; }
      fresh.push(n);
    });
    nodes.add(fresh);
    lastSkipped = skipped;
    return fresh.map(function (n) { return n.id; });
  }
  // the status after adding: what was done, or that the page is full
  function statusAfterAdding(msg) {
    if (lastSkipped) {
      status("已达 " + MAX_DRAWN + " 个节点上限，未画 " + lastSkipped + " 个 · at the " + MAX_DRAWN + "-node limit: " +
             lastSkipped + " not drawn; collapse something first", true);
    } else {
      status(msg);
    }
  }
  function edgeId(e) { return e.from + "|" + e.kind + "|" + e.to; }
  function addEdges(list) {
    var fresh = [];
    list.forEach(function (e) {
      var id = edgeId(e);
      if (edges.get(id) || !nodes.get(e.from) || !nodes.get(e.to)) { return; }
      fresh.push({ id: id, from: e.from, to: e.to, label: e.label, arrows: e.arrows ? "to" : "", kind: e.kind });
    });
    edges.add(fresh);
  }
  function setMore(src, kind, cls, offset, more) {
    var id = "more:" + src + "|" + kind + "|" + cls;
    if (edges.get(id)) { edges.remove(id); }
    if (nodes.get(id)) { nodes.remove(id); }
    delete moreNodes[id];
    if (more > 0 && nodes.get(src)) {
      moreNodes[id] = { src: src, kind: kind, cls: cls, offset: offset };
      nodes.add({ id: id, label: "+" + more + " 更多 more", shape: "box", color: "#f0f4f8", font: { size: 13 },
                  title: "点击显示更多 · click to show the next ones" });
      edges.add({ id: id, from: src, to: id, dashes: true, color: { color: "#d9e2ec" } });
    }
  }
  // a short run of the layout around what was added: fewer iterations as the view grows
  function settle() {
    network.stabilize(nodes.length > 1000 ? 10 : nodes.length > 300 ? 30 : 80);
  }
  function stats() {
    var real = nodes.getIds().filter(function (id) { return !moreNodes[id]; }).length;
    $("stats").textContent = real + " 节点 nodes drawn · " + edges.length + " 关系 edges" +
      (meta ? " · " + meta.entities + " 实体 entities in " + meta.reports + " 报告 reports" : "");
    document.body.dataset.drawn = String(real);
  }

  // -- the steps of a trail: open, expand, collapse, pin, report -------------------------
  function open(id, record) {
    var t0 = performance.now();
    return api("node", { id: id }).then(function (n) {
      info[id] = n;
      opened[id] = true;
      addNodes([n]);
      if (record) { push(["o", id]); }
      selected = id;
      panel(n);
      if (nodes.get(id)) {
        network.selectNodes([id]);
        network.focus(id, { scale: Math.max(network.getScale(), 0.9), animation: false });
      } else {
        statusAfterAdding("");
      }
      stats();
      return drawn("open", t0);
    });
  }
  function expand(id, kind, cls, offset, record) {
    var t0 = performance.now();
    return api("expand", { id: id, kind: kind || "", cls: cls || "", offset: offset || 0 }).then(function (r) {
      if (!nodes.get(id)) { addNodes([r.node]); }
      var fresh = addNodes(r.nodes, id);
      addedBy[id] = addedBy[id] || {};
      fresh.forEach(function (n) { addedBy[id][n] = true; });
      addEdges(r.edges);
      setMore(id, kind || "", cls || "", r.offset + r.shown, r.more);
      if (record) { push(["x", id, kind || "", cls || "", r.offset]); }
      statusAfterAdding((r.total ? "展开 expanded: " + (r.offset + r.shown) + " / " + r.total : "没有符合筛选的邻居 · no neighbours pass the filters") +
             (r.more ? " · " + r.more + " 更多 more" : ""));
      settle();
      stats();
      return drawn("expand", t0);
    });
  }
  function collapse(id, record) {
    var drop = {};
    Object.keys(addedBy[id] || {}).forEach(function (n) { if (!pinned[n] && !opened[n] && n !== id) { drop[n] = true; } });
    // keep a node that another drawn node (not being dropped) still links to
    edges.get().forEach(function (e) {
      if (drop[e.from] && e.to !== id && !drop[e.to] && !moreNodes[e.to]) { delete drop[e.from]; }
      if (drop[e.to] && e.from !== id && !drop[e.from]) { delete drop[e.to]; }
    });
    Object.keys(moreNodes).forEach(function (m) { if (moreNodes[m].src === id || drop[moreNodes[m].src]) { drop[m] = true; delete moreNodes[m]; } });
    var ids = Object.keys(drop);
    edges.remove(edges.get({ filter: function (e) { return drop[e.from] || drop[e.to]; } }).map(function (e) { return e.id; }));
    nodes.remove(ids);
    delete addedBy[id];
    if (record) { push(["c", id]); }
    status("收起 collapsed: " + ids.filter(function (n) { return n.indexOf("more:") !== 0; }).length);
    stats();
    return Promise.resolve();
  }
  function pin(id, record) {
    if (!nodes.get(id)) { return Promise.resolve(); }
    pinned[id] = !pinned[id];
    nodes.update({ id: id, fixed: pinned[id], borderWidth: pinned[id] ? 4 : 1 });
    if (record) { push(["p", id]); }
    if (selected === id && info[id] && info[id].relations) { panel(info[id]); }
    return Promise.resolve();
  }
  function report(iri, record) {
    var t0 = performance.now();
    return api("report", { id: iri }).then(function (r) {
      addNodes(r.nodes);
      addEdges(r.edges);
      if (record) { push(["r", iri]); }
      statusAfterAdding("报告 report: " + r.report.title + " · " + r.shown + " / " + r.total + " 实体 entities" +
             (r.more ? " · " + r.more + " 未画 not drawn" : ""));
      settle();
      network.fit({ nodes: r.nodes.map(function (n) { return n.id; }).filter(function (id) { return nodes.get(id); }), animation: false });
      stats();
      return drawn("report", t0);
    });
  }
  function run(step, record) {
    switch (step[0]) {
      case "o": return open(step[1], record);
      case "x": return expand(step[1], step[2], step[3], step[4], record);
      case "c": return collapse(step[1], record);
      case "p": return pin(step[1], record);
      case "r": return report(step[1], record);
    }
    return Promise.resolve();
  }
  function act(step) {
    busy(1);
    return run(step, true).catch(function (e) { status(e.message, true); }).finally(function () { busy(-1); });
  }

  // -- the panel -------------------------------------------------------------------------
  function panel(n) {
    var id = n.id;
    var rel = [];
    if (n.neighbourClasses && n.neighbourClasses.length) {
      rel.push({ heading: "邻居类别 Neighbour classes", items: n.neighbourClasses.map(function (c) {
        return { prefix: "展开 expand ", text: c.label + " (" + c.count + ")", cls: "class-expand",
                 onClick: function () { act(["x", id, "", c.cls, 0]); } };
      }) });
    }
    (n.relations || []).forEach(function (g) {
      rel.push({ heading: (g.out ? "→ " : "← ") + g.label + " " + g.kind + " (" + g.count + ")",
                 actions: [{ text: "展开 expand", onClick: function () { act(["x", id, g.kind, "", 0]); } }],
                 items: g.sample.map(function (s) { return { text: s.label, cls: "open-link", onClick: function () { act(["o", s.id]); } }; }),
                 more: g.count > g.sample.length ? "… " + (g.count - g.sample.length) + " more" : "" });
    });
    V.renderPanel($("panel"), n, {
      actions: [{ text: "展开全部 expand all (" + n.degree + ")", id: "expandAll", onClick: function () { act(["x", id, "", "", 0]); } },
                { text: "收起 collapse", id: "collapse", onClick: function () { act(["c", id]); } },
                { text: pinned[id] ? "已固定 pinned" : "固定 pin", id: "pin", on: !!pinned[id], onClick: function () { act(["p", id]); } }],
      relations: rel, reports: n.reports, reportCount: n.reportCount,
      onReport: function (iri) { act(["r", iri]); }
    });
  }

  // -- the trail and the URL ---------------------------------------------------------------
  function label(id) { return (info[id] && info[id].label) || id; }
  function describe(s) {
    switch (s[0]) {
      case "o": return "打开 open " + label(s[1]);
      case "x": return "展开 expand " + label(s[1]) + (s[2] ? " · " + s[2] : "") + (s[3] ? " · " + s[3] : "") + (s[4] ? " +" + s[4] : "");
      case "c": return "收起 collapse " + label(s[1]);
      case "p": return "固定 pin " + label(s[1]);
      case "r": return "报告 report " + s[1].split("/").pop();
    }
    return "";
  }
  function showTrail() {
    var ol = $("trail");
    ol.replaceChildren();
    state.t.forEach(function (s) {
      var li = V.add(ol, "li", describe(s));
      if (s[0] !== "r") { li.addEventListener("click", function () { if (nodes.get(s[1])) { network.selectNodes([s[1]]); network.focus(s[1], { animation: false }); } }); }
    });
  }
  function writeUrl() {
    var p = new URLSearchParams();
    p.set("v", "1");
    p.set("f", JSON.stringify(state.f));
    p.set("t", JSON.stringify(state.t));
    if (series.id) { p.set("s", JSON.stringify([series.id, series.year])); }
    history.replaceState(null, "", "#" + p.toString());
  }
  function push(step) {
    var last = state.t[state.t.length - 1];
    if (last && JSON.stringify(last) === JSON.stringify(step) && step[0] !== "p") { return; }
    state.t.push(step);
    if (state.t.length > MAX_STEPS) { state.t.shift(); }
    writeUrl();
    showTrail();
  }
  // the state in the URL, checked piece by piece: a bad link opens an empty view with a message
  function readUrl() {
    var h = location.hash.replace(/^#/, "");
    if (!h) { return null; }
    var p = new URLSearchParams(h), f, t;
    if (p.get("v") !== "1") { throw new Error("unknown version " + JSON.stringify(p.get("v"))); }
    try { f = JSON.parse(p.get("f") || "{}"); t = JSON.parse(p.get("t") || "[]"); } catch (e) { throw new Error("not JSON: " + e.message); }
    if (typeof f !== "object" || f === null || Array.isArray(f)) { throw new Error("f is not an object"); }
    var out = { cls: [], report: "", issuer: "", year: "" };
    if (f.cls !== undefined) {
      if (!Array.isArray(f.cls) || !f.cls.every(function (c) { return typeof c === "string"; })) { throw new Error("f.cls is not a list of class names"); }
      out.cls = f.cls.filter(function (c) { return styleOf[c]; });
    }
    ["report", "issuer", "year"].forEach(function (k) {
      if (f[k] === undefined || f[k] === null) { return; }
      if (typeof f[k] !== "string" && typeof f[k] !== "number") { throw new Error("f." + k + " is not text"); }
      out[k] = String(f[k]).slice(0, 100);
    });
    if (!Array.isArray(t)) { throw new Error("t is not a list of steps"); }
    var steps = t.slice(0, MAX_STEPS).map(function (s, i) {
      if (!Array.isArray(s) || !STEP_KINDS[s[0]] || s.length !== STEP_KINDS[s[0]] || typeof s[1] !== "string") {
        throw new Error("step " + (i + 1) + " is not a step");
      }
      if (s[0] === "x" && (typeof s[2] !== "string" || typeof s[3] !== "string" || typeof s[4] !== "number" || s[4] < 0)) {
        throw new Error("step " + (i + 1) + " is not an expansion");
      }
      return s;
    });
    var s = null;
    if (p.get("s")) {
      try { s = JSON.parse(p.get("s")); } catch (e) { throw new Error("s is not JSON: " + e.message); }
      if (!Array.isArray(s) || s.length !== 2 || typeof s[0] !== "string" || (s[1] !== null && typeof s[1] !== "number")) {
        throw new Error("s is not [series, year]");
      }
    }
    return { f: out, t: steps, s: s };
  }
  function reset() {
    nodes.clear(); edges.clear();
    addedBy = {}; pinned = {}; opened = {}; moreNodes = {}; selected = null;
    stats();
  }
  // draw the trail again from nothing (after a reload or a change of filters)
  function replay() {
    var steps = state.t.slice();
    reset();
    var failed = [];
    busy(1);
    return steps.reduce(function (p, s) {
      return p.then(function () { return run(s, false).catch(function (e) { failed.push(describe(s) + ": " + e.message); }); });
    }, Promise.resolve()).then(function () {
      showTrail();
      writeUrl();
      if (failed.length) { status("足迹中有 " + failed.length + " 步未能重现 · " + failed.length + " step(s) could not be redone: " + failed[0], true); }
      if (selected && info[selected] && info[selected].relations) { panel(info[selected]); }
    }).finally(function () { busy(-1); });
  }

  // -- filters -------------------------------------------------------------------------------
  var boxes = {};
  function readFilters() {
    var all = Object.keys(boxes), on = all.filter(function (c) { return boxes[c].checked; });
    state.f.cls = on.length === all.length ? [] : on;
    state.f.report = $("fReport").value.trim();
    state.f.issuer = $("fIssuer").value.trim();
    state.f.year = $("fYear").value;
  }
  function applyFilters() {
    readFilters();
    if (state.f.cls.length === 0 && Object.keys(boxes).some(function (c) { return !boxes[c].checked; })) {
      status("没有选中任何类别 · no class is selected", true);
    }
    return replay().then(function () { if (series.id) { return showSeries(series.id, series.year); } });
  }
  function showFilters() {
    Object.keys(boxes).forEach(function (c) { boxes[c].checked = state.f.cls.length === 0 || state.f.cls.indexOf(c) >= 0; });
    $("fReport").value = state.f.report; $("fIssuer").value = state.f.issuer; $("fYear").value = state.f.year;
  }

  // -- search with suggestions ---------------------------------------------------------------
  var search = $("search"), box = $("suggest"), msg = $("searchMsg"), items = [], active = -1, timer = null, asked = 0;
  function hide() { box.hidden = true; items = []; active = -1; }
  function choose(i) {
    var it = items[i];
    if (!it) { return; }
    hide();
    search.value = it.label;
    act(["o", it.id]);
  }
  function suggest() {
    var q = search.value.trim(), n = ++asked;
    if (!q) { hide(); msg.textContent = ""; return; }
    api("suggest", { q: q }).then(function (r) {
      if (n !== asked) { return; }
      items = r.items; active = items.length ? 0 : -1;
      box.replaceChildren();
      msg.textContent = items.length ? "" : "未找到 not found";
      items.forEach(function (it, i) {
        var row = V.add(box, "div", null, "item" + (i === 0 ? " active" : ""));
        var left = V.add(row, "span", it.label);
        if (it.name !== it.label) { V.add(left, "span", " （" + it.name + "）", "muted"); }
        V.add(row, "span", it.clsLabel + " · " + it.degree, "muted");
        row.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(i); });
      });
      var foot = (r.capped ? r.total + "+" : r.total) + " 个匹配 matches" + (r.note ? " · " + r.note : "");
      V.add(box, "div", foot, "foot");
      box.style.left = search.offsetLeft + "px";
      box.hidden = false;
    }).catch(function (e) { if (n === asked) { msg.textContent = e.message; hide(); } });
  }
  search.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(suggest, 120); });
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      if (!items.length) { return; }
      ev.preventDefault();
      active = (active + (ev.key === "ArrowDown" ? 1 : items.length - 1)) % items.length;
      Array.prototype.forEach.call(box.querySelectorAll(".item"), function (el, i) { el.classList.toggle("active", i === active); });
    } else if (ev.key === "Enter") {
      ev.preventDefault();
      clearTimeout(timer);
      if (items.length) { choose(Math.max(active, 0)); } else { suggest(); }
    } else if (ev.key === "Escape") { hide(); }
  });
  search.addEventListener("blur", function () { setTimeout(hide, 150); });

  // -- the canvas ------------------------------------------------------------------------------
  network.on("click", function (p) {
    if (!p.nodes.length) { return; }
    var id = p.nodes[0], m = moreNodes[id];
    if (m) { act(["x", m.src, m.kind, m.cls, m.offset]); } else if (series.id) { openInSeries(id); } else if (selected !== id) { act(["o", id]); }
  });
  network.on("doubleClick", function (p) {
    if (p.nodes.length && !moreNodes[p.nodes[0]] && !series.id) { act(["x", p.nodes[0], "", "", 0]); }
  });

  // -- the series view -------------------------------------------------------------------------
  // A report series on the canvas: the entities of its editions up to the slider's year,
  // coloured by the year they first appear; one present before but absent in that year's
  // edition is drawn pale with a dashed border. The panel shows the series' figure trends.
  function yearColor(y) { return YEAR_COLORS[series.data.years.indexOf(y) % YEAR_COLORS.length]; }
  function seriesNode(s, y) {
    var st = styleOf[s.cls] || { shape: "dot" }, c = yearColor(s.first), gone = s.years.indexOf(y) < 0;
    var title = s.clsLabel + "：" + s.label + "\n首次出现 first seen " + s.first + " · 提及 in " + s.years.join("、") +
      (gone ? "\n" + y + " 年未再提及 not mentioned in " + y : "");
    return { id: s.id, label: V.shortLabel(s.label), title: title, shape: st.shape === "image" ? "dot" : st.shape,
             color: gone ? { background: "#eef1f4", border: c } : { background: c, border: "#243b53" },
             borderWidth: gone ? 3 : (s.first === y ? 3 : 1), shapeProperties: { borderDashes: gone ? [5, 4] : false },
             font: { color: gone ? "#9aa5b1" : "#102a43" }, gone: gone, first: s.first,
             size: Math.round(11 + 5 * Math.sqrt(Math.min(s.degree || 0, 40))) };
  }
  function drawSeriesYear() {
    var d = series.data, i = Number($("seriesYear").value), y = d.years[i];
    series.year = y;
    $("seriesYearText").textContent = String(y);
    var shown = d.nodes.filter(function (s) { return s.first <= y; }), keep = {};
    shown.forEach(function (s) { keep[s.id] = true; info[s.id] = info[s.id] || s; });
    nodes.remove(nodes.getIds().filter(function (id) { return !keep[id]; }));
    var vis = shown.map(function (s) { return seriesNode(s, y); });
    nodes.update(vis);
    edges.clear();
    addEdges(d.edges);
    seriesLegend(y, vis);
    seriesPanel(y);
    document.body.dataset.seriesYear = String(y);
    stats();
    writeUrl();
    status("系列 series: " + d.series.label + " · " + y + " · " + shown.length + " / " + d.total + " 实体 entities" +
           (d.more ? " · " + d.more + " 未画 not drawn" : ""));
  }
  function seriesLegend(y, vis) {
    var box = $("seriesLegend");
    box.replaceChildren();
    series.data.years.filter(function (x) { return x <= y; }).forEach(function (x) {
      var n = vis.filter(function (v) { return v.first === x; }).length;
      var row = V.add(box, "div", null, "row year-row");
      row.dataset.year = String(x);
      V.add(row, "span", null, "swatch").style.background = yearColor(x);
      V.add(row, "span", x + " 年首次出现 first seen (" + n + ")" + (x === y ? " · 新 new" : ""));
    });
    var gone = vis.filter(function (v) { return v.gone; }).length;
    var row = V.add(box, "div", null, "row dropped-row");
    V.add(row, "span", null, "swatch dropped");
    V.add(row, "span", y + " 年未再提及 dropped (" + gone + ")");
  }
  function seriesPanel(y) {
    var d = series.data, panel = $("panel");
    panel.replaceChildren();
    V.add(panel, "h2", d.series.label, "name");
    V.add(panel, "div", "报告系列 report series · " + d.years.join("、"), "cls");
    V.add(panel, "h2", "版次 Editions");
    var ul = V.add(panel, "ul");
    d.editions.forEach(function (e) {
      V.add(ul, "li", e.year + "：" + e.title + "（" + e.entities + " 实体 entities）", e.year === y ? "" : "muted");
    });
    var many = d.trends.filter(function (t) { return t.points.length > 1; });
    V.add(panel, "h2", "趋势 Trends (" + many.length + ")");
    many.forEach(function (t) { V.sparkline(panel, t, y); });
    var one = d.trends.length - many.length;
    if (one) { V.add(panel, "div", one + " 项指标只有一年的数据 indicator(s) with one year only", "muted"); }
    if (!d.trends.length) { V.add(panel, "div", "没有可比的数据 no comparable figures", "muted"); }
  }
  function openInSeries(id) {
    busy(1);
    return api("node", { id: id }).then(function (n) {
      info[id] = n; selected = id; panel(n);
      var s = series.data && series.data.nodes.filter(function (x) { return x.id === id; })[0];
      if (s) { V.add($("panel"), "div", "系列中 in the series: " + s.years.join("、"), "muted series-years"); }
    }).catch(function (e) { status(e.message, true); }).finally(function () { busy(-1); });
  }
  function showSeries(id, year) {
    if (!id) {
      series.id = ""; series.data = null; series.year = null;
      $("seriesLegend").replaceChildren();
      delete document.body.dataset.seriesYear;
      return replay();
    }
    busy(1);
    return api("series", { id: id }).then(function (r) {
      reset();
      series.id = id; series.data = r;
      $("fSeries").value = id;
      var slider = $("seriesYear"), i = r.years.indexOf(year);
      slider.max = String(Math.max(r.years.length - 1, 0));
      slider.value = String(i >= 0 ? i : r.years.length - 1);
      drawSeriesYear();
      settle();
      network.fit({ animation: false });
    }).catch(function (e) { status(e.message, true); }).finally(function () { busy(-1); });
  }

  // -- start -----------------------------------------------------------------------------------
  window.kgExplorer = { nodes: nodes, edges: edges, network: network, state: state, timings: timings,
                        act: act, info: info, series: series };
  busy(1);
  api("meta").then(function (m) {
    meta = m;
    m.classes.forEach(function (c) {
      styleOf[c.name] = c;
      boxes[c.name] = V.legendRow($("legend"), c, applyFilters, function (only) {
        Object.keys(boxes).forEach(function (k) { boxes[k].checked = k === only; }); applyFilters();
      });
    });
    m.issuers.forEach(function (i) { var o = V.add($("issuers"), "option"); o.value = i; });
    m.years.forEach(function (y) { var o = V.add($("fYear"), "option", String(y)); o.value = String(y); });
    $("showAll").addEventListener("click", function () { Object.keys(boxes).forEach(function (k) { boxes[k].checked = true; }); applyFilters(); });
    $("showNone").addEventListener("click", function () { Object.keys(boxes).forEach(function (k) { boxes[k].checked = false; }); applyFilters(); });
    ["fReport", "fIssuer", "fYear"].forEach(function (k) { $(k).addEventListener("change", applyFilters); });
    $("clear").addEventListener("click", function () { state.t = []; reset(); showTrail(); writeUrl(); status(""); });
    stats();
    var url = null;
    try { url = readUrl(); } catch (e) {
      status("链接中的视图无法读取，已从空白开始 · the view in this link could not be read (" + e.message + "); starting empty", true);
      history.replaceState(null, "", location.pathname);
    }
    return api("series").then(function (r) {
      if (r.series.length) { $("seriesBox").hidden = false; }
      r.series.forEach(function (x) { var o = V.add($("fSeries"), "option", x.label + "（" + x.years.join("、") + "）"); o.value = x.id; });
      $("fSeries").addEventListener("change", function () { showSeries($("fSeries").value, null); });
      $("seriesYear").addEventListener("input", function () { if (series.data) { drawSeriesYear(); } });
      if (url) {
        state.f = url.f; state.t = url.t; showFilters();
        return replay().then(function () { if (url.s) { return showSeries(url.s[0], url.s[1]); } });
      }
    });
  }).catch(function (e) { status(e.message, true); })
    .finally(function () { busy(-1); document.body.dataset.ready = "1"; });
})();
