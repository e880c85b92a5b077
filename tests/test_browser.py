"""The generated pages in a real browser: Debian's Chromium driven by Playwright.

Every request but the page's own file is blocked and recorded; console errors are
recorded. Counts are read from the page's vis DataSets (``window.kgNodes``/``kgEdges``)
and compared with the networkx projection. Saves ``build/graph.png`` (the README's
screenshot of the seed entity view).
"""
from __future__ import annotations

import os
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.networks import to_networkx
from kg.views import write_view
from kg.visualize import CLASS_STYLE
from kg.vocab import DATA, KG, OA
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: run scripts/setup.sh --test")
        pytest.skip(f"{CHROMIUM} is missing: run scripts/setup.sh --test")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Page:
    """One opened view: the Playwright page plus what it asked for and complained about."""

    def __init__(self, browser, path: Path):
        self.url = path.resolve().as_uri()
        self.requests: list[str] = []
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.page = browser.new_page(viewport={"width": 1600, "height": 1000})
        self.page.route("**/*", self._route)
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(self.url)
        # a selector wait: the page's CSP forbids the eval that wait_for_function needs
        self.page.wait_for_selector("body[data-stable='1']", state="attached", timeout=30_000)

    def _route(self, route):
        if route.request.url == self.url:
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def js(self, expr: str):
        return self.page.evaluate(expr)

    def left_the_page(self) -> list[str]:
        return [u for u in self.requests + self.blocked if u != self.url and not u.startswith(("data:", "blob:"))]


@pytest.fixture(scope="module")
def seed_nx(seed_graph, ontology):
    return to_networkx(seed_graph, ontology=ontology)


@pytest.fixture(scope="module")
def seed_page(browser, seed_graph, ontology, tmp_path_factory):
    out = tmp_path_factory.mktemp("viz") / "graph.html"
    write_view(seed_graph, out, ontology=ontology)
    page = Page(browser, out)
    yield page
    page.page.close()


def test_seed_view_renders_every_entity_and_relation(seed_page, seed_nx):
    p = seed_page
    assert p.errors == []
    assert p.left_the_page() == []
    assert p.requests == [p.url]
    assert p.js("window.kgNodes.length") == seed_nx.number_of_nodes() == 59
    assert p.js("window.kgEdges.length") == seed_nx.number_of_edges()
    assert set(p.js("window.kgNodes.getIds()")) == set(seed_nx)
    pairs = sorted((e["from"], e["to"]) for e in p.js("window.kgEdges.get()"))
    assert pairs == sorted((s, o) for s, o in seed_nx.edges())
    # physics has stopped: the layout does not move any more
    before = p.js("window.kgNetwork.getPositions()")
    p.page.wait_for_timeout(300)
    assert p.js("window.kgNetwork.getPositions()") == before
    # the README's screenshot: the best-connected entity selected, its panel open
    hub = max(seed_nx, key=lambda n: (seed_nx.degree(n), n))
    p.page.evaluate("id => window.kgShow(id)", hub)
    assert p.page.inner_text("#panel h2.name") == seed_nx.nodes[hub]["label"]
    (ROOT / "build").mkdir(exist_ok=True)
    p.page.screenshot(path=str(ROOT / "build" / "graph.png"))
    assert (ROOT / "build" / "graph.png").stat().st_size > 50_000


