"""The catalogue file: published items as CSV or XLSX, read and written. Pure: no Django.

An agency that moves to Gongkai brings the catalogue it has published so far
(`gongkai catalogue import FILE --agency CODE`), and `gongkai catalogue export` writes the same
file, so an export reads back as the same items. The first row is the header; the columns, in
any order, are exactly these:

    索引号        the item's index number; empty = numbered on import by the agency's pattern
                  for the year of 发布日期 (no spaces, at most 80 characters)
    标题          required, at most 300 characters
    文号          e.g. 示住建〔2025〕12号; may be empty
    发布机构      empty = the importing agency's name
    成文日期      required, YYYY-MM-DD (or a date cell in XLSX)
    发布日期      required, YYYY-MM-DD; 成文日期 ≤ 发布日期 ≤ today
    主题分类      the name of a subject category (主题分类) known to the installation; may be empty
    第二十条类别  required: the label (“（一）行政法规、规章和规范性文件”), the key (“20-1”, “21”)
                  or the item number alone (“一”, “（一）”)
    体裁          required: a genre label, e.g. “行政规范性文件”, “通知公告”, “政策解读”
    关键词        may be empty, at most 200 characters
    有效性        现行有效 (also when empty), 已修改 or 已废止
    内容概述      may be empty, at most 5,000 characters
    正文          the body text, at most 200,000 characters

CSV files are UTF-8 (with or without a BOM). Reading is all or nothing: `read_catalogue`
returns every row or raises `CatalogueFileError` listing every problem found (up to
`MAX_PROBLEMS`) as “第 {row} 行「{column}」：{message}”, so that the file can be corrected in one
go. Checks that need the database (an index number already used, the import itself) are the
caller's; the list of known subject names and today's date are passed in.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from gongkai.catalogue.taxonomy import GENRES, STATUTORY_CATEGORIES, VALIDITY
from gongkai.core import tabular

CATALOGUE_COLUMNS: tuple[str, ...] = (
    "索引号",
    "标题",
    "文号",
    "发布机构",
    "成文日期",
    "发布日期",
    "主题分类",
    "第二十条类别",
    "体裁",
    "关键词",
    "有效性",
    "内容概述",
    "正文",
)

MAX_BYTES = 1024 * 1024 * 1024  # bodies make catalogues large: 100,000 items fit easily
MAX_ROWS = 200_000
MAX_PROBLEMS = tabular.MAX_PROBLEMS
MAX_XLSX_UNCOMPRESSED = 4 * MAX_BYTES  # a guard against zip bombs
# What the database holds (models.Item), checked here so that an import fails with a message.
MAX_LENGTHS = {
    "索引号": 80,
    "标题": 300,
    "文号": 100,
    "发布机构": 200,
    "关键词": 200,
    "内容概述": 5_000,
    "正文": 200_000,
}
# Excel keeps at most this many characters in a cell; longer text is written all the same
# (Gongkai reads it back whole) and `long_cells` lets the caller warn about it.
EXCEL_CELL_LIMIT = 32_767

_DATE_COLUMNS = frozenset({"成文日期", "发布日期"})
# Cells kept exactly as written (paragraph indents are full-width spaces); others are trimmed.
_VERBATIM_COLUMNS = frozenset({"内容概述", "正文"})
_WHITESPACE = re.compile(r"\s")


@dataclass(frozen=True)
class CatalogueRow:
    row: int  # spreadsheet row number (the header is row 1); 0 for rows being written
    index_number: str  # "" = to be numbered on import
    title: str
    doc_number: str
    issuing_agency: str  # "" = the importing agency
    written_on: date
    published_on: date
    subject: str  # a subject name, or ""
    statutory_category: str  # STATUTORY_CATEGORIES key
    genre: str  # GENRES key
    keywords: str
    validity: str  # VALIDITY key
    summary: str
    body: str


class CatalogueFileError(tabular.TableFileError):
    """One or more problems with a catalogue file.

    `problems` holds (row, column, message); row 1 is the header, row 0 a problem with the
    file as a whole (encoding, size, format), whose column is empty.
    """


# --- labels -------------------------------------------------------------------------------


def _choices(labels: Iterable[str]) -> str:
    items = [f"“{label}”" for label in labels]
    return "、".join(items[:-1]) + " 或 " + items[-1]


_NUMERALS = [
    "一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
    "十一", "十二", "十三", "十四", "十五",
]  # fmt: skip


def _category_lookup() -> dict[str, str]:
    table: dict[str, str] = {}
    for key, label in STATUTORY_CATEGORIES.items():
        table[key] = key
        table[label] = key
    for n, numeral in enumerate(_NUMERALS, start=1):
        key = f"20-{n}"
        for form in (
            numeral,
            f"（{numeral}）",
            f"({numeral})",
            f"第{numeral}项",
            f"第（{numeral}）项",
        ):
            table[form] = key
    table["第二十一条"] = "21"
    return table


_CATEGORY_BY_TEXT = _category_lookup()
_GENRE_BY_TEXT = {label: key for key, label in GENRES.items()} | {key: key for key in GENRES}
_VALIDITY_BY_TEXT = {label: key for key, label in VALIDITY.items()} | {
    "": "in_force",
    "現行有效": "in_force",
    "已廢止": "repealed",
}
_GENRE_CHOICES = _choices(GENRES.values())
_VALIDITY_CHOICES = _choices(VALIDITY.values())


def category_of(text: str) -> str | None:
    """The Art. 20 category key for what a file says, or None."""
    return _CATEGORY_BY_TEXT.get(text.replace(" ", ""))


# --- cells --------------------------------------------------------------------------------


# --- reading ------------------------------------------------------------------------------


def read_catalogue(
    data: bytes,
    filename: str,
    *,
    subjects: Collection[str] | None = None,
    today: date | None = None,
) -> list[CatalogueRow]:
    """Every row of a catalogue file (.csv or .xlsx), or CatalogueFileError with every problem.

    `subjects`: the subject names that exist (None: not checked); `today`: no date may be
    later (None: not checked).
    """
    return tabular.read_file(
        data,
        filename,
        lambda rows: _Reader(subjects, today).read(rows),
        error=CatalogueFileError,
        use_hint="请使用 .csv 或 .xlsx 文件",
        max_bytes=MAX_BYTES,
        max_xlsx_uncompressed=MAX_XLSX_UNCOMPRESSED,
        date_columns=_DATE_COLUMNS,
        csv_field_size=4 * MAX_LENGTHS["正文"],
    )


class _Reader:
    def __init__(self, subjects: Collection[str] | None, today: date | None) -> None:
        self.subjects = None if subjects is None else frozenset(subjects)
        self.subject_choices = _choices(list(subjects)) if subjects else "（尚无主题分类）"
        self.today = today
        self.problems: list[tabular.Problem] = []
        self.seen: dict[str, int] = {}
        self.date_cache: dict[str, date | str] = {}

    def read(self, rows: Iterator[list[Any]]) -> list[CatalogueRow]:
        return tabular.read_rows(
            rows,
            self._row,
            self.problems,
            columns=CATALOGUE_COLUMNS,
            error=CatalogueFileError,
            max_rows=MAX_ROWS,
            verbatim_columns=_VERBATIM_COLUMNS,
        )

    def _row(self, row: int, values: tuple[Any, ...]) -> CatalogueRow | None:
        (
            index_number,
            title,
            doc_number,
            issuing_agency,
            written_cell,
            published_cell,
            subject,
            category_text,
            genre_text,
            keywords,
            validity_text,
            summary,
            body,
        ) = values
        start = len(self.problems)

        def problem(column: str, message: str) -> None:
            self.problems.append((row, column, message))

        texts = {
            "索引号": tabular.unquote_text(index_number),
            "标题": tabular.unquote_text(title),
            "文号": tabular.unquote_text(doc_number),
            "发布机构": tabular.unquote_text(issuing_agency),
            "关键词": tabular.unquote_text(keywords),
            "内容概述": tabular.unquote_text(summary),
            "正文": tabular.unquote_text(body),
        }
        for column, limit in MAX_LENGTHS.items():
            if len(texts[column]) > limit:
                problem(column, f"{column}过长：{len(texts[column]):,} 字，最多 {limit:,} 字")
        for column, value in (
            ("标题", texts["标题"]),
            ("第二十条类别", category_text),
            ("体裁", genre_text),
        ):
            if not value:
                problem(column, "不能为空")

        index_number = texts["索引号"]
        if index_number:
            if _WHITESPACE.search(index_number):
                problem("索引号", f"索引号不能含空格或换行：“{index_number}”")
            first = self.seen.get(index_number)
            if first is None:
                self.seen[index_number] = row
            else:
                problem("索引号", f"索引号“{index_number}”重复，与第 {first} 行相同")

        written_on = self._date(row, "成文日期", written_cell)
        published_on = self._date(row, "发布日期", published_cell)
        if written_on and published_on and published_on < written_on:
            problem("发布日期", f"发布日期（{published_on}）早于成文日期（{written_on}）")

        if subject and self.subjects is not None and subject not in self.subjects:
            problem("主题分类", f"主题分类“{subject}”不存在，应为 {self.subject_choices}")
        category = category_of(category_text) if category_text else None
        if category_text and category is None:
            problem(
                "第二十条类别",
                f"第二十条类别无效：“{category_text}”，应为条例第二十条的项，"
                "如“（一）行政法规、规章和规范性文件”“20-1”或“一”",
            )
        genre = _GENRE_BY_TEXT.get(genre_text)
        if genre_text and genre is None:
            problem("体裁", f"体裁无效：“{genre_text}”，应为 {_GENRE_CHOICES}")
        validity = _VALIDITY_BY_TEXT.get(validity_text)
        if validity is None:
            problem("有效性", f"有效性无效：“{validity_text}”，应为 {_VALIDITY_CHOICES}")

        if (
            len(self.problems) > start
            or written_on is None
            or published_on is None
            or category is None
            or genre is None
            or validity is None
        ):
            return None
        return CatalogueRow(
            row,
            index_number,
            texts["标题"],
            texts["文号"],
            texts["发布机构"],
            written_on,
            published_on,
            subject,
            category,
            genre,
            texts["关键词"],
            validity,
            texts["内容概述"],
            texts["正文"],
        )

    def _date(self, row: int, column: str, cell: Any) -> date | None:
        value = tabular.parse_date(cell, self.date_cache)
        if value is None:
            self.problems.append((row, column, "不能为空"))
            return None
        if isinstance(value, str):
            self.problems.append((row, column, value))
            return None
        if self.today is not None and value > self.today:
            self.problems.append((row, column, f"{column}（{value}）晚于今天（{self.today}）"))
            return None
        return value


# --- writing ------------------------------------------------------------------------------


def _labels(row: CatalogueRow) -> list[str | date]:
    """The row's cells in column order: text, and the two dates."""
    return [
        row.index_number,
        row.title,
        row.doc_number,
        row.issuing_agency,
        row.written_on,
        row.published_on,
        row.subject,
        STATUTORY_CATEGORIES[row.statutory_category],
        GENRES[row.genre],
        row.keywords,
        VALIDITY[row.validity],
        row.summary,
        row.body,
    ]


