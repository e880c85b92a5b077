"""kg.sources: every report format read by content, with chrome and page furniture dropped.

All fixtures are generated here from text written for these tests (web pages shaped like
government CMS pages, PDFs made with fpdf2, DOCX made with python-docx); nothing is
copied from a real site or report, and nothing touches the network.
"""
from __future__ import annotations

import io
import socket
import struct
import threading
import zipfile
import zlib
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.sources import BINARY_SIZE_FACTOR, SourceText, read_source, sniff

# ---------------------------------------------------------------------------------------
# Network guards: a Python-level one (any connect fails the test) and a listening server
# that counts connections, which also catches C code (libxml2) connecting behind Python.


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args[1:] if len(args) > 1 else args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture
def trap_server():
    """A local TCP listener; ``hits`` counts the connections it receives."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    srv.settimeout(0.2)
    hits: list[int] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = srv.accept()
            except OSError:
                continue
            hits.append(1)
            conn.close()

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    yield srv.getsockname()[1], hits
    stop.set()
    t.join(2)
    srv.close()


# ---------------------------------------------------------------------------------------
# A web page in the shape of a Chinese government CMS article page (text written for this test).

TITLE = "某区司法局2024年度法治政府建设情况报告"
PARAS = [
    "一、主要工作及成效",
    "（一）健全依法决策机制。全年审核区政府重大行政决策事项九件，合法性审查率达到百分之百。",
    "（二）规范行政执法行为。组织执法人员培训三期，评查行政执法案卷一百二十卷，"
    "整改问题卷宗六卷。喆",   # 喆 is in GBK but not in GB2312: pages labelled gb2312 use it
    "二、存在的不足和下一步打算",
    "基层执法队伍专业化水平仍需提高。下一步，我局将持续推进执法规范化建设。",
]
TABLE_ROWS = [["指标", "2023年", "2024年"], ["行政复议案件", "18", "23"], ["法律援助案件", "240", "265"]]
CHROME = ["长者模式", "首页", "政务公开", "您当前的位置", "分享到", "打印本页", "上一篇", "下一篇",
          "主办单位", "ICP备", "网站标识码", "脚本写入", "隐藏的统计", "热点专题", "索引号", "发布机构"]


def gov_page(*, head: str, port: int = 9, extra_body: str = "") -> str:
    rows = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in TABLE_ROWS)
    paras = "".join(f"<p style=\"text-indent:2em\">{p}</p>\n" for p in PARAS)
    return f"""<!DOCTYPE html>
<html>
<head>
{head}
<title>{TITLE}_某区人民政府</title>
<meta name="SiteName" content="某区人民政府">
<meta name="ColumnName" content="法治政府建设">
<meta name="ArticleTitle" content="{TITLE}">
<meta name="PubDate" content="2025-01-10 09:30">
<meta name="ContentSource" content="某区司法局">
<meta name="keywords" content="法治政府,年度报告">
<meta name="description" content="某区司法局年度报告">
<link rel="stylesheet" href="http://127.0.0.1:{port}/css/style.css">
<script src="http://127.0.0.1:{port}/js/track.js"></script>
<style>.top {{ color: red }}</style>
</head>
<body>
<div class="top"><a href="#">长者模式</a> | <a href="#">无障碍</a> | <a href="#">登录</a></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/hd/">政民互动</a></li></ul></div>
<div class="position">您当前的位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 法治政府建设</div>
<div class="main">
  <div class="article">
    <table class="xxgk"><tr><td>索引号：</td><td>000000000/2025-00001</td><td>发布机构：</td><td>某区司法局</td></tr>
    <tr><td>发布日期：</td><td>2025-01-10</td><td>名称：</td><td>{TITLE}</td></tr>
    <tr><td>文号：</td><td>无</td><td>主题分类：</td><td>司法</td></tr></table>
    <h1 class="title">{TITLE}</h1>
    <div class="info">发布时间：2025-01-10 来源：某区司法局 字号：[<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>]</div>
    <div id="zoom" class="TRS_Editor">
{paras}
      <table border="1"><tbody>{rows}</tbody></table>
      <div style="display:none">隐藏的统计代码不应出现</div>
      <p>我局将持续推进法治政府建设，为全区发展提供法治保障。</p>
    </div>
    <div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a></div>
    <div class="print"><a href="javascript:window.print()">打印本页</a> <a href="javascript:window.close()">关闭窗口</a></div>
    <div class="pre_next"><p>上一篇：<a href="/a.html">某区2024年行政执法统计年报</a></p>
    <p>下一篇：<a href="/b.html">某区2023年度法治政府建设情况报告</a></p></div>
  </div>
  <div class="right"><h3>热点专题</h3><ul><li><a href="/t1">热点专题之一的链接文字</a></li></ul></div>
  <iframe src="http://127.0.0.1:{port}/frame.html"></iframe>
  <img src="http://127.0.0.1:{port}/img/logo.png" alt="标志">
