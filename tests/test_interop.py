"""What we publish reads the same in other RDF tools, and the ontology is OWL 2 DL.

Independent parsers: pyoxigraph (Rust) and Apache Jena's riot (Java, Debian's
libapache-jena-java) read graph.ttl, graph.trig, graph.jsonld and the ontology; their triples
are handed to rdflib as N-Triples and compared with rdflib's own reading (count and
isomorphism). Reasoners: HermiT through owlready2, and HermiT with the OWL API's OWL 2 DL
profile checker (both from the jar owlready2 ships; ``tests/java/OwlCheck.java``) on the
ontology alone and on the ontology plus the seed graph.
"""
from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS, XSD

from kg.vocab import KG
from tests.conftest import ONTOLOGY, ROOT

JAVA_DIR = Path("/usr/share/java")


# --- pyoxigraph ---------------------------------------------------------------------------

def _oxigraph_graph(path: Path, fmt) -> Graph:
    """Parse with pyoxigraph (an independent Rust parser) and hand the triples to rdflib."""
    import pyoxigraph

    nt = pyoxigraph.serialize(pyoxigraph.parse(path=str(path), format=fmt), format=pyoxigraph.RdfFormat.N_TRIPLES)
    return Graph().parse(data=nt.decode("utf-8"), format="nt")


@pytest.mark.parametrize("name", ["graph.ttl", "graph.jsonld"])
def test_pyoxigraph_reads_the_same_graph(built_dir, name):
    import pyoxigraph

    fmt = pyoxigraph.RdfFormat.TURTLE if name.endswith(".ttl") else pyoxigraph.RdfFormat.JSON_LD
    ours = Graph().parse(built_dir / name)
    theirs = _oxigraph_graph(built_dir / name, fmt)
    assert len(ours) == len(theirs) > 2000        # the seed: 2,350 triples with ontology 2.8.0
    assert isomorphic(ours, theirs)


def test_pyoxigraph_reads_the_trig_dataset(built_dir):
    import pyoxigraph

    quads = list(pyoxigraph.parse(path=str(built_dir / "graph.trig"), format=pyoxigraph.RdfFormat.TRIG))
    graphs = {str(q.graph_name) for q in quads}
    assert len(quads) == len(Graph().parse(built_dir / "graph.ttl"))
    assert any("/report/" in g for g in graphs) and any(g.endswith("/graph/inferred>") for g in graphs)


def test_ontology_parses_in_pyoxigraph():
    import pyoxigraph

    theirs = _oxigraph_graph(ONTOLOGY, pyoxigraph.RdfFormat.TURTLE)
    ours = Graph().parse(ONTOLOGY)
    assert len(theirs) == len(ours) > 1000
    assert isomorphic(ours, theirs)


# --- Apache Jena riot ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def riot(tmp_path_factory):
    """A function running Jena's riot with arguments; skips when Jena or Java is missing.

    Debian's Jena 4.5 moved its bundled Xerces classes to the package ``xerces`` but left the
    message bundles under ``org/apache/jena/ext/xerces``, so riot dies on start
    (ExceptionInInitializerError in XSDDatatype). Copying the bundles to where the classes
    look for them, in a folder put on the class path, is enough.
    """
    core = JAVA_DIR / "jena-core.jar"
    if not shutil.which("java") or not (JAVA_DIR / "jena-cmds.jar").exists() or not core.exists():
        pytest.skip("Apache Jena (Debian libapache-jena-java) or Java is not installed: scripts/setup.sh --test")
    fix = tmp_path_factory.mktemp("jena-bundles")
    prefix = "org/apache/jena/ext/"
    with zipfile.ZipFile(core) as jar:
        for name in jar.namelist():
            if name.startswith(prefix + "xerces/") and name.endswith(".properties"):
                dest = fix / name[len(prefix):]
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_bytes(jar.read(name))
    # not /usr/share/java/*: it holds both log4j-over-slf4j and slf4j-log4j12, which refuse to load together
    wanted = ["jena-base", "jena-core", "jena-arq", "jena-cmds", "jena-iri", "jena-dboe-base", "commons-lang3",
              "commons-io", "commons-codec", "commons-compress", "commons-cli", "slf4j-api", "slf4j-nop", "gson",
              "jsonld-java", "jackson-core", "jackson-databind", "jackson-annotations", "dexx.collection",
              "thrift", "protobuf", "httpclient", "httpclient-cache", "httpcore", "commons-logging",
              "titanium-json-ld", "guava", "jakarta.json-api"]
    cp = ":".join([str(fix), *(str(JAVA_DIR / f"{w}.jar") for w in wanted if (JAVA_DIR / f"{w}.jar").exists())])

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["java", "-cp", cp, "riotcmd.riot", *args], capture_output=True, text=True, timeout=300)

    probe = run("--count", str(ONTOLOGY))
    assert probe.returncode == 0, probe.stderr[-3000:]
    return run


