"""Page furniture: a report page's visible text -> the report's main text.

Takes the text of any source (pasted page text, or what ``kg.sources`` read from an HTML page,
a PDF or a DOCX: lines, table cells joined by tabs); gives a ``MainText``: ``text`` (the report
itself: its title line, body and tables), ``removed`` (``(kind, line)`` pairs, for ``kg
inspect``) and ``info`` (the fields of the page's 信息公开 block, by canonical label). The rules
are data (``data/lexicon/furniture.tsv``) and every one matches a whole short line or a line
start, never a word inside a sentence. A text with no furniture comes back unchanged, byte for
byte.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .errors import ConfigError
from .resources import LEXICON_DIR

__all__ = ["MainText", "FurnitureRules", "load_rules", "split_main", "classify", "squeeze", "parse_info",
           "title_genre", "DEFAULT_RULES", "TAIL_KINDS"]

DEFAULT_RULES = LEXICON_DIR / "furniture.tsv"
HEADER_KINDS = ("access", "banner", "breadcrumb", "widget", "counter")
TAIL_KINDS = frozenset({"nav", "related", "share", "print", "qrcode", "footer"})
# furniture that may sit inside the article column (after its first paragraph) on a whole line
_INLINE_KINDS = frozenset({"widget", "print", "share", "qrcode", "counter", "access"})
_SPACE = re.compile(r"[^\S\t]+|[\u200b-\u200d\u2060\ufeff]")
_BULLET = re.compile(r"^[•·●○■□◆◇▪▫►▶\-\*—]+")
_YEAR = re.compile(r"(?:19|20)\d\d\s*年|二[〇○零Ｏ0][一二三四五六七八九〇○零Ｏ0]{2}年")
# a title may write its year without 年 (某街道2024法治政府建设年度报告)
_TITLE_YEAR = re.compile(_YEAR.pattern + r"|(?<!\d)(?:19|20)\d\d(?=[\u4e00-\u9fff])")
_PARA_PUNCT = re.compile(r"[，。；,;：]")
_SHORT = 80
_INDEX_NO = re.compile(r"[0-9A-Z]{6,}[/-](?:19|20)\d\d-\d{3,}")      # 索引号: 11500106MB…/2025-00009
_DATE_ONLY = re.compile(r"(?:19|20)\d\d[-./年]\d{1,2}[-./月]\d{1,2}日?")
# a page's date set on the title's line (…情况报告 2025-02-24): the date is no part of the title
_DATE_AFTER_TITLE = re.compile(r"(?<=[\u4e00-\u9fff)）])(?P<date>" + _DATE_ONLY.pattern + r")$")
# a title typeset with spaces between its characters (政 府 工 作 报 告): a title even without a year
_SPACED = re.compile(r"\s*(?:[\u4e00-\u9fff]\s+){3,}[\u4e00-\u9fff]\s*")
# a line that names a body or a place and nothing else: the first line of a title set on two lines
_NAME_LINE = re.compile(r"[\u4e00-\u9fff（）()]{2,40}?(?:局|委员会|委|办公室|厅|院|人民政府|政府|管委会|中心|办事处|街道|乡|镇|支队|大队|总队|馆|联合会|"
                        r"区|县|市|州|旗|省)")
_TABLE_BAR = "|｜ \t"
# a short parenthesised note under a signature: (此件公开发布)
_NOTE = re.compile(r"[(（][^()（）]{2,12}[)）]")
_COVER_REACH = 12       # lines after the first paragraph in which a cover letter's date line may stand


@dataclass(frozen=True, slots=True)
class FurnitureRules:
    """The rules of ``furniture.tsv``, compiled."""

    lines: tuple[tuple[str, re.Pattern], ...]
    starts: tuple[tuple[str, re.Pattern], ...]
    labels: dict[str, str]                      # spelling -> canonical label
    label_re: re.Pattern
    titles: tuple[tuple[str, re.Pattern], ...]  # (genre, pattern)


@dataclass(frozen=True, slots=True)
class MainText:
    """The report inside a page: main text, what was cut, the 信息公开 fields."""

    text: str
    removed: tuple[tuple[str, str], ...] = ()
    info: dict[str, str] = field(default_factory=dict)
    title: str = ""              # the report's own title line(s), joined ("" if none was found)
    header: tuple[str, ...] = ()  # the non-empty lines above the main text (site names, breadcrumbs...)

    @property
    def removed_chars(self) -> int:
        return sum(len(line) for _, line in self.removed)


@lru_cache(maxsize=4)
def load_rules(path: Path = DEFAULT_RULES) -> FurnitureRules:
    """Read and compile ``furniture.tsv``; a bad row raises ``ConfigError`` naming it."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as e:
        raise ConfigError(f"{path}: cannot read the furniture rules: {e.strerror or e}") from e
    lines, starts, titles, labels = [], [], [], {}
    for n, row in enumerate(raw.splitlines(), 1):
        if not row.strip() or row.lstrip().startswith("#"):
            continue
        cols = row.split("\t")
        if len(cols) != 3 or not all(c.strip() for c in cols):
            raise ConfigError(f"{path}:{n}: expected kind <TAB> how <TAB> pattern, got {row!r}")
        kind, how, pat = (c.strip() for c in cols)
        if kind == "label":
            for spelling in pat.split("|"):
                labels[spelling] = how
            continue
        try:
            rx = re.compile(pat)
        except re.error as e:
            raise ConfigError(f"{path}:{n}: bad pattern {pat!r}: {e}") from e
        if kind == "title":
            titles.append((how, rx))
        elif how == "line":
            lines.append((kind, rx))
        elif how == "start":
            starts.append((kind, rx))
        else:
            raise ConfigError(f"{path}:{n}: unknown 'how' {how!r}; choose one of: line, start")
    alt = "|".join(re.escape(s) for s in sorted(labels, key=lambda s: (-len(s), s)))
    label_re = re.compile(rf"[\[【]\s*(?P<b>{alt})\s*[\]】][:：]?|(?P<c>{alt})[:：]|(?P<t>{alt})\t|(?P<p>{alt})[|｜]")
    return FurnitureRules(tuple(lines), tuple(starts), labels, label_re, tuple(titles))


