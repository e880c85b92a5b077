"""kg query and kg.query: saved queries, formats, errors, wide-character tables, DataFrames."""
from __future__ import annotations

import json
import unicodedata

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal

from kg.cli import cli
from kg.errors import QueryError
from kg.query import QueryResult, format_result, query_as_df, render_table, run_query, saved_queries


@pytest.fixture()
def run(built_dir):
    def invoke(*args):
        return CliRunner().invoke(cli, ["query", *args, "--graph", str(built_dir / "graph.ttl")])
    return invoke


def width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def test_list_shows_every_saved_question():
    r = CliRunner().invoke(cli, ["query", "--list"])
    assert r.exit_code == 0
    for q in saved_queries().values():
        assert f"{q.name}\n    {q.zh}\n    {q.en}\n" in r.output


def test_saved_name_as_table_lines_up_chinese(run):
    r = run("money_figures")
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[0].split() == ["indicator", "value", "qualifier", "written", "year"]
    assert lines[-1] == "(5 rows)"
    # each cell fills its column as drawn by the dashes: text flush left, numbers flush right
    spans, pos = [], 0
    for dashes in lines[1].split("  "):
        spans.append((pos, pos + len(dashes)))
        pos += len(dashes) + 2
    body = lines[2:-1]
    for line in body:
        at = 0
        for (start, end), cell in zip(spans, line.split()):
            i = line.index(cell, at)
            left, right = width(line[:i]), width(line[:i]) + width(cell)
            assert left == start or right == end, (line, cell)
            assert start <= left and right <= end, (line, cell)
            at = i + len(cell)
    assert body[0].split() == ["技术合同成交额", "4900000000", "more_than", "49亿元", "2024"]
    assert width(body[2]) == width(lines[1])


def test_csv_tsv_json_are_sparql_results_formats(run):
    csv_out = run("rates", "--format", "csv").output
    assert csv_out.splitlines()[:2] == ["indicator,value,written", "签约任务完成率,131,131%"]
    tsv = run("rates", "--format", "tsv").output
    assert tsv.splitlines()[:2] == ["?indicator\t?value\t?written", '"签约任务完成率"@zh\t"131"^^<http://www.w3.org/2001/XMLSchema#decimal>\t"131%"']
    js = run("rates", "--format", "json").output
    doc = json.loads(js)
    assert doc["head"]["vars"] == ["indicator", "value", "written"]
    assert doc["results"]["bindings"][0]["value"] == {
        "type": "literal", "value": "131", "datatype": "http://www.w3.org/2001/XMLSchema#decimal"}
    # an independent parser (Oxigraph's) reads our JSON and TSV back to the same terms
    for data, fmt in ((js, ox.QueryResultsFormat.JSON), (tsv, ox.QueryResultsFormat.TSV)):
        rows = [[t.value for t in sol] for sol in ox.parse_query_results(data, format=fmt)]
        assert rows[0] == ["签约任务完成率", "131", "131%"] and len(rows) == 4


def test_tsv_escapes_tabs_and_newlines():
    r = QueryResult("SELECT", ("s",), ((Literal('a\tb\n"c"'),),))
    assert format_result(r, "tsv") == '?s\n"a\\tb\\n\\"c\\""\n'
    parsed = list(ox.parse_query_results(format_result(r, "tsv"), format=ox.QueryResultsFormat.TSV))
    assert parsed[0][0].value == 'a\tb\n"c"'


def test_ask_construct_describe(run):
    assert run("ASK { ?u a kg:University }").output == "true\n"
    assert json.loads(run("ASK { ?u a kg:Bank ; rdfs:label \"不存在\" }", "--format", "json").output) == \
        {"head": {}, "boolean": False}
    ttl = run("CONSTRUCT { ?u rdfs:label ?l } WHERE { ?u a kg:University ; rdfs:label ?l }").output
    g = Graph().parse(data=ttl, format="turtle")
    assert sorted(str(o) for o in g.objects()) == ["重庆大学", "重庆师范大学", "重庆电子科技职业大学"]
    nt = run('DESCRIBE ?u WHERE { ?u rdfs:label "重庆大学"@zh }', "--format", "ntriples").output
    assert '"重庆大学"@zh' in nt
    r = run("CONSTRUCT WHERE { ?s a kg:Bank }", "--format", "csv")
    assert r.exit_code == 1 and "CSV and TSV are for SELECT results" in r.output