def test_search_focuses_a_node_by_alias_and_by_label(seed_page, seed_nx):
    p = seed_page
    names = {}
    for n, a in seed_nx.nodes(data=True):
        for name in [a["label"], *a["aliases"]]:
            names.setdefault(name, set()).add(n)
    node, alias = next((n, a["aliases"][0]) for n, a in sorted(seed_nx.nodes(data=True))
                       if a["aliases"] and len(names[a["aliases"][0]]) == 1)
    p.page.fill("#search", alias)
    p.page.press("#search", "Enter")
    assert p.js("window.kgNetwork.getSelectedNodes()") == [node]
    assert p.page.inner_text("#panel h2.name") == seed_nx.nodes[node]["label"]
    other = next(n for n in sorted(seed_nx) if n != node and seed_nx.nodes[n]["evidence"])
    p.page.fill("#search", seed_nx.nodes[other]["label"])
    p.page.press("#search", "Enter")
    assert p.js("window.kgNetwork.getSelectedNodes()") == [other]
    panel = p.page.inner_text("#panel")
    assert seed_nx.nodes[other]["evidence"][0]["sentence"][:20] in panel  # quoted source sentence
    assert seed_nx.nodes[other]["type_label"] in panel
    p.page.fill("#search", "不存在的名称")
    p.page.press("#search", "Enter")
    assert p.page.inner_text("#searchMsg") == "未找到 not found"
    assert p.errors == [] and p.left_the_page() == []


def test_class_filter_hides_the_other_classes(seed_page, seed_nx):
    p = seed_page
    counts: dict[str, int] = {}
    for _, a in seed_nx.nodes(data=True):
        counts[a["type"]] = counts.get(a["type"], 0) + 1
    cls = max(counts, key=lambda c: (counts[c], c))
    p.page.click(f"button.only[data-cls='{cls}']")
    hidden = {n["id"]: bool(n.get("hidden")) for n in p.js("window.kgNodes.get()")}
    assert {n for n, h in hidden.items() if not h} == {n for n, a in seed_nx.nodes(data=True) if a["type"] == cls}
    assert sum(hidden.values()) == 59 - counts[cls]
    # the shown nodes keep their class colour (vis-network's group colours must not take over)
    shown = next(n for n, h in hidden.items() if not h)
    drawn = p.page.evaluate("id => window.kgNetwork.body.nodes[id].options.color.background", shown)
    assert drawn == CLASS_STYLE[cls][0]
    unchecked = p.js("Array.from(document.querySelectorAll('input.class-filter')).filter(b => !b.checked).length")
    assert unchecked == len(counts) - 1
    p.page.click("#showAll")
    assert not any(n.get("hidden") for n in p.js("window.kgNodes.get()"))


def _hostile_graph() -> Graph:
    """Two entities whose names, alias and quoted sentence are markup."""
    from rdflib.namespace import XSD  # imported here: pytest's collector trips over the closed namespace

    g = Graph()
    rep = DATA["report/hostile"]
    g.add((rep, RDF.type, KG.Report))
    g.add((rep, RDFS.label, Literal(f"报告{IMG}", lang="zh")))
    sent = URIRef(f"{rep}/sentence/0-40")
    g.add((sent, RDF.type, KG.Sentence))
    g.add((sent, KG.text, Literal(f"{SCRIPT}与{IMG}合作。")))
    g.add((sent, KG.start, Literal(0, datatype=XSD.nonNegativeInteger)))
    g.add((sent, KG.end, Literal(40, datatype=XSD.nonNegativeInteger)))
    g.add((sent, KG.sentenceOf, rep))
    a, b = DATA["entity/hostile-a"], DATA["entity/hostile-b"]
    for ent, label, cls in ((a, SCRIPT, KG.University), (b, IMG, KG.Enterprise)):
        g.add((ent, RDF.type, cls))
        g.add((ent, RDF.type, KG.Organization))
        g.add((ent, RDFS.label, Literal(label, lang="zh")))
        m = URIRef(f"{sent}/m/{ent.rsplit('-', 1)[-1]}")
        g.add((m, RDF.type, KG.Mention))
        g.add((m, OA.hasBody, ent))
        g.add((m, KG.inSentence, sent))
    g.add((b, SKOS.altLabel, Literal("<b onmouseover=alert(1)>别名</b>", lang="zh")))
    g.add((a, KG.cooperatesWith, b))
    g.add((b, KG.cooperatesWith, a))
    return g


