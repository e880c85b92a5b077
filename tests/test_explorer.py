"""The explorer's index and API (kg.explorer) on small stores written here, and through a
real ``kg serve`` endpoint (Oxigraph behind the guards) for the guard and the HTTP side.

The corpus below is made up for these tests: three reports of two issuers, a university
with an alias, figures and quoted sentences, names with markup and quotes, and a place
that 50,000 companies are located in (the hub no page may load at once).
"""
from __future__ import annotations

import json
import urllib.error
import urllib.request

import pyoxigraph as ox
import pytest

from kg.explorer import Explorer, build_index, evidence, store_sparql
from kg.networks import default_ontology
from kg.serve import Endpoint, ServerConfig
from tests.conftest import ROOT

KG = "https://w3id.org/govkg/ontology#"
OA = "http://www.w3.org/ns/oa#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
ISSUED = "http://purl.org/dc/terms/issued"
ID = "https://w3id.org/govkg/id/"
HUB_SIZE = 50_000
MARKUP = '<img src=x onerror="window.__pwned=1">实验室'
QUOTED = '“双引号"与\'单引号\'中心'

# report key -> (title, issuer entity key, year, sentences as (text, [entity keys]))
REPORTS = {
    "r1": ("甲市科学技术局2023年工作总结", "bureau", 2023, [
        ("甲市科学技术局与乙大学共建丙研究中心。", ["bureau", "univ", "center"]),
        ("乙大学牵头组建丁创新联盟，投入资金300万元。", ["univ", "alliance"]),
    ]),
    "r2": ("甲市科学技术局2024年工作总结", "bureau", 2024, [
        ("乙大学与戊公司签订合作协议。", ["univ", "company"]),
        ("戊公司在甲省设立研发部门。", ["company", "province"]),
    ]),
    "r3": ("己县人民政府2024年工作报告", "county", 2024, [
        ("己县人民政府支持" + MARKUP + "建设。", ["county", "lab"]),
        ("县里建成" + QUOTED + "。", ["county", "quoted"]),
    ]),
}
# entity key -> (label, classes, aliases)
ENTITIES = {
    "bureau": ("甲市科学技术局", ["GovernmentBody", "PublicBody", "Organization"], ["甲市科技局"]),
    "county": ("己县人民政府", ["GovernmentBody", "PublicBody", "Organization"], []),
    "univ": ("乙大学", ["University", "Organization"], ["乙大"]),
    "center": ("丙研究中心", ["ResearchCenter", "InnovationPlatform"], []),
    "alliance": ("丁创新联盟", ["Program"], []),
    "company": ("戊公司", ["Enterprise", "Organization"], []),
    "province": ("甲省", ["Place"], []),
    "lab": (MARKUP, ["InnovationPlatform"], []),
    "quoted": (QUOTED, ["ResearchCenter", "InnovationPlatform"], []),
}
EDGES = [("bureau", "coBuilt", "center"), ("bureau", "built", "center"), ("univ", "coBuilt", "center"),
         ("univ", "cooperatesWith", "company"), ("company", "cooperatesWith", "univ"),
         ("company", "locatedIn", "province"), ("county", "built", "lab"), ("county", "built", "quoted"),
         ("univ", "promoted", "alliance")]


def iri(key: str) -> str:
    return f"{ID}entity/{key}"


def lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def corpus_nquads(hub: int = HUB_SIZE) -> str:
    """The test corpus as N-Quads: one graph per report, relations and the hub in an inferred graph."""
    out = []
    inferred = f"<{ID}graph/inferred>"
    for key, (label, classes, aliases) in ENTITIES.items():
        for c in classes:
            out.append(f"<{iri(key)}> <{RDF_TYPE}> <{KG}{c}> {inferred} .")
        out.append(f"<{iri(key)}> <{LABEL}> {lit(label)}@zh {inferred} .")
        out += [f"<{iri(key)}> <{ALT}> {lit(a)}@zh {inferred} ." for a in aliases]
    for rk, (title, issuer, year, sentences) in REPORTS.items():
        r, g = f"{ID}report/{rk}", f"<{ID}report/{rk}>"
        out += [f"<{r}> <{RDF_TYPE}> <{KG}Report> {g} .", f"<{r}> <{LABEL}> {lit(title)}@zh {g} .",
                f"<{r}> <{KG}issuedBy> <{iri(issuer)}> {g} .",
                f'<{r}> <{ISSUED}> "{year}"^^<http://www.w3.org/2001/XMLSchema#integer> {g} .']
        start = 0
        for i, (text, keys) in enumerate(sentences):
            s = f"{r}/sentence/{start}-{start + len(text)}"
            # as kg build writes it (ontology 2.5.0): the sentence's offsets only in its IRI
            out += [f"<{s}> <{KG}text> {lit(text)} {g} .", f"<{s}> <{KG}sentenceOf> <{r}> {g} ."]
            for k in keys:
                m = f"{r}/m/{i}/{k}"
                out += [f"<{m}> <{OA}hasBody> <{iri(k)}> {g} .", f"<{m}> <{KG}inSentence> <{s}> {g} .",
                        f"<{iri(k)}> <{KG}mentionedIn> <{r}> {inferred} ."]
            start += len(text)
    out.append(f"<{ID}report/r1/obs/1> <{KG}measures> <{iri('alliance')}> <{ID}report/r1> .")
    out.append(f"<{ID}report/r1/obs/1> <{LABEL}> {lit('投入资金：300万元')}@zh <{ID}report/r1> .")
    for a, p, b in EDGES:
        out.append(f"<{iri(a)}> <{KG}{p}> <{iri(b)}> {inferred} .")
    for i in range(hub):
        e = iri(f"firm{i:05d}")
        out += [f"<{e}> <{RDF_TYPE}> <{KG}Enterprise> {inferred} .", f"<{e}> <{RDF_TYPE}> <{KG}Organization> {inferred} .",
                f"<{e}> <{LABEL}> \"企业{i:05d}\"@zh {inferred} .", f"<{e}> <{KG}locatedIn> <{iri('province')}> {inferred} ."]
    return "\n".join(out) + "\n"


@pytest.fixture(scope="module")
def store():
    s = ox.Store()
    s.load(corpus_nquads(), format=ox.RdfFormat.N_QUADS)
    return s


@pytest.fixture(scope="module")
def explorer(store):
    return Explorer(build_index(store, ontology=default_ontology()), store_sparql(store))


def ask(explorer, name, **params):
    return explorer.handle(name, {k: v if isinstance(v, list) else [str(v)] for k, v in params.items()})


def test_index_holds_entities_relations_and_reports(explorer):
    ix = explorer.index
    assert len(ix.iris) == len(ENTITIES) + HUB_SIZE
    univ = ix.number[iri("univ")]
    assert (ix.labels[univ], ix.classes[univ], ix.aliases[univ]) == ("乙大学", "University", ("乙大",))
    assert ix.classes[ix.number[iri("bureau")]] == "GovernmentBody"   # the most specific class
    # built is implied by coBuilt between the same pair: kept once, as coBuilt
    kinds = sorted(ix.relations[p] for n, p, out in ix.adjacency[ix.number[iri("bureau")]])
    assert kinds == ["coBuilt"]
    # cooperatesWith both ways is one relation
    assert sorted(ix.relations[p] for _, p, _ in ix.adjacency[univ]) == ["coBuilt", "cooperatesWith", "promoted"]
    assert ix.degree[ix.number[iri("province")]] == HUB_SIZE + 1
    assert [(t, i, y) for t, i, y in zip(ix.titles, ix.issuers, ix.years)] == [   # by title
        ("己县人民政府2024年工作报告", "己县人民政府", 2024), ("甲市科学技术局2023年工作总结", "甲市科学技术局", 2023),
        ("甲市科学技术局2024年工作总结", "甲市科学技术局", 2024)]


