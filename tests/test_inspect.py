"""kg inspect (kg.inspect) and the same report read from a pasted page, a saved web page, a PDF
and a DOCX. Every document is made here; places and bodies are made up."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.inspect import inspect
from tests.conftest import SEED
from tests.test_furniture import BULLET_PAGE, COLON_PAGE, TITLE

FULL = "丙市丁区科学技术局"
PARAS = ["2024年，区科技局坚持以法治思维谋划工作，全面加强法治政府建设，依法履职能力明显提升。",
         "一、主要举措和成效",
         "我局与丁区理工大学共建丁区智能制造工程研究中心，全年投入资金200万元，开展普法宣传活动12场。",
         "二、下一步工作安排",
         "区科技局将继续落实《中华人民共和国科学技术进步法》，推动丙市丁区科技创新服务中心建设。"]
INFO = [("索引号", "11500106MB0000000X/2025-00009"), ("发布机构", "丁区科技局"), ("发布日期", "2025-03-10"),
        ("名称", TITLE), ("文号", "丁科发〔2025〕3号")]


def _pasted() -> str:
    block = "\n".join(f"{k}: {v}" for k, v in INFO)
    return (f"欢迎访问丙市丁区人民政府网站\n无障碍 关怀版 繁体版\n首页>政务公开>法治政府建设\n{block}\n{TITLE}\n"
            + "\n".join(PARAS) + "\n【打印本页】【关闭窗口】\n上一篇：丁区科学技术局2023年工作总结\n主办：丙市丁区人民政府办公室\n")


def _html() -> str:
    rows = "".join(f"<tr><td>{k}：</td><td>{v}</td></tr>" for k, v in INFO)
    paras = "".join(f"<p>{p}</p>" for p in PARAS)
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{TITLE}_丙市丁区人民政府</title>
<meta name="ArticleTitle" content="{TITLE}"><meta name="PubDate" content="2025-03-10 09:00">
<meta name="ContentSource" content="丁区科技局"><meta name="SiteName" content="丙市丁区人民政府"></head>
<body><div class="header">丙市丁区人民政府 无障碍 繁体版</div><div class="crumb">首页 &gt; 政务公开 &gt; 法治政府建设</div>
<div class="xxgk"><table>{rows}</table></div>
<div class="article"><h1>{TITLE}</h1><div class="TRS_Editor">{paras}</div></div>
<div class="footer">主办：丙市丁区人民政府办公室 网站标识码：5000000000</div></body></html>"""


