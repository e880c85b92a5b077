"""Corpus builds (kg.corpus): one entity space across reports, issuer-scoped names kept apart,
the content-hash cache, broken reports skipped, the store path equal to the in-memory build,
and per-report reasoning + the cross-report closure equal to one closure of everything."""
from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kg.cli import cli
from kg.vocab import DATA, KG
from tests.conftest import DEV_DIR, FIXED_TIME, REPORTS_DIR, ROOT

LAW = "中华人民共和国促进科技成果转化法"


def _copy(report: Path, into: Path, *, name: str | None = None, **meta) -> Path:
    """Copy a report and its metadata into ``into`` (metadata keys overridden by ``meta``)."""
    into.mkdir(parents=True, exist_ok=True)
    stem = name or report.stem
    dst = into / f"{stem}.txt"
    shutil.copy(report, dst)
    m = json.loads(report.with_name(report.stem + ".meta.json").read_text(encoding="utf-8"))
    m.update(meta)
    (into / f"{stem}.meta.json").write_text(json.dumps(m, ensure_ascii=False), encoding="utf-8")
    return dst


@pytest.fixture()
def quick(settings, tmp_path):
    """Settings for small test corpora: no pool, a private cache, no SHACL."""
    return replace(settings, jobs=1, cache_dir=tmp_path / "cache", validate=False)


@pytest.fixture(scope="module")
def corpus_build(tmp_path_factory):
    """The seed and the development reports, built together in memory (two workers)."""
    from kg.config import load_settings
    from kg.pipeline import build

    s = replace(load_settings(None), jobs=2, cache_dir=tmp_path_factory.mktemp("cache"))
    return build([REPORTS_DIR, DEV_DIR], s, build_time=FIXED_TIME)


def _reports_mentioning(g: Graph, label: str) -> dict[URIRef, set]:
    out = {}
    for e in g.subjects(RDFS.label, Literal(label, lang="zh")):
        if (e, RDF.type, KG.Report) not in g:
            out[e] = set(g.objects(e, KG.mentionedIn))
    return out


# --- one entity space ---------------------------------------------------------------------

def test_a_law_cited_by_three_reports_is_one_node_mentioned_in_each(corpus_build):
    g = corpus_build.graph
    assert corpus_build.conforms is True and corpus_build.skipped == []
    nodes = _reports_mentioning(g, LAW)
    assert len(nodes) == 1
    (reports,) = nodes.values()
    sources = {str(g.value(r, URIRef("http://purl.org/dc/terms/source"))) for r in reports}
    assert sources == {"000_f755293a707b958a.txt", "dev01_hefei_kjj.txt", "dev03_xihu_kjj.txt"}


def test_issuer_local_entities_stay_apart(corpus_build):
    g = corpus_build.graph
    rules = set(g.subjects(RDF.type, KG.InternalRule))
    assert len(rules) >= 10
    for r in rules:                       # an internal rule belongs to one report, one issuer
        assert len(set(g.objects(r, KG.mentionedIn))) == 1, g.value(r, RDFS.label)
    # each district's party committee (区委) and each bureau's party group (党组) is its own node
    party = {str(g.value(p, RDFS.label)) for p in g.subjects(RDF.type, KG.PartyBody)}
    assert {"中共重庆市沙坪坝区委员会", "中共长沙市岳麓区委员会", "中共杭州市西湖区委员会"} <= party
    groups = [p for p in party if p.endswith("党组")]
    assert len(groups) >= 4 and len(set(groups)) == len(groups)