def test_markup_in_reports_is_shown_as_text(browser, ontology, tmp_path):
    g = _hostile_graph()
    out = tmp_path / "hostile.html"
    write_view(g, out, ontology=ontology)
    expected = to_networkx(g, ontology=ontology)
    p = Page(browser, out)
    try:
        assert p.js("typeof window.__pwned") == "undefined"
        assert p.js("window.kgNodes.length") == expected.number_of_nodes() == 2
        assert p.js("window.kgEdges.length") == expected.number_of_edges() == 1
        labels = {n["label"] for n in p.js("window.kgNodes.get()")}
        assert labels == {SCRIPT[:11] + "…", IMG[:11] + "…"}  # long names are cut on the canvas only
        p.page.fill("#search", SCRIPT)
        p.page.press("#search", "Enter")
        assert p.js("window.kgNetwork.getSelectedNodes()") == [str(DATA["entity/hostile-a"])]
        assert p.page.inner_text("#panel h2.name") == SCRIPT
        assert SCRIPT in p.page.inner_text("#panel blockquote")
        assert IMG in p.page.inner_text("#panel")  # the other entity, in the relation list and the report name
        # the tooltip is text too: hover the node
        pos = p.page.evaluate("id => { const n = window.kgNetwork; return n.canvasToDOM(n.getPositions([id])[id]); }",
                              str(DATA["entity/hostile-b"]))
        box = p.page.locator("#net").bounding_box()
        p.page.mouse.move(box["x"] + pos["x"], box["y"] + pos["y"])
        p.page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
        assert IMG in p.page.inner_text("div.vis-tooltip")
        p.page.fill("#search", "别名")
        p.page.press("#search", "Enter")
        assert p.js("window.kgNetwork.getSelectedNodes()") == [str(DATA["entity/hostile-b"])]
        for where in ("#panel", "#legend", "div.vis-tooltip", "#title", "#side"):
            assert p.js(f"document.querySelectorAll('{where} script, {where} img, {where} b').length") == 0
        # vis-network, the shared kg-view.js, the data block, the page script
        assert p.js("document.querySelectorAll('script').length") == 4
        assert p.js("typeof window.__pwned") == "undefined"
        assert p.errors == []
        assert p.left_the_page() == []  # an <img src=x> that became markup would have asked for x
    finally:
        p.page.close()


@pytest.mark.parametrize("view", ["measures", "ontology"])
def test_other_views_render(browser, seed_graph, ontology, tmp_path, view):
    out = tmp_path / f"{view}.html"
    v = write_view(seed_graph, out, ontology=ontology, view=view)
    p = Page(browser, out)
    try:
        assert p.errors == [] and p.left_the_page() == []
        assert p.js("window.kgNodes.length") == v.graph.number_of_nodes() > 50
        assert p.js("window.kgEdges.length") == v.graph.number_of_edges() > 50
        assert set(p.js("window.kgNodes.getIds()")) == set(v.graph)
        comp = max(nx.weakly_connected_components(v.graph), key=len)
        hub = max(comp, key=lambda n: (v.graph.degree(n), n))
        p.page.evaluate("id => window.kgFocus(id)", hub)
        assert p.js("window.kgNetwork.getSelectedNodes()") == [hub]
        assert p.page.inner_text("#panel h2.name") == v.graph.nodes[hub]["label"]
    finally:
        p.page.close()


def test_capped_large_view_stays_usable(browser, ontology, tmp_path):
    from kg.synthetic import synthetic_graph

    g = synthetic_graph(3000, seed=2)
    out = tmp_path / "large.html"
    v = write_view(g, out, ontology=ontology, max_nodes=400)
    assert v.total == 3000
    p = Page(browser, out)
    try:
        assert p.errors == [] and p.left_the_page() == []
        assert p.js("window.kgNodes.length") == 400
        assert p.js("window.kgEdges.length") == v.graph.number_of_edges()
        assert "400 / 3000" in p.page.inner_text("#note")
    finally:
        p.page.close()