def _pdf(path: Path, font: str) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("cjk", fname=font)
    pdf.set_title(TITLE)
    pdf.add_page()
    pdf.set_font("cjk", size=16)
    pdf.multi_cell(0, 10, TITLE, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=12)
    for p in PARAS:
        pdf.multi_cell(0, 8, p, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def _docx(path: Path) -> Path:
    import docx

    d = docx.Document()
    d.core_properties.title = TITLE
    d.add_heading(TITLE, level=1)
    for p in PARAS:
        d.add_paragraph(p)
    d.save(str(path))
    return path


@pytest.fixture(scope="module")
def cjk_font() -> str:
    from tests.test_sources import CJK_FONTS

    for f in CJK_FONTS:
        if Path(f).exists():
            return f
    pytest.skip("no TrueType CJK font for fpdf2: install fonts-wqy-zenhei (scripts/setup.sh --test)")


@pytest.fixture(scope="module")
def formats(tmp_path_factory, cjk_font) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("formats")
    (d / "pasted.txt").write_text(_pasted(), encoding="utf-8")
    (d / "page.html").write_text(_html(), encoding="utf-8")
    return {"txt": d / "pasted.txt", "html": d / "page.html", "pdf": _pdf(d / "report.pdf", cjk_font),
            "docx": _docx(d / "report.docx")}


@pytest.mark.parametrize("fmt", ["txt", "html", "pdf", "docx"])
def test_every_format_gives_the_same_report_node(formats, fmt):
    r = inspect(formats[fmt])
    assert r["format"] == fmt
    assert (r["title"]["value"], r["issuer"]["value"], r["year"]["value"]) == (TITLE, FULL, 2024)
    assert r["main_text"]["head"][0] == TITLE
    assert r["main_text"]["head"][1:] == PARAS[:4]


def test_every_format_gives_the_same_entities(formats):
    from kg.extract import extract
    from kg.ingest import read_document

    def entities(path):
        return {(e.label, e.cls) for e in extract(read_document(path)).entities}

    expected = entities(formats["txt"])
    assert ("丁区理工大学", "University") in {(lbl, cls) for lbl, cls in expected} or len(expected) > 3
    for fmt in ("html", "pdf", "docx"):
        assert entities(formats[fmt]) == expected, fmt


def test_the_page_and_its_pdf_are_built_once(formats, tmp_path, caplog):
    import logging
    import shutil
    from dataclasses import replace

    from kg.config import load_settings
    from kg.corpus import extract_corpus

    for f in ("html", "pdf"):
        shutil.copy(formats[f], tmp_path / formats[f].name)
    with caplog.at_level(logging.WARNING, logger="kg.corpus"):
        result = extract_corpus([tmp_path], replace(load_settings(None), jobs=1, cache_dir=None))
    assert [ex.document.source.name for ex in result.extractions] == ["page.html"]
    assert sum("same report" in r.getMessage() for r in caplog.records) == 1


def test_the_html_page_metadata_comes_from_its_meta_tags(formats):
    r = inspect(formats["html"])
    assert r["title"]["source"] == "meta:ArticleTitle"
    assert r["date"] == {"value": "2025-03-10", "source": "meta:PubDate"}
    assert r["issuer"]["source"] == "meta:ContentSource+expanded"


def test_inspect_table(tmp_path):
    p = tmp_path / "page.txt"
    p.write_text(COLON_PAGE, encoding="utf-8")
    r = CliRunner().invoke(cli, ["inspect", str(p)])
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[0] == f"file        {p}"
    assert f"title       {TITLE}  [info:名称]" in lines
    assert f"issuer      {FULL}  [info:发布机构+expanded]" in lines
    assert "year        2024  [info:名称]" in lines
    assert "date        2025-03-10  [info:发布日期]" in lines
    assert f"{'id 文号':<12}丁科发〔2025〕3号  [info:文号]" in lines
    assert any(ln.startswith("removed") and "breadcrumb 1" in ln and "footer" in ln for ln in lines)
    assert f"  | {TITLE}" in lines


def test_inspect_json_of_several_files(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(COLON_PAGE, encoding="utf-8")
    b.write_text(BULLET_PAGE, encoding="utf-8")
    r = CliRunner().invoke(cli, ["inspect", str(a), str(b), "--format", "json"])
    assert r.exit_code == 0, r.output
    ra, rb = json.loads(r.output)
    assert ra["identifiers"] == [{"scheme": "索引号", "value": "11500106MB0000000X/2025-00009", "source": "info:索引号"},
                                 {"scheme": "文号", "value": "丁科发〔2025〕3号", "source": "info:文号"}]
    assert ra["encoding"] == "utf-8" and ra["encoding_source"] == "detected"
    assert ra["removed"]["chars"] > 200 and ra["removed"]["kinds"]["info"] == 5
    assert rb["issuer"]["value"] == FULL and rb["date"]["value"] == "2025-02-14"


def test_inspect_of_a_committed_report_reads_its_meta_json():
    r = inspect(SEED)
    assert r["removed"] == {"chars": 0, "lines": 0, "kinds": {}, "by_reader": 0}
    assert {r[f]["source"] for f in ("title", "issuer", "year")} == {"meta.json"}
    assert r["main_text"]["chars"] == len(SEED.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name,content,problem", [
    ("missing.txt", None, "no such file"),
    ("empty.txt", b"", "empty report"),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "old Word format"),
], ids=["missing", "empty", "doc"])
def test_inspect_errors_are_one_line(tmp_path, name, content, problem):
    p = tmp_path / name
    if content is not None:
        p.write_bytes(content)
    r = CliRunner().invoke(cli, ["inspect", str(p)])
    assert r.exit_code == 1
    assert r.output.splitlines()[-1].startswith(f"Error: {p}: ") and problem in r.output
    assert "Traceback" not in r.output


def test_a_folder_picks_up_every_report_format_and_no_meta_json(tmp_path):
    from kg.ingest import find_reports

    for n in ("a.txt", "a.meta.json", "b.html", "c.htm", "d.pdf", "e.docx", "f.doc", "g.wps", "notes.md", "h.PDF"):
        (tmp_path / n).write_bytes(b"x")
    assert [p.name for p in find_reports([tmp_path])] == ["a.txt", "b.html", "c.htm", "d.pdf", "e.docx", "f.doc",
                                                           "g.wps", "h.PDF"]


def test_inspect_of_a_page_that_is_all_furniture_is_a_one_line_error(tmp_path):
    p = tmp_path / "furniture.txt"
    p.write_text("无障碍 关怀版 繁体版\n您当前的位置：首页>>政务公开>>法治政府建设\n【打印本页】 【关闭窗口】\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["inspect", str(p)])
    assert r.exit_code == 1
    assert r.output.strip().splitlines() == [f"Error: {p}: no report text left once the page furniture is removed"]