def test_same_internal_rule_title_under_two_issuers_is_two_nodes(quick, tmp_path):
    from kg.corpus import extract_corpus

    dev03 = DEV_DIR / "dev03_xihu_kjj.txt"
    _copy(dev03, tmp_path / "c")
    _copy(dev03, tmp_path / "c", name="other", issuer="某省某市某区科学技术局", place=["某省", "某市", "某区"])
    exs = extract_corpus([tmp_path / "c"], quick).extractions

    def keys(label):
        return {e.key for ex in exs for e in ex.entities if e.label == label}

    assert len(keys("局长办公会议事规则")) == 2            # InternalRule: scoped to the issuer
    assert len(keys("中华人民共和国科学技术普及法")) == 1    # a national law: one node
    assert len(keys("浙江大学")) == 1


def test_scope_rules_are_data(quick, tmp_path):
    """Turning the InternalRule row of scope.tsv to global merges the two rules; a bad row is an error."""
    from kg.corpus import extract_corpus
    from kg.errors import ConfigError
    from kg.extract.lexicon import load_lexicon

    lex = tmp_path / "lexicon"
    shutil.copytree(ROOT / "data" / "lexicon", lex)
    text = (lex / "scope.tsv").read_text(encoding="utf-8")
    (lex / "scope.tsv").write_text(text.replace("class\tInternalRule\tissuer", "class\tInternalRule\tglobal"),
                                   encoding="utf-8")
    dev03 = DEV_DIR / "dev03_xihu_kjj.txt"
    _copy(dev03, tmp_path / "c")
    _copy(dev03, tmp_path / "c", name="other", issuer="某省某市某区科学技术局", place=["某省", "某市", "某区"])
    exs = extract_corpus([tmp_path / "c"], replace(quick, lexicon_dir=lex)).extractions
    assert len({e.key for ex in exs for e in ex.entities if e.label == "局长办公会议事规则"}) == 1
    (lex / "scope.tsv").write_text("class\tInternalRule\tsomewhere\n", encoding="utf-8")
    load_lexicon.cache_clear()   # lexicons are cached per folder for the life of the process
    with pytest.raises(ConfigError, match="unknown scope 'somewhere'; valid: issuer, global"):
        extract_corpus([tmp_path / "c"], replace(quick, lexicon_dir=lex, cache_dir=None))


# --- cache, interruption, broken reports -------------------------------------------------------

@pytest.fixture()
def counting(monkeypatch):
    """Count the real extractor runs (jobs=1 runs them in this process)."""
    import kg.corpus.cache  # where the cached step looks extract_report up

    calls: list[str] = []
    real = kg.corpus.extract_report

    def counted(task):
        calls.append(Path(task.path).name)
        return real(task)

    monkeypatch.setattr(kg.corpus.cache, "extract_report", counted)
    return calls


def _dev_corpus(into: Path, n: int = 3) -> list[Path]:
    return [_copy(p, into) for p in sorted(DEV_DIR.glob("*.txt"))[:n]]


def test_rebuild_after_changing_one_report_extracts_only_that_report(quick, tmp_path, counting):
    from kg.corpus import extract_corpus

    files = _dev_corpus(tmp_path / "c")
    first = extract_corpus([tmp_path / "c"], quick)
    assert len(counting) == 3 and first.extracted == 3
    counting.clear()
    again = extract_corpus([tmp_path / "c"], quick)
    assert counting == [] and again.extracted == 0
    assert [ex.document.id for ex in again.extractions] == [ex.document.id for ex in first.extractions]
    files[1].write_text(files[1].read_text(encoding="utf-8") + "\n全年投入资金321万元。\n", encoding="utf-8")
    third = extract_corpus([tmp_path / "c"], quick)
    assert counting == [files[1].name] and third.extracted == 1
    assert len(third.extractions[1].quantities) == len(first.extractions[1].quantities) + 1
    counting.clear()
    # the metadata and the report's curation file are part of the key too
    meta = files[2].with_name(files[2].stem + ".meta.json")
    meta.write_text(meta.read_text(encoding="utf-8").replace("2024", "2023", 1), encoding="utf-8")
    extract_corpus([tmp_path / "c"], quick)
    assert counting == [files[2].name]


