"""kg.analysis: the figures table, CJK font selection, glyph check, class selection, Gephi export."""
from __future__ import annotations

import matplotlib
import networkx as nx
import pytest

matplotlib.use("Agg")

from matplotlib import font_manager  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from kg.analysis import CJK_FONTS, cjk_font, figures_table, missing_glyphs, nodes_of_class, use_cjk_font, write_gephi  # noqa: E402
from kg.errors import ConfigError  # noqa: E402


@pytest.fixture(scope="module")
def seed_nx(seed_build):
    from kg.networks import to_networkx

    return to_networkx(seed_build.graph, ontology=seed_build.ontology)


# --- figures_table --------------------------------------------------------------------------

def test_figures_table_seed(seed_graph):
    df = figures_table(seed_graph)
    assert len(df) == 30 and df["figure"].is_unique
    assert list(df.columns) == ["figure", "indicator", "value", "unit", "counter", "qualifier", "year", "written",
                                "about", "report", "start"]
    assert df["unit"].value_counts().to_dict() == {"count": 20, "CNY": 5, "percent": 4, "year": 1}
    fund = df.set_index("indicator").loc["获得中央引导资金"]
    assert (fund["value"], fund["unit"], fund["counter"], fund["qualifier"], fund["written"], fund["about"]) == \
        (6_970_000, "CNY", "万元", "exact", "697万元", "中央引导资金")
    deals = df.set_index("indicator").loc["技术合同成交额"]
    assert (deals["value"], deals["qualifier"], deals["written"]) == (4_900_000_000, "more_than", "49亿元")
    assert df["start"].is_monotonic_increasing and set(df["year"]) == {2024}


def test_figures_table_empty_graph():
    from rdflib import Graph

    df = figures_table(Graph())
    assert len(df) == 0 and "indicator" in df.columns


# --- fonts ----------------------------------------------------------------------------------

def test_setup_installs_noto_sans_cjk_sc():
    # scripts/setup.sh --test installs fonts-noto-cjk; the notebooks rely on it
    assert cjk_font() == "Noto Sans CJK SC"


def test_cjk_font_falls_back_to_another_cjk_family():
    assert cjk_font(("No Such Font", "Noto Serif CJK SC")) == "Noto Serif CJK SC"
    assert "CJK" in cjk_font(("No Such Font",))


def test_use_cjk_font_sets_rcparams():
    with matplotlib.rc_context():
        assert use_cjk_font() == "Noto Sans CJK SC"
        assert matplotlib.rcParams["font.sans-serif"][0] == "Noto Sans CJK SC"
        assert matplotlib.rcParams["font.family"] == ["sans-serif"] and matplotlib.rcParams["axes.unicode_minus"] is False


def test_no_cjk_font_warns_with_install_hint(monkeypatch):
    monkeypatch.setattr(font_manager.fontManager, "ttflist", [])
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda *a, **k: [])
    with matplotlib.rc_context():
        before = list(matplotlib.rcParams["font.sans-serif"])
        with pytest.warns(UserWarning, match="apt-get install fonts-noto-cjk"):
            assert use_cjk_font() is None
        assert matplotlib.rcParams["font.sans-serif"] == before


def test_missing_glyphs_sees_tofu_and_its_absence():
    def fig_with(family):
        with matplotlib.rc_context({"font.family": [family]}):
            fig = Figure()
            fig.add_subplot().set_title("金额指标 Money")
            return missing_glyphs(fig)

    boxes = fig_with("DejaVu Sans")
    assert len(boxes) == 4 and all("missing from font" in m for m in boxes)
    assert fig_with("Noto Sans CJK SC") == []
    assert CJK_FONTS[0] == "Noto Sans CJK SC"


# --- nodes_of_class -------------------------------------------------------------------------

def test_nodes_of_class_uses_the_class_tree(seed_nx, seed_build):
    label = nx.get_node_attributes(seed_nx, "label")
    unis = [label[n] for n in nodes_of_class(seed_nx, "University", ontology=seed_build.ontology)]
    assert sorted(unis) == ["重庆大学", "重庆师范大学", "重庆电子科技职业大学"]
    finance = nodes_of_class(seed_nx, ["FinancialInstitution", "FinancialResource"], ontology=seed_build.ontology)
    assert sorted(label[n] for n in finance) == ["中信银行", "中信银行重庆分行", "中央引导资金", "创新积分贷",
                                                  "概念验证资金", "知识价值信用贷款"]
    orgs = nodes_of_class(seed_nx, "Organization", ontology=seed_build.ontology)
    assert len(orgs) == 13 and set(nodes_of_class(seed_nx, "University", ontology=seed_build.ontology)) <= set(orgs)


def test_nodes_of_class_unknown_class(seed_nx, seed_build):
    with pytest.raises(ConfigError, match=r"unknown class 'Univercity'; choose one of: .*University"):
        nodes_of_class(seed_nx, "Univercity", ontology=seed_build.ontology)


# --- write_gephi ----------------------------------------------------------------------------

def test_write_gephi_round_trip(seed_nx, tmp_path):
    g = seed_nx.copy()
    nx.set_node_attributes(g, {n: 0.5 for n in g}, "pagerank")
    graphml = nx.read_graphml(write_gephi(g, tmp_path / "sub" / "g.graphml"))
    gexf = nx.read_gexf(write_gephi(g, tmp_path / "g.gexf"))
    for back in (graphml, gexf):
        assert back.number_of_nodes() == 58 and back.number_of_edges() == 58
    node = next(n for n, a in g.nodes(data=True) if a["label"] == "重庆大学")
    attrs = graphml.nodes[node]
    assert attrs["label"] == "重庆大学" and attrs["type"] == "University" and attrs["pagerank"] == 0.5
    assert "重庆大学" in attrs["evidence"]          # evidence dicts kept as JSON text
    edge_labels = {a["label"] for *_, a in graphml.edges(data=True)}
    assert "合作" in edge_labels


def test_write_gephi_unknown_format(tmp_path):
    with pytest.raises(ConfigError, match=r"unknown graph format '\.dot'; choose one of: \.gexf, \.graphml"):
        write_gephi(nx.MultiDiGraph(), tmp_path / "g.dot")
