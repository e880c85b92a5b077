"""kg compare: two editions from files or from a store, a whole series with --issuer, the
three output formats, and the one-line errors when the reports are not comparable."""
from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.series import read_editions
from tests.conftest import ROOT

SERIES = ROOT / "data" / "series"
N22, N23, N24 = (str(SERIES / f"nanhu_kjj_{y}.txt") for y in (2022, 2023, 2024))
T23 = str(SERIES / "tianyuan_gxj_2023.txt")


def _dataset_store(paths):
    """The reports' store by the one build path (curated, closed, series graph added; not validated)."""
    from dataclasses import replace

    from kg.config import load_settings
    from kg.pipeline import dataset_store

    return dataset_store(list(paths), replace(load_settings(None), validate=False, jobs=1))


def run(*args: str):
    return CliRunner().invoke(cli, ["compare", *args])


@pytest.fixture(scope="module")
def two_years():
    r = run(N22, N23, "--format", "json")
    assert r.exit_code == 0, r.output
    [c] = json.loads(r.output)
    return c


def test_two_files_json(two_years):
    c = two_years
    assert (c["old"]["year"], c["new"]["year"]) == (2022, 2023)
    assert (c["old"]["issuer"], c["new"]["issuer"]) == ("嘉兴市南湖区科学技术委员会", "嘉兴市南湖区科学技术局")
    assert c["entities"]["programmes"]["dropped"] == ["星火领航"]
    assert c["entities"]["partners"]["new"] == ["上海交通大学"]
    assert "南湖区智能传感中试基地" in c["entities"]["platforms"]["continued"]
    row = next(f for f in c["figures"] if f["indicator"] == "技术合同成交额")
    assert (row["old"], row["new"], row["change"], row["percent"], row["scope"]) == (
        "1860000000", "2230000000", "370000000", "19.9", "全年")
    rate = next(f for f in c["figures"] if f["indicator"] == "研发经费投入强度")
    assert (rate["change"], rate["percent"]) == ("0.2", None)   # a rate changes in points, not percent
    assert c["plans"]["checked"] and c["plans"]["rates"] == {"done": 0.6, "partly": 0.2, "not_mentioned": 0.2}
    partly = next(p for p in c["plans"]["items"] if p["status"] == "partly")
    assert "氢能产业创新联合体" in partly["plan"] and "正在履行报批程序" in partly["evidence"][0]


def test_table_and_markdown_say_the_same():
    table = run(N22, N23)
    md = run(N23, N22, "--format", "markdown")    # order of the arguments does not matter
    assert table.exit_code == md.exit_code == 0
    assert "技术合同成交额        全年   18.6亿元" in table.output
    assert "plans of 2022 in 2023: done 60%, partly 20%, not mentioned 20% of 5" in table.output
    assert "| 技术合同成交额 | 全年 | 18.6亿元 | 22.3亿元 | +3.7亿元 | +19.9% |  |" in md.output
    assert "### plans of 2022 in 2023: done 60%, partly 20%, not mentioned 20% of 5" in md.output


def test_whole_series_by_issuer():
    r = run("--issuer", "天元区工业和信息化局", str(SERIES), "--format", "json")
    assert r.exit_code == 0, r.output
    cs = json.loads(r.output)
    assert [(c["old"]["year"], c["new"]["year"]) for c in cs] == [(2022, 2023), (2023, 2024)]
    assert cs[0]["entities"]["programmes"]["dropped"] == ["企业服务月"]
    assert cs[1]["plans"]["rates"]["done"] == 0.75
    # a former name finds the series too
    r = run("--issuer", "嘉兴市南湖区科学技术委员会", str(SERIES), "--format", "json")
    assert [c["new"]["year"] for c in json.loads(r.output)] == [2023, 2024]


