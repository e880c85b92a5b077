"""Helpers for the analysis notebooks: tables, fonts, class selection and Gephi export.

Takes a built graph (anything ``kg.query.run_query`` accepts: an rdflib ``Graph``, a
file, a store directory), its networkx projection (``kg.networks.to_networkx``) or a
matplotlib figure; gives pandas tables of figures, a matplotlib set-up that draws
Chinese labels (a CJK font chosen by family name), the entities of an ontology class
and its subclasses, and GraphML/GEXF files that Gephi opens. No stage logic: these are
read-only views over what the pipeline built, kept here so notebooks stay short and
the behaviour is tested.
"""
from __future__ import annotations

import json
import re
import warnings
from collections.abc import Iterable, Sequence
from numbers import Integral, Real
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Graph
from rdflib.namespace import RDFS

from .errors import ConfigError
from .vocab import KG

if TYPE_CHECKING:
    import matplotlib.figure
    import networkx as nx
    import pandas as pd

    from .query import Source

__all__ = ["CJK_FONTS", "UNITS", "figures_table", "cjk_font", "use_cjk_font", "missing_glyphs",
           "nodes_of_class", "write_gephi"]

#: CJK font families tried in order; Debian's ``fonts-noto-cjk`` provides the first.
CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK TC", "Noto Sans CJK JP", "Noto Serif CJK SC",
             "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei",
             "Microsoft YaHei", "SimHei", "PingFang SC", "Heiti SC", "Arial Unicode MS")
_CJK_FILE = re.compile(r"cjk|wqy|wenquanyi|sourcehan|msyh|simhei|pingfang", re.IGNORECASE)

#: QUDT unit local name -> the short unit name ``kg extract`` uses.
UNITS = {"CCY_CNY": "CNY", "NUM": "count", "PERCENT": "percent", "YR": "year"}

_FIGURES = """
SELECT ?figure ?indicator ?value ?unit ?counter ?qualifier ?year ?written ?about ?report ?start
WHERE {
  ?figure kg:value ?value ; kg:unit ?unit ; kg:indicator/rdfs:label ?indicator .   # kg:value: a figure
  OPTIONAL { ?figure kg:counter ?counter }
  OPTIONAL { ?figure kg:qualifier ?q }
  BIND(COALESCE(?q, "exact") AS ?qualifier)   # no qualifier: an exact figure
  OPTIONAL { ?figure qb:dataSet/kg:refYear ?year }   # a figure's year is its set's
  OPTIONAL { ?figure kg:measures/rdfs:label ?about }
  OPTIONAL { ?mention oa:hasBody ?figure ; kg:inSentence/kg:sentenceOf ?report ; kg:exact ?written .
             BIND(xsd:integer(STRBEFORE(STRAFTER(STR(?mention), "/mention/"), "-")) AS ?start) }   # its IRI names its span
}
ORDER BY ?report ?start ?indicator
"""


def figures_table(graph: "Source") -> "pd.DataFrame":
    """Every figure (``kg:Observation``: a node with a ``kg:value``) of the graph as one pandas row.

    Columns: ``figure`` (IRI), ``indicator`` (label), ``value`` (float, base units: yuan,
    count, percent, years), ``unit`` (``CNY``/``count``/``percent``/``year``), ``counter``
    (the measure word as written: 家, 个, 万元...), ``qualifier`` (``exact`` or
    ``more_than``), ``year``, ``written`` (the words of the report), ``about`` (label of the
    entity the figure measures, if any), ``report`` (IRI) and ``start`` (character offset),
    in reading order.

    Args:
        graph: anything ``kg.query.query_as_df`` accepts.

    Returns:
        A DataFrame with one row per figure.

    Example:
        >>> from rdflib import Graph
        >>> g = Graph().parse(format="turtle", data='''
        ...   @prefix kg: <https://w3id.org/govkg/ontology#> .
        ...   @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        ...   <urn:f> a kg:Observation ; kg:value 6970000.0 ; kg:indicator [ rdfs:label "资金" ] ;
        ...           kg:unit <http://qudt.org/vocab/unit/CCY_CNY> ; kg:qualifier "exact" .''')
        >>> figures_table(g)[["indicator", "value", "unit", "qualifier"]].values.tolist()
        [['资金', 6970000.0, 'CNY', 'exact']]
    """
    from .query import query_as_df

    df = query_as_df(_FIGURES, graph=graph)
    df["unit"] = [UNITS.get(u.rsplit("/", 1)[-1], u.rsplit("/", 1)[-1]) for u in df["unit"]]
    # a figure whose entity has several labels would repeat: keep its first row
    return df.drop_duplicates("figure").reset_index(drop=True)