def squeeze(line: str, *, tabs: bool = False) -> str:
    """A line as the rules see it: NFKC, no spaces (tabs kept if ``tabs``), no leading bullet.

    Example:
        >>> squeeze("  • 索 引 号：3704/2025-00418")
        '索引号:3704/2025-00418'
    """
    s = unicodedata.normalize("NFKC", line)
    s = _SPACE.sub("", s) if tabs else _SPACE.sub("", s).replace("\t", "")
    return _BULLET.sub("", s)


def parse_info(line: str, rules: FurnitureRules | None = None) -> list[tuple[str, str]]:
    """The ``(label, value)`` fields of one 信息公开 line, or ``[]`` if it is not one: the line
    must start with a label followed by a colon or in brackets (or, in a table row, by a tab,
    when the row holds at least two labels, or by a table bar ``|``).

    Example:
        >>> parse_info("[ 发布机构 ] 某区科技局 [ 有效性 ]")
        [('发布机构', '某区科技局'), ('效力状态', '')]
        >>> parse_info("标 题 | 某区教育局2024年度报告 | ||")
        [('名称', '某区教育局2024年度报告')]
        >>> parse_info("| 发文机关:某局 | 主题词:工作总结 |")
        [('发布机构', '某局'), ('主题词', '工作总结')]
        >>> parse_info("发布机构是区政府。")
        []
    """
    rules = rules or load_rules()
    s = squeeze(_spaced_labels(line.lstrip().lstrip("|｜"), rules), tabs=True).strip("\t")    # (| 标题:… | |)
    marks = list(rules.label_re.finditer(s))
    if not marks or marks[0].start() != 0:
        return []
    if all(m.group("t") for m in marks) and len(marks) < 2:
        return []
    out = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(s)
        spelling = m.group("b") or m.group("c") or m.group("t") or m.group("p")
        value = s[m.end():end].strip(" \t:：|｜[]【】-—")
        value = re.split(r"[|｜]", value)[0]      # 发布机构:某局|公文时效:是: a table bar ends the value
        out.append((rules.labels[spelling], value))
    return out