def _kg_imports(module: Path) -> set[Path]:
    """The kg modules a module imports (relative imports, at any depth of the file)."""
    import ast

    out = set()
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = module.parent
            for _ in range(node.level - 1):
                base = base.parent
            for part in [*(node.module or "").split("."), *([a.name for a in node.names] if not node.module else [])]:
                if not part:
                    continue
                if (base / part).is_dir():
                    base = base / part
                elif (base / f"{part}.py").is_file():
                    out.add(base / f"{part}.py")
                    break
            else:
                if (base / "__init__.py").is_file():
                    out.add(base / "__init__.py")
    return out


def _imported_from(roots: list[Path]) -> set[Path]:
    """``roots`` and every kg module they import, directly or not."""
    seen, todo = set(), list(roots)
    while todo:
        f = todo.pop()
        if f not in seen:
            seen.add(f)
            todo.extend(_kg_imports(f))
    return seen


def test_the_extraction_cache_key_covers_every_module_extraction_runs():
    """A change to any module the read-and-extract stage imports must invalidate the cache:
    the code list of ``kg.corpus.report`` holds them all (it once missed issuers.py)."""
    from kg.corpus.report import _EXTRACT_CODE, _PKG

    listed = {f for pat in _EXTRACT_CODE for f in _PKG.glob(pat)}
    seen = _imported_from([f for f in listed if f.name in ("ingest.py", "curate.py", "docmeta.py")]
                          + list(_PKG.glob("extract/*.py")))
    # the package's own __init__ files, errors and resources hold no rule of extraction
    missing = {f.relative_to(_PKG).as_posix() for f in seen - listed
               if f.name not in ("__init__.py", "errors.py", "resources.py")}
    assert not missing, missing


def test_the_rdf_cache_key_covers_every_module_the_rdf_step_runs():
    """The same for a report's RDF: everything ``report_rdf`` and the cache import, beyond
    the extraction's code (already in the key, through ``task_key``), is listed; the pool, the
    merge and the store build are not, so changing them keeps the cached RDF."""
    from kg.corpus.report import _EXTRACT_CODE, _PKG, _RDF_CODE

    extraction = {f for pat in _EXTRACT_CODE for f in _PKG.glob(pat)}
    listed = {f for pat in _RDF_CODE for f in _PKG.glob(pat)}
    seen = _imported_from([_PKG / "corpus" / "report.py", _PKG / "corpus" / "cache.py"])
    missing = {f.relative_to(_PKG).as_posix() for f in seen - listed - extraction
               if f.name not in ("__init__.py", "errors.py", "resources.py")}
    assert not missing, missing
    assert not {f.name for f in listed} & {"merge.py", "store.py", "update.py", "pool.py", "loader.py"}


def test_a_copied_report_is_a_cache_hit_with_its_new_path(quick, tmp_path, counting):
    from kg.corpus import extract_corpus

    _dev_corpus(tmp_path / "a", 1)
    extract_corpus([tmp_path / "a"], quick)
    _dev_corpus(tmp_path / "b", 1)
    (ex,) = extract_corpus([tmp_path / "b"], quick).extractions
    assert len(counting) == 1 and ex.document.source.parent == tmp_path / "b"


def test_an_interrupted_build_resumes_from_the_cache(quick, tmp_path, monkeypatch):
    import kg.corpus.cache  # where the cached step looks extract_report up
    from kg.corpus import extract_corpus

    _dev_corpus(tmp_path / "c", 4)
    real = kg.corpus.extract_report
    calls: list[str] = []

    def interrupted(task):
        if len(calls) == 2:
            raise KeyboardInterrupt            # Ctrl-C while the third report is being extracted
        calls.append(Path(task.path).name)
        return real(task)

    monkeypatch.setattr(kg.corpus.cache, "extract_report", interrupted)
    with pytest.raises(KeyboardInterrupt):
        extract_corpus([tmp_path / "c"], quick)
    done = list(calls)
    calls.clear()
    monkeypatch.setattr(kg.corpus.cache, "extract_report", lambda task: (calls.append(Path(task.path).name), real(task))[1])
    result = extract_corpus([tmp_path / "c"], quick)
    assert len(result.extractions) == 4
    assert len(done) == 2 and len(calls) == 2 and not set(done) & set(calls)


