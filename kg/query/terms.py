"""RDF terms in and out of the query backends and renderings.

Takes: rdflib terms, pyoxigraph terms, SPARQL 1.1 Query Results JSON bindings and plain
strings. Gives: rdflib terms (``from_ox``, ``from_json``), JSON bindings (``to_json``),
N-Triples text (``nt``, ``nt_literal``), Python values (``python_value``) and the sets of
numeric XSD datatypes the table and DataFrame renderings right-align and convert.
"""
from __future__ import annotations

import re
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

__all__ = ["INTEGER_TYPES", "NUMERIC_TYPES", "from_ox", "from_json", "to_json", "nt", "nt_literal",
           "python_value"]

INTEGER_TYPES = {XSD.integer, XSD.int, XSD.long, XSD.short, XSD.byte, XSD.nonNegativeInteger,
                 XSD.positiveInteger, XSD.nonPositiveInteger, XSD.negativeInteger, XSD.unsignedInt,
                 XSD.unsignedLong, XSD.unsignedShort, XSD.unsignedByte}
NUMERIC_TYPES = INTEGER_TYPES | {XSD.decimal, XSD.double, XSD.float}


def python_value(t: Node | None) -> Any:
    """A term as a Python value: ``Decimal``/``int``/``float``/``bool`` for numbers and booleans, else ``str``.

    Example:
        >>> python_value(Literal("2", datatype=XSD.integer)), python_value(URIRef("urn:a"))
        (2, 'urn:a')
    """
    if t is None:
        return None
    if isinstance(t, Literal) and t.datatype in NUMERIC_TYPES | {XSD.boolean}:
        return t.toPython()
    return str(t)


def from_ox(t) -> Node | None:
    """A pyoxigraph term as an rdflib term (None stays None)."""
    import pyoxigraph as ox

    if t is None:
        return None
    if isinstance(t, ox.NamedNode):
        return URIRef(t.value)
    if isinstance(t, ox.BlankNode):
        return BNode(t.value)
    if isinstance(t, ox.Literal):
        if t.language:
            return Literal(t.value, lang=t.language)
        dt = t.datatype.value
        return Literal(t.value) if dt == str(XSD.string) else Literal(t.value, datatype=URIRef(dt))
    return Literal(str(t))  # RDF-star triple terms: shown as text


def from_json(b: dict | None) -> Node | None:
    """A SPARQL 1.1 Query Results JSON binding as an rdflib term (None: unbound)."""
    if b is None:
        return None
    if b["type"] == "uri":
        return URIRef(b["value"])
    if b["type"] == "bnode":
        return BNode(b["value"])
    dt = b.get("datatype")
    if b.get("xml:lang"):
        return Literal(b["value"], lang=b["xml:lang"])
    return Literal(b["value"]) if dt in (None, str(XSD.string)) else Literal(b["value"], datatype=URIRef(dt))


def to_json(t: Node) -> dict:
    """An rdflib term as a SPARQL 1.1 Query Results JSON binding."""
    if isinstance(t, URIRef):
        return {"type": "uri", "value": str(t)}
    if isinstance(t, BNode):
        return {"type": "bnode", "value": str(t)}
    out = {"type": "literal", "value": str(t)}
    if t.language:
        out["xml:lang"] = t.language
    elif t.datatype is not None and t.datatype != XSD.string:
        out["datatype"] = str(t.datatype)
    return out


def _escape(s: str) -> str:
    return s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")


def nt_literal(s: str) -> str:
    """``s`` as a quoted, escaped N-Triples string literal."""
    return f'"{_escape(s)}"'


def nt(t: Node) -> str:
    """A term in N-Triples syntax (as SPARQL TSV results want it)."""
    if isinstance(t, URIRef):
        return f"<{t}>"
    if isinstance(t, BNode):
        return f"_:{t}"
    if t.datatype in (XSD.integer, XSD.decimal) and re.fullmatch(r"[-+]?\d+(\.\d+)?", str(t)) \
            and (t.datatype == XSD.integer) == ("." not in str(t)):
        return str(t)
    if t.language:
        return f"{nt_literal(str(t))}@{t.language}"
    if t.datatype is not None and t.datatype != XSD.string:
        return f"{nt_literal(str(t))}^^<{t.datatype}>"
    return nt_literal(str(t))