def test_report_ids_of_a_built_store(tmp_path):
    mem = _dataset_store([N22, N24])
    disk = ox.Store(str(tmp_path / "store"))
    disk.extend(mem)
    disk.flush()
    ids = sorted((e.year, e.iri.rsplit("/", 1)[-1]) for e in read_editions(mem))
    del disk
    r = run(ids[0][1], ids[1][1], "--store", str(tmp_path / "store"), "--format", "json")
    assert r.exit_code == 0, r.output
    [c] = json.loads(r.output)
    assert not c["plans"]["checked"]
    assert c["warnings"] == ["2022 -> 2024: not consecutive years; the 2022 plans are not checked"]


@pytest.mark.parametrize("args, error", [
    ((N22, T23), "Error: not comparable: different issuers (嘉兴市南湖区科学技术委员会 / 株洲市天元区工业和信息化局); "
                 "a renamed issuer is listed in data/lexicon/series/issuers.tsv"),
    ((N22,), "Error: give two reports to compare (got 1), or --issuer NAME for a whole series"),
    ((N22, N22), f"Error: {N22} and {N22} are the same report (the same text, or the same title, issuer and "
                 "year read off both: one report saved twice)"),
    (("--issuer", "某某局", str(SERIES)), "Error: no series of '某某局'; issuers: 嘉兴市南湖区科学技术委员会, "
                                         "嘉兴市南湖区科学技术局, 株洲市天元区工业和信息化局"),
    (("--issuer", "区", str(SERIES)), "Error: '区' names 2 series: 嘉兴市南湖区科学技术局 (年度工作总结); "
                                     "株洲市天元区工业和信息化局 (年度工作总结); give a longer name"),
    (("abc", "def", "--store", "no/such/store"), "Error: no/such/store: no store here; create it with: "
                                                 "kg store load --store no/such/store"),
], ids=["different-issuers", "one-report", "same-report", "unknown-issuer", "ambiguous-issuer", "no-store"])
def test_not_comparable_is_one_line_and_exit_1(args, error):
    r = run(*args)
    assert r.exit_code == 1
    assert r.output.strip().splitlines()[-1] == error
    assert "Traceback" not in r.output


def test_same_year_is_not_comparable(tmp_path):
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text("甲市乙区科学技术局2023年工作总结\n\n一、工作成效\n全年技术合同成交额12亿元。\n", encoding="utf-8")
    b.write_text("甲市乙区科学技术局2023年工作总结\n\n一、工作成效\n全年技术合同成交额13亿元。\n", encoding="utf-8")
    r = run(str(a), str(b))
    assert r.exit_code == 1
    # the build takes two files with one title, issuer and year for one report saved twice
    assert r.output.strip() == (f"Error: {a} and {b} are the same report (the same text, or the same title, "
                                "issuer and year read off both: one report saved twice)")
    b.write_text("甲市乙区科学技术局2023年度工作总结\n\n一、工作成效\n全年技术合同成交额13亿元。\n", encoding="utf-8")
    r = run(str(a), str(b))
    assert r.exit_code == 1
    assert r.output.strip().startswith("Error: not comparable: both reports are for 2023")


def test_a_broken_report_is_one_line(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00\x00binary\x00\x00")
    r = run(str(bad), N22)
    assert r.exit_code == 1 and r.output.startswith(f"Error: {bad}: ") and len(r.output.strip().splitlines()) == 1
    assert "same report" not in r.output and "--strict" not in r.output


def test_a_built_store_gives_what_the_files_give(tmp_path):
    """kg build's store (report graphs, the inferred graph) is read as the files are."""
    out = tmp_path / "build"
    r = CliRunner().invoke(cli, ["build", str(SERIES), "-o", str(out), "--store", str(out / "store"), "--no-html",
                                 "-j", "1", "--build-time", "2025-01-01T00:00:00Z", "--cache-dir", str(tmp_path / "c")])
    assert r.exit_code == 0, r.output
    stored = run("--issuer", "南湖区科学技术局", "--store", str(out / "store"), "--format", "json")
    files = run("--issuer", "南湖区科学技术局", str(SERIES), "--format", "json")
    assert stored.exit_code == files.exit_code == 0
    assert json.loads(stored.output) == json.loads(files.output)
    assert len(json.loads(stored.output)) == 2