def test_a_broken_report_is_skipped_by_name(tmp_path):
    corpus = tmp_path / "c"
    _dev_corpus(corpus, 2)
    (corpus / "broken.txt").write_bytes(bytes(range(256)) * 40)
    out = tmp_path / "out"
    args = ["build", str(corpus), "-o", str(out), "--no-html", "--no-validate", "--json", "-j", "1",
            "--cache-dir", str(tmp_path / "cache")]
    r = CliRunner().invoke(cli, args)
    assert r.exit_code == 0, r.output
    assert r.stderr.splitlines() == [f"Warning: skipped {corpus / 'broken.txt'}: looks like a binary file, "
                                     "not a text report"]
    summary = json.loads(r.stdout)
    assert summary["reports"] == 2 and summary["skipped"] == 1
    assert (out / "graph.nq").stat().st_size > 1000
    r = CliRunner().invoke(cli, [*args, "--strict"])
    assert r.exit_code == 1
    assert r.output.splitlines()[-1].startswith(f"Error: {corpus / 'broken.txt'}: looks like a binary file")
    assert "--strict" in r.output and "Traceback" not in r.output


def test_a_crashing_extractor_skips_that_report_only(quick, tmp_path, monkeypatch):
    import kg.corpus.cache  # where the cached step looks extract_report up
    from kg.corpus import extract_corpus
    from kg.errors import ExtractionError

    files = _dev_corpus(tmp_path / "c", 3)
    real = kg.corpus.extract_report

    def crashes(task):
        if Path(task.path).name == files[1].name:
            raise IndexError("string index out of range")
        return real(task)

    monkeypatch.setattr(kg.corpus.cache, "extract_report", crashes)
    result = extract_corpus([tmp_path / "c"], quick)
    assert len(result.extractions) == 2
    assert result.skipped == [(files[1], f"{files[1]}: extractor failed: IndexError: string index out of range")]
    with pytest.raises(ExtractionError, match="extractor failed: IndexError"):
        extract_corpus([tmp_path / "c"], replace(quick, strict=True))


@pytest.mark.slow
def test_one_broken_report_in_a_thousand(tmp_path):
    """The issue's case at full size, through the real command: 1,000 synthetic reports, one of
    them binary. The build (a store build: above store_threshold) names it, skips it and builds
    the other 999; with --strict it fails naming it and publishes nothing."""
    import subprocess
    import sys

    from kg.bench import generate

    corpus = tmp_path / "c"
    generate(1000, corpus, seed=7)
    victim = sorted(corpus.glob("*.txt"))[500]
    victim.write_bytes(bytes(range(256)) * 8)
    kg = str(Path(sys.executable).with_name("kg"))
    args = [kg, "build", str(corpus), "-o", str(tmp_path / "out"), "--no-html", "--json",
            "--cache-dir", str(tmp_path / "cache")]
    r = subprocess.run(args, capture_output=True, text=True, timeout=1200)
    assert r.returncode == 0, r.stderr[-2000:]
    warnings = [ln for ln in r.stderr.splitlines() if ln.startswith("Warning: ")]
    assert warnings == [f"Warning: skipped {victim}: looks like a binary file, not a text report"], r.stderr
    summary = json.loads(r.stdout)
    assert summary["reports"] == 999 and summary["skipped"] == 1
    assert (tmp_path / "out" / "store").is_dir()
    from kg.query import run_query

    n = run_query(tmp_path / "out" / "store", "SELECT (COUNT(?r) AS ?n) WHERE { ?r a kg:Report }").values()
    assert n == [(999,)]

    strict_args = [str(tmp_path / "strict") if a == str(tmp_path / "out") else a for a in args]
    strict = subprocess.run([*strict_args, "--strict"],
                            capture_output=True, text=True, timeout=1200)
    assert strict.returncode == 1 and "Traceback" not in strict.stderr
    assert strict.stderr.strip().splitlines()[-1].startswith(f"Error: {victim}: looks like a binary file")
    assert not (tmp_path / "strict" / "store").exists() and not (tmp_path / "strict" / "graph.nq").exists()


