"""Synthetic graphs for load tests and benchmarks: a size -> an rdflib ``Graph``.

``synthetic_graph(n)`` gives a graph shaped like a materialised build of many reports:
``n`` entities of the ontology's classes (with their inferred superclasses, as after
reasoning), Chinese labels and some aliases, one Web Annotation mention per entity in
a quoted sentence of one of the synthetic reports, measures (``kg:Measure`` with actor,
partner, object and result), figures (``kg:Observation`` with ``kg:measures``) and the
direct edges reasoning derives from the measures. Degrees follow preferential
attachment, so a few hubs and a long tail, as in real reports. The names are made up
(``合成政府部门00042``): no report text is used. Deterministic for a given ``seed``.
"""
from __future__ import annotations

import random
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from .vocab import DATA, KG, OA, bind_prefixes

__all__ = ["synthetic_graph", "SYNTHETIC_CLASSES"]

# leaf class -> (Chinese name stem, inferred superclasses)
SYNTHETIC_CLASSES: dict[str, tuple[str, tuple[str, ...]]] = {
    "GovernmentBody": ("政府部门", ("PublicBody", "Organization")),
    "PartyBody": ("党的机构", ("PublicBody", "Organization")),
    "University": ("高等院校", ("Organization",)),
    "Enterprise": ("企业", ("Organization",)),
    "Bank": ("银行", ("FinancialInstitution", "Organization")),
    "ResearchCenter": ("研究中心", ("InnovationPlatform",)),
    "Incubator": ("孵化基地", ("InnovationPlatform",)),
    "SciencePark": ("科技园", ("Park", "InnovationPlatform")),
    "LocalPolicy": ("地方政策", ("PolicyDocument", "NormativeDocument")),
    "Law": ("法律", ("LawOrRegulation", "NormativeDocument")),
    "Project": ("项目", ()),
    "Event": ("活动", ()),
    "Fund": ("资金", ("FinancialResource",)),
    "Program": ("工作机制", ()),
    "Place": ("地点", ()),
}
_WEIGHTS = (8, 2, 3, 12, 2, 5, 4, 2, 4, 1, 6, 3, 2, 4, 2)
_ORGS = {"GovernmentBody", "PartyBody", "University", "Enterprise", "Bank"}
# (subject is an organization, object class) -> (direct edge, measure role)
_EDGE_BY_OBJECT = {
    "ResearchCenter": ("built", "builds"), "Incubator": ("built", "builds"), "SciencePark": ("built", "builds"),
    "LocalPolicy": ("implemented", "implements"), "Law": ("implemented", "implements"),
    "Project": ("signed", "signs"), "Event": ("organized", "hosts"), "Fund": ("funded", "funds"),
    "Program": ("promoted", "promotes"),
}


def synthetic_graph(n_entities: int = 20_000, *, seed: int = 0, edges_per_entity: int = 2,
                    reports: int = 20) -> Graph:
    """A materialised-looking graph of ``n_entities`` entities.

    Args:
        n_entities: how many entities (nodes of the entity view).
        seed: random seed; the same seed gives the same graph.
        edges_per_entity: links each new entity makes to earlier ones (preferential attachment).
        reports: how many synthetic reports the sentences are spread over.

    Example:
        >>> from kg.networks import to_networkx
        >>> g = synthetic_graph(50, seed=1)
        >>> to_networkx(g).number_of_nodes()
        50
    """
    rng = random.Random(seed)
    g = bind_prefixes(Graph())
    classes = list(SYNTHETIC_CLASSES)
    reps = [DATA[f"report/synthetic{r:03d}"] for r in range(reports)]
    for r, rep in enumerate(reps):
        g.add((rep, RDF.type, KG.Report))
        g.add((rep, RDFS.label, Literal(f"合成报告{r:03d}", lang="zh")))
    ents: list[URIRef] = []
    cls_of: dict[URIRef, str] = {}
    label_of: dict[URIRef, str] = {}
    targets: list[URIRef] = []  # one entry per edge end: picking uniformly is picking by degree
    sentence = None
    offsets: dict[URIRef, int] = {}
    for i in range(n_entities):
        cls = rng.choices(classes, _WEIGHTS)[0]
        stem, supers = SYNTHETIC_CLASSES[cls]
        ent = DATA[f"entity/synthetic{i:06d}"]
        label = f"合成{stem}{i:05d}"
        ents.append(ent)
        cls_of[ent], label_of[ent] = cls, label
        g.add((ent, RDF.type, KG[cls]))
        for s in supers:
            g.add((ent, RDF.type, KG[s]))
        g.add((ent, RDFS.label, Literal(label, lang="zh")))
        if i % 7 == 0:
            g.add((ent, SKOS.altLabel, Literal(f"{stem}{i:05d}", lang="zh")))
        # three entities per quoted sentence, each with its own mention
        rep = reps[i % reports]
        if i % 3 == 0:
            start = offsets.get(rep, 0)
            sentence = URIRef(f"{rep}/sentence/{start}-{start + 60}")
            offsets[rep] = start + 61
            g.add((sentence, RDF.type, KG.Sentence))
            g.add((sentence, KG.text, Literal(f"{label}与相关单位共同推进合成举措{i:05d}，取得阶段性成效。")))
            g.add((sentence, KG.sentenceOf, rep))
        m = URIRef(f"{sentence}/m/{i:06d}")
        g.add((m, RDF.type, KG.Mention))
        g.add((m, OA.hasBody, ent))
        g.add((m, KG.inSentence, sentence))
        g.add((m, KG.inReport, rep))
        if i % 5 == 0:
            obs = URIRef(f"{rep}/figure/synthetic{i:06d}")
            g.add((obs, RDF.type, KG.Observation))
            g.add((obs, RDFS.label, Literal(f"合成指标：{i % 97 + 1}项", lang="zh")))
            g.add((obs, KG.value, Literal(Decimal(i % 97 + 1), datatype=XSD.decimal)))
            g.add((obs, KG.measures, ent))
        if i == 0:
            targets.append(ent)
            continue
        for _ in range(min(edges_per_entity, i)):
            other = rng.choice(targets)
            if other == ent:
                continue
            _link(g, ent, other, cls_of, label_of, rep, len(targets))
            targets += [ent, other]
    return g


def _link(g: Graph, a: URIRef, b: URIRef, cls_of: dict, label_of: dict, rep: URIRef, n: int) -> None:
    """A measure joining ``a`` and ``b`` and the direct edge reasoning would derive from it."""
    if cls_of[a] not in _ORGS and cls_of[b] in _ORGS:
        a, b = b, a
    ca, cb = cls_of[a], cls_of[b]
    mi = URIRef(f"{rep}/measure/synthetic{n:07d}")
    g.add((mi, KG.hasActor, a))      # its kg:Measure type: kg:describedIn's domain (2.11.0)
    g.add((mi, KG.describedIn, rep))
    if ca in _ORGS and cb in _ORGS:
        g.add((mi, KG.hasPartner, b))
        g.add((mi, RDFS.label, Literal(f"合作{label_of[b]}", lang="zh")))
        g.add((a, KG.cooperatesWith, b))
        g.add((b, KG.cooperatesWith, a))
        return
    edge, role = _EDGE_BY_OBJECT.get(cb, ("promoted", "promotes"))
    if cb == "Place":
        edge, role = "locatedIn", "hasObject"
    g.add((mi, KG[role], b))
    g.add((mi, RDFS.label, Literal(f"推进{label_of[b]}", lang="zh")))
    g.add((a, KG[edge], b))
