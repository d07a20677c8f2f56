"""The annual report (政府信息公开工作年度报告) as a web page, DOCX and PDF, laid out as the State
Council's 2021 format (国办公开办函〔2021〕30号) has it: sections 一 to 六 and tables 二, 三, 四
with the official row and column labels and merged cells. Years of the 2007 regulation (format
"2008") get that regulation's seven parts and its counts by channel and reply category instead.

One structure (`Report`: title, lead, sections of blocks; tables as rows of cells with their
spans) is built from the report JSON and drawn three ways, so the renderings cannot drift apart:
the HTML page from a Django template (also the source of the PDF, through WeasyPrint), the DOCX
with python-docx, tables with real merged cells.

Untrusted text: the narrative sections are staff input; they are sanitised with nh3 to a small
set of tags and only the sanitised markup is ever marked safe. Every other string is escaped by
the template. WeasyPrint gets a fetcher that refuses every URL except the report's own chart
images, and no base URL.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any

from gongkai.core.documents import (
    BODY_FACE,
    BODY_PT,
    FOOTER_PT,
    HEADING1_FACE,
    HEADING2_FACE,
    LINE_PT,
    MARGIN_MM,
    PAGE_MM,
    PAGE_NUMBER_GAP_MM,
    TITLE_FACE,
    TITLE_LINE_PT,
    TITLE_PT,
    Face,
    chinese_date,
    clean_text,
    docx_default_fonts,
    docx_fonts,
    docx_keep_together,
    docx_normal_style,
    docx_page,
    docx_page_numbers,
    html_to_pdf,
)

# Looked up on every rendering, so that a test can watch what is refused.
from gongkai.core.documents import refuse_fetch as _refuse_fetch
from gongkai.info_requests.outcomes import APPLICANT_TYPES, BY_CODE, CHANNELS
from gongkai.reports import charts as report_charts
from gongkai.reports.figures import APPEAL_RESULTS, COLUMNS, OLD_CATEGORIES

if TYPE_CHECKING:
    from gongkai.reports.charts import Chart

# The 公文 faces (core.documents): 方正小标宋简体 title, 仿宋_GB2312 body, 黑体 一、 headings,
# 楷体_GB2312 （一） headings; a PDF embeds Noto Serif / Sans CJK SC where they are missing.
SERIF = BODY_FACE
SANS = HEADING1_FACE
NOTE_PT = 12  # 小四: notes, sources, chart captions
TABLE_PT = 10.5  # 五号: table 二
DENSE_TABLE_PT = 9  # 小五: tables 三 and 四
TYPE_WIDTH_MM = PAGE_MM[0] - MARGIN_MM["left"] - MARGIN_MM["right"]  # 156
CHART_WIDTH_MM = 150
FORMATS = ("html", "docx", "pdf")
# CT_TblPr's children, in the order the schema requires.
TBLPR_ORDER = (
    "tblStyle",
    "tblpPr",
    "tblOverlap",
    "bidiVisual",
    "tblStyleRowBandSize",
    "tblStyleColBandSize",
    "tblW",
    "jc",
    "tblCellSpacing",
    "tblInd",
    "tblBorders",
    "shd",
    "tblLayout",
    "tblCellMar",
    "tblLook",
    "tblCaption",
    "tblDescription",
)

FORMAT_2021 = "国办公开办函〔2021〕30号"
CHECK_TITLE = "校验未通过"
CHECK_TEXT = "本报告的数据未通过下列校验，核对更正之前不得签发、发布。"

# Narrative that holds any of these is markup; without them it is a textarea's plain text.
_BLOCK_TAG = re.compile(r"<(p|ul|ol|table)\b")


# --- the report as a structure ----------------------------------------------------------------


@dataclass
class Cell:
    text: str
    header: bool = False
    colspan: int = 1
    rowspan: int = 1
    scope: str = ""  # col | row, header cells only
    align: str = "center"  # center | left
    note: bool = False  # the 勾稽关系 remark in table 三's corner
    # Set by Table.place():
    row: int = 0
    col: int = 0
    id: str = ""
    headers: str = ""  # ids of the header cells of a data cell (WCAG H43)


@dataclass
class Group:
    tag: str  # thead | tbody
    rows: list[list[Cell]]


@dataclass
class Table:
    key: str
    caption: str
    widths_mm: tuple[float, ...]
    groups: list[Group]
    size_pt: float = TABLE_PT
    n_rows: int = 0
    n_cols: int = 0
    grid: dict[tuple[int, int], Cell] = field(default_factory=dict)

    @property
    def head_rows(self) -> int:
        return sum(len(g.rows) for g in self.groups if g.tag == "thead")

    @property
    def width_percents(self) -> list[str]:
        total = sum(self.widths_mm)
        return [f"{w * 100 / total:.2f}" for w in self.widths_mm]

    @property
    def cells(self) -> list[Cell]:
        return [cell for g in self.groups for row in g.rows for cell in row]

    def place(self) -> Table:
        """Lays the cells on the grid as HTML does, gives header cells ids and data cells the
        ids of their headers (WCAG technique H43, explicit rather than HTML's implied scan):
        the column headers are the header cells above the cell in its own row group and in the
        thead; the row headers are the header cells to its left in its row."""
        grid: dict[tuple[int, int], Cell] = {}
        group_of: dict[int, int] = {}  # id(cell) -> index of its group
        r = n = width = 0
        for g, group in enumerate(self.groups):
            for cells in group.rows:
                c = 0
                for cell in cells:
                    while (r, c) in grid:
                        c += 1
                    cell.row, cell.col = r, c
                    group_of[id(cell)] = g
                    for dr in range(cell.rowspan):
                        for dc in range(cell.colspan):
                            grid[(r + dr, c + dc)] = cell
                    if cell.header:
                        n += 1
                        cell.id = f"{self.key}-h{n}"
                    c += cell.colspan
                    width = max(width, c)
                r += 1
        self.grid, self.n_rows, self.n_cols = grid, r, width
        for cell in self.cells:
            if cell.header or cell.note:
                continue
            own = group_of[id(cell)]
            up: list[str] = []
            for rr in range(cell.row - 1, -1, -1):
                other = grid.get((rr, cell.col))
                if other is None or not other.header or other.id in up:
                    continue
                g = group_of[id(other)]
                if g == own or self.groups[g].tag == "thead":
                    up.append(other.id)
            left: list[str] = []
            for cc in range(cell.col - 1, -1, -1):
                other = grid.get((cell.row, cc))
                if other is not None and other.header and other.id not in left:
                    left.append(other.id)
            cell.headers = " ".join([*reversed(up), *reversed(left)])
        return self


@dataclass
class Block:
    kind: str  # p | sub | narrative | table | chart | note | missing
    text: str = ""
    html: str = ""  # narrative: sanitised markup only
    table: Table | None = None
    chart: Chart | None = None

    @property
    def data_uri(self) -> str:
        return _data_uri(self.chart.png) if self.chart else ""


@dataclass
class Section:
    heading: str
    blocks: list[Block]


@dataclass
class Report:
    title: str
    subject: str
    year: int
    title_lines: list[str]
    format: str
    lead: list[str]
    format_note: str
    checks: list[str]
    sections: list[Section]
    signature: str
    signed_on: str
    # Not published: every page of the PDF and DOCX says 草稿 (issue 12 §2).
    draft: bool = False

    @property
    def charts(self) -> list[Chart]:
        return [b.chart for s in self.sections for b in s.blocks if b.chart is not None]


_ROW_LABELS = {
    "new": "本年新收政府信息公开申请数量",
    "carried_in": "上年结转政府信息公开申请数量",
    "total_handled": "办理结果总计",
    "carried_out": "结转下年度继续办理",
    "granted": "予以公开",
    "partial": "部分公开",
    **{code: o.title for code, o in BY_CODE.items() if o.item is not None},
}
_COLUMN_LABELS = {**APPLICANT_TYPES, "other_org": "其他（法人或其他组织）", "total": "总计"}
_IDENTIFIER_IN_CHECK = re.compile(r"“([a-z_0-9]+)”(列|行)")


def check_text(problem: str) -> str:
    """A check message for people: table identifiers ("natural_person"列) as the table's own
    labels (“自然人”列)."""

    def label(match: re.Match[str]) -> str:
        names = _COLUMN_LABELS if match[2] == "列" else _ROW_LABELS
        return f"“{names.get(match[1], match[1])}”{match[2]}"

    return _IDENTIFIER_IN_CHECK.sub(label, str(problem))


def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


# --- narrative --------------------------------------------------------------------------------


def sanitise(text: str) -> str:
    """Staff narrative as safe markup, with the same rule the editor saves it under
    (`services.sanitise`: nh3, the structural tags only, no attributes, script and style
    content dropped) — applied again here, since the JSON may come from anywhere (a published
    report's frozen figures, an import). Plain text (a textarea's) becomes one paragraph a
    line."""
    from gongkai.reports.services import sanitise as clean

    cleaned = clean(clean_text(text or ""))
    if not _BLOCK_TAG.search(cleaned):
        lines = [line.strip() for line in cleaned.split("\n") if line.strip()]
        cleaned = clean("".join(f"<p>{line}</p>" for line in lines))
    return cleaned


def _narrative(data: dict, key: str) -> str:
    """The sanitised narrative of a section, "" when there is none (or nothing survives)."""
    raw = (data.get("sections") or {}).get(key) or ""
    if not isinstance(raw, str) or not raw.strip():
        return ""
    cleaned = sanitise(raw)
    # Markup that holds no text at all is no narrative.
    return cleaned if re.sub(r"<[^>]*>|\s", "", cleaned) else ""


# A run: (text, bold, italic); "\n" as text is a line break.
Run = tuple[str, bool, bool]


@dataclass
class NarrativeBlock:
    kind: str  # p | li | table
    runs: list[Run] = field(default_factory=list)
    marker: str = ""  # li: "1." or "•"
    rows: list[list[str]] = field(default_factory=list)  # table


class _NarrativeParser(HTMLParser):
    """Sanitised narrative markup as paragraphs, list items and tables for the DOCX."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[NarrativeBlock] = []
        self.runs: list[Run] = []
        self.bold = self.italic = 0
        self.lists: list[list[Any]] = []  # [tag, counter]
        self.marker = ""
        self.table: list[list[str]] | None = None
        self.cell: list[str] | None = None

    def _flush(self) -> None:
        text = "".join(t for t, _, _ in self.runs).strip()
        if text:
            kind = "li" if self.marker else "p"
            self.blocks.append(NarrativeBlock(kind, self._trim(self.runs), self.marker))
        self.runs = []

    @staticmethod
    def _trim(runs: list[Run]) -> list[Run]:
        """Without the whitespace at either end of the paragraph."""
        start, end = 0, len(runs)
        while start < end and not runs[start][0].strip():
            start += 1
        while end > start and not runs[end - 1][0].strip():
            end -= 1
        kept = list(runs[start:end])
        if kept:
            text, bold, italic = kept[0]
            kept[0] = (text.lstrip(), bold, italic)
            text, bold, italic = kept[-1]
            kept[-1] = (text.rstrip(), bold, italic)
        return kept

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.table is not None:
            if tag == "tr":
                self.table.append([])
            elif tag in ("td", "th"):
                self.cell = []
            elif tag == "br" and self.cell is not None:
                self.cell.append("\n")
            return
        if tag == "table":
            self._flush()
            self.table = []
        elif tag == "p":
            self._flush()
        elif tag in ("ul", "ol"):
            self._flush()
            self.lists.append([tag, 0])
        elif tag == "li":
            self._flush()
            if self.lists:
                self.lists[-1][1] += 1
                kind, count = self.lists[-1]
                self.marker = f"{count}." if kind == "ol" else "•"
            else:
                self.marker = "•"
        elif tag == "br":
            self.runs.append(("\n", False, False))
        elif tag == "strong":
            self.bold += 1
        elif tag == "em":
            self.italic += 1

    def handle_endtag(self, tag: str) -> None:
        if self.table is not None:
            if tag in ("td", "th") and self.cell is not None:
                if not self.table:
                    self.table.append([])
                self.table[-1].append("".join(self.cell).strip())
                self.cell = None
            elif tag == "table":
                rows = [row for row in self.table if row]
                if rows:
                    self.blocks.append(NarrativeBlock("table", rows=rows))
                self.table = None
            return
        if tag in ("p", "li"):
            self._flush()
            if tag == "li":
                self.marker = ""
        elif tag in ("ul", "ol"):
            self._flush()
            self.marker = ""
            if self.lists:
                self.lists.pop()
        elif tag == "strong":
            self.bold = max(self.bold - 1, 0)
        elif tag == "em":
            self.italic = max(self.italic - 1, 0)

    def handle_data(self, data: str) -> None:
        if self.table is not None:
            if self.cell is not None:
                self.cell.append(data)
            return
        self.runs.append((data.replace("\n", " "), bool(self.bold), bool(self.italic)))

    def close(self) -> None:
        super().close()
        self._flush()


def narrative_blocks(markup: str) -> list[NarrativeBlock]:
    parser = _NarrativeParser()
    parser.feed(markup)
    parser.close()
    return parser.blocks


# --- figures as text --------------------------------------------------------------------------


def _n(value: Any) -> str:
    if value is None or value == "":
        return "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _subject(data: dict) -> tuple[str, bool]:
    """The report's subject (agency or government name) and whether it is a government's."""
    agency = data.get("agency")
    if isinstance(agency, dict) and agency.get("name"):
        return str(agency["name"]), False
    government = data.get("government")
    if isinstance(government, dict):
        government = government.get("name")
    return (str(government) if government else "本级人民政府"), True


def _period(data: dict, year: int) -> tuple[str, str]:
    period = data.get("period") or {}
    try:
        first = date.fromisoformat(period["from"])
        last = date.fromisoformat(period["to"])
    except (KeyError, TypeError, ValueError):
        first, last = date(year, 1, 1), date(year, 12, 31)
    return chinese_date(first), chinese_date(last)


def _applications(data: dict) -> dict:
    return data.get("applications") or {}


def _app(data: dict, row: str, column: str = "total") -> int:
    return _int((_applications(data).get(row) or {}).get(column))


def _fees(data: dict) -> dict:
    fees = data.get("processing_fees") or {}
    return {
        "notices": _int(fees.get("notices")),
        "notified_yuan": fees.get("notified_yuan") or "0.00",
        "collected_yuan": fees.get("collected_yuan") or "0.00",
    }


def fee_sentence(data: dict) -> str:
    """Section 六's processing-fee statement (docs/law.md §5), always with the three figures. Years
    of the 2007 regulation predate the processing-fee rules and do not cite them."""
    fees = _fees(data)
    basis = (
        ""
        if data.get("format") == "2008"
        else "依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"
    )
    kind = "政府信息公开" if data.get("format") == "2008" else "信息处理费"
    return (
        f"本年度{basis}发出{kind}收费通知{fees['notices']}件，通知收取金额"
        f"{fees['notified_yuan']}元，实际收取金额{fees['collected_yuan']}元。"
    )


def _channel_sentence(data: dict) -> str:
    facts = data.get("facts") or {}
    received = _int(facts.get("applications_received"))
    if not received:
        return "本年度未收到政府信息公开申请。"
    by_channel = facts.get("applications_by_channel") or {}
    parts = [
        f"{label}申请{_int(by_channel.get(code))}件"
        for code, label in CHANNELS.items()
        if _int(by_channel.get(code))
    ]
    text = f"本年度收到政府信息公开申请{received}件"
    return text + ("，其中" + "、".join(parts) if parts else "") + "。"


def _timeliness_sentence(data: dict) -> str:
    timeliness = data.get("timeliness")
    if not isinstance(timeliness, dict):
        return ""
    average, longest = timeliness.get("average"), timeliness.get("longest")
    if average is None and longest is None:
        return ""
    parts = []
    if average is not None:
        parts.append(f"平均需要{_n(average)}个工作日")
    if longest is not None:
        parts.append(f"最长需要{_n(longest)}个工作日")
    return "主动公开的政府信息从成文到公开" + "，".join(parts) + "。"


def _overview_default(data: dict, government: bool) -> list[Block]:
    """Section 一 pre-filled from the figures, for the office to rewrite."""
    facts = data.get("facts") or {}
    proactive = data.get("proactive") or {}
    rules = proactive.get("rules") or {}
    documents = proactive.get("normative_documents") or {}
    who = "本级人民政府及所属部门" if government else "本机关"
    first = (
        f"本年度{who}主动公开政府信息{_int(facts.get('items_published'))}条。"
        f"本年制发规章{_int(rules.get('issued'))}件、行政规范性文件"
        f"{_int(documents.get('issued'))}件，现行有效规章{_int(rules.get('in_force'))}件、"
        f"行政规范性文件{_int(documents.get('in_force'))}件。" + _timeliness_sentence(data)
    )
    late = _int(facts.get("replied_late"))
    if data.get("format") == "2008":
        handled = _int(((data.get("applications_2008") or {}).get("replies") or {}).get("合计"))
        second = _channel_sentence(data) + f"本年度答复{handled}件。"
    else:
        second = (
            _channel_sentence(data)
            + f"本年度办结{_app(data, 'total_handled')}件，上年结转{_app(data, 'carried_in')}件，"
            f"结转下年度继续办理{_app(data, 'carried_out')}件。"
        )
    second += f"逾期答复{late}件。" if late else "未发生逾期答复的情况。"
    fees = _fees(data)
    fee = "政府信息公开费用" if data.get("format") == "2008" else "信息处理费"
    third = (
        f"本年度发出{fee}收费通知{fees['notices']}件，实际收取{fee}{fees['collected_yuan']}元。"
        if fees["notices"] or fees["collected_yuan"] not in ("0", "0.00")
        else f"本年度未收取{fee}。"
    )
    return [
        Block("sub", "（一）主动公开"),
        Block("p", first),
        Block("sub", "（二）依申请公开"),
        Block("p", second + third),
    ]


def _narrative_or(data: dict, key: str, missing: str) -> list[Block]:
    markup = _narrative(data, key)
    if markup:
        return [Block("narrative", html=markup)]
    return [Block("missing", f"（本节尚未填写：{missing}）")]


# --- the tables -------------------------------------------------------------------------------


def _ch(text: str, **kw: Any) -> Cell:
    return Cell(text, header=True, scope="col", **kw)


def _rh(text: str, **kw: Any) -> Cell:
    return Cell(text, header=True, scope="row", align=kw.pop("align", "left"), **kw)


def _td(value: Any, **kw: Any) -> Cell:
    return Cell(_n(value), **kw)


def table_proactive(data: dict) -> Table:
    """表二 主动公开政府信息情况, four blocks as the format lays them out."""
    p = data.get("proactive") or {}

    def counts(key: str) -> list[Cell]:
        figures = p.get(key) or {}
        return [_td(figures.get(k, 0)) for k in ("issued", "repealed", "in_force")]

    return Table(
        "t2",
        "表二 主动公开政府信息情况",
        (56, 33, 33, 34),
        [
            Group(
                "tbody",
                [
                    [_ch("第二十条第（一）项", colspan=4)],
                    [
                        _ch("信息内容"),
                        _ch("本年制发件数"),
                        _ch("本年废止件数"),
                        _ch("现行有效件数"),
                    ],
                    [_rh("规章", align="center"), *counts("rules")],
                    [_rh("行政规范性文件", align="center"), *counts("normative_documents")],
                ],
            ),
            Group(
                "tbody",
                [
                    [_ch("第二十条第（五）项", colspan=4)],
                    [_ch("信息内容"), _ch("本年处理决定数量", colspan=3)],
                    [_rh("行政许可", align="center"), _td(p.get("licensing", 0), colspan=3)],
                ],
            ),
            Group(
                "tbody",
                [
                    [_ch("第二十条第（六）项", colspan=4)],
                    [_ch("信息内容"), _ch("本年处理决定数量", colspan=3)],
                    [_rh("行政处罚", align="center"), _td(p.get("penalties", 0), colspan=3)],
                    [_rh("行政强制", align="center"), _td(p.get("enforcement", 0), colspan=3)],
                ],
            ),
            Group(
                "tbody",
                [
                    [_ch("第二十条第（八）项", colspan=4)],
                    [_ch("信息内容"), _ch("本年收费金额（单位：万元）", colspan=3)],
                    [
                        _rh("行政事业性收费", align="center"),
                        _td(p.get("fees_wan_yuan") or "0.0000", colspan=3),
                    ],
                ],
            ),
        ],
    ).place()


APPLICATIONS_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
ORGANISATION_COLUMNS = ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
OUTCOME_BLOCK_LABELS = (
    ("（三）不予公开", "refused", 8),
    ("（四）无法提供", "unable", 3),
    ("（五）不予处理", "not_processed", 5),
    ("（六）其他处理", "other", 3),
)
APPLICATIONS_ROWS = 28  # 3 header rows + 一, 二 + 22 rows of 三 + 四


def table_applications(data: dict) -> Table:
    """表三 收到和处理政府信息公开申请情况, with the format's merged header and label cells."""
    apps = _applications(data)

    def numbers(row: str) -> list[Cell]:
        figures = apps.get(row) or {}
        return [_td(figures.get(column, 0)) for column in COLUMNS]

    outcome_rows: list[list[Cell]] = [
        [
            _rh("三、本年度办理结果", rowspan=22, align="center"),
            _rh("（一）予以公开", colspan=2),
            *numbers("granted"),
        ],
        [_rh(f"（二）{BY_CODE['partial'].label}", colspan=2), *numbers("partial")],
    ]
    for label, prefix, count in OUTCOME_BLOCK_LABELS:
        for item in range(1, count + 1):
            code = f"{prefix}_{item}"
            row = [_rh(f"{item}.{BY_CODE[code].label}"), *numbers(code)]
            if item == 1:
                row.insert(0, _rh(label, rowspan=count, align="center"))
            outcome_rows.append(row)
    outcome_rows.append([_rh("（七）总计", colspan=2), *numbers("total_handled")])

    return Table(
        "t3",
        "表三 收到和处理政府信息公开申请情况",
        (7, 15, 50, *(12,) * 7),
        [
            Group(
                "thead",
                [
                    [
                        Cell(APPLICATIONS_NOTE, colspan=3, rowspan=3, note=True, align="left"),
                        _ch("申请人情况", colspan=7),
                    ],
                    [
                        _ch("自然人", rowspan=2),
                        _ch("法人或其他组织", colspan=5),
                        _ch("总计", rowspan=2),
                    ],
                    [_ch(label) for label in ORGANISATION_COLUMNS],
                ],
            ),
            Group(
                "tbody",
                [
                    [_rh("一、本年新收政府信息公开申请数量", colspan=3), *numbers("new")],
                    [_rh("二、上年结转政府信息公开申请数量", colspan=3), *numbers("carried_in")],
                ],
            ),
            Group("tbody", outcome_rows),
            Group(
                "tbody",
                [[_rh("四、结转下年度继续办理", colspan=3), *numbers("carried_out")]],
            ),
        ],
        size_pt=DENSE_TABLE_PT,
    ).place()


APPEAL_LABELS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")


def table_appeals(data: dict) -> Table:
    """表四 政府信息公开行政复议、行政诉讼情况."""
    appeals = data.get("appeals") or {}
    groups = ("reconsideration", "litigation_direct", "litigation_after_reconsideration")
    numbers = [
        _td((appeals.get(group) or {}).get(result, 0))
        for group in groups
        for result in APPEAL_RESULTS
    ]
    return Table(
        "t4",
        "表四 政府信息公开行政复议、行政诉讼情况",
        (10.4,) * 15,
        [
            Group(
                "thead",
                [
                    [_ch("行政复议", colspan=5), _ch("行政诉讼", colspan=10)],
                    [
                        *(_ch(label, rowspan=2) for label in APPEAL_LABELS),
                        _ch("未经复议直接起诉", colspan=5),
                        _ch("复议后起诉", colspan=5),
                    ],
                    [_ch(label) for label in APPEAL_LABELS * 2],
                ],
            ),
            Group("tbody", [numbers]),
        ],
        size_pt=DENSE_TABLE_PT,
    ).place()


def _share(n: int, total: int) -> str:
    return f"{n * 100 / total:.1f}%" if total else "—"


def tables_2008(data: dict) -> list[Table]:
    """The 2007 regulation's counts: applications by channel, replies by category."""
    old = data.get("applications_2008") or {}
    received = dict(old.get("received_by_channel") or {})
    received_total = _int(received.pop("合计", sum(_int(v) for v in received.values())))
    replies = dict(old.get("replies") or {})
    replies_total = _int(replies.pop("合计", sum(_int(v) for v in replies.values())))
    categories = [c for c in OLD_CATEGORIES if c in replies] + [
        c for c in replies if c not in OLD_CATEGORIES
    ]
    by_channel = Table(
        "t3a",
        "依申请公开政府信息情况（按申请方式）",
        (36, *((TYPE_WIDTH_MM - 36) / (len(received) + 1),) * (len(received) + 1)),
        [
            Group("thead", [[_ch("申请方式"), *(_ch(k) for k in received), _ch("合计")]]),
            Group(
                "tbody",
                [
                    [
                        _rh("申请数量（件）", align="center"),
                        *(_td(v) for v in received.values()),
                        _td(received_total),
                    ]
                ],
            ),
        ],
    ).place()
    by_reply = Table(
        "t3b",
        "依申请公开政府信息情况（按答复类别）",
        (24, *((TYPE_WIDTH_MM - 24) / (len(categories) + 1),) * (len(categories) + 1)),
        [
            Group("thead", [[_ch("答复类别"), *(_ch(c) for c in categories), _ch("合计")]]),
            Group(
                "tbody",
                [
                    [
                        _rh("件数", align="center"),
                        *(_td(replies.get(c, 0)) for c in categories),
                        _td(replies_total),
                    ],
                    [
                        _rh("占比", align="center"),
                        *(_td(_share(_int(replies.get(c)), replies_total)) for c in categories),
                        _td("100%" if replies_total else "—"),
                    ],
                ],
            ),
        ],
        size_pt=DENSE_TABLE_PT,
    ).place()
    return [by_channel, by_reply]


def _sources_note(data: dict) -> str:
    sources = [str(s) for s in (data.get("proactive") or {}).get("sources") or [] if s]
    text = "数据来源：规章、行政规范性文件件数由政府信息公开目录统计"
    if sources:
        return text + "；" + "；".join(sources) + "。"
    return text + "；行政许可、行政处罚、行政强制和行政事业性收费数据尚未录入。"


# --- sections ---------------------------------------------------------------------------------


def _chart_blocks(found: dict[str, Chart], *keys: str) -> list[Block]:
    return [Block("chart", chart=found[key]) for key in keys if key in found]


def _sections_2021(data: dict, government: bool, found: dict[str, Chart]) -> list[Section]:
    six = [Block("narrative", html=m) for m in [_narrative(data, "other_matters")] if m]
    if not six and government:
        six.append(
            Block(
                "missing",
                "（本节尚未填写：政务公开工作考核、社会评议和责任追究结果情况，"
                "落实上级年度政务公开工作要点情况等）",
            )
        )
    six.append(Block("p", fee_sentence(data)))
    return [
        _overview_section("一、总体情况", data, government),
        _proactive_section(data, found),
        Section(
            "三、收到和处理政府信息公开申请情况",
            [
                Block("table", table=table_applications(data)),
                *_chart_blocks(found, "outcomes", "monthly"),
            ],
        ),
        Section(
            "四、政府信息公开行政复议、行政诉讼情况",
            [Block("table", table=table_appeals(data))],
        ),
        Section(
            "五、存在的主要问题及改进情况",
            _narrative_or(
                data, "problems", "上一年度存在问题的整改情况，本年度存在的主要问题及改进措施"
            ),
        ),
        Section("六、其他需要报告的事项", six),
    ]


def _appeals_sentence_2008(data: dict) -> str:
    appeals = data.get("appeals") or {}
    reconsideration = appeals.get("reconsideration") or {}
    litigation = {
        result: sum(
            _int((appeals.get(g) or {}).get(result))
            for g in ("litigation_direct", "litigation_after_reconsideration")
        )
        for result in APPEAL_RESULTS
    }
    if not _int(reconsideration.get("total")) and not litigation["total"]:
        return "本年度未发生因政府信息公开申请提起行政复议、行政诉讼的情况。"

    def detail(figures: dict) -> str:
        return (
            f"（结果维持{_int(figures.get('upheld'))}件、结果纠正{_int(figures.get('corrected'))}"
            f"件、其他结果{_int(figures.get('other'))}件、尚未审结{_int(figures.get('pending'))}件）"
        )

    return (
        f"本年度因政府信息公开申请提起行政复议{_int(reconsideration.get('total'))}件"
        f"{detail(reconsideration)}，提起行政诉讼{litigation['total']}件{detail(litigation)}。"
    )


def _application_sentence_2008(data: dict) -> str:
    old = data.get("applications_2008") or {}
    received = old.get("received_by_channel") or {}
    replies = old.get("replies") or {}
    total = _int(received.get("合计"))
    if not total and not _int(replies.get("合计")):
        return "本年度未收到政府信息公开申请。"
    parts = [f"{k}申请{_int(v)}件" for k, v in received.items() if k != "合计" and _int(v)]
    text = f"本年度共受理政府信息公开申请{total}件" + ("，其中" + "、".join(parts) if parts else "")
    answered = _int(replies.get("合计"))
    shares = [
        f"“{c}”的{_int(replies.get(c))}件，占{_share(_int(replies.get(c)), answered)}"
        for c in OLD_CATEGORIES
        if _int(replies.get(c))
    ]
    text += f"。在已经答复的{answered}件申请中，" + "；".join(shares) if shares else ""
    return text + "。"


def _overview_section(title: str, data: dict, government: bool) -> Section:
    """Section 一 of either format: what the office wrote, else the text from the records."""
    overview = _narrative(data, "overview")
    if overview:
        return Section(title, [Block("narrative", html=overview)])
    return Section(title, _overview_default(data, government))


def _proactive_section(data: dict, found: dict[str, Chart]) -> Section:
    """Section 二 of either format: the proactive-disclosure table, its sources, the chart."""
    return Section(
        "二、主动公开政府信息情况",
        [
            Block("table", table=table_proactive(data)),
            Block("note", _sources_note(data)),
            *_chart_blocks(found, "timeliness"),
        ],
    )


def _sections_2008(data: dict, government: bool, found: dict[str, Chart]) -> list[Section]:
    others = _narrative(data, "other_matters")
    return [
        _overview_section("一、概述", data, government),
        _proactive_section(data, found),
        Section(
            "三、依申请公开政府信息情况",
            [
                Block("p", _application_sentence_2008(data)),
                *(Block("table", table=t) for t in tables_2008(data)),
                *_chart_blocks(found, "outcomes", "monthly"),
            ],
        ),
        Section("四、政府信息公开的收费及减免情况", [Block("p", fee_sentence(data))]),
        Section(
            "五、因政府信息公开申请行政复议、提起行政诉讼的情况",
            [Block("p", _appeals_sentence_2008(data))],
        ),
        Section(
            "六、政府信息公开工作存在的主要问题及改进情况",
            _narrative_or(data, "problems", "存在的主要问题及改进措施"),
        ),
        Section(
            "七、其他需要报告的事项",
            [Block("narrative", html=others)] if others else [Block("p", "无。")],
        ),
    ]


def build_report(data: dict, agency: Any = None, *, with_charts: bool = True) -> Report:
    """The report's content from its JSON (selectors.agency_report / government_report)."""
    year = _int(data.get("year"))
    subject, government = _subject(data)
    old = data.get("format") == "2008"
    first, last = _period(data, year)
    found = report_charts.charts(data) if with_charts else {}
    by_whom = getattr(agency, "office_name", "") or ("" if government else subject)
    if old:
        lead = [
            "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求"
            + (f"，由{by_whom}编制。" if by_whom else "编制。")
            + "全文包括概述，主动公开政府信息情况，依申请公开政府信息情况，政府信息公开的收费"
            "及减免情况，因政府信息公开申请行政复议、提起行政诉讼的情况，政府信息公开工作存在"
            "的主要问题及改进情况，其他需要报告的事项。"
            f"本报告中所列数据的统计期限自{first}起至{last}止。"
        ]
        format_note = (
            f"说明：{year}年度适用2008年5月1日起施行的《中华人民共和国政府信息公开条例》"
            "（国务院令第492号），本报告按该条例第三十二条规定的内容编制；依申请公开情况按"
            "当时的统计口径（同意公开、同意部分公开、不予公开、信息不存在、非本机关政府信息、"
            f"申请内容不明确）列示，不适用{FORMAT_2021}规定的表格。"
        )
    else:
        lead = [
            "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国"
            f"政府信息公开工作年度报告格式》（{FORMAT_2021}）要求"
            + (f"，由{by_whom}编制。" if by_whom else "编制。")
            + "全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息"
            "公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。"
            f"本报告中所列数据的统计期限自{first}起至{last}止。"
        ]
        format_note = ""
    agencies = data.get("agencies")
    if government and isinstance(agencies, list) and agencies:
        lead.append(
            f"本报告汇总了{subject}所属{len(agencies)}个部门（单位）的政府信息公开工作情况。"
        )
    contact = [
        f"{label}：{value}"
        for label, attr in (
            ("地址", "office_address"),
            ("邮编", "office_postcode"),
            ("电话", "office_phone"),
            ("传真", "office_fax"),
            ("电子邮箱", "office_email"),
        )
        if (value := str(getattr(agency, attr, "") or "").strip())
    ]
    if contact:
        office = getattr(agency, "office_name", "") or subject
        lead.append(f"如对本报告有疑问，请与{office}联系（{'；'.join(contact)}）。")
    note = data.get("correction_note")
    if isinstance(note, str) and note.strip():
        # A published correction (发布更正) says so before anything else, with its note.
        version = data.get("version")
        lead.insert(0, f"更正说明（第{version}版）：{clean_text(note.strip())}")
    sections = (_sections_2008 if old else _sections_2021)(data, government, found)
    signed = ""
    published = data.get("published_on")
    draft = not isinstance(published, str)
    # The sign-off carries a date: the publication date, or for a draft the day it was
    # prepared (report_data's `prepared_on`), which the 草稿 mark on every page qualifies.
    when = published if not draft else data.get("prepared_on")
    if isinstance(when, str):
        try:
            signed = chinese_date(date.fromisoformat(when))
        except ValueError:
            signed = ""
    return Report(
        title=f"{subject}{year}年政府信息公开工作年度报告",
        subject=subject,
        year=year,
        # Set as two lines, the subject over the rest, as the reports are printed.
        title_lines=[subject, f"{year}年政府信息公开工作年度报告"],
        format="2008" if old else "2021",
        lead=lead,
        format_note=format_note,
        checks=[check_text(c) for c in data.get("checks") or []],
        sections=sections,
        signature=subject,
        signed_on=signed,
        draft=draft,
    )


# --- HTML and PDF -----------------------------------------------------------------------------


def _css() -> dict[str, Any]:
    return {
        "serif": SERIF.css,
        "sans": SANS.css,
        "title_font": TITLE_FACE.css,
        "kai": HEADING2_FACE.css,
        "title_pt": TITLE_PT,
        "title_line_pt": TITLE_LINE_PT,
        "body_pt": BODY_PT,
        "line_pt": LINE_PT,
        "note_pt": NOTE_PT,
        "footer_pt": FOOTER_PT,
        "margin": MARGIN_MM,
        "page_number_gap_mm": PAGE_NUMBER_GAP_MM,
        "chart_width_mm": CHART_WIDTH_MM,
        "type_width_mm": TYPE_WIDTH_MM,
    }


def render_html(report: Report, style_nonce: str = "") -> str:
    """The report as one HTML document with its CSS inline (WeasyPrint lays out the same
    document). Served to a browser, its `<style>` elements carry `style_nonce`, the response's
    Content-Security-Policy nonce (gongkai/core/csp.py); no element has a style attribute."""
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    # Narrative markup was sanitised by `sanitise` when the blocks were built; it is the only
    # markup marked safe.
    narratives = {
        id(block): mark_safe(block.html)  # noqa: S308 - sanitised with nh3 above
        for section in report.sections
        for block in section.blocks
        if block.kind == "narrative"
    }
    sections = []
    for section in report.sections:
        blocks = [
            {"block": block, "markup": narratives.get(id(block), "")} for block in section.blocks
        ]
        # The heading goes to the next page with its first block rather than stay alone.
        sections.append({"heading": section.heading, "first": blocks[:1], "rest": blocks[1:]})
    tables = [
        block.table
        for section in report.sections
        for block in section.blocks
        if block.kind == "table" and block.table is not None
    ]
    return render_to_string(
        "reports/document.html",
        {
            "report": report,
            "sections": sections,
            "css": _css(),
            "tables": tables,
            "style_nonce": style_nonce,
        },
    )


def _pdf(document: str, images: dict[str, bytes]) -> bytes:
    """The PDF, with the report's own chart images (data: URIs it made) and nothing else."""
    return html_to_pdf(document, images=images, refuse=_refuse_fetch)


def render_pdf(report: Report) -> bytes:
    images = {_data_uri(chart.png): chart.png for chart in report.charts}
    return _pdf(render_html(report), images)


# --- DOCX -------------------------------------------------------------------------------------


def render_docx(report: Report) -> bytes:
    import io

    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor
    from docx.table import _Cell
    from docx.text.paragraph import Paragraph

    doc = Document()
    red = RGBColor(0xB3, 0x26, 0x1E)

    def style_run(
        run: Any,
        size: float,
        family: Face = SERIF,
        bold: bool = False,
        italic: bool = False,
        colour: Any = None,
    ) -> Any:
        docx_fonts(run._r, family)
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.italic = italic
        if colour is not None:
            run.font.color.rgb = colour
        return run

    docx_default_fonts(doc, SERIF)
    docx_normal_style(doc, SERIF)

    # Headings as Word headings (navigation pane, outline), dressed as the format has them:
    # 一、 in 黑体, （一） in 楷体_GB2312, neither bold; both indented two characters.
    for name, family, bold in (("Heading 1", SANS, False), ("Heading 2", HEADING2_FACE, False)):
        style = doc.styles[name]
        docx_fonts(style._element, family)
        style.font.size = Pt(BODY_PT)
        style.font.bold = bold
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        spf = style.paragraph_format
        spf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        spf.line_spacing = Pt(LINE_PT)
        spf.space_before = spf.space_after = Pt(0)
        spf.first_line_indent = Pt(BODY_PT * 2)
        spf.keep_with_next = True

    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    docx_page(section)
    if report.draft:
        # The page header repeats on every page: a draft printed and passed round says so.
        mark = section.header.paragraphs[0]
        mark.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        style_run(mark.add_run("草稿"), 16, SANS, colour=red)

    def paragraph(
        text: str = "",
        size: float = BODY_PT,
        *,
        family: Face = SERIF,
        bold: bool = False,
        align: Any = WD_ALIGN_PARAGRAPH.JUSTIFY,
        indent: float = 2,
        line_pt: float = LINE_PT,
        colour: Any = None,
        container: Any = None,
    ) -> Any:
        p = (container or doc).add_paragraph()
        p.alignment = align
        f = p.paragraph_format
        f.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        f.line_spacing = Pt(line_pt)
        if indent:
            f.first_line_indent = Pt(size * indent)
        if text:
            lines = text.split("\n")
            run = style_run(p.add_run(), size, family, bold, colour=colour)
            for i, line in enumerate(lines):
                if i:
                    run.add_break()
                run.add_text(line)
        return p

    def borders(tbl: Any, colour: str = "000000", size: int = 4) -> None:
        tbl_pr = tbl._tbl.tblPr
        edges = OxmlElement("w:tblBorders")
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            el = OxmlElement(f"w:{edge}")
            el.set(qn("w:val"), "single")
            el.set(qn("w:sz"), str(size))  # eighths of a point
            el.set(qn("w:space"), "0")
            el.set(qn("w:color"), colour)
            edges.append(el)
        for old in tbl_pr.findall(qn("w:tblBorders")):
            tbl_pr.remove(old)
        tbl_pr.append(edges)

    def fixed_layout(tbl: Any, widths_mm: tuple[float, ...], caption: str = "") -> list[list[Any]]:
        """Fixed column widths, 1 mm cell margins, the caption as the table's alt text; returns
        the cells by row and column, read once from the XML (python-docx's table.cell()
        rebuilds the whole grid on every call). Call after borders()."""
        tbl.autofit = False  # tblLayout fixed
        tbl.alignment = WD_TABLE_ALIGNMENT.CENTER
        tbl_pr = tbl._tbl.tblPr
        tbl_w = tbl_pr.find(qn("w:tblW"))
        if tbl_w is None:
            tbl_w = OxmlElement("w:tblW")
            tbl_pr.append(tbl_w)
        tbl_w.set(qn("w:w"), str(sum(Mm(w).twips for w in widths_mm)))
        tbl_w.set(qn("w:type"), "dxa")
        margins = OxmlElement("w:tblCellMar")
        for side in ("left", "right"):
            el = OxmlElement(f"w:{side}")
            el.set(qn("w:w"), str(Mm(1).twips))
            el.set(qn("w:type"), "dxa")
            margins.append(el)
        tbl_pr.append(margins)
        if caption:
            for tag in ("w:tblCaption", "w:tblDescription"):
                el = OxmlElement(tag)
                el.set(qn("w:val"), caption)
                tbl_pr.append(el)
        # Children in the schema's order, or Word reports the file as damaged.
        order = {qn(f"w:{t}"): i for i, t in enumerate(TBLPR_ORDER)}
        children = sorted(tbl_pr, key=lambda el: order.get(el.tag, len(order)))
        for el in children:
            tbl_pr.remove(el)
        tbl_pr.extend(children)
        for column, width in zip(tbl.columns, widths_mm, strict=True):
            column.width = Mm(width)
        grid = [[_Cell(tc, tbl) for tc in tr.tc_lst] for tr in tbl._tbl.tr_lst]
        for cells in grid:
            for cell, width in zip(cells, widths_mm, strict=True):
                cell.width = Mm(width)
        return grid

    def row_flags(row: Any, header: bool, size: float) -> None:
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))  # a row stays on one page
        height = OxmlElement("w:trHeight")  # a little air above and below one line
        height.set(qn("w:val"), str(round((size * 1.4 + 5) * 20)))
        height.set(qn("w:hRule"), "atLeast")
        tr_pr.append(height)
        if header:
            tr_pr.append(OxmlElement("w:tblHeader"))  # repeated on every page the table spans

    def cell_text(cell: Any, text: str, size: float, align: Any) -> None:
        p = cell.paragraphs[0]
        p.alignment = align
        f = p.paragraph_format
        f.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        f.line_spacing = Pt(round(size * 1.4, 1))
        f.first_line_indent = Pt(0)
        run = style_run(p.add_run(), size)
        lines = text.split("\n")
        for i, line in enumerate(lines):
            if i:
                run.add_break()
            run.add_text(line)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER

    def add_table(table: Table) -> None:
        tbl = doc.add_table(rows=table.n_rows, cols=table.n_cols)
        tbl.style = doc.styles["Table Grid"]
        borders(tbl)
        grid = fixed_layout(tbl, table.widths_mm, table.caption)
        for i, row in enumerate(tbl.rows):
            row_flags(row, i < table.head_rows, table.size_pt)
        # Merged regions never overlap, so each region's corner cells are still in place
        # when it is merged.
        for cell in table.cells:
            target = grid[cell.row][cell.col]
            if cell.rowspan > 1 or cell.colspan > 1:
                target = target.merge(
                    grid[cell.row + cell.rowspan - 1][cell.col + cell.colspan - 1]
                )
            align = WD_ALIGN_PARAGRAPH.LEFT if cell.align == "left" else WD_ALIGN_PARAGRAPH.CENTER
            cell_text(target, cell.text, table.size_pt, align)
        # Keep a table on one page where it fits: each row's text keeps with the next row.
        for tr in tbl._tbl.tr_lst[:-1]:
            for p in tr.iter(qn("w:p")):
                Paragraph(p, tbl).paragraph_format.keep_with_next = True

    def add_narrative(markup: str) -> None:
        for block in narrative_blocks(markup):
            if block.kind == "table":
                width = max(len(r) for r in block.rows)
                tbl = doc.add_table(rows=len(block.rows), cols=width)
                borders(tbl)
                grid = fixed_layout(tbl, (TYPE_WIDTH_MM / width,) * width)
                for r, values in enumerate(block.rows):
                    for c, value in enumerate(values):
                        cell_text(grid[r][c], value, TABLE_PT, WD_ALIGN_PARAGRAPH.CENTER)
                continue
            p = paragraph(indent=0 if block.kind == "li" else 2)
            if block.kind == "li":
                p.paragraph_format.left_indent = Pt(BODY_PT * 2)
                style_run(p.add_run(block.marker + " "), BODY_PT)
            for text, bold, italic in block.runs:
                run = style_run(p.add_run(), BODY_PT, bold=bold, italic=italic)
                if text == "\n":
                    run.add_break()
                else:
                    run.add_text(text)

    # Title block.
    paragraph(
        "\n".join(report.title_lines),
        TITLE_PT,
        family=TITLE_FACE,  # not bold: 小标宋 is a heavy face already
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent=0,
        line_pt=TITLE_LINE_PT,
    )
    paragraph()

    if report.checks:
        box = doc.add_table(rows=1, cols=1)
        borders(box, "B3261E", 12)
        fixed_layout(box, (TYPE_WIDTH_MM,))
        cell = box.cell(0, 0)
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:color"), "auto")
        shading.set(qn("w:fill"), "FDECEA")
        cell._tc.get_or_add_tcPr().append(shading)
        first = cell.paragraphs[0]
        first.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        first.paragraph_format.line_spacing = Pt(NOTE_PT * 1.6)
        first.paragraph_format.first_line_indent = Pt(0)
        style_run(first.add_run(CHECK_TITLE), BODY_PT, SANS, colour=red)
        lines = [CHECK_TEXT, *(f"{i}. {c}" for i, c in enumerate(report.checks, 1))]
        for line in lines:
            paragraph(
                line,
                NOTE_PT,
                indent=0,
                line_pt=NOTE_PT * 1.6,
                colour=red,
                align=WD_ALIGN_PARAGRAPH.LEFT,
                container=cell,
            )
        paragraph()

    if report.format_note:
        paragraph(report.format_note, NOTE_PT, line_pt=NOTE_PT * 1.8)
    for text in report.lead:
        # Each paragraph on one page: the last one is the office's contact block.
        paragraph(text).paragraph_format.keep_together = True

    for sec in report.sections:
        doc.add_paragraph(sec.heading, style="Heading 1")
        for block in sec.blocks:
            if block.kind == "sub":
                doc.add_paragraph(block.text, style="Heading 2")
            elif block.kind == "p":
                paragraph(block.text)
            elif block.kind == "missing":
                paragraph(block.text, colour=red)
            elif block.kind == "note":
                paragraph(block.text, NOTE_PT, line_pt=NOTE_PT * 1.8)
            elif block.kind == "narrative":
                add_narrative(block.html)
            elif block.kind == "table" and block.table is not None:
                add_table(block.table)
            elif block.kind == "chart" and block.chart is not None:
                pic = paragraph(align=WD_ALIGN_PARAGRAPH.CENTER, indent=0, line_pt=0)
                pic.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
                pic.paragraph_format.space_before = Pt(8)
                pic.paragraph_format.keep_with_next = True
                pic.add_run().add_picture(io.BytesIO(block.chart.png), width=Mm(CHART_WIDTH_MM))
                paragraph(
                    block.chart.title,
                    NOTE_PT,
                    align=WD_ALIGN_PARAGRAPH.CENTER,
                    indent=0,
                    line_pt=NOTE_PT * 1.8,
                )

    signature = [paragraph(), paragraph(report.signature, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=0)]
    signature[-1].paragraph_format.right_indent = Pt(BODY_PT * 2)
    if report.signed_on:
        signature.append(paragraph(report.signed_on, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=0))
        signature[-1].paragraph_format.right_indent = Pt(BODY_PT * 4)
    docx_keep_together(signature)

    docx_page_numbers(section.footer.paragraphs[0], lambda run: style_run(run, FOOTER_PT))

    props = doc.core_properties
    props.title = report.title
    props.author = props.last_modified_by = report.subject
    props.language = "zh-CN"
    # A fixed date: the same figures give the same document.
    stamp = datetime(report.year or 2000, 12, 31, tzinfo=UTC)
    props.created = props.modified = stamp
    props.revision = 1

    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


# --- entry point ------------------------------------------------------------------------------


def render(data: dict, fmt: str, agency: Any = None, style_nonce: str = "") -> bytes:
    """The annual report from its JSON as `fmt` (html, docx or pdf); `style_nonce` is the
    HTML's Content-Security-Policy nonce when a browser is served it."""
    if fmt not in FORMATS:
        raise ValueError(f"不支持的格式：{fmt}（可选 {'、'.join(FORMATS)}）")
    report = build_report(data, agency)
    if fmt == "html":
        return render_html(report, style_nonce).encode("utf-8")
    if fmt == "docx":
        return render_docx(report)
    return render_pdf(report)