# a label written across a table cell with spaces (名        称, 索  引  号) or set off from its value by
# spaces only (发布机构 某局 发布日期 2026-01-19): the spaces after it separate it from its value
_LABEL_GAP = re.compile(r"(?<![\u4e00-\u9fff])((?:[\u4e00-\u9fff][ \u3000\xa0]*){1,5}[\u4e00-\u9fff])"
                        r"[ \u3000\xa0]+(?=[^\s|｜:：\[\]【】])")


def _spaced_labels(line: str, rules: FurnitureRules) -> str:
    """The line with each label that spaces set off marked as a label: a label spaced inside itself
    takes a colon (a table's own field), one only followed by spaces a tab (two such make a row)."""
    line = unicodedata.normalize("NFKC", line)
    first = _LABEL_GAP.match(line.lstrip())
    if not first or _SPACE.sub("", first.group(1)) not in rules.labels:
        return line

    def mark(m: re.Match[str]) -> str:
        label = _SPACE.sub("", m.group(1))
        if label not in rules.labels or _SPACE.sub("", line[m.end():m.end() + 8]).startswith(tuple(rules.labels)):
            return m.group(0)     # (索引号 发布机构 某局: a label with no value of its own is a header cell)
        return label + (":" if label != m.group(1) else "\t")
    return _LABEL_GAP.sub(mark, line)


def classify(line: str, rules: FurnitureRules | None = None) -> str | None:
    """The furniture kind of a whole line (``"info"`` for a 信息公开 line), or None.

    Example:
        >>> classify("您当前的位置：首页>>政务公开"), classify("上一篇：某某通知")
        ('breadcrumb', 'nav')
        >>> classify("区科技局印发了上一篇通知的实施细则。") is None
        True
    """
    rules = rules or load_rules()
    s = squeeze(line)
    if not s:
        return None
    for kind, rx in rules.lines:
        if rx.fullmatch(s):
            return kind
    if len(s) <= _SHORT and not s.endswith(("。", "；", ";")):
        for kind, rx in rules.starts:
            if rx.match(s):
                return kind
    if len(s) <= 300 and not s.endswith("。") and parse_info(line, rules):
        return "info"
    return None


# a body's name in a bracket after a title's genre (…年度报告(某市某区某局))
_ISSUER_AFTER = re.compile(r"[(（][\u4e00-\u9fff]{2,40}?(?:局|委员会|办公室|人民政府|政府|办事处|中心|厅|院|馆)[)）]$")


def title_genre(line: str, rules: FurnitureRules | None = None) -> str | None:
    """The genre of a line shaped like a report title (a year, a genre word at the end), else None.

    Example:
        >>> title_genre("某区科学技术局关于2024年法治政府建设情况的报告")
        '法治政府建设情况报告'
        >>> title_genre("2024年，区科技局坚持依法行政，现将工作总结如下。") is None
        True
        >>> title_genre("政 府 工 作 报 告"), title_genre("政府工作报告") is None
        ('工作报告', True)
        >>> title_genre("2024年政府信息公开工作年度报告(甲市乙区档案馆办公室)")
        '政府信息公开工作年度报告'
    """
    rules = rules or load_rules()
    s = squeeze(line).strip(_TABLE_BAR)
    spaced = bool(_SPACED.fullmatch(line)) and len(s) >= 4
    if not (4 if spaced else 6) <= len(s) <= 100 or _PARA_PUNCT.search(s.rstrip(":：")):
        return None
    if not spaced and not _TITLE_YEAR.search(s):
        return None
    s = _DATE_AFTER_TITLE.sub("", s).rstrip(":：").removesuffix("(全文)").removesuffix("（全文）")
    s = _ISSUER_AFTER.sub("", s)     # 2024年政府信息公开工作年度报告(某区某办公室): the issuer in a bracket
    for genre, rx in rules.titles:
        if rx.search(s):
            return genre
    return None


