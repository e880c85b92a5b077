"""Page furniture (kg.furniture): pasted page text -> the report's main text, what was cut,
the 信息公开 fields. Every page below is written for this test in the shapes government sites
use; the places and bodies (甲省, 丙市, 丁区, 戊县…) are made up."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.furniture import classify, load_rules, parse_info, split_main, title_genre
from kg.sources.text import decode
from tests.conftest import ROOT

TITLE = "丙市丁区科学技术局关于2024年法治政府建设情况的报告"
BODY = ("2024年,区科技局坚持以法治思维谋划工作,全面加强法治政府建设,依法履职能力明显提升。\n"
        "一、主要举措和成效\n"
        "(一)加强学法用法。我局全年组织集中学法6次,开展普法宣传活动12场。\n"
        "项目\t数量\n专题学法\t6次\n"
        "丙市丁区科学技术局\n2025年3月10日\n")

COLON_PAGE = f"""无障碍 关怀版 返回主网站 繁体版
您当前的位置：首页>>政务公开>>法定主动公开内容>>法治政府建设
索引号: 11500106MB0000000X/2025-00009 信息分类名称: 其他/公文
发布机构: 丁区科技局 生成日期: 2025-03-10 发布日期: 2025-03-10
名称: {TITLE}
文号: 丁科发〔2025〕3号 主题词:
{TITLE}
发布日期:2025-03-10
字体大小：【大 中 小】

