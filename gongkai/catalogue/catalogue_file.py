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

import csv
import io
import re
import zipfile
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from operator import itemgetter
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from gongkai.catalogue.taxonomy import GENRES, STATUTORY_CATEGORIES, VALIDITY
from gongkai.core.dates import InvalidDate, parse_iso_date

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
MAX_PROBLEMS = 200
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


class CatalogueFileError(ValueError):
    """One or more problems with a catalogue file.

    `problems` holds (row, column, message); row 1 is the header, row 0 a problem with the
    file as a whole (encoding, size, format), whose column is empty.
    """

    def __init__(self, problems: list[tuple[int, str, str]], truncated: bool = False) -> None:
        self.problems = problems
        self.truncated = truncated
        super().__init__(str(self))

    def __str__(self) -> str:
        lines = [
            (message if row == 0 else f"第 {row} 行「{column}」：{message}").replace("\n", " ")
            for row, column, message in self.problems
        ]
        if self.truncated:
            lines.append(f"错误过多，仅列出前 {MAX_PROBLEMS} 条。")
        return "\n".join(lines)


class _TooManyProblems(Exception):
    pass


def _file_error(message: str) -> CatalogueFileError:
    return CatalogueFileError([(0, "", message)])


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


class _Serial:
    """A number found in an XLSX date column: most likely an Excel date serial."""

    __slots__ = ("text",)

    def __init__(self, value: float) -> None:
        self.text = _number_text(value)

    def __bool__(self) -> bool:
        return True


def _number_text(value: float) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return str(value)
    return format(Decimal(repr(value)), "f")