def _dated_furniture(lines: list[str], kinds: list[str | None], para: int, rules: FurnitureRules) -> dict[str, str]:
    """``{"发布日期": date}`` from the first furniture line above the body that names its date
    after a date label anywhere in the line (not only at its start, as an info field does)."""
    spellings = sorted((sp for sp, canon in rules.labels.items() if canon == "发布日期"), key=len, reverse=True)
    dated = re.compile(r"(?<![\u4e00-\u9fff])(?:" + "|".join(map(re.escape, spellings)) + r")\s*[:：]\s*(?P<date>" + _DATE_ONLY.pattern + ")")
    for i in range(para):
        if kinds[i] is not None and (m := dated.search(lines[i])):
            return {"发布日期": m.group("date")}
    return {}


def _is_paragraph(s: str) -> bool:
    return len(s) >= 30 and bool(_PARA_PUNCT.search(s))


def split_main(text: str, rules: FurnitureRules | None = None) -> MainText:
    """Cut a page's text down to the report: its title line, body and tables.

    The body starts at the report's own title line (the 名称/标题 field of the 信息公开 block,
    or a line shaped like a title: a year and a genre word, possibly set on two lines) above the
    first real paragraph, else at that paragraph, or at the title under a cover letter (a notice
    forwarding the report: its signature and date, then the report's title; cut as ``cover``); lines of header furniture in between are dropped, and trailing
    furniture (上一篇, 相关链接, 打印/关闭, footers) is cut. A text without any furniture is
    returned as it is.

    Example:
        >>> page = "无障碍 关怀版 繁体版\\n索引号: 001/2025-00001\\n某区科学技术局2024年工作总结\\n" \\
        ...        "2024年，区科技局坚持创新驱动，全面完成各项任务。\\n【打印本页】 【关闭窗口】"
        >>> m = split_main(page)
        >>> m.text
        '某区科学技术局2024年工作总结\\n2024年，区科技局坚持创新驱动，全面完成各项任务。\\n'
        >>> m.info, [k for k, _ in m.removed]
        ({'索引号': '001/2025-00001'}, ['access', 'info', 'print'])
    """
    rules = rules or load_rules()
    lines = text.split("\n")
    kinds = [classify(ln, rules) for ln in lines]
    sq = [squeeze(ln) for ln in lines]
    n = len(lines)
    para = next((i for i in range(n) if kinds[i] is None and _is_paragraph(sq[i])), n)
    parsed = {i: parse_info(lines[i], rules) for i in range(para) if kinds[i] == "info"}
    last = None
    for i in range(para):   # "发文机关:" on one line, its value at the start of the next
        if kinds[i] is None and sq[i] and last is not None and parsed[last] and not parsed[last][-1][1]:
            carried = parse_info(f"{parsed[last][-1][0]}:{lines[i]}", rules)
            if len(carried) >= 2 and carried[0][1]:      # a value, then more labels: part of the block
                kinds[i], parsed[i] = "info", carried
        if kinds[i] == "info":
            last = i
        elif sq[i]:
            last = None
    info: dict[str, str] = {}
    for i in range(para):
        if kinds[i] == "info":
            for label, value in parsed[i]:
                if value and not info.get(label):
                    info[label] = value
                else:
                    info.setdefault(label, value)
    if not any(v for k, v in info.items() if k.endswith("日期")):   # 某县人民政府门户网站 www… 发布时间:2026-02-11: a banner that dates the page
        info.update(_dated_furniture(lines, kinds, para, rules))
    tail = _tail_start(kinds, sq, para)
    title_at = _title_at(lines, sq, kinds, para, info, rules)[0]
    for i in range(title_at or 0):      # short bulleted values above the title: a block without labels
        if kinds[i] is None and _BULLET.match(lines[i].lstrip()) and 0 < len(sq[i]) <= 40:
            kinds[i] = "info"
            if _INDEX_NO.fullmatch(sq[i]):      # known by their shape alone
                info.setdefault("索引号", sq[i])
            elif _DATE_ONLY.fullmatch(sq[i]):
                info.setdefault("发布日期", sq[i])
    start, title = _title_at(lines, sq, kinds, para, info, rules)
    title = _COLUMN_TAG.sub("", title)      # 【工作总结】某镇2024年…总结: the site's column, not the title
    title = _TWICE.sub(r"\1", title)        # a page that prints its title twice on one line
    dated = _DATE_AFTER_TITLE.search(title)
    if dated and title_genre(title, rules):     # …情况报告 2025-02-24: the page's date after the title
        info.setdefault("发布日期", dated.group("date"))
        title = title[:dated.start()]
    cover = _after_cover(lines, sq, kinds, para, rules) if start is None else None
    if cover is not None:      # the letter forwarding the report is not the report
        for i in range(cover):
            if sq[i] and (i >= para or kinds[i] is None):
                kinds[i] = "cover"
        start, title = cover, squeeze(lines[cover])
    if not any(kinds[:para]) and tail == n and cover is None:
        return MainText(text=text, info=info, title=title)
    if start is None:
        start = para
        j = para - 1   # a title-like line just above the first paragraph belongs to the report
        while j >= 0 and not sq[j]:
            j -= 1
        if j >= 0 and kinds[j] is None and len(sq[j]) <= 60 and _YEAR.search(sq[j]):
            start = j
    start = min(start, n)
    removed: list[tuple[str, str]] = []
    kept: list[str] = []
    cut_above = any(kinds[start:para])     # furniture between the title and the first paragraph
    for i, line in enumerate(lines):
        if not sq[i] and (i < start or i >= tail or (cut_above and i < para)):
            continue
        if i < start:
            removed.append((kinds[i] or "header", line))
        elif i >= tail:
            removed.append((kinds[i] or "tail", line))
        elif kinds[i] is not None and (i < para or kinds[i] in _INLINE_KINDS):
            removed.append((kinds[i], line))
        else:
            kept.append(line)
    header = tuple(ln.strip() for ln in lines[:start] if ln.strip())
    body = "\n".join(kept).strip("\n")
    return MainText(text=body + "\n" if body else "", removed=tuple(removed), info=info, title=title,
                    header=header)