def _syntax(path: Path) -> list[str]:
    # Jena reads JSON-LD 1.1 with Titanium, which needs a JSON-P implementation that Debian does
    # not package (libjsonp2-java is the API only); its JSON-LD 1.0 reader (jsonld-java) works
    return ["--syntax=jsonld10"] if path.suffix == ".jsonld" else []


def test_jena_riot_validates_every_output(riot, built_dir):
    files = [ONTOLOGY, *(built_dir / n for n in ("graph.ttl", "graph.trig", "graph.nq"))]
    r = riot("--validate", *map(str, files))
    assert r.returncode == 0 and "ERROR" not in r.stderr and "WARN" not in r.stderr, r.stderr[-3000:]
    r = riot("--syntax=jsonld10", "--validate", str(built_dir / "graph.jsonld"))
    assert r.returncode == 0 and "ERROR" not in r.stderr and "WARN" not in r.stderr, r.stderr[-3000:]


@pytest.mark.parametrize("name", ["ontology", "graph.ttl", "graph.jsonld"])
def test_jena_riot_reads_the_same_graph(riot, built_dir, name):
    """Same number of triples as rdflib, and isomorphic (blank nodes matched up)."""
    path = ONTOLOGY if name == "ontology" else built_dir / name
    r = riot(*_syntax(path), "--output=ntriples", str(path))
    assert r.returncode == 0 and not r.stderr.strip(), r.stderr[-3000:]
    theirs = Graph().parse(data=r.stdout, format="nt")
    ours = Graph().parse(path, format="json-ld" if name.endswith(".jsonld") else "turtle")
    assert len(r.stdout.splitlines()) == len(theirs) == len(ours) > 1000
    assert isomorphic(ours, theirs)


@pytest.mark.parametrize("name", ["graph.trig", "graph.nq"])
def test_jena_riot_reads_the_same_named_graphs(riot, built_dir, name):
    path = built_dir / name
    r = riot("--output=nquads", str(path))
    assert r.returncode == 0 and not r.stderr.strip(), r.stderr[-3000:]
    theirs, ours = Dataset(), Dataset()
    theirs.parse(data=r.stdout, format="nquads")
    ours.parse(path, format="trig" if name.endswith(".trig") else "nquads")
    named = {g.identifier: g for g in ours.graphs() if len(g)}
    other = {g.identifier: g for g in theirs.graphs() if len(g)}
    assert set(named) == set(other) and len(named) >= 3
    assert len(r.stdout.splitlines()) == sum(len(g) for g in named.values()) > 2000
    for iri, g in named.items():
        assert isomorphic(g, other[iri]), iri


def test_jena_riot_rejects_a_broken_file(riot, tmp_path):
    """The validator is not a rubber stamp."""
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix kg: <https://w3id.org/govkg/ontology#> .\nkg:a kg:b \"unterminated .\n", encoding="utf-8")
    assert riot("--validate", str(bad)).returncode != 0


# --- OWL 2 DL: HermiT ------------------------------------------------------------------------

def test_hermit_finds_the_ontology_consistent_and_every_class_satisfiable(tmp_path):
    if not shutil.which("java"):
        pytest.skip("no Java runtime")
    import owlready2

    owl = tmp_path / "kg.owl"
    Graph().parse(ONTOLOGY).serialize(owl, format="xml")
    world = owlready2.World()
    onto = world.get_ontology(owl.as_uri()).load()
    with onto:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    assert list(world.inconsistent_classes()) == []
    assert len(list(onto.classes())) >= 40