def _cell_text(value: Any) -> str:
    if value.__class__ is str:
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _number_text(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _parse_date(value: Any, cache: dict[str, date | str]) -> date | str | None:
    """The date of a cell, None when it is empty, or an error message."""
    if value.__class__ is str:
        if not value:
            return None
        try:
            return cache[value]
        except KeyError:
            try:
                result: date | str = parse_iso_date(value)
            except InvalidDate as exc:
                result = str(exc)
            cache[value] = result
            return result
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = value.text if isinstance(value, _Serial) else str(value)
    return (
        f"单元格是数字 {text}（可能是 Excel 把日期存成了序列号），"
        "请将该列设为文本格式，填写 YYYY-MM-DD，例如 2025-09-26"
    )


# Cells Excel would run as a formula when it opens a CSV (CSV injection) get an apostrophe on
# writing, which reading removes again; so does a cell that itself starts with an apostrophe,
# so that every text round-trips exactly.
_FORMULA_START = ("=", "+", "-", "@")
_QUOTED = frozenset({"=", "+", "-", "@", "'"})


def _quote(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) or text.startswith("'") else text


def _unquote(text: str) -> str:
    if text.startswith("'") and text[1:2] in _QUOTED:
        return text[1:]
    return text


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
    lowered = filename.lower()
    if lowered.endswith(".csv"):
        kind = "csv"
    elif lowered.endswith(".xlsx"):
        kind = "xlsx"
    else:
        raise _file_error(f"不支持的文件类型：“{filename}”，请使用 .csv 或 .xlsx 文件")
    if len(data) > MAX_BYTES:
        raise _file_error(
            f"文件过大（{len(data) / 1024 / 1024:.1f} MB），最大 {MAX_BYTES // 1024 // 1024} MB，"
            "请拆分后分批导入"
        )
    reader = _Reader(subjects, today)
    if kind == "csv":
        return reader.read(_csv_rows(data))
    return _read_xlsx(data, reader)


def _csv_rows(data: bytes) -> Iterator[list[Any]]:
    if data.startswith(b"PK\x03\x04"):
        raise _file_error(
            "文件内容是 Excel 工作簿而不是 CSV，请将扩展名改为 .xlsx 或另存为 UTF-8 CSV"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            data.decode("gb18030")
        except UnicodeDecodeError:
            raise _file_error("文件不是 UTF-8 编码，请另存为 UTF-8 CSV") from None
        raise _file_error("文件不是 UTF-8 编码（可能是 GBK），请另存为 UTF-8 CSV") from None
    csv.field_size_limit(max(csv.field_size_limit(), 4 * MAX_LENGTHS["正文"]))
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        yield from reader
    except csv.Error as exc:
        raise _file_error(f"CSV 格式错误（第 {reader.line_num} 行）：{exc}") from None


def _read_xlsx(data: bytes, reader: _Reader) -> list[CatalogueRow]:
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _file_error("文件是旧版 Excel（.xls）格式，请在 Excel 中另存为 .xlsx 或 UTF-8 CSV")
    invalid = "文件不是有效的 Excel 工作簿（.xlsx），请在 Excel 中另存为 .xlsx 或 UTF-8 CSV"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            uncompressed = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _file_error(invalid) from None
    if uncompressed > MAX_XLSX_UNCOMPRESSED:
        raise _file_error("文件解压后过大，请拆分后分批导入")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise _file_error(invalid) from None
    try:
        if not workbook.worksheets:
            raise _file_error("工作簿中没有工作表")
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # do not trust the stored dimensions: read every cell
        return reader.read(_xlsx_rows(sheet.iter_rows(values_only=True), invalid))
    finally:
        workbook.close()


def _xlsx_rows(rows: Iterator[tuple[Any, ...]], invalid: str) -> Iterator[list[Any]]:
    """Rows of the first worksheet: every cell a string, except in the date columns."""
    first = True
    date_indices: frozenset[int] = frozenset()
    while True:
        try:
            values = next(rows)
        except StopIteration:
            return
        except Exception:  # a damaged worksheet part
            raise _file_error(invalid) from None
        if first:
            first = False
            header = ["" if v is None else _cell_text(v).strip() for v in values]
            date_indices = frozenset(i for i, name in enumerate(header) if name in _DATE_COLUMNS)
            yield header
            continue
        cells: list[Any] = []
        for i, value in enumerate(values):
            if value is None:
                cells.append("")
            elif value.__class__ is str:
                cells.append(value)
            elif i in date_indices and isinstance(value, date):
                cells.append(value)
            elif (
                i in date_indices and isinstance(value, int | float) and not isinstance(value, bool)
            ):
                cells.append(_Serial(value))
            else:
                cells.append(_cell_text(value))
        yield cells


class _Reader:
    def __init__(self, subjects: Collection[str] | None, today: date | None) -> None:
        self.subjects = None if subjects is None else frozenset(subjects)
        self.subject_choices = _choices(list(subjects)) if subjects else "（尚无主题分类）"
        self.today = today
        self.problems: list[tuple[int, str, str]] = []
        self.seen: dict[str, int] = {}
        self.date_cache: dict[str, date | str] = {}

    def read(self, rows: Iterator[list[Any]]) -> list[CatalogueRow]:
        try:
            header_cells = next(rows, None)
            if header_cells is None:
                raise _file_error("文件为空：第 1 行应为表头")
            result = self._data(rows, *self._header(header_cells))
        except _TooManyProblems:
            raise CatalogueFileError(self.problems[:MAX_PROBLEMS], truncated=True) from None
        if self.problems:
            raise CatalogueFileError(self.problems)
        return result

    def _header(self, cells: list[Any]) -> tuple[itemgetter[Any], int, list[int], list[int]]:
        header = [c.strip() if isinstance(c, str) else _cell_text(c).strip() for c in cells]
        positions: dict[str, int] = {}
        unnamed: list[int] = []
        fatal = False
        for i, name in enumerate(header):
            if not name:
                unnamed.append(i)
            elif name in positions:
                self.problems.append(
                    (1, name, f"列名重复：第 {positions[name] + 1} 列和第 {i + 1} 列")
                )
                fatal = True
            else:
                positions[name] = i
        for name, i in positions.items():
            if name not in CATALOGUE_COLUMNS:
                self.problems.append(
                    (1, name, f"未知的列（第 {i + 1} 列），请删除该列或改为规定的列名")
                )
        for name in CATALOGUE_COLUMNS:
            if name not in positions:
                self.problems.append((1, name, "缺少此列"))
                fatal = True
        if fatal:
            raise CatalogueFileError(self.problems)
        indices = [positions[name] for name in CATALOGUE_COLUMNS]
        verbatim = [positions[name] for name in _VERBATIM_COLUMNS]
        return itemgetter(*indices), len(header), unnamed, verbatim

    def _data(
        self,
        rows: Iterator[list[Any]],
        getter: itemgetter[Any],
        width: int,
        unnamed: list[int],
        verbatim: list[int],
    ) -> list[CatalogueRow]:
        result: list[CatalogueRow] = []
        padding = [""] * width
        unnamed_reported: set[int] = set()
        count = 0
        for row, raw in enumerate(rows, start=2):
            cells = [c.strip() if c.__class__ is str else c for c in raw]
            if not any(cells):
                continue
            for i in verbatim:  # trimmed only to see whether the row is empty
                if i < len(raw):
                    cells[i] = raw[i]
            count += 1
            if count > MAX_ROWS:
                raise _file_error(f"数据超过 {MAX_ROWS:,} 行，请拆分后分批导入")
            if len(cells) < width:
                cells.extend(padding[len(cells) :])
            elif len(cells) > width and any(cells[width:]):
                extra = next(i for i in range(width, len(cells)) if cells[i])
                self.problems.append(
                    (row, f"第 {extra + 1} 列", "此行的单元格比表头多，该列没有列名")
                )
            for i in unnamed:
                if cells[i] and i not in unnamed_reported:
                    unnamed_reported.add(i)  # once, at the first row with content
                    self.problems.append((row, f"第 {i + 1} 列", "该列没有列名，但填写了内容"))
            parsed = self._row(row, getter(cells))
            if len(self.problems) > MAX_PROBLEMS:
                raise _TooManyProblems
            if parsed is not None and not self.problems:
                result.append(parsed)
        return result

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
            "索引号": _unquote(index_number),
            "标题": _unquote(title),
            "文号": _unquote(doc_number),
            "发布机构": _unquote(issuing_agency),
            "关键词": _unquote(keywords),
            "内容概述": _unquote(summary),
            "正文": _unquote(body),
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
        value = _parse_date(cell, self.date_cache)
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
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CATALOGUE_COLUMNS)
    for row in rows:
        writer.writerow(
            [
                value.isoformat() if isinstance(value, date) else _quote(value)
                for value in _labels(row)
            ]
        )
    return out.getvalue().encode("utf-8-sig")


_COLUMN_WIDTHS = {"索引号": 24, "标题": 48, "文号": 20, "发布机构": 24, "第二十条类别": 24}


def write_catalogue_xlsx(rows: Iterable[CatalogueRow]) -> bytes:
    """The catalogue as an XLSX workbook; every cell text (dates as YYYY-MM-DD)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("政府信息公开目录")
    for i, name in enumerate(CATALOGUE_COLUMNS, start=1):
        width = _COLUMN_WIDTHS.get(name, 12 if name in _DATE_COLUMNS else 16)
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for name in CATALOGUE_COLUMNS:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        cells: list[Any] = []
        for value in _labels(row):
            if isinstance(value, date):
                cells.append(value.isoformat())
            elif not value:
                cells.append(None)
            else:
                if ILLEGAL_CHARACTERS_RE.search(value):
                    value = ILLEGAL_CHARACTERS_RE.sub("", value)
                if value.startswith("'") and value[1:2] in _QUOTED:
                    value = "'" + value  # reading removes one apostrophe from such a cell
                if value.startswith(("=", "'")):
                    # Text, not a formula: Excel shows it as written and never runs it.
                    cell = WriteOnlyCell(sheet, value=value)
                    cell.data_type = "s"
                    cells.append(cell)
                else:
                    cells.append(value)
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def long_cells(rows: Iterable[CatalogueRow]) -> int:
    """How many rows have a text longer than an Excel cell holds (Excel would cut it)."""
    return sum(
        any(len(text) > EXCEL_CELL_LIMIT for text in (row.body, row.summary)) for row in rows
    )
