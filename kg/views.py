"""Views: a built graph (file or rdflib ``Graph``) + the ontology -> a ``View`` to draw.

Three views, each a ``networkx.MultiDiGraph`` whose nodes carry ``label``, ``type``,
``type_label``, ``aliases``, ``figures``, ``evidence`` and ``details`` (what
``kg.visualize.render_html`` draws):

- ``entities``: one node per entity, edges = direct relations (``kg.networks.to_networkx``).
- ``measures``: one node per measure (举措) linked to its actor, partners, objects,
  policies and result figures, so a measure reads at a glance.
- ``ontology``: the model itself: classes (subclass tree), properties with their
  domains, ranges and super-properties (drawn by ``kg.ontology_graph``).

Large graphs: the data graph is loaded into an in-memory Oxigraph store (native parser,
about a second for 400,000 triples); a *skeleton* (entity types and direct edges only)
is read with two SPARQL queries; the nodes to show are chosen on it: ``classes`` filter,
``focus`` neighbourhood of ``depth`` hops, then at most ``max_nodes`` nodes ranked by
number of distinct neighbours (the focus always stays). Only the chosen nodes are
described (labels, aliases, figures, quoted sentences) into a small rdflib graph and
projected with ``to_networkx``, so a view of a 20,000-entity graph takes seconds and
the page draws a few hundred nodes. The skeleton's queries, and the describing ones, run
side by side in threads (``_each``): Oxigraph evaluates a query outside Python's lock.
"""
from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from .errors import ConfigError, InputError
from .networks import EDGE_PROPERTIES, EVIDENCE_LIMIT, entity_types, to_networkx
from .networks import evidence_of as _evidence
from .networks import term_label as _label
from .ontology_graph import has_zh, ontology_graph
from .vocab import KG, OA, ORG, QB, sentence_offsets_sparql

if TYPE_CHECKING:
    import networkx as nx
    import pyoxigraph

__all__ = ["View", "VIEWS", "DEFAULT_MAX_NODES", "load_store", "build_view", "write_view",
           "entity_view", "measures_view", "ontology_view"]

VIEWS = ("entities", "measures", "ontology")
DEFAULT_MAX_NODES = 400
_CHUNK = 800  # IRIs per VALUES block
_EDGE_IRIS = [str(KG[p]) for p in EDGE_PROPERTIES] + [str(ORG.subOrganizationOf)]
_THREADS = min(4, os.cpu_count() or 1)   # store queries evaluated side by side (see the module)


@dataclass(frozen=True)
class View:
    """A graph ready to draw, with its title, a note on what was left out, and sizes."""

    kind: str
    graph: "nx.MultiDiGraph"
    title: str
    note: str = ""
    total: int = 0  # nodes the view would have without --class/--focus/--max-nodes


# --- loading ------------------------------------------------------------------------

def load_store(source: Path | Graph) -> "pyoxigraph.Store":
    """An in-memory Oxigraph store holding ``source`` (a file of any RDF syntax, or a Graph).

    Example:
        >>> from rdflib import Graph, URIRef
        >>> g = Graph(); _ = g.add((URIRef("urn:a"), RDF.type, URIRef("urn:C")))
        >>> len(load_store(g))
        1
    """
    import pyoxigraph as ox

    store = ox.Store()
    if isinstance(source, Graph):
        store.load(source.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
        return store
    path = Path(source)
    if not path.is_file():
        raise InputError(f"{path}: no such graph file (build one with `kg build`)")
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".").lower()) if path.suffix else None
    if fmt is None:
        raise InputError(f"{path}: unknown RDF syntax '{path.suffix}'; "
                         "use one of: .ttl, .nt, .nq, .trig, .jsonld, .rdf, .n3")
    try:
        store.load(path=str(path), format=fmt)
    except (SyntaxError, ValueError) as e:
        raise InputError(f"{path}: does not parse as {fmt.name}: {str(e).splitlines()[0] if str(e) else e}") from e
    return store


def _select(store, query: str) -> Iterator[tuple[str | None, ...]]:
    """Rows of a SELECT as tuples of term values (None where unbound)."""
    for row in store.query(query, use_default_graph_as_union=True):
        yield tuple(None if t is None else t.value for t in row)


