"""Ontology files and build stamps: a Turtle path -> rdflib ``Graph`` (``OntologyError`` on a bad
file), an ontology -> its class and property local names, a requested time -> the build time.

Shared by the small-build pipeline (``kg.pipeline``) and corpus builds (``kg.corpus``), so neither
imports the other for them.
"""
from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path

from rdflib import Graph

from .errors import OntologyError

__all__ = ["load_ontology", "ontology_terms", "build_time"]


def load_ontology(path: Path) -> Graph:
    """Parse an ontology or shapes file; ``OntologyError`` names the file and the parser's complaint.

    A build reads the ontology in several stages (the merge, the report step, the outputs):
    the file is parsed once per process while its size and time stay the same, and every call
    gets a graph of its own (a caller may add to it).
    """
    path = Path(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        raise OntologyError(f"{path}: no such file") from None
    except OSError as e:
        raise OntologyError(f"{path}: cannot be read: {e.strerror or e}") from None
    key = (str(path.resolve()), st.st_size, st.st_mtime_ns)
    hit = _PARSED.get(key)
    if hit is None:
        try:
            g = Graph().parse(path, format="turtle")
        except Exception as e:  # rdflib raises several parser exception types
            msg = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
            raise OntologyError(f"{path}: does not parse as Turtle: {msg}") from e
        _PARSED[key] = (tuple(g), tuple(g.namespaces()))
        return g
    triples, namespaces = hit
    g = Graph()
    for prefix, ns in namespaces:
        g.bind(prefix, ns, override=True, replace=True)
    g.addN((s, p, o, g) for s, p, o in triples)
    return g


_PARSED: dict[tuple[str, int, int], tuple[tuple, tuple]] = {}


def ontology_terms(onto: Graph) -> tuple[set[str], set[str]]:
    from rdflib.namespace import OWL, RDF

    from .vocab import KG

    ns = str(KG._NS)
    classes = {str(c)[len(ns):] for c in onto.subjects(RDF.type, OWL.Class) if str(c).startswith(ns)}
    props = {str(p)[len(ns):] for p in onto.subjects(RDF.type, OWL.ObjectProperty) if str(p).startswith(ns)}
    return classes, props | {"subOrganizationOf"}


def build_time(explicit: str | None) -> str:
    if explicit:
        return explicit
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        t = _dt.datetime.fromtimestamp(int(epoch), tz=_dt.timezone.utc)
    else:
        t = _dt.datetime.now(tz=_dt.timezone.utc).replace(microsecond=0)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")
