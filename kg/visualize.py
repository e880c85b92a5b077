"""Visualize stage: ``networkx.MultiDiGraph`` -> one self-contained interactive HTML file.

Built on pyvis (nodes, edges and options go through ``pyvis.network.Network``), rendered
with our own Jinja template ``kg/templates/graph.html``: vis-network's script and
stylesheet are inlined from pyvis's package, so the page works with the network
unplugged (pyvis's stock template loads Bootstrap and tom-select from CDNs). Colour and
shape per class with a legend that filters, a search box over labels and aliases, and a
side panel with class, aliases, figures and quoted source sentences. All text from
reports goes into a JSON block and is rendered with ``textContent``: never as markup.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["write_html", "render_html", "CLASS_STYLE"]

# class local name -> (colour, vis-network shape)
CLASS_STYLE = {
    "GovernmentBody": ("#1f77b4", "dot"), "PartyBody": ("#d62728", "dot"), "LegislativeBody": ("#9467bd", "dot"),
    "ConsultativeBody": ("#c5b0d5", "dot"), "University": ("#ff7f0e", "star"), "ResearchInstitute": ("#ffbb78", "star"),
    "Enterprise": ("#2ca02c", "square"), "Bank": ("#17becf", "diamond"), "BankBranch": ("#9edae5", "diamond"),
    "ResearchCenter": ("#8c564b", "triangle"), "ProofOfConceptCenter": ("#c49c94", "triangle"),
    "Park": ("#bcbd22", "triangle"), "SciencePark": ("#dbdb8d", "triangle"), "Incubator": ("#e377c2", "triangle"),
    "InnovationEcosystemCircle": ("#f7b6d2", "triangle"), "DigitalPlatform": ("#7f7f7f", "triangle"),
    "Law": ("#393b79", "box"), "Regulation": ("#5254a3", "box"), "LocalPolicy": ("#6b6ecf", "box"),
    "InternalRule": ("#9c9ede", "box"), "Project": ("#637939", "hexagon"), "ResearchOutput": ("#8ca252", "hexagon"),
    "Event": ("#e7ba52", "ellipse"), "Fund": ("#843c39", "database"), "GuidanceFund": ("#ad494a", "database"),
    "LoanProduct": ("#d6616b", "database"), "Program": ("#7b4173", "ellipse"), "Place": ("#a55194", "dot"),
    "Measure": ("#3182bd", "diamond"), "PlannedMeasure": ("#9ecae1", "diamond"), "Observation": ("#fd8d3c", "text"),
    "Class": ("#486581", "box"), "Property": ("#829ab1", "ellipse"),
}
_DEFAULT = ("#999999", "dot")
_TEMPLATE_DIR = Path(__file__).with_name("templates")


def render_html(g: "nx.MultiDiGraph", *, title: str = "知识图谱 Knowledge graph", note: str = "",
                physics: bool = True) -> str:
    """HTML text of the interactive view of ``g`` (nodes need ``label`` and ``type``)."""
    import jinja2
    import pyvis
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="in_line")
    degree = dict(g.degree())
    counts: dict[str, int] = {}
    for node, attrs in g.nodes(data=True):
        cls = attrs.get("type", "Thing")
        counts[cls] = counts.get(cls, 0) + 1
        color, shape = CLASS_STYLE.get(cls, _DEFAULT)
        ev = attrs.get("evidence") or []
        tooltip = f"{attrs.get('type_label', cls)}：{attrs.get('label', node)}"
        if ev:
            tooltip += "\n" + ev[0]["sentence"][:120]
        net.add_node(node, label=str(attrs.get("label", node)), shape=shape, color=color,
                     size=10 + 3 * min(degree.get(node, 0), 12), title=tooltip,
                     cls=cls, clsLabel=attrs.get("type_label", cls), aliases=list(attrs.get("aliases") or []),
                     figures=list(attrs.get("figures") or []), evidence=ev, details=list(attrs.get("details") or []))
    edge_types: dict[str, int] = {}
    for s, o, key, attrs in g.edges(keys=True, data=True):
        label = attrs.get("label", key)
        edge_types[label] = edge_types.get(label, 0) + 1
        net.add_edge(s, o, label=label, arrows=key != "cooperatesWith")
    nodes, edges, *_ = net.get_network_data()
    options = {
        "physics": {"enabled": physics, "solver": "forceAtlas2Based",
                    "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120},
                    "stabilization": {"enabled": True, "iterations": 400, "fit": True}},
        "interaction": {"hover": True, "navigationButtons": False, "tooltipDelay": 150},
        "edges": {"smooth": {"type": "dynamic"}},
    }
    classes = [{"name": c, "label": _class_label(c, g), "color": CLASS_STYLE.get(c, _DEFAULT)[0], "count": n}
               for c, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    data = {"title": title, "nodes": [_node_json(n) for n in nodes],
            "edges": [{"from": e["from"], "to": e["to"], "label": e.get("label", ""), "arrows": bool(e.get("arrows"))}
                      for e in edges],
            "classes": classes, "options": options,
            "edgeTypes": [f"{k} ({v})" for k, v in sorted(edge_types.items(), key=lambda kv: -kv[1])]}
    env = jinja2.Environment(loader=jinja2.ChoiceLoader([
        jinja2.FileSystemLoader(str(_TEMPLATE_DIR)),
        jinja2.FileSystemLoader(str(Path(pyvis.__file__).with_name("templates")))]), autoescape=True)
    return env.get_template("graph.html").render(title=title, note=note, data=data)


def _node_json(n: dict) -> dict:
    keep = ("id", "label", "shape", "color", "size", "cls", "clsLabel", "aliases", "figures", "evidence", "details")
    out = {k: n[k] for k in keep if k in n}
    out["tooltip"] = n.get("title", "")
    return out


def _class_label(cls: str, g: "nx.MultiDiGraph") -> str:
    for _, attrs in g.nodes(data=True):
        if attrs.get("type") == cls:
            return f"{attrs.get('type_label', cls)} {cls}"
    return cls


def write_html(g: "nx.MultiDiGraph", path: Path, **options) -> Path:
    """Write the view of ``g`` to ``path`` atomically and return the path."""
    from .atomic import write_atomic

    return write_atomic(Path(path), render_html(g, **options))