def write_catalogue_csv(rows: Iterable[CatalogueRow]) -> bytes:
    """The catalogue as CSV: UTF-8 with a BOM (so that Excel reads it as UTF-8), CRLF lines."""
    return tabular.csv_bytes(
        CATALOGUE_COLUMNS,
        (
            [
                value.isoformat() if isinstance(value, date) else tabular.quote_text(value)
                for value in _labels(row)
            ]
            for row in rows
        ),
    )


_COLUMN_WIDTHS = {"索引号": 24, "标题": 48, "文号": 20, "发布机构": 24, "第二十条类别": 24}


def write_catalogue_xlsx(rows: Iterable[CatalogueRow]) -> bytes:
    """The catalogue as an XLSX workbook; every cell text (dates as YYYY-MM-DD)."""
    widths = [
        _COLUMN_WIDTHS.get(name, 12 if name in _DATE_COLUMNS else 16) for name in CATALOGUE_COLUMNS
    ]
    workbook, sheet = tabular.xlsx_sheet("政府信息公开目录", CATALOGUE_COLUMNS, widths)
    for row in rows:
        cells: list[Any] = []
        for value in _labels(row):
            if isinstance(value, date):
                cells.append(value.isoformat())
            elif not value:
                cells.append(None)
            else:
                cells.append(tabular.xlsx_text(sheet, value))
        sheet.append(cells)
    return tabular.xlsx_bytes(workbook)


def long_cells(rows: Iterable[CatalogueRow]) -> int:
    """How many rows have a text longer than an Excel cell holds (Excel would cut it)."""
    return sum(
        any(len(text) > EXCEL_CELL_LIMIT for text in (row.body, row.summary)) for row in rows
    )