def test_suggest_exact_then_prefix_then_contains(explorer):
    status, doc = ask(explorer, "suggest", q="乙大")
    assert status == 200
    assert [(i["label"], i["name"], i["rank"]) for i in doc["items"]] == [("乙大学", "乙大", 0)]
    status, doc = ask(explorer, "suggest", q="中心")
    assert [i["label"] for i in doc["items"]] == ["丙研究中心", QUOTED]     # the better connected first
    assert doc["total"] == 2 and doc["capped"] is False
    status, doc = ask(explorer, "suggest", q="  甲市科技局 ")
    assert [i["id"] for i in doc["items"]] == [iri("bureau")]


def test_one_character_search_gives_names_that_start_with_it(explorer):
    status, doc = ask(explorer, "suggest", q="企")
    assert status == 200
    assert len(doc["items"]) == 12 and doc["total"] == 5000 and doc["capped"] is True
    assert all(i["label"].startswith("企业") for i in doc["items"])
    assert "one character" in doc["note"]
    status, doc = ask(explorer, "suggest", q="学")      # inside names only from two characters on
    assert doc["items"] == [] and doc["total"] == 0
    status, doc = ask(explorer, "suggest", q="")
    assert doc["items"] == [] and "type a name" in doc["note"]


def test_markup_and_quotes_come_back_as_the_same_text(explorer):
    status, doc = ask(explorer, "suggest", q="<img src=x")
    assert status == 200 and [i["label"] for i in doc["items"]] == [MARKUP]
    status, doc = ask(explorer, "suggest", q='"与\'单')
    assert [i["label"] for i in doc["items"]] == [QUOTED]
    status, doc = ask(explorer, "node", id=iri("lab"))
    assert doc["label"] == MARKUP and MARKUP in doc["evidence"][0]["sentence"]
    # nothing the user types reaches SPARQL: an id that tries to break out of <...> is just unknown
    status, doc = ask(explorer, "node", id=iri("univ") + "> ?p ?o } #")
    assert status == 404 and doc["error"].startswith("no entity 'https://w3id.org/govkg/id/entity/univ> ?p ?o } #'")
    status, doc = ask(explorer, "suggest", q="x" * 101)
    assert (status, doc["error"]) == (400, "q is 101 characters long; search with at most 100")


def test_open_a_node(explorer):
    status, doc = ask(explorer, "node", id=iri("univ"))
    assert status == 200
    assert (doc["label"], doc["cls"], doc["clsLabel"], doc["aliases"], doc["degree"]) == (
        "乙大学", "University", "高等院校", ["乙大"], 3)
    assert [(g["kind"], g["out"], g["count"], [s["label"] for s in g["sample"]]) for g in doc["relations"]] == [
        ("cooperatesWith", True, 1, ["戊公司"]), ("coBuilt", True, 1, ["丙研究中心"]), ("promoted", True, 1, ["丁创新联盟"])]
    assert {c["cls"]: c["count"] for c in doc["neighbourClasses"]} == {"ResearchCenter": 1, "Enterprise": 1, "Program": 1}
    # quoted sentences: report title and offsets that cut the sentence out of the report's text
    texts = {rk: "".join(t for t, _ in REPORTS[rk][3]) for rk in REPORTS}
    assert len(doc["evidence"]) == 3
    for ev in doc["evidence"]:
        rk = ev["report"].rsplit("/", 1)[-1]
        assert texts[rk][ev["start"]:ev["end"]] == ev["sentence"] and "乙大学" in ev["sentence"]
        assert ev["title"] == REPORTS[rk][0]
    assert [(ev["title"][-9:], ev["start"]) for ev in doc["evidence"]] == [
        ("2023年工作总结", 0), ("2023年工作总结", 19), ("2024年工作总结", 0)]
    assert [r["year"] for r in doc["reports"]] == [2023, 2024] and doc["reportCount"] == 2
    assert ask(explorer, "node", id=iri("alliance"))[1]["figures"] == ["投入资金：300万元"]