# --- the store path ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def store_build(tmp_path_factory):
    from kg.config import load_settings
    from kg.corpus import build_store

    out = tmp_path_factory.mktemp("store-build")
    s = replace(load_settings(None), jobs=2, cache_dir=out / "cache", validate_sample=0)
    return build_store([REPORTS_DIR, DEV_DIR], s, out_dir=out, build_time=FIXED_TIME, html=True)


def _quads(store, graph=None):
    import pyoxigraph as ox

    out = set()
    for q in store.quads_for_pattern(None, None, None, graph):
        if isinstance(q.subject, ox.BlankNode):
            continue                              # axiom annotations: labels differ between parsers
        g = None if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value
        out.add((str(q.subject), str(q.predicate), str(q.object), g))
    return out


def test_store_build_holds_the_in_memory_graph(store_build, corpus_build, tmp_path):
    """One build path: the store build and the in-memory build hold the same quads (the same
    named graphs), each triple in one graph, so the union of the store's graphs is the
    in-memory graph; the store answers like the TriG file."""
    import pyoxigraph as ox

    from kg.query import run_query
    from kg.store import load_store, open_store

    assert store_build.summary["conforms"] is True and store_build.validated == 7
    assert store_build.reports == 7 and store_build.skipped == []
    (tmp_path / "mem").mkdir()
    (tmp_path / "mem" / "graph.nq").write_text(corpus_build.nquads, encoding="utf-8")
    mem = ox.Store()
    mem.load(path=str(tmp_path / "mem" / "graph.nq"), format=ox.RdfFormat.N_QUADS)
    st = open_store(store_build.store, read_only=True)
    assert not _quads(st, ox.DefaultGraph())                     # no second copy as the default graph
    in_store = _quads(st)
    assert in_store == _quads(mem)
    triples = [t[:3] for t in in_store]
    assert len(triples) == len(set(triples)) > 10000             # each triple in one graph (11,599 with 2.8.0, 10,628 with 2.10.0)
    assert len(triples) == sum(1 for s, _, _ in corpus_build.graph if not isinstance(s, BNode))
    load_store(tmp_path / "mem" / "graph.nq", tmp_path / "mem-store")     # kg store load of the in-memory build
    for name in ("laws_cited", "cooperation_partners", "money_figures"):
        a = run_query(store_build.store, name)
        b = run_query(tmp_path / "mem-store", name)
        assert sorted(map(str, a.rows)) == sorted(map(str, b.rows)), name
    assert store_build.summary["shared_entities"] >= 5
    assert (store_build.outputs["html"]).stat().st_size > 10000


def test_store_build_draws_the_view_of_the_finished_store(store_build):
    """``graph.html`` of a store build is the page the finished store gives, series graph and all."""
    import pyoxigraph as ox

    from kg.onto import load_ontology
    from kg.series import SERIES_GRAPH
    from kg.views import entity_view
    from kg.visualize import render_html

    st = ox.Store.read_only(str(store_build.store))
    assert any(True for _ in st.quads_for_pattern(None, None, None, ox.NamedNode(str(SERIES_GRAPH))))
    view = entity_view(st, ontology=load_ontology(ROOT / "ontology" / "kg.ttl"))
    page = render_html(view.graph, title=view.title, note=view.note)
    assert page.encode("utf-8") == store_build.outputs["html"].read_bytes()


