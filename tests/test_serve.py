"""kg serve: a real Oxigraph server behind the guarding proxy, on a free loopback port.

Started once per module as `python -m kg serve`, queried with SPARQLWrapper and plain
HTTP (GET and POST, content negotiation), then stopped with SIGTERM.
"""
from __future__ import annotations

import csv
import io
import json
import signal
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
import xml.dom.minidom

import pyoxigraph as ox
import pytest
from rdflib import Graph
from SPARQLWrapper import CSV, GET, JSON, POST, TSV, TURTLE, XML, SPARQLWrapper

from kg.query import run_query, saved_queries
from kg.serve import free_port
from tests.conftest import wait_until_serving

MONEY = ("PREFIX kg: <https://w3id.org/govkg/ontology#> PREFIX unit: <http://qudt.org/vocab/unit/> "
         "SELECT ?v WHERE { ?o kg:unit unit:CCY_CNY ; kg:value ?v } ORDER BY DESC(?v)")
MONEY_VALUES = [4900000000, 460000000, 65290000, 6970000, 2000000]
COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # 10^11 rows: never finishes


def http(url, *, data=None, headers=None, method=None):
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.headers.get_content_type(), r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get_content_type(), e.read().decode("utf-8")


@pytest.fixture(scope="module")
def endpoint(built_dir):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--graph", str(built_dir / "graph.trig"),
                             "--port", str(port), "--timeout", "1", "--max-results", "1000"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    wait_until_serving(proc, url + "/", seconds=30, what="kg serve")
    yield url, proc
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=15)
    proc.stdout.close()
    proc.stderr.close()


def test_announces_a_loopback_address(endpoint):
    url, proc = endpoint
    line = proc.stdout.readline()
    assert line.startswith(f"SPARQL endpoint {url}/sparql (read-only, 1 s, 1000 results)")
    assert url.startswith("http://127.0.0.1:")


def test_sparqlwrapper_select_get_and_post(endpoint):
    url, _ = endpoint
    for method in (GET, POST):
        sw = SPARQLWrapper(url + "/sparql")
        sw.setQuery(MONEY)
        sw.setMethod(method)
        sw.setReturnFormat(JSON)
        doc = sw.queryAndConvert()
        assert [int(float(b["v"]["value"])) for b in doc["results"]["bindings"]] == MONEY_VALUES


def test_sparqlwrapper_xml_csv_tsv_turtle(endpoint):
    url, _ = endpoint
    sw = SPARQLWrapper(url + "/sparql")
    sw.setQuery(MONEY)
    sw.setReturnFormat(XML)
    dom = sw.queryAndConvert()
    assert isinstance(dom, xml.dom.minidom.Document)
    assert len(dom.getElementsByTagName("result")) == 5
    sw.setReturnFormat(CSV)
    assert sw.queryAndConvert().decode("utf-8").splitlines() == ["v"] + [str(v) for v in MONEY_VALUES]
    sw.setReturnFormat(TSV)
    rows = list(ox.parse_query_results(sw.queryAndConvert(), format=ox.QueryResultsFormat.TSV))
    assert [int(r["v"].value) for r in rows] == MONEY_VALUES
    sw.setQuery("PREFIX kg: <https://w3id.org/govkg/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
                "CONSTRUCT { ?u rdfs:label ?l } WHERE { ?u a kg:University ; rdfs:label ?l }")
    sw.setReturnFormat(TURTLE)
    g = Graph().parse(data=sw.queryAndConvert(), format="turtle")
    assert sorted(str(o) for o in g.objects()) == ["重庆大学", "重庆师范大学", "重庆电子科技职业大学"]


@pytest.mark.parametrize("accept, ctype", [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
])
def test_plain_http_content_negotiation(endpoint, accept, ctype, seed_graph):
    url, _ = endpoint
    status, got, body = http(url + "/sparql?" + urllib.parse.urlencode({"query": COUNT_ALL}), headers={"Accept": accept})
    assert (status, got) == (200, ctype)
    assert str(len(seed_graph)) in body  # the union of the named graphs: each triple in one graph