def test_evidence_is_read_in_one_place(store):
    first = {"sentence": "己县人民政府支持" + MARKUP + "建设。", "start": 0,
             "end": len("己县人民政府支持" + MARKUP + "建设。"), "report": f"{ID}report/r3"}
    run = store_sparql(store)
    assert evidence(run, iri("county"), limit=1) == [first]
    # read from the named reports' graphs only, else (nothing there) from the whole store
    assert evidence(run, iri("county"), reports=[f"{ID}report/r3"], limit=1) == [first]
    assert evidence(run, iri("univ"), reports=[f"{ID}report/r2"]) == [
        {"sentence": "乙大学与戊公司签订合作协议。", "start": 0, "end": 14, "report": f"{ID}report/r2"}]
    assert len(evidence(run, iri("univ"), reports=["urn:no-such-graph"])) == 3


def test_a_hub_of_50000_neighbours_is_served_a_page_at_a_time(explorer):
    status, doc = ask(explorer, "expand", id=iri("province"))
    assert status == 200
    assert (doc["total"], doc["shown"], doc["more"], len(doc["nodes"])) == (HUB_SIZE + 1, 40, HUB_SIZE + 1 - 40, 40)
    assert doc["nodes"][0]["label"] == "戊公司"    # best-connected first
    assert {e["kind"] for e in doc["edges"]} == {"locatedIn"} and all(e["to"] == iri("province") for e in doc["edges"])
    status, page2 = ask(explorer, "expand", id=iri("province"), offset=40, limit=200)
    assert (page2["shown"], page2["offset"], page2["more"]) == (200, 40, HUB_SIZE + 1 - 240)
    assert not {n["id"] for n in doc["nodes"]} & {n["id"] for n in page2["nodes"]}
    status, last = ask(explorer, "expand", id=iri("province"), offset=HUB_SIZE - 5)
    assert (last["shown"], last["more"]) == (6, 0)
    status, doc = ask(explorer, "node", id=iri("province"))
    assert doc["relations"][0]["count"] == HUB_SIZE + 1 and len(doc["relations"][0]["sample"]) == 6
    assert ask(explorer, "expand", id=iri("province"), limit=201) == (400, {"error": "limit=201 is out of range; give 1 to 200"})
    assert ask(explorer, "expand", id=iri("province"), offset="-1")[0] == 400


def test_expand_by_kind_and_class(explorer):
    status, doc = ask(explorer, "expand", id=iri("univ"), kind="cooperatesWith")
    assert [n["label"] for n in doc["nodes"]] == ["戊公司"]
    assert doc["edges"] == [{"from": iri("univ"), "to": iri("company"), "kind": "cooperatesWith", "label": "合作",
                             "arrows": False}]
    status, doc = ask(explorer, "expand", id=iri("univ"), cls="Program")
    assert [n["label"] for n in doc["nodes"]] == ["丁创新联盟"] and doc["total"] == 1
    status, doc = ask(explorer, "expand", id=iri("univ"), kind="nosuch")
    assert status == 400 and doc["error"].startswith("kind='nosuch' is not a relation; choose from: cooperatesWith, built")