{BODY}【打印本页】 【关闭窗口】
上一篇：丁区科学技术局2023年工作总结
下一篇：关于开展科技活动周的通知
相关链接
丙市人民政府
主办：丙市丁区人民政府办公室  承办：丙市丁区大数据中心
网站标识码：5000000000  某ICP备00000000号
"""

BRACKET_PAGE = f"""首页>区科技局>政务公开>政府信息公开目录>法治政府建设年度报告
[ 索引号 ] 1150011300000000XM/2024-00001 [ 发文字号 ]
[ 主题分类 ] 司法 [ 体裁分类 ] 其他公文
[ 发布机构 ] 丁区科技局 [ 有效性 ]
[ 成文日期 ] 2024-02-18 [ 发布日期 ] 2024-02-18
{TITLE}
{BODY}分享到：
扫一扫在手机打开当前页
"""

BULLET_PAGE = f"""欢迎访问丙市丁区人民政府网站! 今天是:
无障碍| 繁体 | 简体| 设为首页 | 收藏本站
  • 索 引 号:3704023704020008/2025-00418
  • 主题分类:法治政府建设
  • 发布机构:科学技术局
  • 成文时间:2025年02月14日
  • 标  题:{TITLE}
{TITLE}
{BODY}"""

NO_BLOCK_PAGE = f"""丙市丁区人民政府 2019年12月3日星期二
无障碍 简体| 繁体
{TITLE}
来源:丙市丁区人民政府办公室 发布时间:2024-03-28 09:18
{TITLE}
{BODY}【字体：大 中 小】 【打印】 【关闭】
"""

TITLE_ONLY_PAGE = f"{TITLE}\n{BODY}"

PAGES = {"colon": COLON_PAGE, "brackets": BRACKET_PAGE, "bullets": BULLET_PAGE, "no-info-block": NO_BLOCK_PAGE}


@pytest.mark.parametrize("page", PAGES.values(), ids=PAGES.keys())
def test_the_main_text_is_the_title_line_and_the_body(page):
    m = split_main(page)
    assert m.text == f"{TITLE}\n{BODY}"
    assert m.title == TITLE


def test_a_page_with_only_a_title_line_is_left_as_it_is():
    m = split_main(TITLE_ONLY_PAGE)
    assert m.text == TITLE_ONLY_PAGE and m.removed == () and m.title == TITLE


def test_info_block_fields_with_colons_several_on_a_line():
    info = split_main(COLON_PAGE).info
    assert info["索引号"] == "11500106MB0000000X/2025-00009"
    assert info["发布机构"] == "丁区科技局"
    assert info["生成日期"] == info["发布日期"] == "2025-03-10"
    assert info["名称"] == TITLE
    assert info["文号"] == "丁科发〔2025〕3号"
    assert info["信息分类"] == "其他/公文"
    assert info["主题词"] == ""


def test_info_block_in_brackets_with_synonyms_merged():
    info = split_main(BRACKET_PAGE).info
    assert info["索引号"] == "1150011300000000XM/2024-00001"
    assert info["文号"] == "" and info["效力状态"] == ""        # [ 发文字号 ] and [ 有效性 ], empty
    assert info["主题分类"] == "司法"                          # 体裁分类 merges into 主题分类, first wins
    assert info["成文日期"] == "2024-02-18"


def test_spaced_labels_behind_bullets():
    info = split_main(BULLET_PAGE).info
    assert info == {"索引号": "3704023704020008/2025-00418", "主题分类": "法治政府建设", "发布机构": "科学技术局",
                    "成文日期": "2025年02月14日", "名称": TITLE}


def test_what_was_removed_is_listed_with_its_kind():
    kinds = {k for k, _ in split_main(COLON_PAGE).removed}
    assert {"access", "breadcrumb", "info", "widget", "print", "nav", "related", "footer"} <= kinds
    kinds = [k for k, _ in split_main(NO_BLOCK_PAGE).removed]
    assert kinds[:4] == ["banner", "access", "header", "info"]      # the page heading above the 来源 line


def test_body_tables_are_kept():
    assert "项目\t数量\n专题学法\t6次" in split_main(BRACKET_PAGE).text


@pytest.mark.parametrize("line", [
    "2024年，区科技局按照上一篇文件的要求，完善了主办单位和承办单位的责任分工。",
    "发布机构认真落实公开要求，索引号规范率达100%。",
    "扫一扫等便民功能覆盖全区，群众满意度持续提升，办事效率提高了30%。",
    "相关链接已在区政府网站公开，累计浏览次数超过1万次，群众反响良好。",
], ids=["nav-words", "info-words", "qrcode-words", "related-words"])
def test_a_sentence_is_never_furniture_because_of_a_word_in_it(line):
    assert classify(line) is None
    in_body = COLON_PAGE.replace("一、主要举措和成效\n", f"一、主要举措和成效\n{line}\n")
    under_title = COLON_PAGE.replace(f"\n{TITLE}\n发布日期", f"\n{TITLE}\n{line}\n发布日期")
    assert in_body != COLON_PAGE != under_title
    assert line in split_main(in_body).text and line in split_main(under_title).text


@pytest.mark.parametrize("path", sorted((ROOT / "data").glob("*/*.txt")), ids=lambda p: p.name)
def test_committed_reports_come_back_byte_for_byte(path):
    text, _ = decode(path.read_bytes())
    text = text.replace("\r\n", "\n")
    m = split_main(text)
    assert m.text == text and m.removed == ()


@pytest.mark.parametrize("line,genre", [
    ("丙市丁区科学技术局关于2024年法治政府建设情况的报告", "法治政府建设情况报告"),
    ("丁区科学技术局2024年度法治政府建设工作报告", "法治政府建设情况报告"),
    ("丁区科学技术局2024年工作总结和2025年工作计划", "工作总结和工作计划"),
    ("丙市科学技术局2024年政府信息公开工作年度报告", "政府信息公开工作年度报告"),
    ("丁区发展和改革委员会2025年工作要点", "工作计划"),
    ("丙市科学技术局2023年工作总结和2024年工作重点", "工作总结和工作计划"),
    ("丙市科学技术局2025年工作重点", "工作计划"),
    ("2024年，区科技局全面完成了年度工作总结", None),
    ("法治政府建设情况报告", None),
    ("丁区教育局政府信息公开工作2024年度报告", "政府信息公开工作年度报告"),
    ("丙市己局2024年机关政府信息公开年报", "政府信息公开工作年度报告"),
    ("| 丁区2025年度法治政府建设情况报告 |", "法治政府建设情况报告"),
    ("政 府 工 作 报 告", "工作报告"),
    ("政府工作报告", None),
    ("工 作", None),
])
def test_title_shapes(line, genre):
    assert title_genre(line) == genre


def test_a_table_row_is_an_info_line_only_with_two_labels():
    assert parse_info("名称\t数量") == []
    assert parse_info("索引号\t001/2025-1\t发布机构\t丁区科技局") == [("索引号", "001/2025-1"), ("发布机构", "丁区科技局")]


def test_a_broken_rules_file_names_the_row(tmp_path):
    from kg.errors import ConfigError

    bad = tmp_path / "furniture.tsv"
    bad.write_text("# rules\nnav\tstart\t(unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"furniture.tsv:2: bad pattern"):
        load_rules(Path(bad))


# --- shapes found on real pages (November 2026), written again here with made-up names

LEAD = "2024年,区己局坚持依法行政,全面推进政府信息公开工作,保障公众知情权。"


@pytest.mark.parametrize("lines,title", [
    (["丙市己局", "2024年政府信息公开工作年度报告"], "丙市己局2024年政府信息公开工作年度报告"),
    (["丁区己局2024年政府", "信息公开工作年度报告"], "丁区己局2024年政府信息公开工作年度报告"),
    (["中共戊乡党委  戊乡人民政府", "关于2024年法治政府建设情况的报告"], "中共戊乡党委戊乡人民政府关于2024年法治政府建设情况的报告"),
    (["丙区消防救援支队", "政府信息公开工作2025年度报告"], "丙区消防救援支队政府信息公开工作2025年度报告"),
    (["丁区人民政府关于", "", "2024年法治政府建设情况报告"], "丁区人民政府关于2024年法治政府建设情况报告"),
], ids=["name-line-above", "broken-mid-phrase", "issuer-then-about", "detachment-above", "issuer-and-about-above"])
def test_a_title_set_on_two_lines(lines, title):
    m = split_main("无障碍 繁体版\n用微信扫描二维码分享至好友和朋友圈\n" + "\n".join(lines) + f"\n{LEAD}\n")
    assert m.title == title and m.text.startswith(lines[0])


def test_a_title_printed_twice_on_its_line_is_read_once():
    m = split_main(f"首页 > 工作总结\n丙县庚镇2024年工作总结和2025年工作思路 丙县庚镇2024年工作总结和2025年工作思路 |\n{LEAD}\n")
    assert m.title == "丙县庚镇2024年工作总结和2025年工作思路"


def test_a_name_line_above_a_title_that_begins_with_it_is_no_part_of_the_title():
    m = split_main(f"丙县己局\n\n丙县己局2023年政府信息公开工作年度报告\n\n发布时间: 2024-01-15\n\n{LEAD}\n")
    assert m.title == "丙县己局2023年政府信息公开工作年度报告"


def test_a_name_line_above_a_paragraph_is_no_title():
    m = split_main(f"首页>信息公开\n丙市己局\n{LEAD}\n")
    assert m.title == "" and m.text == f"{LEAD}\n"


def test_a_numbered_section_heading_under_the_title_is_no_title():
    page = ("丙市戊局2025年工作总结和2026年工作计划\n一、2025年工作总结\n"
            "（一）规划引领。坚持规划先行，科学布局，完成12个乡镇国土空间规划审批，实现全覆盖。\n")
    main = split_main(page)
    assert main.title == "丙市戊局2025年工作总结和2026年工作计划"
    assert main.text.split("\n")[1] == "一、2025年工作总结"


def test_info_rows_split_by_table_bars():
    page = ("索 引 号 | 001/2025-00001 | 分 类 | 报告 |\n发布机构 | 己局 | 发文日期 | 2025-01-20 |\n"
            "标 题 | 丁区己局政府信息公开工作2024年度报告 | ||\n内容概述 | 本报告根据条例编制,反映我局政府信息公开工作情况。 | ||\n"
            f"时 效 | 有效 |\n丁区己局政府信息公开工作2024年度报告\n{LEAD}\n")
    m = split_main(page)
    assert m.info["名称"] == "丁区己局政府信息公开工作2024年度报告" and m.info["发布机构"] == "己局"
    assert m.info["发布日期"] == "2025-01-20" and m.title == m.info["名称"]
    assert m.text.startswith("丁区己局政府信息公开工作2024年度报告\n")


COVER_PAGE = """各乡镇人民政府,县政府各部门:
《政府工作报告》已经县第三届人民代表大会第二次会议审议通过,现印发给你们,请结合实际认真抓好落实。
戊县人民政府
2026年2月9日
(此件公开发布)
政 府 工 作 报 告
——2026年1月14日在戊县第三届人民代表大会第二次会议上
各位代表:
现在,我代表县人民政府向大会报告工作,请予审议,并请各位政协委员提出意见。
2025年工作回顾
过去一年,全县上下坚持稳中求进,经济运行稳中有进,各项社会事业全面发展。
"""


def test_a_report_forwarded_by_a_cover_letter_starts_at_its_title():
    m = split_main(COVER_PAGE)
    assert m.title == "政府工作报告" and m.text.startswith("政 府 工 作 报 告\n")
    assert [k for k, _ in m.removed] == ["cover"] * 5
    assert "戊县人民政府" in [line for _, line in m.removed]


def test_a_signature_in_the_body_is_no_cover_letter():
    body = f"{LEAD}\n丙市己局\n2025年1月20日\n一、总体情况\n"
    assert split_main(body).text == body


def test_a_site_line_with_a_date_under_the_title_is_cut():
    page = ("2025年己局工作总结\n戊县人民政府门户网站 www.example.gov.cn 发布时间:2026-02-11 15:14\n"
            "2025年,县己局在县委、县政府的正确领导下,全面完成年度各项工作任务。\n")
    m = split_main(page)
    assert m.title == "2025年己局工作总结" and [k for k, _ in m.removed] == ["banner"]
    assert m.text == "2025年己局工作总结\n2025年,县己局在县委、县政府的正确领导下,全面完成年度各项工作任务。\n"


def test_a_banner_line_above_the_body_dates_the_page():
    """A date label inside a furniture line (not at its start, so no info field) still dates the
    page; an info field's date comes first, and a date in the body dates nothing."""
    body = "2025年,县己局在县委、县政府的正确领导下,全面完成年度各项工作任务。\n"
    banner = "戊县人民政府门户网站 www.example.gov.cn 发布时间:2026-02-11 15:14\n"
    assert split_main("2025年己局工作总结\n" + banner + body).info == {"发布日期": "2026-02-11"}
    assert split_main(banner + "2025年己局工作总结\n" + body).info == {"发布日期": "2026-02-11"}
    info = split_main("发布日期:2026-03-01\n" + banner + "2025年己局工作总结\n" + body).info
    assert info["发布日期"] == "2026-03-01"
    undated = split_main("2025年己局工作总结\n" + body + "附:己局网站 发布时间:2026-02-11\n").info
    assert "发布日期" not in undated


