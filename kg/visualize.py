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

__all__ = ["write_html", "render_html", "class_style", "CLASS_STYLE", "SHARED_ASSETS"]

# class local name -> (colour, vis-network shape). Shape tells the family (organizations are
# dots, platforms triangles, documents squares...), colour the class. Shapes that draw the
# label inside (box, ellipse) get light colours so the dark label stays readable.
CLASS_STYLE = {
    "Organization": ("#6baed6", "dot"), "PublicBody": ("#4292c6", "dot"),
    "GovernmentBody": ("#1f77b4", "dot"), "PartyBody": ("#d62728", "dot"), "LegislativeBody": ("#9467bd", "dot"),
    "ConsultativeBody": ("#c5b0d5", "dot"), "University": ("#ff7f0e", "dot"), "ResearchInstitute": ("#ffbb78", "dot"),
    "Enterprise": ("#2ca02c", "dot"), "FinancialInstitution": ("#17becf", "dot"), "Bank": ("#17becf", "dot"),
    "BankBranch": ("#9edae5", "dot"),
    "InnovationPlatform": ("#8c564b", "triangle"), "ResearchCenter": ("#8c564b", "triangle"),
    "ProofOfConceptCenter": ("#c49c94", "triangle"), "Park": ("#bcbd22", "triangle"),
    "SciencePark": ("#dbdb8d", "triangle"), "Incubator": ("#e377c2", "triangle"),
    "InnovationEcosystemCircle": ("#f7b6d2", "triangle"), "DigitalPlatform": ("#7f7f7f", "triangle"),
    "NormativeDocument": ("#6b6ecf", "square"), "LawOrRegulation": ("#393b79", "square"), "Law": ("#393b79", "square"),
    "Regulation": ("#5254a3", "square"), "PolicyDocument": ("#6b6ecf", "square"), "LocalPolicy": ("#6b6ecf", "square"),
    "InternalRule": ("#9c9ede", "square"),
    "Project": ("#637939", "hexagon"), "ResearchOutput": ("#8ca252", "hexagon"),
    "Event": ("#e7ba52", "star"), "Program": ("#7b4173", "triangleDown"),
    "FinancialResource": ("#843c39", "diamond"), "Fund": ("#843c39", "diamond"),
    "GuidanceFund": ("#ad494a", "diamond"), "FinancialProduct": ("#d6616b", "diamond"),
    "LoanProduct": ("#d6616b", "diamond"), "Place": ("#a55194", "dot"),
    "Measure": ("#3182bd", "diamond"), "PlannedMeasure": ("#9ecae1", "diamond"), "Observation": ("#fdd0a2", "box"),
    "Class": ("#c6dbef", "box"), "ExternalClass": ("#e5e5e5", "box"),
    "ObjectProperty": ("#fdd0a2", "ellipse"), "DatatypeProperty": ("#c7e9c0", "ellipse"),
}
_DEFAULT = ("#999999", "dot")
# legend glyph of each vis-network shape
_GLYPH = {"dot": "●", "triangle": "▲", "square": "■", "hexagon": "⬢", "star": "★", "triangleDown": "▼",
          "diamond": "◆", "box": "■", "ellipse": "⬬"}
_TEMPLATE_DIR = Path(__file__).with_name("templates")
# the look, legend and panel code the static page inlines and ``kg serve``'s explorer serves
SHARED_ASSETS = ("kg-view.css", "kg-view.js")


def class_style(cls: str) -> tuple[str, str, str]:
    """(colour, vis-network shape, legend glyph) of a class local name, for both pages.

    Example:
        >>> class_style("University"), class_style("NoSuchClass")
        (('#ff7f0e', 'dot', '●'), ('#999999', 'dot', '●'))
    """
    color, shape = CLASS_STYLE.get(cls, _DEFAULT)
    return color, shape, _GLYPH.get(shape, "●")