def cjk_font(preferred: Sequence[str] = CJK_FONTS) -> str | None:
    """The first installed font family of ``preferred``, else any family named ``*CJK*``, else None.

    Fonts installed after matplotlib built its font cache are found too: when the cache
    has none, the system font folders are scanned for CJK font files and those are added.

    Example:
        >>> name = cjk_font()
        >>> name is None or name in CJK_FONTS or "CJK" in name
        True
    """
    from matplotlib import font_manager

    def pick() -> str | None:
        installed = {f.name for f in font_manager.fontManager.ttflist}
        for name in preferred:
            if name in installed:
                return name
        others = sorted(n for n in installed if "CJK" in n and "Mono" not in n)
        return others[0] if others else None

    found = pick()
    if found is None:
        for path in font_manager.findSystemFonts():
            if _CJK_FILE.search(Path(path).name):
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):   # an unreadable font file is skipped
                    continue
        found = pick()
    return found


def use_cjk_font(preferred: Sequence[str] = CJK_FONTS) -> str | None:
    """Make matplotlib draw Chinese text with an installed CJK font; return its family name.

    Puts the font first in ``font.sans-serif`` (the other fonts stay as fallbacks for Latin
    text) and draws the minus sign as a hyphen (CJK fonts often lack U+2212). When no CJK
    font is installed, matplotlib's settings are left alone, a ``UserWarning`` says how to
    install one (Chinese labels would show as empty boxes), and None is returned.

    Example:
        >>> import matplotlib
        >>> with matplotlib.rc_context():
        ...     name = use_cjk_font()
        ...     name is None or matplotlib.rcParams["font.sans-serif"][0] == name
        True
    """
    import matplotlib

    name = cjk_font(preferred)
    if name is None:
        warnings.warn("no CJK font is installed, so Chinese labels would show as empty boxes: install one "
                      "(Debian/Ubuntu: `apt-get install fonts-noto-cjk`; scripts/setup.sh --test does) "
                      "and restart the kernel", UserWarning, stacklevel=2)
        return None
    rest = [f for f in matplotlib.rcParams["font.sans-serif"] if f != name]
    matplotlib.rcParams["font.family"] = ["sans-serif"]
    matplotlib.rcParams["font.sans-serif"] = [name, *rest]
    matplotlib.rcParams["axes.unicode_minus"] = False
    return name