</div>
<div class="footer">主办单位：某区人民政府办公室 <a href="https://beian.miit.gov.cn/">某ICP备00000000号</a> 网站标识码：0000000000</div>
<script>document.write("<p>脚本写入的文字</p>"); fetch("http://127.0.0.1:{port}/beacon");</script>
{extra_body}
</body>
</html>"""


def expected_lines() -> list[str]:
    return [TITLE, *PARAS[:5], *("\t".join(r) for r in TABLE_ROWS), "我局将持续推进法治政府建设，为全区发展提供法治保障。"]


def assert_article_only(s: SourceText) -> None:
    assert s.format == "html"
    assert s.text.split("\n") == expected_lines()
    for word in CHROME:
        assert word not in s.text, word
    assert s.removed_chars >= sum(len(w) for w in ("主办单位", "网站标识码", "您当前的位置", "分享到"))


def test_utf8_page_with_meta_charset_gives_the_article_and_its_meta(tmp_path, no_network):
    p = tmp_path / "page.html"
    p.write_bytes(gov_page(head='<meta charset="utf-8">').encode("utf-8"))
    s = read_source(p)
    assert_article_only(s)
    assert (s.encoding, s.encoding_source) == ("utf-8", "meta-charset")
    assert s.meta["ArticleTitle"] == TITLE
    assert s.meta["PubDate"] == "2025-01-10 09:30"
    assert s.meta["ContentSource"] == "某区司法局"
    assert s.meta["SiteName"] == "某区人民政府"
    assert s.meta["keywords"] == "法治政府,年度报告"
    assert s.meta["html:title"] == f"{TITLE}_某区人民政府"


def test_gbk_page_declared_by_http_equiv_gb2312_is_decoded_as_gb18030(tmp_path, no_network):
    html = gov_page(head='<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
    with pytest.raises(UnicodeEncodeError):
        html.encode("gb2312")            # the page uses a GBK-only character, as real ones do
    p = tmp_path / "page.htm"
    p.write_bytes(html.encode("gbk"))
    s = read_source(p)
    assert_article_only(s)
    assert (s.encoding, s.encoding_source) == ("gb18030", "http-equiv")


def test_gbk_page_without_declaration_is_detected(tmp_path, no_network):
    p = tmp_path / "page.html"
    p.write_bytes(gov_page(head="").encode("gbk"))
    s = read_source(p)
    assert_article_only(s)
    assert (s.encoding, s.encoding_source) == ("gb18030", "detected")


def test_bom_wins_over_a_wrong_declaration(tmp_path, no_network):
    p = tmp_path / "page.html"
    p.write_bytes(b"\xef\xbb\xbf" + gov_page(head='<meta charset="gbk">').encode("utf-8"))
    s = read_source(p)
    assert_article_only(s)
    assert (s.encoding, s.encoding_source) == ("utf-8-sig", "bom")


def test_a_page_declared_utf8_but_saved_as_gbk_falls_back_to_detection(tmp_path, no_network):
    p = tmp_path / "page.html"
    p.write_bytes(gov_page(head='<meta charset="utf-8">').encode("gbk"))
    s = read_source(p)
    assert (s.encoding, s.encoding_source) == ("gb18030", "detected")
    assert s.text.split("\n")[0] == TITLE


def test_given_encoding_overrides_everything(tmp_path, no_network):
    p = tmp_path / "page.html"
    p.write_bytes(gov_page(head='<meta charset="utf-8">').encode("gbk"))
    s = read_source(p, encoding="gbk")
    assert (s.encoding, s.encoding_source) == ("gb18030", "given")
    assert_article_only(s)


def test_no_url_in_a_page_is_fetched_and_no_entity_is_expanded(tmp_path, trap_server):
    port, hits = trap_server
    secret = tmp_path / "secret.txt"
    secret.write_text("机密文件内容", encoding="utf-8")
    page = gov_page(head='<meta charset="utf-8">', port=port).replace(
        "<!DOCTYPE html>",
        f'<!DOCTYPE html [<!ENTITY net SYSTEM "http://127.0.0.1:{port}/entity">'
        f'<!ENTITY file SYSTEM "{secret.as_uri()}">]>')
    page = page.replace("</h1>", "</h1><p>&net;&file;</p>")
    p = tmp_path / "page.html"
    p.write_bytes(page.encode("utf-8"))
    s = read_source(p)
    assert hits == []
    assert "机密文件内容" not in s.text
    assert "脚本写入" not in s.text
    assert s.text.split("\n")[0] == TITLE


def test_without_a_known_content_class_the_densest_text_block_wins(tmp_path, no_network):
    links = "".join(f"<li><a href='/n{i}'>政务要闻第{i}条新闻标题文字较长</a></li>" for i in range(12))
    body = "".join(f"<p>{p}</p>" for p in PARAS)
    page = (f"<html><head><meta charset='utf-8'><title>{TITLE}</title></head><body>"
            f"<div class='a1'><ul>{links}</ul></div>"
            f"<div class='a2'><h2>{TITLE}</h2><div class='a3'>{body}</div></div>"
            f"<div class='a4'>联系电话：0000-00000000 地址：某区某路1号</div></body></html>")
    p = tmp_path / "page.html"
    p.write_bytes(page.encode("utf-8"))
    s = read_source(p)
    assert s.text.split("\n") == [TITLE, *PARAS]
    assert "政务要闻" not in s.text and "联系电话" not in s.text


def test_layout_table_rows_become_lines_and_data_rows_tab_joined(tmp_path, no_network):
    page = ("<html><head><meta charset='utf-8'></head><body><table><tr><td>"
            "<div class='content'><p>第一段正文内容，用于检验布局表格。</p><p>第二段正文内容，仍在同一单元格里。</p>"
            "<table><tr><th>项目</th><th>数量</th></tr><tr><td>收到申请</td><td>12<br>件</td></tr></table>"
            "</div></td></tr></table></body></html>")
    p = tmp_path / "page.html"
    p.write_bytes(page.encode("utf-8"))
    assert read_source(p).text.split("\n") == [
        "第一段正文内容，用于检验布局表格。", "第二段正文内容，仍在同一单元格里。", "项目\t数量", "收到申请\t12 件"]


def test_index_table_inside_the_content_area_is_kept_as_rows_and_hidden_blocks_are_not(tmp_path):
    # The 信息公开 index block often sits inside the CMS content container: the reader keeps
    # it (as tab rows); the furniture stage after ingest is what removes it.
    page = ("<html><head><meta charset='utf-8'></head><body><div class='pages_content'>"
            "<table><tr><td>索引号：</td><td>000000000/2025-00002</td><td>文号：</td><td>无</td></tr></table>"
            "<p>全年共受理政府信息公开申请三十五件，均在法定期限内答复。</p>"
            "<div hidden>隐藏属性的文字</div><div class='hide'>隐藏类名的文字</div>"
            "<span style='visibility: hidden'>不可见的文字</span></div></body></html>")
    p = tmp_path / "page.html"
    p.write_bytes(page.encode("utf-8"))
    assert read_source(p).text.split("\n") == ["索引号：\t000000000/2025-00002\t文号：\t无",
                                               "全年共受理政府信息公开申请三十五件，均在法定期限内答复。"]


def test_wechat_article_hidden_until_a_script_shows_it_is_kept(tmp_path):
    page = ("<html><head><meta charset='utf-8'><title>2024年工作总结</title></head><body>"
            "<div id='js_content' class='rich_media_content' style='visibility: hidden;'>"
            f"{''.join(f'<p>{p}</p>' for p in PARAS)}</div>"
            "<div style='display:none'>预览时标签不可点</div></body></html>")
    p = tmp_path / "wx.html"
    p.write_bytes(page.encode("utf-8"))
    assert read_source(p).text.split("\n") == PARAS


def test_source_line_breaks_inside_a_chinese_sentence_leave_no_space(tmp_path):
    p = tmp_path / "page.html"
    p.write_bytes("<html><body><div id='zoom'><p>全年共办理\n   行政复议案件二十三件，\n办结率达到百分之百。</p>"
                  "<p>Open Government\nData 平台</p></div></body></html>".encode("utf-8"))
    assert read_source(p).text.split("\n") == ["全年共办理行政复议案件二十三件，办结率达到百分之百。",
                                               "Open Government Data 平台"]


def test_short_gbk_page_without_declaration_is_not_mistaken_for_korean(tmp_path):
    p = tmp_path / "short.html"
    p.write_bytes("<html><body><div id='zoom'><p>某区司法局</p></div></body></html>".encode("gbk"))
    s = read_source(p)
    assert (s.text, s.encoding) == ("某区司法局", "gb18030")


@pytest.mark.parametrize("transfer", ["quoted-printable", "base64"])
def test_page_saved_as_one_file_mhtml_is_unwrapped(tmp_path, transfer, no_network):
    import base64
    import quopri

    html = gov_page(head="").encode("gbk")
    body = quopri.encodestring(html) if transfer == "quoted-printable" else base64.encodebytes(html)
    mhtml = (b"From: <Saved by Blink>\r\nSnapshot-Content-Location: http://www.example.invalid/art/1.html\r\n"
             b"Subject: =?utf-8?Q?report?=\r\nMIME-Version: 1.0\r\n"
             b'Content-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="----MultipartBoundary--abc"\r\n\r\n'
             b"------MultipartBoundary--abc\r\nContent-Type: text/html; charset=gbk\r\n"
             b"Content-Transfer-Encoding: " + transfer.encode() + b"\r\n"
             b"Content-Location: http://www.example.invalid/art/1.html\r\n\r\n" + body +
             b"\r\n------MultipartBoundary--abc\r\nContent-Type: text/css\r\n\r\n.top{color:red}\r\n"
             b"------MultipartBoundary--abc--\r\n")
    p = tmp_path / "page.mhtml"
    p.write_bytes(mhtml)
    s = read_source(p)
    assert_article_only(s)
    assert (s.encoding, s.encoding_source) == ("gb18030", "http-equiv")


def test_unclosed_tags_nesting_a_page_deep_lose_no_text_or_fail_clearly(tmp_path):
    p = tmp_path / "deep.html"
    p.write_bytes(("<html><body><div id='zoom'>" + "<font>某区" * 1500 + "</div></body></html>").encode())
    assert read_source(p).text == "某区" * 1500            # past libxml2's default 256 levels
    p.write_bytes(("<html><body><div id='zoom'>" + "<font>某区" * 3000 + "</div></body></html>").encode())
    with pytest.raises(InputError, match=r"deep\.html: cannot parse the web page .*nested more than 2,048 levels"):
        read_source(p)


def test_a_page_with_no_visible_text_is_an_input_error(tmp_path):
    p = tmp_path / "empty.html"
    p.write_bytes(b"<html><head><title></title><script>var a = 1;</script></head><body> </body></html>")
    with pytest.raises(InputError, match=r"empty\.html: web page has no visible text"):
        read_source(p)


# ---------------------------------------------------------------------------------------
# PDFs made with fpdf2 and a TrueType CJK font (fonts-wqy-zenhei; `scripts/setup.sh --test`).
# The Noto CJK fonts are CFF-outlined: fpdf2 embeds them, but writes their encoding as a
# CMap stream pdfminer cannot map back to text, so they would test nothing.

CJK_FONTS = ["/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
             "/usr/share/fonts/truetype/arphic/uming.ttc", "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"]


@pytest.fixture(scope="module")
def cjk_font() -> str:
    for f in CJK_FONTS:
        if Path(f).exists():
            return f
    pytest.skip("no TrueType CJK font for fpdf2: install fonts-wqy-zenhei (scripts/setup.sh --test)")


PDF_PARAS = [
    ("一、推进依法行政", "今年以来，本局坚持以\u2f08民为中心，统\u2f00推进行政执法规范化建设，组织执法人员培训三期，"
     "评查行政执法案卷一百二十卷，发现并整改问题卷宗六卷，群众满意度调查结果为优秀等次。"),
    ("二、加强复议应诉", "全年共收到行政复议申请二十三件，依法受理二十件，审结十九件，纠正违法或者不当行政行为四件，"
     "行政机关负责人出庭应诉率保持在较高水平，行政诉讼案件败诉率同比下降。"),
    ("三、强化普法宣传", "围绕民法典、行政处罚法等法律法规开展主题宣传活动四十余场，发放宣传资料一万余份，"
     "线上推送普法信息三百余条，覆盖全区各街道和重点单位，全民守法氛围更加浓厚。"),
    ("四、完善制度建设", "清理规范性文件十二件，废止三件，修改两件；建立重大行政决策目录管理制度，"
     "全年纳入目录管理的决策事项九件，均履行公众参与、专家论证、风险评估和合法性审查程序。"),
]
FOOTERS = {"dash": "- {n} -", "di-ye": "第{n}页", "slash": "{n}/{nb}", "bare": "{n}"}


def make_pdf(path: Path, font: str, *, footer: str = "- {n} -", repeat: int = 3, password: str | None = None,
             owner_only: bool = False, lead: float = 0) -> Path:
    from fpdf import FPDF

    class Report(FPDF):
        def header(self) -> None:
            self.set_font("cjk", size=9)
            self.cell(0, 8, TITLE, align="C")
            self.ln(12)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("cjk", size=9)
            self.cell(0, 8, footer.format(n=self.page_no(), nb="{nb}"), align="C")

    pdf = Report()
    pdf.add_font("cjk", fname=font)
    pdf.set_title(TITLE)
    pdf.set_author("某区司法局")
    pdf.add_page()
    pdf.set_font("cjk", size=16)
    pdf.multi_cell(0, 10, TITLE, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(lead)
    pdf.set_font("cjk", size=12)
    for _ in range(repeat):
        for head, body in PDF_PARAS:
            pdf.multi_cell(0, 8, head, new_x="LMARGIN", new_y="NEXT")
            pdf.multi_cell(0, 8, body, new_x="LMARGIN", new_y="NEXT")
    if password or owner_only:
        pdf.set_encryption(owner_password="owner-secret", user_password=password or "")
    pdf.output(str(path))
    return path


def pdf_expected(repeat: int) -> list[str]:
    lines = [TITLE]
    for _ in range(repeat):
        for head, body in PDF_PARAS:
            lines += [head, body.replace("\u2f08", "人").replace("\u2f00", "一")]
    return lines


@pytest.mark.parametrize("footer", FOOTERS.values(), ids=FOOTERS.keys())
def test_multipage_pdf_loses_running_header_and_page_numbers_and_keeps_whole_paragraphs(tmp_path, cjk_font,
                                                                                        footer, no_network):
    p = make_pdf(tmp_path / "report.pdf", cjk_font, footer=footer)
    s = read_source(p)
    assert s.format == "pdf" and s.pages is not None and s.pages >= 2
    # each wrapped paragraph is one line again, joined across page breaks without spaces;
    # the title under an identical running header on page 1 is kept exactly once
    assert s.text.split("\n") == pdf_expected(3)


def test_a_paragraph_split_by_a_page_break_is_joined_across_the_pages(tmp_path, cjk_font):
    from kg.sources.pdf import _extract

    p = make_pdf(tmp_path / "report.pdf", cjk_font, lead=8)     # moves a break inside a paragraph
    pages, _ = _extract(p.read_bytes(), p)
    assert not pages[0][-2].text.endswith("。")                 # last body row of page 1 is mid-sentence
    assert read_source(p).text.split("\n") == pdf_expected(3)


def test_pdf_kangxi_radicals_in_the_text_layer_become_ideographs(tmp_path, cjk_font):
    s = read_source(make_pdf(tmp_path / "r.pdf", cjk_font, repeat=1))
    assert "以人民为中心" in s.text and "统一推进" in s.text
    assert not any("\u2e80" <= c <= "\u2fdf" for c in s.text)


def test_pdf_info_dictionary_goes_into_meta(tmp_path, cjk_font):
    s = read_source(make_pdf(tmp_path / "r.pdf", cjk_font, repeat=1))
    assert s.meta["pdf:Title"] == TITLE
    assert s.meta["pdf:Author"] == "某区司法局"
    assert s.encoding is None and s.encoding_source == ""


def test_pdf_table_rows_are_tab_joined(tmp_path, cjk_font):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("cjk", fname=cjk_font)
    pdf.set_font("cjk", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 8, "表1 行政执法统计", new_x="LMARGIN", new_y="NEXT")
    with pdf.table(col_widths=(80, 40, 40), first_row_as_headings=False) as table:
        for r in TABLE_ROWS:
            row = table.row()
            for c in r:
                row.cell(c)
    pdf.output(str(tmp_path / "t.pdf"))
    s = read_source(tmp_path / "t.pdf")
    assert s.text.split("\n") == ["表1 行政执法统计", *("\t".join(r) for r in TABLE_ROWS)]


def test_owner_password_only_pdf_is_read(tmp_path, cjk_font):
    s = read_source(make_pdf(tmp_path / "r.pdf", cjk_font, repeat=3, owner_only=True))
    assert s.text.split("\n") == pdf_expected(3)


def test_user_password_pdf_is_refused_as_encrypted(tmp_path, cjk_font):
    p = make_pdf(tmp_path / "locked.pdf", cjk_font, repeat=1, password="user-secret")
    with pytest.raises(InputError, match=r"^.*locked\.pdf: PDF is encrypted"):
        read_source(p)


def _png(w: int, h: int) -> bytes:
    raw = b"".join(b"\x00" + b"\x60\x60\x60" * w for _ in range(h))

    def chunk(t: bytes, d: bytes) -> bytes:
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def test_image_only_pdf_says_to_run_ocr(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    for _ in range(2):
        pdf.add_page()
        pdf.image(io.BytesIO(_png(60, 80)), x=10, y=10, w=180)
    p = tmp_path / "scan.pdf"
    pdf.output(str(p))
    with pytest.raises(InputError) as e:
        read_source(p)
    assert str(e.value) == f"{p}: PDF has no text layer (scanned images?); run OCR first"


def _raw_pdf(content: bytes) -> bytes:
    """A one-page PDF written by hand whose font is Identity-H with no ToUnicode map."""
    objs = [b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
            b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 5 0 R>>>>/Contents 4 0 R>>",
            b"<</Length %d>>\nstream\n" % len(content) + content + b"\nendstream",
            b"<</Type/Font/Subtype/Type0/BaseFont/XYZ/Encoding/Identity-H/DescendantFonts[6 0 R]>>",
            b"<</Type/Font/Subtype/CIDFontType2/BaseFont/XYZ/CIDSystemInfo"
            b"<</Registry(Adobe)/Ordering(Identity)/Supplement 0>>/DW 1000>>"]
    out, offsets = b"%PDF-1.4\n", []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)


def test_pdf_whose_fonts_have_no_unicode_mapping_is_refused(tmp_path):
    lines = b"".join(b"BT /F1 12 Tf 72 %d Td <%s> Tj ET\n" % (780 - 20 * i, b"%04X" % (100 + i) * 30) for i in range(20))
    p = tmp_path / "cid.pdf"
    p.write_bytes(_raw_pdf(lines))
    with pytest.raises(InputError, match=r"cid\.pdf: PDF text cannot be extracted: its fonts have no Unicode mapping"):
        read_source(p)


@pytest.mark.parametrize("damage", ["truncated", "garbage-after-header"])
def test_corrupt_pdf_is_not_a_valid_pdf(tmp_path, cjk_font, damage):
    good = make_pdf(tmp_path / "good.pdf", cjk_font, repeat=1).read_bytes()
    bad = good[: len(good) // 2] if damage == "truncated" else b"%PDF-1.4\n" + bytes(range(256)) * 16
    p = tmp_path / "bad.pdf"
    p.write_bytes(bad)
    with pytest.raises(InputError, match=r"bad\.pdf: not a valid PDF \("):
        read_source(p)


def test_join_lines_spaces_only_between_ascii_words():
    from kg.sources.pdf import join_lines

    assert join_lines(["本局推进Open", "Government建设，印发", "（1）实施方案。", "2024年", "工作总结"]) == [
        "本局推进Open Government建设，印发", "（1）实施方案。", "2024年工作总结"]


def test_join_lines_uses_margin_and_first_line_indent():
    from kg.sources.pdf import _Row, join_lines

    rows = [_Row("一、总体情况", 72, 150, 12),                              # short: a heading
            _Row("全区法治政府建设取得新进展，各项工作", 96, 520, 12),       # indented first line, full
            _Row("有序推进，依法行政水平不断提高取得实效", 72, 520, 12),     # full, no final punctuation
            _Row("行政复议体制改革全面完成，复议案件受理", 96, 520, 12),     # indented: a new paragraph
            _Row("数量同比增长，办结率保持在较高水平。", 72, 400, 12)]
    assert join_lines(rows) == ["一、总体情况", "全区法治政府建设取得新进展，各项工作有序推进，依法行政水平不断提高取得实效",
                                "行政复议体制改革全面完成，复议案件受理数量同比增长，办结率保持在较高水平。"]


# ---------------------------------------------------------------------------------------
# DOCX made with python-docx.

def make_docx(path: Path) -> Path:
    import docx

    d = docx.Document()
    d.core_properties.title = TITLE
    d.core_properties.author = "某区司法局"
    d.add_heading(TITLE, level=1)
    d.add_paragraph(PARAS[0])
    d.add_paragraph("")
    d.add_paragraph("   ")
    table = d.add_table(rows=len(TABLE_ROWS), cols=3)
    for i, r in enumerate(TABLE_ROWS):
        for j, c in enumerate(r):
            table.cell(i, j).text = c
    merged = d.add_table(rows=1, cols=3)
    merged.cell(0, 0).merge(merged.cell(0, 1)).text = "合计"
    merged.cell(0, 2).text = "528"
    d.add_paragraph(PARAS[1])
    d.save(str(path))
    return path


def test_docx_paragraphs_and_tables_come_in_body_order(tmp_path):
    s = read_source(make_docx(tmp_path / "r.docx"))
    assert s.format == "docx"
    assert s.text.split("\n") == [TITLE, PARAS[0], *("\t".join(r) for r in TABLE_ROWS), "合计\t528", PARAS[1]]
    assert s.meta["docx:title"] == TITLE and s.meta["docx:author"] == "某区司法局"


def test_docx_automatic_numbering_is_written_as_it_shows(tmp_path):
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    d = docx.Document()
    numbering = d.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
        '</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for text, ilvl in [("主要工作", 0), ("完善制度", 1), ("规范执法", 1), ("存在问题", 0), ("队伍建设", 1)]:
        d.add_paragraph(text)._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="90"/></w:numPr>'))
    d.add_paragraph("Open data", style="List Number")       # numbered through its style
    d.add_paragraph("第二项", style="List Number")
    d.add_paragraph("要点", style="List Bullet")             # a bullet is no text
    d.save(str(tmp_path / "n.docx"))
    assert read_source(tmp_path / "n.docx").text.split("\n") == [
        "一、主要工作", "（一）完善制度", "（二）规范执法", "二、存在问题", "（一）队伍建设", "1. Open data", "2.第二项", "要点"]


@pytest.mark.parametrize("kind,message", [
    ("random", r"r\.docx: not a valid DOCX file \(it looks like unrecognised binary data \(starts "),
    ("zip-without-document", r"r\.docx: not a valid DOCX file \(it looks like a ZIP archive "
                             r"with no word/document.xml\)$"),
    ("truncated", r"r\.docx: not a valid DOCX file \("),
    ("unsupported-zip-version", r"r\.docx: not a valid DOCX file \(not a readable ZIP archive: zip file version"),
])
def test_corrupt_docx_is_a_clear_error(tmp_path, kind, message):
    p = tmp_path / "r.docx"
    if kind == "random":
        p.write_bytes(bytes((i * 131 + 7) % 256 for i in range(4000)))
    elif kind == "zip-without-document":
        with zipfile.ZipFile(p, "w") as z:
            z.writestr("[Content_Types].xml", "<Types/>")
            z.writestr("word/styles.xml", "<styles/>")
    elif kind == "truncated":
        data = make_docx(tmp_path / "good.docx").read_bytes()
        p.write_bytes(data[: len(data) // 2])
    else:   # "version needed to extract" of the first central-directory entry set to 14.8
        data = bytearray(make_docx(tmp_path / "good.docx").read_bytes())
        i = data.index(b"PK\x01\x02")
        data[i + 6:i + 8] = (148).to_bytes(2, "little")
        p.write_bytes(bytes(data))
    with pytest.raises(InputError, match=message):
        read_source(p)


def test_docx_zip_bomb_is_refused_before_inflating(tmp_path):
    p = tmp_path / "bomb.docx"
    with zipfile.ZipFile(p, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b" " * 51_000_000)
    assert p.stat().st_size < 200_000
    with pytest.raises(InputError, match=r"bomb\.docx: word/document\.xml would unpack to 51 MB"):
        read_source(p)


# ---------------------------------------------------------------------------------------
# Sniffing: content decides, the extension only breaks ties.

@pytest.mark.parametrize("data,name,kind", [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "report.txt", "pdf"),
    (b"\xef\xbb\xbf<!DOCTYPE html><html>", "report.pdf", "html"),
    (b"<!-- saved from url=(0040)http://example.invalid/ -->\n<html lang='zh'>", "report.txt", "html"),
    ("<meta charset='utf-8'>某区".encode("utf-8"), "x", "html"),
    ("某区人民政府2024年工作总结".encode("gb18030"), "report.pdf", "txt"),
    ("某区人民政府".encode("utf-16"), "report", "txt"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "report.doc", "doc"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "report.wps", "wps"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le"), "report.bin", "doc"),
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "report.pdf", "unknown"),
], ids=["pdf-named-txt", "html-named-pdf", "saved-from-comment", "meta-first", "gbk-text-named-pdf",
        "utf16-text", "ole2-doc", "ole2-wps", "ole2-word-stream", "png-named-pdf"])
def test_sniff_by_content(data, name, kind):
    assert sniff(data, name) == kind


def test_sniff_recognises_a_docx_by_its_zip_members(tmp_path):
    data = make_docx(tmp_path / "r.docx").read_bytes()
    assert sniff(data, "report.txt") == "docx"
    assert sniff(data[:8192], "report.docx") == "docx"     # only the head, as read_source first sees it


def test_extension_lies_are_read_by_content(tmp_path, cjk_font, no_network):
    pdf_as_txt = tmp_path / "report.txt"
    pdf_as_txt.write_bytes(make_pdf(tmp_path / "r.pdf", cjk_font, repeat=3).read_bytes())
    html_as_pdf = tmp_path / "page.pdf"
    html_as_pdf.write_bytes(gov_page(head='<meta charset="utf-8">').encode("utf-8"))
    docx_as_txt = tmp_path / "doc.txt"
    docx_as_txt.write_bytes(make_docx(tmp_path / "r.docx").read_bytes())
    text_as_docx = tmp_path / "notes.docx"
    text_as_docx.write_bytes("某区2024年工作总结\r\n全年完成各项任务。".encode("gb18030"))
    assert read_source(pdf_as_txt).text.split("\n") == pdf_expected(3)
    assert_article_only(read_source(html_as_pdf))
    assert read_source(docx_as_txt).format == "docx"
    s = read_source(text_as_docx)
    assert (s.format, s.encoding, s.text) == ("txt", "gb18030", "某区2024年工作总结\n全年完成各项任务。")


def _zip(*names: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for n in names:
            z.writestr(n, "<x/>")
    return buf.getvalue()


@pytest.mark.parametrize("name,data,message", [
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
     "old Word format (.doc); convert it to .docx (e.g. in Word or LibreOffice: Save As .docx)"),
    ("old.wps", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
     "WPS Office format (.wps); convert it to .docx (e.g. in Word or LibreOffice: Save As .docx)"),
    ("scan.pdf", b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4, "not a valid PDF (it looks like a JPEG image)"),
    ("report.txt", b"\x7fELF" + bytes(range(256)) * 4,
     "not a report format kg reads (txt, html, pdf, docx): it looks like a Linux program"),
    ("blank.txt", b" \n\t ", "empty report"),
    ("report.doc", b"{\\rtf1\\ansi\\ansicpg936 {\\fonttbl}}",
     "RTF document; convert it to .docx (e.g. in Word or LibreOffice: Save As .docx)"),
    ("report.ofd", _zip("OFD.xml", "Doc_0/Document.xml"),
     "not a report format kg reads (txt, html, pdf, docx): it looks like an OFD document "
     "(the Chinese fixed-layout format: export it to PDF)"),
    ("table.docx", _zip("[Content_Types].xml", "xl/workbook.xml"),
     "not a valid DOCX file (it looks like an Excel workbook)"),
])
def test_unreadable_formats_are_one_line_input_errors(tmp_path, name, data, message):
    p = tmp_path / name
    p.write_bytes(data)
    with pytest.raises(InputError) as e:
        read_source(p)
    assert str(e.value) == f"{p}: {message}"


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match=r"nope\.pdf: no such file$"):
        read_source(tmp_path / "nope.pdf")
    with pytest.raises(InputError, match=r"is a directory"):
        read_source(tmp_path)


# ---------------------------------------------------------------------------------------
# Size guard: refused from the size on disk, before the file is read.

def test_oversized_text_is_refused_without_reading_it(tmp_path, monkeypatch):
    p = tmp_path / "big.txt"
    p.write_bytes("某区工作总结。".encode("utf-8") * 20_000)       # 420 KB
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read the whole file"))
    with pytest.raises(InputError) as e:
        read_source(p, max_bytes=100_000)
    assert str(e.value).startswith(f"{p}: 0.4 MB is more than a report may have (0.1 MB)")
    assert "\n" not in str(e.value)


def test_pdf_may_be_binary_size_factor_times_the_text_limit(tmp_path, cjk_font):
    p = make_pdf(tmp_path / "r.pdf", cjk_font, repeat=1)
    size = p.stat().st_size
    assert read_source(p, max_bytes=size // (BINARY_SIZE_FACTOR // 2)).format == "pdf"
    with pytest.raises(InputError, match=r"r\.pdf: .* MB is more than a PDF may have"):
        read_source(p, max_bytes=size // (BINARY_SIZE_FACTOR * 2))


def test_a_docx_misnamed_doc_gets_the_container_allowance(tmp_path):
    p = tmp_path / "report.doc"
    p.write_bytes(make_docx(tmp_path / "r.docx").read_bytes())
    s = read_source(p, max_bytes=p.stat().st_size // 2)
    assert s.format == "docx" and s.text.startswith(TITLE)


def test_text_keeps_the_ingest_decoding_rules(tmp_path):
    from kg.ingest import decode as ingest_decode
    from kg.sources.text import decode

    assert ingest_decode is decode
    p = tmp_path / "r.txt"
    p.write_bytes(b"\xef\xbb\xbf" + "某区科技局\r\n2024年工作总结".encode("utf-8"))
    s = read_source(p)
    assert (s.format, s.encoding, s.encoding_source, s.text) == ("txt", "utf-8-sig", "bom", "某区科技局\n2024年工作总结")
    assert read_source(p, encoding="utf-8-sig").encoding_source == "given"


def test_a_page_whose_only_text_is_navigation_has_no_visible_text(tmp_path):
    p = tmp_path / "navonly.html"
    p.write_bytes("<html><body><nav><a href='/'>首页</a> <a href='/zwgk/'>政务公开</a> <a>政策文件</a> <a>法治政府建设</a></nav>"
                  "<footer>主办：某区人民政府办公室 网站标识码：0000000000</footer></body></html>".encode())
    with pytest.raises(InputError, match=r"navonly\.html: web page has no visible text"):
        read_source(p)