def test_filters_by_class_report_issuer_and_year(explorer):
    labels = lambda doc: sorted(n["label"] for n in doc["nodes"])  # noqa: E731
    assert labels(ask(explorer, "expand", id=iri("univ"))[1]) == ["丁创新联盟", "丙研究中心", "戊公司"]
    assert labels(ask(explorer, "expand", id=iri("univ"), year=2024)[1]) == ["戊公司"]
    assert labels(ask(explorer, "expand", id=iri("univ"), report="2023年")[1]) == ["丁创新联盟", "丙研究中心"]
    assert labels(ask(explorer, "expand", id=iri("univ"), report=f"{ID}report/r2")[1]) == ["戊公司"]
    assert labels(ask(explorer, "expand", id=iri("county"), issuer="己县人民政府")[1]) == [MARKUP, QUOTED]
    assert labels(ask(explorer, "expand", id=iri("county"), issuer="甲市科学技术局")[1]) == []
    assert labels(ask(explorer, "expand", id=iri("univ"), cls=["Enterprise,Program"])[1]) == ["丁创新联盟", "戊公司"]
    assert [i["label"] for i in ask(explorer, "suggest", q="中心", year=2024)[1]["items"]] == [QUOTED]
    status, doc = ask(explorer, "expand", id=iri("univ"), cls="Dragon")
    assert status == 400 and doc["error"].startswith("cls='Dragon' is not a class of this corpus; choose from: ")
    assert ask(explorer, "expand", id=iri("univ"), year="二〇二四") == (400, {"error": "year='二〇二四' is not a year"})


def test_report_graph(explorer):
    status, doc = ask(explorer, "report", id=f"{ID}report/r1")
    assert status == 200
    assert doc["report"] == {"id": f"{ID}report/r1", "title": "甲市科学技术局2023年工作总结", "issuer": "甲市科学技术局",
                             "year": 2023}
    assert sorted(n["label"] for n in doc["nodes"]) == ["丁创新联盟", "丙研究中心", "乙大学", "甲市科学技术局"]
    assert sorted((e["from"][-6:], e["kind"], e["to"][-6:]) for e in doc["edges"]) == [
        ("bureau", "coBuilt", "center"), ("y/univ", "coBuilt", "center"), ("y/univ", "promoted", "liance")]
    assert ask(explorer, "report", id="urn:nothing") == (404, {"error": "no report 'urn:nothing' in this corpus"})


def test_meta_and_unknown_requests(explorer):
    status, doc = ask(explorer, "meta")
    assert status == 200 and doc["entities"] == len(ENTITIES) + HUB_SIZE and doc["reports"] == 3
    assert doc["years"] == [2023, 2024] and doc["issuers"] == ["甲市科学技术局", "己县人民政府"]
    first = doc["classes"][0]
    assert (first["name"], first["zh"], first["count"], first["shape"]) == ("Enterprise", "企业", HUB_SIZE + 1, "dot")
    assert ask(explorer, "nosuch")[0] == 404
    assert ask(explorer, "node") == (400, {"error": "id is missing: give the IRI of an entity"})


# -- through kg serve: the guards, the page and its assets -------------------------------

