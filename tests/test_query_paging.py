"""Saved questions on a corpus: filter parameters (report=, issuer=, entity=, indicator=), the
default limit with "N more", --all, and the aggregate questions, on the committed corpus
(data/reports + data/dev + data/heldout built into a store with kg build)."""
from __future__ import annotations

import json
from collections import Counter

import pytest
from click.testing import CliRunner
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue

from tests.conftest import DEV_DIR, HELDOUT_DIR, REPORTS_DIR
from kg.cli import cli
from kg.errors import QueryError
from kg.query import Page, query_params, run_page, run_query, saved_queries
from kg.query.params import SLOT_PARAMS, fill_slot, has_slot

# per-report listings: every row comes from exactly one report
PARTITIONED = ["money_figures", "rates", "figure_provenance", "relation_provenance", "partner_measures",
               "figures_by_report", "reports", "series_figure_trends", "series_plan_followthrough"]
# questions about entities: report= keeps what the report names
COVERED = ["cooperation_partners", "policies_implemented", "events_organized", "financial_resources",
           "platforms_built", "policy_outcomes"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus")
    r = CliRunner().invoke(cli, ["build", str(REPORTS_DIR), str(DEV_DIR), str(HELDOUT_DIR), "-o", str(out),
                                 "--store", str(out / "store"), "--no-html", "--no-cache", "-j", "1"])
    assert r.exit_code == 0, r.output
    return out


@pytest.fixture(scope="module")
def store(corpus):
    return corpus / "store"


@pytest.fixture(scope="module")
def reports(store) -> dict[str, tuple[str, str]]:
    """report IRI -> (title, issuer label)"""
    rows = run_query(store, "SELECT ?r ?t ?i WHERE { ?r a kg:Report ; dcterms:title ?t ; kg:issuedBy/rdfs:label ?i }")
    return {r: (t, i) for r, t, i in rows.values()}


def rows(store, name, **params) -> Counter:
    return Counter(run_query(store, name, params=params).values())


def test_the_corpus_has_several_reports_and_issuers(reports):
    assert len(reports) == 9
    assert len({i for _, i in reports.values()}) >= 8


@pytest.mark.parametrize("name", PARTITIONED)
def test_report_param_partitions_a_listing(store, reports, name):
    assert {"report", "issuer"} <= set(query_params(saved_queries()[name].text))
    whole = rows(store, name)
    parts = [rows(store, name, report=r) for r in reports]
    assert sum(parts, Counter()) == whole
    assert sum(1 for p in parts if p) >= 5   # most reports have rows of their own


@pytest.mark.parametrize("name", COVERED)
def test_report_param_keeps_what_the_report_names(store, reports, name):
    whole = set(rows(store, name))
    parts = [set(rows(store, name, report=r)) for r in reports]
    assert set().union(*parts) == whole
    assert all(p < whole for p in parts if p)


def test_report_by_id_iri_or_title_gives_the_same_rows(store, reports):
    iri, (title, _) = next(iter(sorted(reports.items())))
    by_iri = rows(store, "figure_provenance", report=iri)
    assert by_iri and {r[-1] for r in by_iri} == {iri}
    assert rows(store, "figure_provenance", report=f"<{iri}>") == by_iri
    assert rows(store, "figure_provenance", report=iri.rsplit("/", 1)[1]) == by_iri
    assert rows(store, "figure_provenance", report=title[:12]) == by_iri


def test_money_figures_of_a_report_are_its_named_graph_figures(store, reports):
    for r in reports:
        by_graph = Counter((i, v) for _, _, i, v in run_query(store, "figures_by_report", params={"report": r}).values())
        assert Counter((i, v) for i, v, *_ in rows(store, "money_figures", report=r).elements()) == by_graph


def test_issuer_param_is_the_union_of_its_reports(store, reports):
    issuer = sorted(i for _, i in reports.values())[0]
    mine = [r for r, (_, i) in reports.items() if i == issuer]
    expected = sum((rows(store, "rates", report=r) for r in mine), Counter())
    assert expected and rows(store, "rates", issuer=issuer) == expected
    alias = run_query(store, f'SELECT ?a WHERE {{ ?b rdfs:label "{issuer}"@zh ; skos:altLabel ?a }}').values()
    if alias:   # an alias names this issuer and maybe others: at least its reports
        assert rows(store, "rates", issuer=alias[0][0]) >= expected
    assert rows(store, "rates", issuer=issuer, report=mine[0]) == rows(store, "rates", report=mine[0])


def test_entity_and_indicator_params(store):
    whole = rows(store, "partner_measures")
    partner = sorted(whole)[0][0]
    assert rows(store, "partner_measures", entity=partner) == Counter(
        {row: n for row, n in whole.items() if row[0] == partner})
    money = rows(store, "money_figures")
    indicator = sorted(money)[0][0]
    assert rows(store, "money_figures", indicator=indicator) == Counter(
        {row: n for row, n in money.items() if row[0] == indicator})
    per_year = run_query(store, "figures_by_indicator_year", params={"indicator": indicator}).values()
    assert per_year and {r[0] for r in per_year} == {indicator}


def test_aggregates_add_up(store, reports):
    figures = run_query(store, "SELECT (COUNT(DISTINCT ?f) AS ?n) WHERE { ?f kg:value [] }").values()[0][0]
    assert sum(r[3] for r in run_query(store, "figures_by_indicator_year").values()) == figures
    laws = {law: n for law, n, _ in run_query(store, "laws_by_reports").values()}
    citing = Counter(law for r in reports for law, *_ in run_query(store, "laws_cited", params={"report": r}).values())
    assert laws == dict(citing)
    partners = {p: n for p, _, n, _ in run_query(store, "top_partners").values()}
    cited = Counter(p for r in reports for p in {row[0] for row in rows(store, "partner_measures", report=r)})
    assert partners == dict(cited)
    kinds = run_query(store, "entities_by_issuer", params={"issuer": sorted(i for _, i in reports.values())[0]})
    assert kinds.values() and all(n >= 1 for *_, n in kinds.values())


def test_engine_page_counts_the_rest(store):
    everything = run_query(store, "counts_by_indicator").rows
    page = run_page(store, "counts_by_indicator", limit=5)
    assert page.result.rows == everything[:5]
    assert (page.more, page.exact) == (len(everything) - 5, True)
    whole = run_page(store, "counts_by_indicator", limit=len(everything))
    assert whole.result.rows == everything and whole.more == 0 and whole.note() == ""


def test_listing_page_is_read_report_by_report(store, reports):
    by_report = [row for r in sorted(reports) for row in run_query(store, "money_figures", params={"report": r}).rows]
    page = run_page(store, "money_figures", limit=3)
    assert page.result.rows == tuple(by_report[:3])
    assert not page.exact and page.unread > 0 and page.more >= 0
    assert Counter(run_page(store, "money_figures", limit=10_000).result.rows) == Counter(by_report)
    timed = run_page(store, "money_figures", limit=3, timeout=60)   # the whole page in one forked worker
    assert timed == page


def test_threads_read_the_reports_in_order(store, reports):
    """A store's listing page runs the reports' queries in threads; the page is the one read
    report by report in one thread: the same rows in the same order, the same rest and unread."""
    from kg.query.backends import load_graph, run_local
    from kg.query.paging import page_by_report

    src = load_graph(store)
    sparql = saved_queries()["figure_provenance"].text
    for limit in (1, 7, 40):
        one = page_by_report(sparql, limit, lambda q: run_local(src, q), workers=1)
        three = page_by_report(sparql, limit, lambda q: run_local(src, q), workers=3)
        assert one == three and one.unread < len(reports), limit


def test_cli_limit_more_and_all(store):
    def kg(*args):
        return CliRunner().invoke(cli, ["query", *args, "--graph", str(store)])

    total = len(run_query(store, "counts_by_indicator").rows)
    r = kg("counts_by_indicator", "--limit", "4")
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[-2:] == ["(4 rows)", f"… {total - 4:,} more (use --limit/--all)"]
    doc = json.loads(kg("counts_by_indicator", "--limit", "4", "--format", "json").output)
    assert len(doc["results"]["bindings"]) == 4 and doc["more"] == total - 4 and doc["more_exact"] is True
    r = kg("counts_by_indicator", "--all")
    assert r.output.splitlines()[-1] == f"({total} rows)"
    assert len(kg("counts_by_indicator", "--all", "--format", "csv").output.splitlines()) == total + 1
    r = kg("figure_provenance", "--limit", "2")
    assert r.output.splitlines()[-1].startswith("… ") and "reports not read yet (use --limit/--all" in r.output
    doc = json.loads(kg("figure_provenance", "--limit", "2", "--format", "json").output)
    assert doc["more_exact"] is False and doc["unread_reports"] > 0


def test_bad_params_are_one_line_errors(store):
    def kg(*args):
        return CliRunner().invoke(cli, ["query", *args, "--graph", str(store)])

    r = kg("money_figures", "--param", "year=2024")
    assert r.exit_code == 1
    assert r.output == "Error: unknown parameter 'year' for money_figures; valid parameters: indicator, issuer, report\n"
    r = kg("reports", "--param", "report=没有这份报告")
    assert r.exit_code == 1
    assert r.output == ("Error: report='没有这份报告' names no report in this graph; give a report IRI, "
                        "its 12-character id or part of its title\n")
    r = kg("rates", "--param", "issuer=无此机关")
    assert r.exit_code == 1 and r.output.startswith("Error: issuer='无此机关' names no issuer in this graph")
    r = kg("rates", "--param", "indicator=")
    assert r.exit_code == 1 and r.output.startswith("Error: indicator= is empty; give ")
    with pytest.raises(QueryError, match="name no report in common"):
        run_query(store, "rates", params={"report": "合肥", "issuer": "信丰县发展和改革委员会"})


def test_a_page_of_the_user_s_own_query(store):
    """A page of a query typed by the user: LIMIT goes before a trailing VALUES block, and a
    syntax error names the user's line and column, not the LIMIT the page added."""
    def kg(*args):
        return CliRunner().invoke(cli, ["query", *args, "--graph", str(store)])

    q = "SELECT ?x WHERE { ?x a ?c } ORDER BY ?x VALUES ?c { kg:Law kg:Regulation }"
    whole = run_query(store, q).rows
    page = run_page(store, q, limit=2)
    assert len(whole) > 2 and page.result.rows == whole[:2] and (page.more, page.exact) == (len(whole) - 2, True)
    r = kg("SELECT ?x WHERE { ?x a kg:Law ", "--limit", "5")
    assert r.exit_code == 1 and r.output.startswith("Error: SPARQL syntax error at line 1, column 31:")
    assert "LIMIT" not in r.output and r.output.count("\n") == 1


def test_graph_file_and_store_filter_alike(corpus, store, reports):
    from rdflib import Dataset

    ds = Dataset(default_union=True)
    ds.parse(corpus / "graph.nq", format="nquads")
    r = sorted(reports)[1]
    for name in ("money_figures", "laws_cited", "cooperation_partners"):
        assert rows(ds, name, report=r) == rows(store, name, report=r)
    assert run_page(ds, "money_figures", limit=2) == run_page(store, "money_figures", limit=2)


def test_page_note_wording():
    from kg.query import QueryResult

    assert Page(QueryResult("SELECT")).note() == ""
    assert Page(QueryResult("SELECT"), more=2, exact=False, unread=5).note() == (
        "… 2 more, and the 5 reports not read yet (use --limit/--all, or --param report=… or issuer=…)")


def _joins_after_optional(node, found: list) -> list:
    """The basic graph patterns that a query's algebra joins after an OPTIONAL or a BIND of the
    same group (``Join(LeftJoin|Extend, BGP)``)."""
    if isinstance(node, CompValue):
        if node.name == "Join" and isinstance(node.p1, CompValue) and node.p1.name in ("LeftJoin", "Extend") \
                and isinstance(node.p2, CompValue) and node.p2.name == "BGP":
            found.append(node.p2.triples)
        for v in node.values():
            _joins_after_optional(v, found)
    elif isinstance(node, list):
        for v in node:
            _joins_after_optional(v, found)
    return found


@pytest.mark.parametrize("name", sorted(n for n, q in saved_queries().items()
                                         if any(has_slot(q.text, s) for s in set(SLOT_PARAMS.values()))))
def test_a_filter_reaches_every_required_pattern(name):
    """A group is evaluated in its written order around an OPTIONAL or a BIND: patterns written
    after one are joined after it, so the filter's VALUES at the top of the group no longer
    starts them, and they are matched over the whole corpus (money_figures with report= took
    25 s on 10,000 reports, 9 ms with its OPTIONAL last). Required patterns come first."""
    text = saved_queries()[name].text
    for slot in sorted(set(SLOT_PARAMS.values())):
        if has_slot(text, slot):
            sparql = fill_slot(text, slot, ["<urn:x:1>"])
            late = _joins_after_optional(prepareQuery(sparql).algebra, [])
            assert not late, f"{name} (#{slot} filled): patterns joined after an OPTIONAL or BIND: {late}"


def test_the_filter_check_sees_a_late_pattern():
    late = ("SELECT * { ?f <urn:p> ?v . OPTIONAL { ?f <urn:q> ?q } BIND(COALESCE(?q, 1) AS ?k) "
            "?m <urn:body> ?f }")
    first = "SELECT * { ?f <urn:p> ?v . ?m <urn:body> ?f OPTIONAL { ?f <urn:q> ?q } BIND(COALESCE(?q, 1) AS ?k) }"
    assert _joins_after_optional(prepareQuery(late).algebra, [])
    assert not _joins_after_optional(prepareQuery(first).algebra, [])