def test_store_build_graph_nq_is_the_named_graphs(store_build):
    import pyoxigraph as ox

    nq = ox.Store()
    nq.load(path=str(store_build.outputs["nquads"]), format=ox.RdfFormat.N_QUADS)
    st = ox.Store.read_only(str(store_build.store))
    assert _quads(nq) == _quads(st)


def test_per_report_rules_plus_cross_report_closure_equal_owlrl_on_the_seed(seed_build, ontology):
    """What build_store infers (each report closed alone, then the cross-report candidates
    closed together) is what owlrl infers on the seed, on the triples that matter."""
    from kg.corpus import cross_report_candidates, cross_report_closure
    from kg.reason import compile_rules, materialize, run_rules
    from tests.test_reason import _matter

    rules = compile_rules(ontology)
    data = set(seed_build.data)
    per_report = run_rules(data, rules)
    ours = per_report | cross_report_closure(cross_report_candidates(per_report, rules), set(), rules)
    ref = materialize(seed_build.data, ontology=ontology, reasoner="owlrl")
    g = Graph()
    for t in ours:
        g.add(t)
    assert _matter(g) == _matter(ref)


def test_cross_report_closure_equals_one_closure_of_the_corpus(corpus_build, ontology):
    from kg.corpus import cross_report_candidates, cross_report_closure
    from kg.rdfize import report_triples
    from kg.reason import compile_rules, run_rules

    rules = compile_rules(ontology)
    closed, cross = set(), set()
    for ex in corpus_build.extractions:
        c = run_rules(report_triples(ex), rules)
        closed |= c
        cross |= cross_report_candidates(c, rules)
    union = set()
    for ex in corpus_build.extractions:
        union |= report_triples(ex)
    assert closed | cross_report_closure(cross, set(), rules) == run_rules(union, rules)


def test_cross_report_joins_are_found():
    """A transitive edge split over two reports joins; a chain through a measure cannot."""
    from kg.corpus import cross_report_candidates, cross_report_closure
    from kg.reason import compile_rules, run_rules

    rules = compile_rules(Graph().parse(ROOT / "ontology" / "kg.ttl"))
    a, b, c = (DATA[f"entity/{x}"] for x in "abc")
    m = DATA["report/r1/measure/m1"]
    r1 = run_rules({(a, KG.locatedIn, b), (m, KG.hasActor, a)}, rules)
    r2 = run_rules({(b, KG.locatedIn, c), (m, KG.builds, c)}, rules)  # a (bogus) reuse of r1's measure
    cand = cross_report_candidates(r1, rules) | cross_report_candidates(r2, rules)
    new = cross_report_closure(cand, set(), rules)
    assert (a, KG.locatedIn, c) in new
    assert (a, KG.built, c) not in new        # measures are report-local: never joined across reports


# --- the synthetic corpus -------------------------------------------------------------------

def test_synthetic_corpus_generator(tmp_path, quick):
    import subprocess
    import sys

    from kg.bench import generate
    from kg.corpus import extract_corpus

    chars = generate(6, tmp_path / "s1", seed=3)
    kg_bench = Path(sys.executable).with_name("kg-bench")           # the console command
    r = subprocess.run([str(kg_bench), "generate", "6", str(tmp_path / "s2"), "--seed", "3"],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0 and "wrote 6 reports" in r.stderr, r.stderr
    files = sorted((tmp_path / "s1").glob("*.txt"))
    assert len(files) == 6 and chars > 6 * 300
    for f in files:
        assert f.read_bytes() == (tmp_path / "s2" / f.name).read_bytes()      # same seed, same corpus
        meta = json.loads(f.with_name(f.stem + ".meta.json").read_text(encoding="utf-8"))
        assert meta["origin"].startswith("synthetic") and f.read_text(encoding="utf-8").startswith(meta["issuer"])
    result = extract_corpus([tmp_path / "s1"], quick)
    assert result.skipped == [] and all(len(ex.entities) > 5 for ex in result.extractions)