@pytest.fixture(scope="module")
def owl_check(tmp_path_factory):
    """``check(graph) -> (violations, consistent, unsatisfiable)`` with the OWL API's OWL 2 DL
    profile checker and HermiT (the jar owlready2 ships), compiled once."""
    if not shutil.which("java") or not shutil.which("javac"):
        pytest.skip("no Java runtime or compiler")
    import owlready2

    jar = Path(owlready2.__file__).parent / "hermit" / "HermiT.jar"
    classes = tmp_path_factory.mktemp("owlcheck")
    r = subprocess.run(["javac", "-nowarn", "-cp", str(jar), "-d", str(classes),
                        str(ROOT / "tests" / "java" / "OwlCheck.java")], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr

    def check(g: Graph) -> tuple[list[str], bool | None, list[str]]:
        src = classes / "input.ttl"
        g.serialize(src, format="turtle")
        r = subprocess.run(["java", "-cp", f"{classes}:{jar}", "OwlCheck", str(src)], capture_output=True, text=True,
                           timeout=300)
        assert r.returncode == 0 and "AXIOMS" in r.stdout, r.stderr[-3000:]
        lines = r.stdout.splitlines()
        consistent = [ln.split()[1] == "true" for ln in lines if ln.startswith("CONSISTENT ")]
        return ([ln[10:] for ln in lines if ln.startswith("VIOLATION ")], consistent[0] if consistent else None,
                [ln.split()[1] for ln in lines if ln.startswith("UNSATISFIABLE ")])

    return check


def test_the_ontology_is_in_the_owl2_dl_profile_consistent_and_satisfiable(owl_check, ontology):
    violations, consistent, unsatisfiable = owl_check(ontology)
    assert violations == []
    assert consistent is True and unsatisfiable == []


def test_the_seed_graph_with_the_ontology_is_owl2_dl_and_consistent(owl_check, ontology, seed_graph):
    g = Graph()
    for t in ontology:
        g.add(t)
    for t in seed_graph:
        g.add(t)
    violations, consistent, unsatisfiable = owl_check(g)
    assert violations == []
    assert consistent is True and unsatisfiable == []


def test_the_owl_checker_sees_problems(owl_check, ontology):
    """Controls: a non-DL axiom, an unsatisfiable class, data that contradicts a disjointness."""
    ex = "http://example.org/o#"
    bad = Graph()
    bad.add((URIRef(ex), RDF.type, OWL.Ontology))
    p, q = URIRef(ex + "p"), URIRef(ex + "q")
    bad.add((p, RDF.type, OWL.ObjectProperty))
    bad.add((p, RDF.type, OWL.TransitiveProperty))
    bad.add((p, RDF.type, OWL.FunctionalProperty))       # non-simple property in a functionality axiom
    bad.add((q, RDF.type, OWL.ObjectProperty))
    bad.add((q, RDF.type, OWL.DatatypeProperty))         # property punning
    violations, _, _ = owl_check(bad)
    assert any("non-simple" in v for v in violations) and any("pun" in v for v in violations)

    unsat = Graph()
    for t in ontology:
        unsat.add(t)
    chimera = URIRef(ex + "UniversityPark")
    unsat.add((chimera, RDF.type, OWL.Class))
    unsat.add((chimera, RDFS.subClassOf, KG.University))
    unsat.add((chimera, RDFS.subClassOf, KG.Park))       # Organization and InnovationPlatform are disjoint
    assert owl_check(unsat)[1:] == (True, [str(chimera)])

    clash = Graph()
    for t in ontology:
        clash.add(t)
    x = URIRef("https://w3id.org/govkg/id/entity/x")
    clash.add((x, RDF.type, KG.University))
    clash.add((x, RDF.type, KG.Place))
    assert owl_check(clash)[1] is False


# OWL 2 datatype map (OWL 2 Structural Specification, section 4) plus rdf:langString (RDF 1.1)
OWL2_DATATYPES = {RDF.PlainLiteral, RDF.XMLLiteral, RDF.langString, RDFS.Literal, OWL.real, OWL.rational} | {
    XSD[n] for n in ("decimal integer nonNegativeInteger nonPositiveInteger positiveInteger negativeInteger long "
                     "int short byte unsignedLong unsignedInt unsignedShort unsignedByte double float string "
                     "normalizedString token language Name NCName NMTOKEN boolean hexBinary base64Binary anyURI "
                     "dateTime dateTimeStamp").split()}


def test_every_datatype_is_in_the_owl2_datatype_map(ontology, seed_graph):
    """xsd:date, xsd:gYear and friends are not OWL 2 DL datatypes (HermiT rejects them)."""
    ranges = {o for p in ontology.subjects(RDF.type, OWL.DatatypeProperty) for o in ontology.objects(p, RDFS.range)}
    literal_types = {o.datatype for g in (ontology, seed_graph) for o in g.objects()
                     if isinstance(o, Literal) and o.datatype is not None}
    assert ranges and literal_types
    assert ranges - OWL2_DATATYPES == set()
    assert literal_types - OWL2_DATATYPES == set()


# --- declared terms --------------------------------------------------------------------------

def test_every_term_used_in_the_data_is_declared(seed_graph, ontology):
    from kg.validate import undeclared_terms

    assert undeclared_terms(seed_graph, ontology=ontology) == []


def test_a_typo_in_a_term_is_caught(seed_graph, ontology):
    from kg.validate import undeclared_terms

    g = Graph()
    for t in seed_graph:
        g.add(t)
    g.add((URIRef("urn:x"), KG._NS["hasActorr"], BNode()))
    g.add((URIRef("urn:x"), RDF.type, KG._NS["Univeristy"]))
    assert undeclared_terms(g, ontology=ontology) == [str(KG._NS["Univeristy"]), str(KG._NS["hasActorr"])]


def test_every_property_is_typed_consistently(ontology):
    """A term is a class or a property of one kind, never two (OWL 2 DL forbids property punning)."""
    kinds = [OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty]
    ns = str(KG._NS)
    for term in {s for s in ontology.subjects(RDF.type, None) if str(s).startswith(ns)}:
        declared = [k for k in kinds if (term, RDF.type, k) in ontology]
        assert len(declared) <= 1, (term, declared)