def get(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    path = tmp_path_factory.mktemp("explorer") / "store"
    s = ox.Store(str(path))
    s.load(corpus_nquads(hub=50), format=ox.RdfFormat.N_QUADS)
    s.flush()
    del s
    # at most 2 results per answer: opening an entity quoted in 3 sentences trips the size guard
    with Endpoint(ServerConfig(store=path, port=0, timeout=5, max_results=2)) as ep:
        yield ep.url


def test_the_guard_stops_an_explorer_query_with_its_message(served):
    status, headers, body = get(served + "/api/node?id=" + urllib.request.quote(iri("univ"), safe=""))
    assert status == 413 and headers["Content-Type"] == "application/json; charset=utf-8"
    assert json.loads(body) == {"error": "result too large: 3 results, the limit is 2; add LIMIT 2 or narrow the query"}
    status, _, body = get(served + "/api/node?id=" + urllib.request.quote(iri("county"), safe=""))
    assert status == 200 and len(json.loads(body)["evidence"]) == 2


def test_api_over_http(served):
    status, headers, body = get(served + "/api/suggest?q=" + urllib.request.quote("乙大"))
    assert status == 200 and headers["X-Content-Type-Options"] == "nosniff"
    assert [i["label"] for i in json.loads(body)["items"]] == ["乙大学"]
    status, _, body = get(served + "/api/expand?id=" + urllib.request.quote(iri("province"), safe="") + "&limit=20")
    assert status == 200 and (json.loads(body)["shown"], json.loads(body)["more"]) == (20, 31)
    assert get(served + "/api/expand?id=urn:x&limit=zz")[0] == 404
    assert json.loads(get(served + "/api/expand?id=" + urllib.request.quote(iri("univ"), safe="") + "&limit=zz")[2]) == {
        "error": "limit='zz' is not a whole number"}


def test_explorer_page_and_assets_are_served_under_a_strict_policy(served):
    status, headers, body = get(served + "/")
    page = body.decode("utf-8")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    csp = headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src 'self';" in csp and "unsafe" not in csp
    # no inline script or style (the policy forbids them): every script and style is a /static/ file
    assert "<style" not in page and page.count("<script") == page.count('<script src="/static/')
    for name in ("vis-network.min.js", "vis-network.css", "kg-view.js", "kg-view.css", "explorer.js"):
        status, headers, body = get(served + "/static/" + name)
        assert status == 200 and len(body) > 1000, name
        assert b"https://" not in body or name.startswith("vis-network"), name
    assert get(served + "/static/../serve.py")[0] == 404
    assert get(served + "/static/graph.html")[0] == 404
    status, headers, body = get(served + "/sparql")
    assert status == 200 and b"<textarea" in body and "connect-src 'self'" in headers["Content-Security-Policy"]


def test_the_static_page_inlines_the_code_the_explorer_serves():
    import networkx as nx

    from kg.explorer import asset
    from kg.visualize import SHARED_ASSETS, render_html

    g = nx.MultiDiGraph()
    g.add_node("urn:a", label="甲乙大学", type="University")
    page = render_html(g)
    for name in SHARED_ASSETS:        # the look, legend and panel: one file each, in both pages
        assert asset(name)[1].decode("utf-8").rstrip("\n") in page, name     # Jinja drops the last newline
    assert "kgView.renderPanel(" in page and "kgView.legendRow(" in page
    live = asset("explorer.js")[1].decode("utf-8")
    assert "var V = window.kgView;" in live and "V.renderPanel(" in live and "V.legendRow(" in live


# -- the series view: a kg build store of data/series (two issuers, three editions each) ------

SERIES_DIR = ROOT / "data" / "series"


@pytest.fixture(scope="session")
def series_store(tmp_path_factory):
    """``kg build data/series --store``: the build writes the series into id:graph/series."""
    from click.testing import CliRunner

    from kg.cli import cli

    out = tmp_path_factory.mktemp("series-build")
    r = CliRunner().invoke(cli, ["build", str(SERIES_DIR), "-o", str(out), "--store", str(out / "store"), "--no-html",
                                 "-j", "1", "--cache-dir", str(out / "cache")])
    assert r.exit_code == 0, r.output
    return out / "store"


@pytest.fixture(scope="module")
def series_explorer(series_store):
    s = ox.Store.read_only(str(series_store))
    return Explorer(build_index(s, ontology=default_ontology()), store_sparql(s)), s


def test_series_list_and_editions(series_explorer):
    ex, _ = series_explorer
    status, doc = ask(ex, "series")
    assert status == 200 and len(doc["series"]) == 2
    assert {s["label"].split("·")[0] for s in doc["series"]} == {"嘉兴市南湖区科学技术局", "株洲市天元区工业和信息化局"}
    assert all(s["years"] == [2022, 2023, 2024] and s["editions"] == 3 and s["trends"] > 0 for s in doc["series"])
    one = ask(ex, "series", id=doc["series"][0]["id"])[1]
    assert one["years"] == [2022, 2023, 2024] and [e["year"] for e in one["editions"]] == [2022, 2023, 2024]
    # the store of the made-up corpus has no series graph: no series
    assert ask(ex, "series", id="urn:nosuch")[0] == 404


def test_series_entities_carry_the_years_of_the_editions_that_mention_them(series_explorer):
    ex, _ = series_explorer
    ix = ex.index
    for s in ask(ex, "series")[1]["series"]:
        doc = ask(ex, "series", id=s["id"])[1]
        year_of = {ix.report_number[e["id"]]: e["year"] for e in doc["editions"]}
        assert doc["total"] == len(doc["nodes"]) > 0 and doc["more"] == 0
        for n in doc["nodes"]:
            e = ix.number[n["id"]]
            expected = sorted(year_of[r] for r in ix.mentioned[e] if r in year_of)
            assert n["years"] == expected and (n["first"], n["last"]) == (expected[0], expected[-1])
        # entities are new in a later edition, and some are dropped before the last one
        assert {n["first"] for n in doc["nodes"]} > {2022}
        assert any(n["last"] < 2024 for n in doc["nodes"])
        inside = {n["id"] for n in doc["nodes"]}
        assert all(e["from"] in inside and e["to"] in inside for e in doc["edges"])
    # the bureau renamed in 2023: the old name is only in 2022, the new one from 2023 on
    nanhu = next(s for s in ask(ex, "series")[1]["series"] if s["label"].startswith("嘉兴市南湖区"))
    names = {n["label"]: n["years"] for n in ask(ex, "series", id=nanhu["id"])[1]["nodes"]}
    assert names["嘉兴市南湖区科学技术委员会"] == [2022]
    assert names["嘉兴市南湖区科学技术局"] == [2023, 2024]
    # the class filter applies
    only = ask(ex, "series", id=nanhu["id"], cls="Place")[1]["nodes"]
    assert only and all(n["cls"] == "Place" for n in only)


def test_series_trends_only_line_up_comparable_figures(series_explorer):
    ex, store = series_explorer
    for s in ask(ex, "series")[1]["series"]:
        for t in ask(ex, "series", id=s["id"])[1]["trends"]:
            years = [p["year"] for p in t["points"]]
            assert years == sorted(set(years))                # one figure per edition, by year
            for p in t["points"]:   # every figure on the line has the slice's indicator, unit and scope
                # (2.6.0: a figure of the whole year, 全年, states no kg:scope)
                rows = list(store.query(
                    f"SELECT DISTINCT ?u ?sc ?c ?v WHERE {{ <{p['figure']}> <{KG}unit> ?u ; "
                    f"<{KG}canonicalIndicator> ?c ; <{KG}value> ?v OPTIONAL {{ <{p['figure']}> <{KG}scope> ?given }} "
                    f'BIND(COALESCE(?given, "全年") AS ?sc) }}', use_default_graph_as_union=True))
                assert [(r[0].value.rsplit("/", 1)[-1], r[1].value) for r in rows] == [(t["unit"], t["scope"])]
                assert float(rows[0][3].value) == p["value"]
    nanhu = next(s for s in ask(ex, "series")[1]["series"] if s["label"].startswith("嘉兴市南湖区"))
    trends = ask(ex, "series", id=nanhu["id"])[1]["trends"]
    deal = [t for t in trends if t["indicator"] == "技术合同成交额"]
    # the year's total over three editions (named differently in each), the first quarter apart
    full = next(t for t in deal if t["scope"] == "全年")
    assert full["unit"] == "CCY_CNY" and [p["year"] for p in full["points"]] == [2022, 2023, 2024]
    assert all(t["scope"] != "全年" for t in deal if t is not full)
    # the issuer's panel shows the series' trends of two editions or more
    issuer = ask(ex, "node", id=ask(ex, "series", id=nanhu["id"])[1]["series"]["issuer"])[1]
    assert issuer["trends"] and all(len(t["points"]) > 1 for t in issuer["trends"])
    assert full["id"] in {t["id"] for t in issuer["trends"]}


def test_a_store_without_series_has_none(explorer):
    assert ask(explorer, "series") == (200, {"series": []})
    assert ask(explorer, "node", id=iri("univ"))[1]["trends"] == []