def render_html(g: "nx.MultiDiGraph", *, title: str = "知识图谱 Knowledge graph", note: str = "",
                physics: bool = True) -> str:
    """HTML text of the interactive view of ``g`` (nodes need ``label`` and ``type``).

    Optional node attributes: ``type_label``, ``aliases``, ``figures``, ``evidence`` (dicts
    with ``sentence``, ``report``, ``start``, ``end``), ``details`` and ``focus`` (selected
    when the page opens). Edge attribute ``label`` is drawn on the edge.

    Example:
        >>> import networkx as nx
        >>> g = nx.MultiDiGraph()
        >>> g.add_node("urn:a", label="<b>甲</b>", type="University")
        >>> html = render_html(g)
        >>> "<b>甲</b>" in html, "https://" in html.split("<script>")[0]
        (False, False)
    """
    import math

    import jinja2
    import pyvis

    net = _Network(directed=True, cdn_resources="in_line")
    degree = dict(g.degree())
    counts: dict[str, int] = {}
    labels: dict[str, str] = {}
    for node, attrs in g.nodes(data=True):
        cls = attrs.get("type", "Thing")
        counts[cls] = counts.get(cls, 0) + 1
        labels.setdefault(cls, str(attrs.get("type_label") or cls))
        color, shape = CLASS_STYLE.get(cls, _DEFAULT)
        ev = attrs.get("evidence") or []
        tooltip = f"{attrs.get('type_label', cls)}：{attrs.get('label', node)}"
        if ev:
            tooltip += "\n" + ev[0]["sentence"][:120]
        net.add_node(node, label=str(attrs.get("label", node)), shape=shape, color=color,
                     size=round(11 + 5 * math.sqrt(min(degree.get(node, 0), 40))), title=tooltip,
                     # heavier hubs push their neighbours (and loose nodes) further out: less overlap
                     mass=round(1 + min(degree.get(node, 0), 40) / 15, 2),
                     cls=cls, clsLabel=attrs.get("type_label", cls), aliases=list(attrs.get("aliases") or []),
                     figures=list(attrs.get("figures") or []), evidence=ev, details=list(attrs.get("details") or []),
                     focus=bool(attrs.get("focus")))
    edge_types: dict[str, int] = {}
    for s, o, key, attrs in g.edges(keys=True, data=True):
        label = attrs.get("label", key)
        edge_types[label] = edge_types.get(label, 0) + 1
        net.add_edge(s, o, label=label, arrows=key != "cooperatesWith")
    nodes, edges, *_ = net.get_network_data()
    n = len(nodes)
    options = {
        "physics": {"enabled": physics, "solver": "forceAtlas2Based",
                    "forceAtlas2Based": {"gravitationalConstant": -75, "centralGravity": 0.02,
                                         "springLength": 100, "springConstant": 0.06, "avoidOverlap": 0.8},
                    # fewer iterations for big views, so the page settles in a few seconds
                    "stabilization": {"enabled": True, "iterations": 600 if n <= 150 else 300 if n <= 600 else 120,
                                      "updateInterval": 50, "fit": True},
                    "minVelocity": 1.0},
        "layout": {"improvedLayout": n <= 150, "randomSeed": 7},
        "interaction": {"hover": True, "navigationButtons": False, "tooltipDelay": 150, "hideEdgesOnDrag": n > 300},
        "nodes": {"font": {"size": 17, "strokeWidth": 4, "strokeColor": "#ffffff"}, "borderWidth": 1},
        "edges": {"smooth": {"type": "continuous"} if n > 300 else {"type": "dynamic"},
                  "arrows": {"to": {"scaleFactor": 0.5}},
                  "font": {"size": 11, "color": "#52606d", "strokeWidth": 3, "strokeColor": "#ffffff"}},
    }
    classes = [{"name": c, "label": f"{labels[c]} {c}" if labels[c] != c else c, "zh": labels[c],
                "en": c if labels[c] != c else "", "color": class_style(c)[0], "glyph": class_style(c)[2],
                "count": k}
               for c, k in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    data = {"title": title, "nodes": [_node_json(x) for x in nodes],
            "edges": [{"from": e["from"], "to": e["to"], "label": e.get("label", ""), "arrows": bool(e.get("arrows"))}
                      for e in edges],
            "classes": classes, "options": options,
            "edgeTypes": [f"{k} ({v})" for k, v in sorted(edge_types.items(), key=lambda kv: (-kv[1], kv[0]))]}
    env = jinja2.Environment(loader=jinja2.ChoiceLoader([
        jinja2.FileSystemLoader(str(_TEMPLATE_DIR)),
        jinja2.FileSystemLoader(str(Path(pyvis.__file__).with_name("templates")))]), autoescape=True)
    return env.get_template("graph.html").render(title=title, note=note, data=data)


class _IdList(list):
    """pyvis keeps node ids in a list and tests membership for every node and edge; a set makes that O(1)."""

    def __init__(self) -> None:
        super().__init__()
        self._set: set = set()

    def append(self, item) -> None:
        super().append(item)
        self._set.add(item)

    def __contains__(self, item) -> bool:
        return item in self._set


def _network_class():
    from pyvis.network import Network

    class Net(Network):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self.node_ids = _IdList()

    return Net


def _Network(*args, **kwargs):
    return _network_class()(*args, **kwargs)


def _node_json(n: dict) -> dict:
    keep = ("id", "label", "shape", "color", "size", "mass", "cls", "clsLabel", "aliases", "figures", "evidence", "details",
            "focus")
    out = {k: n[k] for k in keep if k in n}
    out["tooltip"] = n.get("title", "")
    return out


def write_html(g: "nx.MultiDiGraph", path: Path, **options) -> Path:
    """Write the view of ``g`` to ``path`` atomically and return the path."""
    from .atomic import write_atomic

    return write_atomic(Path(path), render_html(g, **options))