def _construct(store, queries: Iterable[str]) -> Graph:
    """The triples of several CONSTRUCT queries, as one rdflib graph."""
    import pyoxigraph as ox

    def term(t):
        if isinstance(t, ox.NamedNode):
            return URIRef(t.value)
        if isinstance(t, ox.BlankNode):
            return BNode(t.value)
        if t.language:
            return Literal(t.value, lang=t.language)
        dt = t.datatype.value
        return Literal(t.value) if dt == str(XSD.string) else Literal(t.value, datatype=URIRef(dt))

    g = Graph()
    for triples in _each(lambda q: list(store.query(q, use_default_graph_as_union=True)), list(queries)):
        for t in triples:   # added in the order of the queries, as one thread would
            g.add((term(t.subject), term(t.predicate), term(t.object)))
    return g


def _each(f: Callable, items: Sequence) -> list:
    """``[f(x) for x in items]``, with up to ``_THREADS`` calls at a time (``f`` runs a store query).

    Example:
        >>> _each(len, ["a", "bb", "ccc"])
        [1, 2, 3]
    """
    if _THREADS < 2 or len(items) < 2:
        return [f(x) for x in items]
    with ThreadPoolExecutor(_THREADS) as pool:
        return list(pool.map(f, items))


def _values(iris: Sequence[str]) -> Iterator[str]:
    """VALUES bodies of at most ``_CHUNK`` IRIs each."""
    for i in range(0, len(iris), _CHUNK):
        yield " ".join(f"<{x}>" for x in iris[i:i + _CHUNK])


# --- the skeleton: types and direct edges only -------------------------------------

def _entity_types(store) -> dict[str, set[str]]:
    """``networks.entity_types`` of the store, with IRIs as the plain strings the store's queries give."""
    return {str(e): {str(c) for c in cs} for e, cs in entity_types(store).items()}


def _edges(store) -> list[tuple[str | None, ...]]:
    """(subject, object) of every direct edge: the skeleton's second query."""
    values = " ".join(f"<{p}>" for p in _EDGE_IRIS)
    return list(_select(store, f"SELECT ?s ?o WHERE {{ VALUES ?p {{ {values} }} ?s ?p ?o }}"))


def _skeleton(store) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """The entities with their types, and their neighbours: the two queries at once."""
    types, edges = _each(lambda f: f(store), [_entity_types, _edges])
    return types, _neighbours(edges, types)


def _neighbours(edges: Iterable[tuple], ents: dict[str, set[str]]) -> dict[str, set[str]]:
    nbrs: dict[str, set[str]] = {e: set() for e in ents}
    for s, o in edges:
        if s in ents and o in ents and s != o:
            nbrs[s].add(o)
            nbrs[o].add(s)
    return nbrs


