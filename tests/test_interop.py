"""What we publish reads the same in other RDF tools, and the ontology passes a real OWL 2 DL
reasoner (HermiT, shipped with owlready2, run on the machine's Java)."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS

from kg.vocab import KG
from tests.conftest import ONTOLOGY


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
    assert len(ours) == len(theirs) > 5000
    assert isomorphic(ours, theirs)


def test_pyoxigraph_reads_the_trig_dataset(built_dir):
    import pyoxigraph

    quads = list(pyoxigraph.parse(path=str(built_dir / "graph.trig"), format=pyoxigraph.RdfFormat.TRIG))
    graphs = {str(q.graph_name) for q in quads}
    assert len(quads) == len(Graph().parse(built_dir / "graph.ttl"))
    assert any("/report/" in g for g in graphs) and any(g.endswith("/graph/inferred>") for g in graphs)


def test_ontology_parses_in_pyoxigraph():
    import pyoxigraph

    assert len(_oxigraph_graph(ONTOLOGY, pyoxigraph.RdfFormat.TURTLE)) == len(Graph().parse(ONTOLOGY))


def _jena_classpath() -> str | None:
    jars = Path("/usr/share/java")
    wanted = ["jena-base", "jena-core", "jena-arq", "jena-cmds", "jena-iri", "jena-dboe-base", "commons-lang3",
              "commons-io", "commons-codec", "commons-compress", "commons-cli", "slf4j-api", "slf4j-nop", "gson",
              "jsonld-java", "jackson-core", "jackson-databind", "jackson-annotations", "dexx.collection", "thrift",
              "protobuf", "httpclient", "httpcore", "titanium-json-ld", "guava", "caffeine", "jakarta.json"]
    found = [str(jars / f"{w}.jar") for w in wanted if (jars / f"{w}.jar").exists()]
    return ":".join(found) if any("jena-cmds" in f for f in found) and shutil.which("java") else None


def test_jena_riot_validates_the_outputs(built_dir):
    cp = _jena_classpath()
    if cp is None:
        pytest.skip("Apache Jena (Debian libapache-jena-java) or Java is not installed")
    probe = subprocess.run(["java", "-cp", cp, "riotcmd.riot", "--count", str(ONTOLOGY)], capture_output=True, text=True)
    if "ExceptionInInitializerError" in probe.stderr:
        pytest.skip("Debian's Jena 4.5 cannot initialise its XSD datatypes on this JVM (riot crashes on start)")
    for f in (ONTOLOGY, built_dir / "graph.ttl", built_dir / "graph.trig"):
        r = subprocess.run(["java", "-cp", cp, "riotcmd.riot", "--validate", str(f)], capture_output=True, text=True)
        assert r.returncode == 0, r.stderr


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


def test_vocab_mirrors_the_ontology(ontology):
    from kg.vocab import KG as V

    names = {str(s)[len(str(V._NS)):] for s in ontology.subjects() if str(s).startswith(str(V._NS))}
    assert set(V.__annotations__) == names
    with pytest.raises(AttributeError):
        V.hasActorr