def _title_at(lines: list[str], sq: list[str], kinds: list[str | None], para: int, info: dict[str, str],
              rules: FurnitureRules) -> tuple[int | None, str]:
    """The line where the report's own title starts (the last one above the first paragraph)."""
    name = squeeze(info.get("名称", "")).strip(_TABLE_BAR)
    found: tuple[int | None, str] = (None, "")
    limit, i = min(para, len(lines)), 0
    while i < limit:
        if kinds[i] is not None or not sq[i]:
            i += 1
            continue
        nxt = next((j for j in range(i + 1, limit) if sq[j]), None)
        cur = sq[i].strip(_TABLE_BAR)
        after = sq[nxt].strip(_TABLE_BAR) if nxt is not None and kinds[nxt] is None else ""
        if after and _two_line_title(cur, after, name, rules):
            found, i = (i, cur + after), nxt + 1
            continue
        if (name and cur == name) or (title_genre(lines[i], rules) and not (found[1] and _SECTION_NUMBER.match(cur))):
            found = (i, cur)     # (一、2025年工作总结 under the title is the report's first section)
        i += 1
    return found


# a site's column tag in front of a title (【工作总结】, 【政策解读】)
_TWICE = re.compile(r"^(.{6,}?)[\s|｜]*\1[\s|｜]*$")
_COLUMN_TAG = re.compile(r"^[【\[][\u4e00-\u9fff]{2,8}[】\]]")
# a title that opens with a body or a place before its year (某镇2024年…, 某局2024年…)
_NAMED_TITLE = re.compile(r"[\u4e00-\u9fff()（）]{2,40}?(?:省|市|区|县|州|旗|乡|镇|街道|局|委员会|办公室|人民政府|政府|管委会)"
                          r"(?:19|20)\d\d")
