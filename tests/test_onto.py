"""kg.onto.load_ontology: parsed once per process while the file is unchanged, a graph of its
own for every caller, and one clear error for a broken or missing file."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import OWL, RDF

from kg.errors import OntologyError
from kg.onto import load_ontology

ROOT = Path(__file__).resolve().parents[1]


def test_each_call_gets_its_own_graph_with_the_file_s_prefixes(tmp_path):
    path = tmp_path / "kg.ttl"
    shutil.copy(ROOT / "ontology" / "kg.ttl", path)
    first, second = load_ontology(path), load_ontology(path)
    assert first is not second and set(first) == set(second) and len(first) > 1000
    assert dict(first.namespaces())["kg"] == dict(second.namespaces())["kg"]
    first.add((URIRef("urn:x"), RDF.type, OWL.Class))
    assert (URIRef("urn:x"), RDF.type, OWL.Class) not in load_ontology(path)


def test_a_changed_file_is_parsed_again(tmp_path):
    path = tmp_path / "o.ttl"
    path.write_text("<urn:a> a <http://www.w3.org/2002/07/owl#Class> .\n", encoding="utf-8")
    assert len(load_ontology(path)) == 1
    path.write_text("<urn:a> a <http://www.w3.org/2002/07/owl#Class> .\n"
                    "<urn:b> a <http://www.w3.org/2002/07/owl#Class> .\n", encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    assert len(load_ontology(path)) == 2
    path.write_text("<urn:a> a ", encoding="utf-8")
    with pytest.raises(OntologyError, match="o.ttl: does not parse as Turtle"):
        load_ontology(path)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(OntologyError, match="nope.ttl: no such file"):
        load_ontology(tmp_path / "nope.ttl")