def test_plain_http_post_forms(endpoint):
    url, _ = endpoint
    status, _, body = http(url + "/sparql", data=urllib.parse.urlencode({"query": MONEY}).encode(),
                           headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/csv"})
    assert status == 200 and body.splitlines()[1] == "4900000000"
    status, _, body = http(url + "/query", data=MONEY.encode(),
                           headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"})
    assert status == 200 and body.splitlines()[-1] == "2000000"
    describe = 'DESCRIBE ?u WHERE { ?u <http://www.w3.org/2000/01/rdf-schema#label> "重庆大学"@zh }'
    status, ctype, body = http(url + "/sparql?" + urllib.parse.urlencode({"query": describe}),
                               headers={"Accept": "application/n-triples"})
    assert (status, ctype) == (200, "application/n-triples") and '"重庆大学"@zh' in body


def test_a_query_longer_than_oxigraph_takes_by_get_is_answered(endpoint, seed_graph):
    """Oxigraph's server takes at most 8 KB of request line and headers; the proxy passes a
    longer GET query on as a URL-encoded POST, so any client may ask it by GET."""
    url, _ = endpoint
    padded = COUNT_ALL + "\n" + "# " + "x" * 12_000 + "\n"
    assert len(urllib.parse.urlencode({"query": padded})) > 12_000
    status, ctype, body = http(url + "/sparql?" + urllib.parse.urlencode({"query": padded}),
                               headers={"Accept": "text/csv"})
    assert (status, ctype) == (200, "text/csv") and str(len(seed_graph)) in body


def test_competency_questions_answer_like_local(endpoint, seed_graph, built_dir):
    url, _ = endpoint
    for name in saved_queries():
        local = run_query(built_dir / "graph.trig" if name == "figures_by_report" else seed_graph, name)
        assert run_query(url + "/sparql", name).values() == local.values(), name


def test_updates_are_refused_and_change_nothing(endpoint):
    url, _ = endpoint
    count = lambda: json.loads(http(url + "/sparql?" + urllib.parse.urlencode({"query": COUNT_ALL}),  # noqa: E731
                                    headers={"Accept": "application/sparql-results+json"})[2])
    before = count()
    insert = "INSERT DATA { <urn:x> <urn:y> <urn:z> }"
    assert http(url + "/update", data=insert.encode(), headers={"Content-Type": "application/sparql-update"})[0] == 403
    status, _, body = http(url + "/sparql", data=urllib.parse.urlencode({"update": insert}).encode(),
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403 and "read-only" in body
    status, _, _ = http(url + "/store?default", data=b"<urn:x> <urn:y> <urn:z> .", method="PUT",
                        headers={"Content-Type": "application/n-triples"})
    assert status == 403
    assert http(url + "/store?default", method="DELETE")[0] == 403
    sw = SPARQLWrapper(url + "/sparql")
    sw.setMethod(POST)
    sw.setQuery("DELETE WHERE { ?s ?p ?o }")
    with pytest.raises(urllib.error.HTTPError) as e:
        sw.query()
    assert e.value.code == 403
    assert count() == before
    ask = "ASK { <urn:x> <urn:y> <urn:z> }"
    assert json.loads(http(url + "/sparql?" + urllib.parse.urlencode({"query": ask}),
                           headers={"Accept": "application/sparql-results+json"})[2])["boolean"] is False


def test_result_size_limit(endpoint, seed_graph):
    url, _ = endpoint
    status, _, body = http(url + "/sparql?" + urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p ?o }"}),
                           headers={"Accept": "application/sparql-results+json"})
    assert status == 413
    assert body == f"result too large: {len(seed_graph)} results, the limit is 1000; add LIMIT 1000 or narrow the query\n"
    status, _, body = http(url + "/sparql?" + urllib.parse.urlencode(
        {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1000"}), headers={"Accept": "text/csv"})
    assert status == 200 and len(list(csv.reader(io.StringIO(body)))) == 1001  # a header and 1000 rows
    status, _, _ = http(url + "/sparql?" + urllib.parse.urlencode({"query": "CONSTRUCT WHERE { ?s ?p ?o }"}),
                        headers={"Accept": "text/turtle"})
    assert status == 413


def test_a_long_query_is_stopped_and_the_server_recovers(endpoint):
    url, _ = endpoint
    status, _, body = http(url + "/sparql", data=urllib.parse.urlencode({"query": SLOW}).encode(),
                           headers={"Content-Type": "application/x-www-form-urlencoded",
                                    "Accept": "application/sparql-results+json"})
    assert status == 503
    assert body == "query stopped: it ran longer than the time limit of 1 s\n"
    sw = SPARQLWrapper(url + "/sparql")
    sw.setQuery(MONEY)
    sw.setReturnFormat(JSON)
    assert len(sw.queryAndConvert()["results"]["bindings"]) == 5


def test_query_page_works_offline(endpoint):
    url, _ = endpoint
    status, ctype, page = http(url + "/sparql")      # a GET without a query: the page (the explorer has /)
    assert (status, ctype) == (200, "text/html")
    assert "<textarea" in page and 'action="/sparql"' in page
    # nothing is loaded from elsewhere: no external scripts, styles, fonts or fetches
    for needle in ('src="http', "src='http", 'href="http', "@import", "//cdn", "fetch(\"http", "url(http"):
        assert needle not in page
    status, ctype, body = http(url + "/queries.json")
    assert status == 200 and [q["name"] for q in json.loads(body)] == list(saved_queries())
    assert http(url + "/yasgui.min.js")[0] == 404  # Oxigraph's online page is not exposed


def test_allow_updates_on_a_store_directory(tmp_path, built_dir):
    """--store DIR --allow-updates: Oxigraph runs read-write; an update is accepted and lands on
    disk; a build manifest in the store goes, so the next kg build loads it afresh (kg.corpus.update)."""
    from kg.serve import Endpoint, ServerConfig
    from kg.store import BUILD_MANIFEST, load_store, open_store

    load_store(built_dir / "graph.trig", tmp_path / "store")
    (tmp_path / "store" / BUILD_MANIFEST).write_text("{}", encoding="utf-8")
    insert = "INSERT DATA { <urn:x> <urn:y> \"新\"@zh }"
    with Endpoint(ServerConfig(store=tmp_path / "store", port=0, allow_updates=True, timeout=5)) as ep:
        assert ep.url.startswith("http://127.0.0.1:")
        status, _, _ = http(ep.url + "/update", data=insert.encode(),
                            headers={"Content-Type": "application/sparql-update"})
        assert status == 204
        ask = "ASK { <urn:x> <urn:y> ?o }"
        assert json.loads(http(ep.url + "/sparql?" + urllib.parse.urlencode({"query": ask}),
                               headers={"Accept": "application/sparql-results+json"})[2])["boolean"] is True
    assert bool(open_store(tmp_path / "store", read_only=True).query(ask))
    assert not (tmp_path / "store" / BUILD_MANIFEST).exists()


def test_explorer_is_served_at_the_root(endpoint):
    url, proc = endpoint
    status, ctype, page = http(url + "/")
    assert (status, ctype) == (200, "text/html") and 'src="/static/explorer.js"' in page
    status, ctype, body = http(url + "/api/suggest?" + urllib.parse.urlencode({"q": "重庆大学"}))
    assert (status, ctype) == (200, "application/json")
    first = json.loads(body)["items"][0]
    assert (first["label"], first["cls"], first["rank"]) == ("重庆大学", "University", 0)
    status, _, body = http(url + "/api/node?" + urllib.parse.urlencode({"id": first["id"]}))
    doc = json.loads(body)
    names = [doc["label"], *doc["aliases"]]
    assert status == 200 and doc["evidence"]
    for e in doc["evidence"]:       # each quoted sentence names it (or a short form of it) and says where it is
        assert any(n in e["sentence"] for n in names) and e["title"] and e["end"] > e["start"]
    assert http(url + "/api/expand?id=urn:nothing")[:2] == (404, "application/json")