def test_query_from_file_and_param(run, tmp_path):
    f = tmp_path / "q.rq"
    f.write_text("SELECT ?l WHERE { ?u a kg:University ; rdfs:label ?l } ORDER BY ?l", encoding="utf-8")
    assert run(str(f), "--format", "csv").output.splitlines()[:2] == ["l", "重庆大学"]
    out = run("entity_neighbourhood", "--param", "name=重庆师范大学", "--format", "csv").output
    assert out.splitlines()[1] == "1,环重师生态圈,"


def test_syntax_error_is_one_line_with_line_and_column(run, built_dir):
    r = run("SELECT ?s\nWHERE { ?s ?p ?o . FILTR(?s) }")
    assert r.exit_code == 1
    assert r.output == "Error: SPARQL syntax error at line 2, column 20: Expected SelectQuery, found 'FILTR'\n"
    r = run("SELECT ?s WHERE { ?s ex:p ?o }")
    assert r.output == "Error: SPARQL syntax error at line 1, column 22: unknown prefix 'ex:'\n"


def test_syntax_error_from_the_store_names_line_and_column(tmp_path, built_dir):
    from kg.store import load_store

    load_store(built_dir / "graph.trig", tmp_path / "s")
    with pytest.raises(QueryError, match=r"^SPARQL syntax error at line 2, column 20: Expected SelectQuery"):
        run_query(tmp_path / "s", "SELECT ?s\nWHERE { ?s ?p ?o . FILTR(?s) }")


def test_unknown_saved_name_lists_the_valid_ones(run):
    r = run("nosuch_question")
    assert r.exit_code == 1
    assert r.output == ("Error: unknown saved query 'nosuch_question'; choose one of: "
                        + ", ".join(saved_queries()) + "\n")


def test_updates_and_bad_params_are_refused(run):
    r = run("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    assert r.exit_code == 1 and r.output.startswith("Error: this is a SPARQL update; kg query runs read-only")
    r = run("money_figures", "--param", "name=x")
    assert r.exit_code == 1
    assert r.output == "Error: unknown parameter 'name' for money_figures; valid parameters: indicator, issuer, report\n"
    r = CliRunner().invoke(cli, ["query", "money_figures", "--graph", "nowhere.ttl"])
    assert r.exit_code == 1 and r.output == "Error: nowhere.ttl: no such file or store directory\n"


def test_render_table_cuts_long_cells_by_display_width():
    r = QueryResult("SELECT", ("t",), ((Literal("甲" * 40),),))
    line = render_table(r, max_width=11).splitlines()[2]
    assert line == "甲" * 5 + "…" and width(line) == 11


def test_query_as_df_numeric_types(seed_graph):
    df = query_as_df("money_figures", graph=seed_graph)
    assert list(df.columns) == ["indicator", "value", "qualifier", "written", "year"]
    assert str(df["value"].dtype) == "float64" and str(df["year"].dtype) == "Int64"
    assert df["value"].tolist() == [4900000000.0, 460000000.0, 65290000.0, 6970000.0, 2000000.0]
    assert df["value"].sum() == 5434260000.0
    counts = query_as_df("counts_by_indicator", graph=seed_graph)
    assert str(counts["figures"].dtype) == "Int64" and counts["total"].dtype.kind == "f"
    fin = query_as_df("financial_resources", graph=seed_graph)
    assert fin["amount"].isna().tolist() == [False, False, False, False, True]
    with pytest.raises(QueryError, match="needs a SELECT query"):
        query_as_df("ASK { ?s ?p ?o }", graph=seed_graph)