def _entity_labels(store, ents: dict[str, set[str]]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    query = f"SELECT ?e ?l WHERE {{ ?e <{RDFS.label}>|<{SKOS.altLabel}> ?l FILTER(isLiteral(?l)) }}"
    for e, lab in _select(store, query):
        if e in ents:
            out.setdefault(e, set()).add(lab)
    return out


def find_entities(labels: dict[str, set[str]], query: str) -> set[str]:
    """Entities whose label or alias is ``query``, else the one that contains it.

    Example:
        >>> find_entities({"urn:a": {"甲乙研究中心", "甲乙中心"}, "urn:b": {"丙研究中心"}}, "甲乙中心")
        {'urn:a'}
    """
    q = query.strip()
    exact = {e for e, ls in labels.items() if q in ls}
    if exact:
        return exact
    part = {e for e, ls in labels.items() if any(q.lower() in lab.lower() for lab in ls)}
    if len(part) == 1:
        return part
    if not part:
        raise ConfigError(f"--focus: no entity is named '{query}' (label or alias)")
    names = sorted(min(labels[e], key=len) for e in part)
    more = f" and {len(names) - 8} more" if len(names) > 8 else ""
    raise ConfigError(f"--focus: '{query}' matches {len(part)} entities: {', '.join(names[:8])}{more}; "
                      "give the full name")


def _class_closure(names: Sequence[str], ontology: Graph, present: Iterable[str]) -> set[str]:
    """IRIs of the named classes (local name or Chinese label) and all their subclasses."""
    known: dict[str, URIRef] = {}
    for c in ontology.subjects(RDF.type, OWL.Class):
        if isinstance(c, URIRef) and str(c).startswith(str(KG._NS)):
            known[c.rsplit("#", 1)[-1]] = c
            for lab in ontology.objects(c, RDFS.label):
                known.setdefault(str(lab), c)
    out: set[str] = set()
    for n in names:
        c = known.get(n) or known.get(n[:1].upper() + n[1:])
        if c is None:
            local = sorted({str(x).rsplit("#", 1)[-1] for x in present} or
                           {k for k, v in known.items() if k == v.rsplit("#", 1)[-1]})
            raise ConfigError(f"--class: unknown class '{n}'; choose one of: {', '.join(local)}")
        out |= {str(x) for x in ontology.transitive_subjects(RDFS.subClassOf, c)}
    return out


def _bfs(start: set[str], nbrs: dict[str, set[str]], depth: int) -> set[str]:
    seen = set(start)
    frontier = deque((s, 0) for s in sorted(start))
    while frontier:
        node, d = frontier.popleft()
        if d >= depth:
            continue
        for n in sorted(nbrs.get(node, ())):
            if n not in seen:
                seen.add(n)
                frontier.append((n, d + 1))
    return seen


def _top(pool: set[str], keep: set[str], nbrs: dict[str, set[str]], max_nodes: int) -> set[str]:
    """``keep`` plus the best-connected rest of ``pool``, ``max_nodes`` in all (0: no cap)."""
    if not max_nodes or len(pool) <= max_nodes:
        return pool
    ranked = sorted(pool - keep, key=lambda e: (-len(nbrs.get(e, ())), e))
    return set(sorted(keep)[:max_nodes]) | set(ranked[:max(0, max_nodes - len(keep))])


# --- describing the chosen nodes ---------------------------------------------------

def _describe_entities(store, ids: Sequence[str]) -> Graph:
    """Everything ``to_networkx`` reads about ``ids``: types, labels, edges, figures, quoted sentences."""
    preds = ", ".join(f"<{p}>" for p in [str(RDF.type), str(RDFS.label), str(SKOS.altLabel), *_EDGE_IRIS])
    queries = []
    for vals in _values(list(ids)):
        queries.append(f"CONSTRUCT {{ ?e ?p ?o }} WHERE {{ VALUES ?e {{ {vals} }} ?e ?p ?o FILTER(?p IN ({preds})) }}")
        queries.append(f"CONSTRUCT {{ ?o <{KG.measures}> ?e . ?o <{RDFS.label}> ?l }} WHERE {{ VALUES ?e {{ {vals} }} "
                       f"?o <{KG.measures}> ?e OPTIONAL {{ ?o <{RDFS.label}> ?l }} }}")
    queries += [_evidence_query(x) for x in ids]
    return _construct(store, queries)


def _evidence_query(node: str, limit: int = EVIDENCE_LIMIT) -> str:
    """The quoted sentences ``networks.evidence_of`` shows for ``node``: its first ``limit``
    sentences by (report title, offset), with their mentions. Only those are fetched: a law
    cited by every report of a large corpus has thousands."""
    # a sentence's offsets, for the order, are read from its IRI; networks.evidence_of reads them there too
    return (f"CONSTRUCT {{ ?m <{OA.hasBody}> <{node}> . ?m <{KG.inSentence}> ?s . ?s <{KG.text}> ?t . "
            f"?s <{KG.sentenceOf}> ?r . ?r <{RDFS.label}> ?rl }} WHERE {{ "
            f"{{ SELECT DISTINCT ?s WHERE {{ ?m0 <{OA.hasBody}> <{node}> ; <{KG.inSentence}> ?s . "
            f"{sentence_offsets_sparql('s', 'a0', 'b0')} "
            f"OPTIONAL {{ ?s <{KG.sentenceOf}> ?r0 OPTIONAL {{ ?r0 <{RDFS.label}> ?l0 }} }} "
            f"BIND(COALESCE(STR(?l0), STR(?r0), \"\") AS ?k) }} ORDER BY ?k ?a0 LIMIT {limit} }} "
            f"?m <{OA.hasBody}> <{node}> ; <{KG.inSentence}> ?s . OPTIONAL {{ ?s <{KG.text}> ?t }} "
            f"OPTIONAL {{ ?s <{KG.sentenceOf}> ?r OPTIONAL {{ ?r <{RDFS.label}> ?rl }} }} }}")


def _report_titles(store) -> list[str]:
    rows = _select(store, f"SELECT DISTINCT ?r ?l WHERE {{ ?r a <{KG.Report}> OPTIONAL {{ ?r <{RDFS.label}> ?l }} }}")
    return sorted({label or r for r, label in rows})


def _title(kind: str, store) -> str:
    titles = _report_titles(store)
    head = {"entities": "实体关系", "measures": "举措"}[kind]
    if not titles:
        return f"{head} · 知识图谱"
    more = f" 等 {len(titles)} 份报告" if len(titles) > 2 else ""
    return f"{head} · " + "；".join(titles[:2]) + more


def _note(kind: str, shown: int, total: int, capped: bool) -> str:
    what = {"entities": "实体 entities", "measures": "节点 nodes"}[kind]
    if shown == total:
        return f"全部 {total} 个{what}。"
    how = "按关联数选取 top by number of neighbours; " if capped else ""
    return (f"显示 {shown} / {total} 个{what}（{how}kg viz --focus 名称 --depth N 查看邻域, "
            "--class 筛选类别, --max-nodes 0 显示全部）。")


# --- the three views ---------------------------------------------------------------

def entity_view(store, *, ontology: Graph, classes: Sequence[str] = (), focus: str | None = None,
                depth: int = 1, max_nodes: int = DEFAULT_MAX_NODES) -> View:
    """Entities and their direct relations, chosen by class, focus and size cap.

    Example:
        >>> from kg.synthetic import synthetic_graph
        >>> onto = Graph().parse(Path(__file__).parents[1] / "ontology" / "kg.ttl")
        >>> v = entity_view(load_store(synthetic_graph(300)), ontology=onto, max_nodes=50)
        >>> v.graph.number_of_nodes(), v.total
        (50, 300)
    """
    ents, nbrs = _skeleton(store)
    pool = set(ents)
    keep: set[str] = set()
    if focus:
        keep = find_entities(_entity_labels(store, ents), focus)
        pool = _bfs(keep, nbrs, depth)
    if classes:
        wanted = _class_closure(classes, ontology, {c for cs in ents.values() for c in cs})
        pool = {e for e in pool if ents[e] & wanted} | keep
    chosen = _top(pool, keep, nbrs, max_nodes)
    g = to_networkx(_describe_entities(store, sorted(chosen)), ontology=ontology)
    for k in keep:
        g.nodes[k]["focus"] = True
    return View("entities", g, _title("entities", store), _note("entities", len(chosen), len(ents),
                                                                len(chosen) < len(pool)), len(ents))


def _roles(ontology: Graph) -> dict[str, str]:
    """Measure role property IRI -> local name: actor, partner, every kind of object, policy, result."""
    objects = sorted(str(p) for p in ontology.transitive_subjects(RDFS.subPropertyOf, KG.hasObject))
    iris = [str(KG.hasActor), str(KG.hasPartner), *objects, str(KG.underPolicy), str(KG.hasResult)]
    return {p: p.rsplit("#", 1)[-1] for p in iris}


def measures_view(store, *, ontology: Graph, classes: Sequence[str] = (), focus: str | None = None,
                  depth: int = 1, max_nodes: int = DEFAULT_MAX_NODES) -> View:
    """Measures (举措) linked to their actor, partners, objects, policies and result figures.

    ``focus`` keeps the measures an entity takes part in (``depth`` 2: and the measures of
    their other participants); ``classes`` keeps entity participants of those classes.

    Example:
        >>> from kg.synthetic import synthetic_graph
        >>> onto = Graph().parse(Path(__file__).parents[1] / "ontology" / "kg.ttl")
        >>> v = measures_view(load_store(synthetic_graph(100)), ontology=onto, max_nodes=30)
        >>> v.graph.number_of_nodes() <= 30 < v.total
        True
    """
    import networkx as nx

    roles = _roles(ontology)
    ents = _entity_types(store)
    rvalues = " ".join(f"<{p}>" for p in roles)
    links: dict[str, dict[str, set[str]]] = {}  # measure -> participant -> roles
    # a measure: what kg:describedIn a report (its kg:Measure type is not stored: ontology 2.11.0)
    for m, p, x in _select(store, f"SELECT DISTINCT ?m ?p ?x WHERE {{ ?m <{KG.describedIn}> [] . "
                                  f"VALUES ?p {{ {rvalues} }} ?m ?p ?x FILTER(isIRI(?x)) }}"):
        if x in ents or p == str(KG.hasResult):
            links.setdefault(m, {}).setdefault(x, set()).add(p)
    specific = set(roles) - {str(KG.hasActor), str(KG.hasPartner), str(KG.hasObject), str(KG.underPolicy),
                             str(KG.hasResult)}
    for parts in links.values():  # a specific object role (builds...) makes the generic hasObject redundant
        for ps in parts.values():
            if ps & specific:
                ps.discard(str(KG.hasObject))
    nbrs: dict[str, set[str]] = {}
    for m, parts in links.items():
        nbrs.setdefault(m, set()).update(parts)
        for x in parts:
            nbrs.setdefault(x, set()).add(m)
    total = len(nbrs)
    measures = set(links)
    keep: set[str] = set()
    if focus:
        keep = find_entities(_entity_labels(store, ents), focus)
        reach = _bfs(keep, nbrs, 2 * depth - 1)
        measures &= reach
    if classes:
        wanted = _class_closure(classes, ontology, {c for cs in ents.values() for c in cs})
        for m in list(measures):
            parts = {x for x in links[m] if x in ents and (ents[x] & wanted or x in keep)}
            if not parts:
                measures.discard(m)
            links[m] = {x: ps for x, ps in links[m].items() if x in parts or x not in ents}
    chosen_m: list[str] = []
    nodes: set[str] = set()
    ranked = sorted(measures, key=lambda m: (not (set(links[m]) & keep), -len(links[m]), m))
    for m in ranked:
        new = {m} | set(links[m])
        if max_nodes and len(nodes | new) > max_nodes:
            continue
        chosen_m.append(m)
        nodes |= new
    parts = sorted({x for m in chosen_m for x in links[m]})
    entity_ids = [x for x in parts if x in ents]
    obs_ids = [x for x in parts if x not in ents]
    sub = _describe_entities(store, entity_ids) if entity_ids else Graph()
    preds = ", ".join(f"<{p}>" for p in [str(RDF.type), str(RDFS.label), str(KG.actionVerb), str(KG.year),
                                         str(KG.section), str(KG.value), str(KG.unit), str(KG.refYear)])
    queries = []
    for vals in _values(sorted(chosen_m) + obs_ids):
        queries.append(f"CONSTRUCT {{ ?x ?p ?o }} WHERE {{ VALUES ?x {{ {vals} }} ?x ?p ?o FILTER(?p IN ({preds})) }}")
    for vals in _values(obs_ids):
        # a figure's year is its set's (ontology 2.5.0)
        queries.append(f"CONSTRUCT {{ ?x <{KG.refYear}> ?y }} WHERE {{ VALUES ?x {{ {vals} }} "
                       f"?x <{QB.dataSet}>/<{KG.refYear}> ?y }}")
    for vals in _values(sorted(chosen_m)):
        # a measure with no year of its own took place in its report's year (ontology 2.8.0)
        queries.append(f"CONSTRUCT {{ ?x <{KG.year}> ?y }} WHERE {{ VALUES ?x {{ {vals} }} "
                       f"FILTER NOT EXISTS {{ ?x <{KG.year}> [] }} ?x <{KG.describedIn}>/<{DCTERMS.issued}> ?y }}")
        # a measure's section is its sentence's (ontology 2.5.0)
        queries.append(f"CONSTRUCT {{ ?x <{KG.section}> ?o }} WHERE {{ VALUES ?x {{ {vals} }} "
                       f"?m <{OA.hasBody}> ?x ; <{KG.inSentence}>/<{KG.section}> ?o }}")
    queries += [_evidence_query(x) for x in sorted(chosen_m) + obs_ids]
    sub += _construct(store, queries)
    projected = to_networkx(sub, ontology=ontology)
    g = nx.MultiDiGraph()
    for x in entity_ids:
        g.add_node(x, **projected.nodes[x], focus=x in keep)
    for o in obs_ids:
        g.add_node(o, **_describe_plain(sub, URIRef(o), "Observation", ontology))
    for m in sorted(chosen_m):
        mi = URIRef(m)
        cls = "PlannedMeasure" if (mi, RDF.type, KG.PlannedMeasure) in sub else "Measure"
        g.add_node(m, **_describe_plain(sub, mi, cls, ontology))
        for x, ps in sorted(links[m].items()):
            for p in sorted(ps):
                g.add_edge(m, x, key=roles[p], label=_label(ontology, URIRef(p), "zh"), predicate=p)
    shown = g.number_of_nodes()
    return View("measures", g, _title("measures", store),
                _note("measures", shown, total, bool(max_nodes) and len(chosen_m) < len(measures)), total)


def _describe_plain(g: Graph, node: URIRef, cls: str, ontology: Graph) -> dict:
    """Node attributes of a measure or figure: label, class, details, quoted sentences."""
    details = []
    for prop, name in ((KG.actionVerb, "动词 verb"), (KG.year, "年份 year"), (KG.refYear, "年份 year"),
                       (KG.section, "章节 section"), (KG.value, "数值 value"), (KG.unit, "单位 unit")):
        for v in sorted(g.objects(node, prop)):
            text = v.rsplit("/", 1)[-1] if isinstance(v, URIRef) else str(v)
            if text:
                details.append(f"{name}: {text}")
    return {"label": str(g.value(node, RDFS.label) or node.rsplit("/", 1)[-1]), "type": cls,
            "type_label": _label(ontology, KG[cls], "zh"), "aliases": [], "figures": [],
            "evidence": _evidence(g, node), "details": details}


def ontology_view(ontology: Graph, *, classes: Sequence[str] = (), focus: str | None = None,
                  depth: int = 1, max_nodes: int = 0) -> View:
    """The model: classes (subclass tree), properties with domain, range and super-property.

    Inverse properties (``owl:inverseOf``) and property chains are listed in the details of
    the property they invert or derive, so the drawing stays small. ``classes`` keeps those
    classes' subtrees, their superclasses and the properties that touch them.

    Example:
        >>> onto = Graph().parse(Path(__file__).parents[1] / "ontology" / "kg.ttl")
        >>> v = ontology_view(onto)
        >>> v.graph.nodes[str(KG.Organization)]["label"], v.graph.nodes[str(KG.built)]["type"]
        ('组织机构', 'ObjectProperty')
    """
    g = ontology_graph(ontology)
    total = g.number_of_nodes()
    und = {n: set(g.successors(n)) | set(g.predecessors(n)) for n in g}
    pool = set(g)
    keep: set[str] = set()
    if focus:
        keep = find_entities({n: {a["label"], *a["aliases"]} for n, a in g.nodes(data=True)}, focus)
        pool = _bfs(keep, und, depth)
    if classes:
        wanted = _class_closure(classes, ontology, ())
        ups = {str(x) for c in wanted for x in ontology.transitive_objects(URIRef(c), RDFS.subClassOf)}
        touching = {p for p in g if g.nodes[p]["type"].endswith("Property") and und[p] & wanted}
        pool &= wanted | ups | touching | keep
    chosen = _top(pool, keep, und, max_nodes)
    if len(chosen) < total:
        g = g.subgraph(chosen).copy()
    for k in keep:
        g.nodes[k]["focus"] = True
    n_cls = sum(1 for _, a in g.nodes(data=True) if "Class" in a["type"])
    note = f"{n_cls} 个类 classes, {g.number_of_nodes() - n_cls} 个属性 properties（逆属性见详情 inverses in details）。"
    onto_iri = URIRef(str(KG._NS).rstrip("#"))
    title = "本体 · " + (_label(ontology, onto_iri, "zh") if has_zh(ontology, onto_iri) else "kg ontology")
    return View("ontology", g, title, note, total)


# --- one call for the CLI ----------------------------------------------------------

def build_view(source: Path | Graph | None, *, ontology: Graph, view: str = "entities", classes: Sequence[str] = (),
               focus: str | None = None, depth: int = 1, max_nodes: int = DEFAULT_MAX_NODES) -> View:
    """The ``view`` of ``source`` (ignored for the ontology view).

    Raises:
        ConfigError: unknown view, class or focus, or a negative depth or cap.
        InputError: the graph file is missing or does not parse.
    """
    if view not in VIEWS:
        raise ConfigError(f"unknown view '{view}'; choose one of: {', '.join(VIEWS)}")
    if depth < 0 or max_nodes < 0:
        raise ConfigError(f"--depth and --max-nodes must be 0 or more (got {depth}, {max_nodes})")
    if view == "ontology":
        return ontology_view(ontology, classes=classes, focus=focus, depth=depth, max_nodes=max_nodes)
    if source is None:
        raise ConfigError(f"the {view} view needs a graph (--graph)")
    store = load_store(source)
    build = entity_view if view == "entities" else measures_view
    return build(store, ontology=ontology, classes=classes, focus=focus, depth=depth, max_nodes=max_nodes)


def write_view(source: Path | Graph | None, out: Path, *, ontology: Graph, **options) -> View:
    """Build a view (see ``build_view``) and write it to ``out`` as one self-contained HTML file."""
    from .visualize import write_html

    v = build_view(source, ontology=ontology, **options)
    write_html(v.graph, Path(out), title=v.title, note=v.note)
    return v