_SECTION_NUMBER = re.compile(r"[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）]")


def _two_line_title(first: str, second: str, name: str, rules: FurnitureRules) -> bool:
    """Whether two short lines are one title: the 名称 field; an issuer, then 关于… (or the issuer
    and 关于, then the rest); a line naming only a body, then a title that names no one; or a title
    broken in the middle of a phrase."""
    two = first + second
    if name and two == name:
        return True
    if len(first) > 40 or _PARA_PUNCT.search(first):
        return False
    if second.startswith("关于") and _NAME_LINE.fullmatch(first) and not _PARA_PUNCT.search(second) \
            and len(second) <= 60 and any(rx.search(second) for _, rx in rules.titles):
        return True     # 某乡人民政府 / 关于法治政府建设的情况报告: a title may name no year
    if not title_genre(two, rules):
        return False
    if second.startswith("关于") or (first.endswith("关于") and _NAME_LINE.fullmatch(first[:-2])):
        return True      # 某区人民政府 / 关于…报告, or 某区人民政府关于 / 2024年…报告
    if title_genre(second, rules):
        if first.startswith("关于") and not title_genre(first, rules):
            return True      # 关于某区2024年国民经济和社会发展 / 计划执行情况及2025年计划草案的报告
        # a body's name over a title that already begins with it (某局 / 某局2023年…报告) is the page's
        # heading, not the title's first line
        # (中共某镇委员会 某镇人民政府 / 某镇2024年…报告: the joint letterhead over a title that names its own)
        return bool(_NAME_LINE.fullmatch(first)) and not _YEAR.search(first) and not second.startswith(first) \
            and not _NAMED_TITLE.match(second)
    return not title_genre(first, rules) and len(second) <= 30


def _after_cover(lines: list[str], sq: list[str], kinds: list[str | None], para: int,
                 rules: FurnitureRules) -> int | None:
    """The title line of a report sent under a cover letter, or None: after the first paragraph,
    a line naming a body above a date line (the letter's signature), then, past a short note such
    as (此件公开发布), a line shaped like a title."""
    n = len(lines)
    filled = [i for i in range(para, min(n, para + _COVER_REACH)) if sq[i]]
    for a, b in zip(filled, filled[1:]):
        if not (kinds[a] is None and _NAME_LINE.fullmatch(sq[a]) and _DATE_ONLY.fullmatch(sq[b])):
            continue
        rest = [k for k in range(b + 1, min(n, b + 8)) if sq[k] and not _NOTE.fullmatch(sq[k])][:2]
        return next((k for k in rest if kinds[k] is None and title_genre(lines[k], rules)), None)
    return None


def _tail_start(kinds: list[str | None], sq: list[str], para: int) -> int:
    """Index of the first line of trailing furniture (``len(kinds)`` if none)."""
    n = len(kinds)
    later_para = [False] * (n + 1)
    for i in range(n - 1, -1, -1):
        later_para[i] = later_para[i + 1] or (kinds[i] is None and len(sq[i]) >= 60 and _is_paragraph(sq[i]))
    cut = n
    for i in range(para, n):
        if kinds[i] in TAIL_KINDS and not later_para[i + 1]:
            cut = i
            break
    if cut == n:
        return n
    j = cut   # furniture lines (责任编辑, 来源, 分享) right above the trailing block belong to it
    while j > para and (not sq[j - 1] or kinds[j - 1] is not None):
        j -= 1
    return j
