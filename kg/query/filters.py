"""What a filter parameter names: the reports, entities or indicators of ``report=``, ``issuer=``...

Takes: a filter parameter (``report``, ``issuer``, ``entity`` or ``indicator``), the value
the user gave, and a function that runs SPARQL on the source being asked. Gives: the
IRIs it names, as N-Triples terms for a filter slot's ``VALUES`` block (``resolve``), or a
one-line ``QueryError`` when it names nothing.

- ``report``: a report IRI (``<…>`` or bare), its 12-character id, or part of its title.
- ``issuer``: the reports issued by a body given by IRI, name or alias (``rdfs:label``,
  ``skos:altLabel``), or else by part of its name.
- ``entity``: an entity by IRI, name or alias, or else by part of its name.
- ``indicator``: an indicator by IRI or name, or else by part of its name.

An exact name is looked up through the label index, so it costs a few index look-ups
whatever the corpus size; a part of a name scans the labels of that kind only.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from ..errors import QueryError
from ..vocab import DATA
from .result import QueryResult
from .terms import nt, nt_literal

__all__ = ["FILTER_PARAMS", "resolve"]

Runner = Callable[[str], QueryResult]

# parameter -> (what it names, how it is written, SPARQL with ?x the IRI for an exact {name} and for a {part})
_LABELS = "rdfs:label|skos:altLabel"
FILTER_PARAMS: dict[str, tuple[str, str, str, str]] = {
    "report": ("report", "a report IRI, its 12-character id or part of its title",
               "SELECT DISTINCT ?x WHERE {{ VALUES ?x {{ {iri} }} ?x a kg:Report }}",
               "SELECT DISTINCT ?x WHERE {{ ?x a kg:Report ; dcterms:title ?t . FILTER(CONTAINS(STR(?t), {part})) }}"),
    "issuer": ("issuer", "an issuing body's IRI, name, alias or part of its name",
               "SELECT DISTINCT ?x WHERE {{ VALUES ?l {{ {names} }} ?b " + _LABELS + " ?l . ?x kg:issuedBy ?b }}",
               "SELECT DISTINCT ?x WHERE {{ ?x kg:issuedBy ?b . ?b rdfs:label ?l . "
               "FILTER(CONTAINS(STR(?l), {part})) }}"),
    "entity": ("entity", "an entity's IRI, name, alias or part of its name",
               "SELECT DISTINCT ?x WHERE {{ VALUES ?l {{ {names} }} ?x " + _LABELS + " ?l . "
               "FILTER(STRSTARTS(STR(?x), \"" + str(DATA) + "entity/\")) }}",
               "SELECT DISTINCT ?x WHERE {{ ?x rdfs:label ?l . FILTER(CONTAINS(STR(?l), {part}) && "
               "STRSTARTS(STR(?x), \"" + str(DATA) + "entity/\")) }}"),
    "indicator": ("indicator", "an indicator's IRI, name or part of its name",
                  "SELECT DISTINCT ?x WHERE {{ VALUES ?l {{ {names} }} ?x rdfs:label ?l . ?f kg:indicator ?x }}",
                  "SELECT DISTINCT ?x WHERE {{ {{ SELECT DISTINCT ?x WHERE {{ ?f kg:indicator ?x }} }} "
                  "?x rdfs:label ?l . FILTER(CONTAINS(STR(?l), {part})) }}"),
}


def resolve(param: str, value: str, run: Runner) -> tuple[str, ...]:
    """The IRIs (N-Triples, sorted) that ``value`` names for filter parameter ``param``.

    Args:
        param: ``report``, ``issuer``, ``entity`` or ``indicator``.
        value: what the user wrote after ``param=``.
        run: runs a SELECT on the source being asked and gives its ``QueryResult``.

    Raises:
        QueryError: the value names nothing in the source (the message says what to give).

    Example:
        >>> from rdflib import Graph
        >>> from kg.query.backends import run_local
        >>> g = Graph().parse(data='''@prefix kg: <https://w3id.org/govkg/ontology#> .
        ...   @prefix dcterms: <http://purl.org/dc/terms/> .
        ...   <https://w3id.org/govkg/id/report/0123456789ab> a kg:Report ; dcterms:title "甲市乙区某局年度报告"@zh .''',
        ...   format="turtle")
        >>> resolve("report", "0123456789ab", lambda q: run_local(g, q))
        ('<https://w3id.org/govkg/id/report/0123456789ab>',)
        >>> resolve("report", "乙区", lambda q: run_local(g, q))
        ('<https://w3id.org/govkg/id/report/0123456789ab>',)
        >>> resolve("report", "丙区", lambda q: run_local(g, q))
        Traceback (most recent call last):
        ...
        kg.errors.QueryError: report='丙区' names no report in this graph; give a report IRI, its 12-character id or part of its title
    """
    kind, how, exact, part = FILTER_PARAMS[param]
    text = value.strip()
    if not text:
        raise QueryError(f"{param}= is empty; give {how}")
    iri = _iri(param, text)
    if iri is not None:
        query = exact.format(iri=iri, names="") if param == "report" else _by_iri(param, iri)
        found = _iris(run(query))
    else:
        found = ()
        if param != "report":
            names = " ".join(f"{nt_literal(text)}{tag}" for tag in ("@zh", "", "@en"))
            found = _iris(run(exact.format(names=names, iri="")))
        if not found:
            found = _iris(run(part.format(part=nt_literal(text))))
    if not found:
        raise QueryError(f"{param}='{text}' names no {kind} in this graph; give {how}")
    return found


def _iri(param: str, text: str) -> str | None:
    if re.fullmatch(r"<[^<>\s]+>", text):
        return text
    if re.fullmatch(r"(https?|urn):\S+", text):
        return f"<{text}>"
    if param == "report" and re.fullmatch(r"[0-9a-f]{12}", text):
        return f"<{DATA}report/{text}>"
    return None


def _by_iri(param: str, iri: str) -> str:
    if param == "issuer":
        return f"SELECT DISTINCT ?x WHERE {{ ?x kg:issuedBy {iri} }}"
    if param == "indicator":
        return f"SELECT DISTINCT ?x WHERE {{ VALUES ?x {{ {iri} }} ?f kg:indicator ?x }}"
    return f"SELECT DISTINCT ?x WHERE {{ VALUES ?x {{ {iri} }} ?x rdfs:label ?l }}"


def _iris(result: QueryResult) -> tuple[str, ...]:
    return tuple(sorted(nt(row[0]) for row in result.rows if row[0] is not None))