def missing_glyphs(fig: "matplotlib.figure.Figure") -> list[str]:
    """Draw ``fig`` and return matplotlib's "Glyph ... missing from font(s)" warnings.

    An empty list means every character of every label has a glyph: no empty boxes.

    Example:
        >>> import matplotlib
        >>> from matplotlib.figure import Figure
        >>> with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
        ...     fig = Figure(); _ = fig.suptitle("金额")
        ...     len(missing_glyphs(fig))
        2
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        canvas.draw()
    return sorted({str(w.message) for w in caught if "missing from" in str(w.message)})


def nodes_of_class(g: "nx.MultiDiGraph", classes: str | Iterable[str], *, ontology: Graph) -> list[str]:
    """Nodes of the projection whose class is one of ``classes`` or a subclass of one.

    Args:
        g: the projection (``kg.networks.to_networkx``); node attribute ``type`` is the
            local name of the entity's most specific class.
        classes: ontology class local names, e.g. ``"University"`` or
            ``["FinancialInstitution", "FinancialResource"]``.
        ontology: the ontology graph (``BuildResult.ontology``), for ``rdfs:subClassOf``.

    Returns:
        The matching node keys, sorted.

    Raises:
        ConfigError: a class is not declared in the ontology (the message lists them).

    Example:
        >>> import networkx as nx
        >>> from kg.networks import default_ontology
        >>> g = nx.MultiDiGraph()
        >>> g.add_node("urn:b", type="BankBranch"); g.add_node("urn:u", type="University")
        >>> nodes_of_class(g, "FinancialInstitution", ontology=default_ontology())
        ['urn:b']
    """
    from rdflib.namespace import OWL, RDF

    wanted = [classes] if isinstance(classes, str) else list(classes)
    declared = {str(c).rsplit("#", 1)[-1] for c in ontology.subjects(RDF.type, OWL.Class)
                if str(c).startswith(str(KG._NS))}
    unknown = [c for c in wanted if c not in declared]
    if unknown:
        raise ConfigError(f"unknown class {unknown[0]!r}; choose one of: {', '.join(sorted(declared))}")
    names: set[str] = set()
    for c in wanted:
        names |= {str(s).rsplit("#", 1)[-1] for s in ontology.transitive_subjects(RDFS.subClassOf, KG[c])}
    return sorted(n for n, a in g.nodes(data=True) if a.get("type") in names)


def write_gephi(g: "nx.MultiDiGraph", path: str | Path) -> Path:
    """Write the projection as GraphML (``.graphml``) or GEXF (``.gexf``) for Gephi.

    Both formats allow only scalar attributes: strings, numbers and booleans are kept
    (add your own, e.g. a PageRank or community number, before writing), lists of
    scalars are joined with ``|`` (aliases), anything else (evidence, figures) becomes
    JSON text, and missing values are left out.

    Args:
        g: a networkx graph, typically ``kg.networks.to_networkx(graph)``.
        path: the output file; its suffix chooses the format. Parent folders are created.

    Returns:
        The path written.

    Raises:
        ConfigError: the suffix is neither ``.graphml`` nor ``.gexf``.

    Example:
        >>> import networkx as nx, tempfile
        >>> g = nx.MultiDiGraph()
        >>> g.add_node("urn:a", label="甲乙大学", aliases=["甲大"], pagerank=0.5)
        >>> with tempfile.TemporaryDirectory() as d:
        ...     back = nx.read_graphml(write_gephi(g, Path(d) / "g.graphml"))
        >>> back.nodes["urn:a"]
        {'label': '甲乙大学', 'aliases': '甲大', 'pagerank': 0.5}
    """
    import networkx as nx

    path = Path(path)
    writers = {".graphml": nx.write_graphml, ".gexf": nx.write_gexf}
    if path.suffix.lower() not in writers:
        raise ConfigError(f"unknown graph format {path.suffix or path.name!r}; choose one of: .gexf, .graphml")
    flat = nx.MultiDiGraph() if g.is_multigraph() else nx.DiGraph()
    for n, a in g.nodes(data=True):
        flat.add_node(n, **_flat(a))
    if g.is_multigraph():
        for s, o, k, a in g.edges(keys=True, data=True):
            flat.add_edge(s, o, key=k, **_flat(a))
    else:
        for s, o, a in g.edges(data=True):
            flat.add_edge(s, o, **_flat(a))
    path.parent.mkdir(parents=True, exist_ok=True)
    writers[path.suffix.lower()](flat, path)
    return path


def _flat(attrs: dict[str, Any]) -> dict[str, str | int | float | bool]:
    """Attributes reduced to what GraphML and GEXF can store."""
    out: dict[str, str | int | float | bool] = {}
    for k, v in attrs.items():
        if v is None:
            continue
        if isinstance(v, (str, bool)):
            out[k] = v
        elif isinstance(v, Real):
            out[k] = int(v) if isinstance(v, Integral) else float(v)
        elif isinstance(v, (list, tuple, set, frozenset)) and all(isinstance(x, (str, int, float)) for x in v):
            out[k] = "|".join(str(x) for x in (sorted(v) if isinstance(v, (set, frozenset)) else v))
        else:
            out[k] = json.dumps(v, ensure_ascii=False, default=str)
    return out