def test_a_table_bar_ends_an_info_value_and_a_column_tag_is_no_part_of_the_title():
    # 公文时效 is no label, but its 时效 is: the value of 发布机构 ends at the table bar before it
    assert parse_info("发布机构:丙县司法局 | 公文时效:是 |")[0] == ("发布机构", "丙县司法局")
    m = split_main(f"首页>信息公开\n【工作总结】戊镇2024年度政务公开工作总结\n{LEAD}\n")
    assert m.title == "戊镇2024年度政务公开工作总结"


@pytest.mark.parametrize("line, fields", [
    ("名        称 某县审计局2025年政府信息公开工作年度报告", [("名称", "某县审计局2025年政府信息公开工作年度报告")]),
    ("发布机构 某县审计局 发布日期 2026-01-19", [("发布机构", "某县审计局"), ("发布日期", "2026-01-19")]),
    ("来        源 某县审计局", [("来源", "某县审计局")]),
    ("索引号 发布机构 某区司法局", []),
    ("区政府 发布 通知", []),
], ids=["spaced-label", "labels-set-off-by-spaces", "spaced-source", "header-cells", "prose"])
def test_a_label_that_spaces_set_off_from_its_value_is_read(line, fields):
    assert parse_info(line) == fields


@pytest.mark.parametrize("line, fields", [
    ("- 公文生成日期: 2025-02-07", [("生成日期", "2025-02-07")]),
    ("- 备注/文号: 甲委〔2025〕5号", [("文号", "甲委〔2025〕5号")]),
], ids=["document-generated-date", "remark-or-number"])
def test_labels_of_township_sites(line, fields):
    """furniture.tsv: 公文生成日期 and 备注/文号 are spellings of 生成日期 and 文号 (a county portal's
    township pages use them)."""
    assert parse_info(line) == fields
