"""Tables that clerks keep in spreadsheets, read from and written to CSV and XLSX. Pure: no Django.

What the application ledger (`info_requests.ledger`) and the catalogue file
(`catalogue.catalogue_file`) have in common: the file checks (extension, size, encoding, a
workbook's format and unpacked size), the header check (each column once, in any order, nothing
unknown), the reading of cells and dates, and the collection of problems by row and column, so
that a file can be corrected in one go. Each module brings its columns, limits and row rules.

Reading is all or nothing: `read_rows` returns every row or raises the caller's
`TableFileError` subclass listing every problem found, up to `MAX_PROBLEMS`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from operator import itemgetter
from typing import Any, Self, TypeVar

from openpyxl import Workbook, load_workbook  # type: ignore[import-untyped]
from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from gongkai.core import file_limits
from gongkai.core.dates import InvalidDate, parse_iso_date

MAX_PROBLEMS = 200
MAX_COLUMNS = file_limits.XLSX_MAX_COLUMNS
MAX_SHEET_ROWS = 1_048_576  # Excel's own limit

# (row, column, message): row 1 is the header, row 0 a problem with the file as a whole
# (encoding, size, format), whose column is empty.
Problem = tuple[int, str, str]

R = TypeVar("R")


class TableFileError(ValueError):
    """One or more problems with a table file.

    `problems` holds (row, column, message); row 1 is the header, row 0 a problem with the
    file as a whole (encoding, size, format), whose column is empty.
    """

    def __init__(self, problems: list[Problem], truncated: bool = False) -> None:
        self.problems = problems
        self.truncated = truncated
        super().__init__(str(self))

    def __str__(self) -> str:
        # One problem a line, even when a quoted cell holds a line break.
        lines = [
            (message if row == 0 else f"第 {row} 行「{column}」：{message}").replace("\n", " ")
            for row, column, message in self.problems
        ]
        if self.truncated:
            lines.append(f"错误过多，仅列出前 {MAX_PROBLEMS} 条。")
        return "\n".join(lines)

    @classmethod
    def of_file(cls, message: str) -> Self:
        """A problem with the file as a whole."""
        return cls([(0, "", message)])


class _TooManyProblems(Exception):
    pass


# --- cells --------------------------------------------------------------------------------


class Serial:
    """A number found in an XLSX date column: most likely an Excel date serial."""

    __slots__ = ("text",)

    def __init__(self, value: float) -> None:
        self.text = number_text(value)

    def __bool__(self) -> bool:
        return True


def number_text(value: float) -> str:
    """A number as written, without a float's noise: 3.0 is "3", 0.1 is "0.1"."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return str(value)
    return format(Decimal(repr(value)), "f")


def cell_text(value: Any) -> str:
    """An XLSX cell's value as text; a date is YYYY-MM-DD."""
    if value.__class__ is str:
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return number_text(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def parse_date(value: str | date | Serial, cache: dict[str, date | str]) -> date | str | None:
    """The date of a cell, None when it is empty, or an error message.

    `cache` holds what earlier texts gave: a column of dates repeats itself.
    """
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
    text = value.text if isinstance(value, Serial) else str(value)
    return (
        f"单元格是数字 {text}（可能是 Excel 把日期存成了序列号），"
        "请将该列设为文本格式，填写 YYYY-MM-DD，例如 2025-09-26"
    )


# --- reading ------------------------------------------------------------------------------


def read_file(
    data: bytes,
    filename: str,
    read: Callable[[Iterator[list[Any]]], R],
    *,
    error: type[TableFileError],
    use_hint: str,
    max_bytes: int,
    max_xlsx_uncompressed: int,
    date_columns: Collection[str],
    csv_field_size: int = 0,
) -> R:
    """`read` applied to the rows of a .csv or .xlsx file (by its name), the header first.

    Raises `error` when the file cannot be read at all: another extension (the message ends with
    `use_hint`), more than `max_bytes`, a CSV not in UTF-8, an XLSX that is not one or unpacks to
    more than `max_xlsx_uncompressed`. CSV cells are strings; so are XLSX cells, except in
    `date_columns`, where a date stays a date and a number is a `Serial`. `csv_field_size`
    raises the csv module's (process-wide) limit on a cell's length to at least that.
    """
    lowered = filename.lower()
    if lowered.endswith(".csv"):
        kind = "csv"
    elif lowered.endswith(".xlsx"):
        kind = "xlsx"
    else:
        raise error.of_file(f"不支持的文件类型：“{filename}”，{use_hint}")
    if len(data) > max_bytes:
        raise error.of_file(
            f"文件过大（{len(data) / 1024 / 1024:.1f} MB），最大 {max_bytes // 1024 // 1024} MB，"
            "请拆分后分批导入"
        )
    if kind == "csv":
        return read(_csv_rows(data, error, csv_field_size))
    return _read_xlsx(data, read, error, max_xlsx_uncompressed, frozenset(date_columns))


def _csv_rows(data: bytes, error: type[TableFileError], field_size: int) -> Iterator[list[Any]]:
    if data.startswith(b"PK\x03\x04"):
        raise error.of_file(
            "文件内容是 Excel 工作簿而不是 CSV，请将扩展名改为 .xlsx 或另存为 UTF-8 CSV"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            data.decode("gb18030")
        except UnicodeDecodeError:
            raise error.of_file("文件不是 UTF-8 编码，请另存为 UTF-8 CSV") from None
        raise error.of_file("文件不是 UTF-8 编码（可能是 GBK），请另存为 UTF-8 CSV") from None
    if field_size:
        csv.field_size_limit(max(csv.field_size_limit(), field_size))
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        yield from reader
    except csv.Error as exc:
        raise error.of_file(f"CSV 格式错误（第 {reader.line_num} 行）：{exc}") from None


def _read_xlsx(
    data: bytes,
    read: Callable[[Iterator[list[Any]]], R],
    error: type[TableFileError],
    max_uncompressed: int,
    date_columns: frozenset[str],
) -> R:
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise error.of_file("文件是旧版 Excel（.xls）格式，请在 Excel 中另存为 .xlsx 或 UTF-8 CSV")
    invalid = "文件不是有效的 Excel 工作簿（.xlsx），请在 Excel 中另存为 .xlsx 或 UTF-8 CSV"
    if not data.startswith(b"PK\x03\x04"):
        raise error.of_file(invalid)
    # The ZIP directory within the limits (a guard against zip bombs) before openpyxl opens
    # anything: Python's zipfile never unpacks more than a member's declared size.
    try:
        file_limits.check_zip(
            data,
            max_total=max_uncompressed,
            max_member=max_uncompressed,
            max_members=file_limits.ZIP_MAX_MEMBERS,
            max_ratio=file_limits.ZIP_MAX_RATIO,
        )
    except file_limits.FileLimitError as exc:
        message = str(exc)
        if message == file_limits.DAMAGED:
            raise error.of_file(invalid) from None
        raise error.of_file(f"{message}，请拆分后分批导入") from None
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise error.of_file(invalid) from None
    try:
        if not workbook.worksheets:
            raise error.of_file("工作簿中没有工作表")
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # do not trust the stored dimensions: read every cell
        rows = _xlsx_rows(sheet.iter_rows(values_only=True), error, invalid, date_columns)
        return read(rows)
    finally:
        workbook.close()


def _xlsx_rows(
    rows: Iterator[tuple[Any, ...]],
    error: type[TableFileError],
    invalid: str,
    date_columns: frozenset[str],
) -> Iterator[list[Any]]:
    """Rows of the first worksheet: every cell a string, except dates and date serials in the
    date columns."""
    first = True
    date_indices: frozenset[int] = frozenset()
    count = 0
    while True:
        try:
            values = next(rows)
        except StopIteration:
            return
        except Exception:  # a damaged worksheet part
            raise error.of_file(invalid) from None
        count += 1
        if count > MAX_SHEET_ROWS:  # empty rows too, which the callers' row caps skip
            raise error.of_file(f"工作表超过 Excel 的上限 {MAX_SHEET_ROWS:,} 行")
        if len(values) > MAX_COLUMNS:  # a stored cell in column XFD makes every row that wide
            raise error.of_file(f"表格超过上限 {MAX_COLUMNS:,} 列，请删除多余的列")
        if first:
            first = False
            header = ["" if v is None else cell_text(v).strip() for v in values]
            date_indices = frozenset(i for i, name in enumerate(header) if name in date_columns)
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
                cells.append(Serial(value))
            else:
                cells.append(cell_text(value))
        yield cells


def read_rows(
    rows: Iterator[list[Any]],
    read_row: Callable[[int, tuple[Any, ...]], R | None],
    problems: list[Problem],
    *,
    columns: Sequence[str],
    error: type[TableFileError],
    max_rows: int,
    verbatim_columns: Collection[str] = (),
) -> list[R]:
    """What `read_row` makes of every data row, or `error` with every problem.

    The first row is the header: it must name each of `columns` once, in any order, and no other
    column. Each data row that is not empty is given to `read_row(row number, its cells in the
    order of `columns`)`, which appends what is wrong to `problems` (the list passed here) and
    returns the row or None. Cells are trimmed, except in `verbatim_columns`; more than
    `max_rows` data rows is an error of the file.
    """
    try:
        header_cells = next(rows, None)
        if header_cells is None:
            raise error.of_file("文件为空：第 1 行应为表头")
        getter, width, unnamed, verbatim = _read_header(
            header_cells, columns, verbatim_columns, problems, error
        )
        result = _read_data(
            rows, read_row, getter, width, unnamed, verbatim, problems, error, max_rows
        )
    except _TooManyProblems:
        raise error(problems[:MAX_PROBLEMS], truncated=True) from None
    if problems:
        raise error(problems)
    return result


def _read_header(
    cells: list[Any],
    columns: Sequence[str],
    verbatim_columns: Collection[str],
    problems: list[Problem],
    error: type[TableFileError],
) -> tuple[itemgetter[Any], int, list[int], list[int]]:
    """Map each column to its index; raise when a column is missing or duplicated."""
    header = [c.strip() if isinstance(c, str) else cell_text(c).strip() for c in cells]
    positions: dict[str, int] = {}
    unnamed: list[int] = []
    fatal = False
    for i, name in enumerate(header):
        if not name:
            unnamed.append(i)
        elif name in positions:
            problems.append((1, name, f"列名重复：第 {positions[name] + 1} 列和第 {i + 1} 列"))
            fatal = True
        else:
            positions[name] = i
    known = frozenset(columns)
    for name, i in positions.items():
        if name not in known:
            problems.append((1, name, f"未知的列（第 {i + 1} 列），请删除该列或改为规定的列名"))
    for name in columns:
        if name not in positions:
            problems.append((1, name, "缺少此列"))
            fatal = True
    if fatal:
        raise error(problems)
    indices = [positions[name] for name in columns]
    verbatim = [positions[name] for name in verbatim_columns]
    return itemgetter(*indices), len(header), unnamed, verbatim


def _read_data(
    rows: Iterator[list[Any]],
    read_row: Callable[[int, tuple[Any, ...]], R | None],
    getter: itemgetter[Any],
    width: int,
    unnamed: list[int],
    verbatim: list[int],
    problems: list[Problem],
    error: type[TableFileError],
    max_rows: int,
) -> list[R]:
    result: list[R] = []
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
        if count > max_rows:
            raise error.of_file(f"数据超过 {max_rows:,} 行，请拆分后分批导入")
        if len(cells) < width:
            cells.extend(padding[len(cells) :])
        elif len(cells) > width and any(cells[width:]):
            extra = next(i for i in range(width, len(cells)) if cells[i])
            problems.append((row, f"第 {extra + 1} 列", "此行的单元格比表头多，该列没有列名"))
        for i in unnamed:
            if cells[i] and i not in unnamed_reported:
                # Reported once, at the first row with content, not on every row.
                unnamed_reported.add(i)
                problems.append((row, f"第 {i + 1} 列", "该列没有列名，但填写了内容"))
        parsed = read_row(row, getter(cells))
        if len(problems) > MAX_PROBLEMS:
            raise _TooManyProblems
        if parsed is not None and not problems:
            result.append(parsed)
    return result


# --- writing ------------------------------------------------------------------------------

# Cells Excel would run as a formula when it opens a CSV (CSV injection); writers put an
# apostrophe before them, which readers remove again.
FORMULA_START = ("=", "+", "-", "@")


def csv_bytes(columns: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    """A table as CSV: UTF-8 with a BOM (so that Excel reads it as UTF-8), CRLF lines."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def xlsx_sheet(title: str, columns: Sequence[str], widths: Sequence[float]) -> tuple[Any, Any]:
    """A write-only workbook and its one sheet, which has the columns' widths and a bold,
    frozen header row; append the data rows, then `xlsx_bytes`."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for name in columns:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    return workbook, sheet


def xlsx_clean(text: str) -> str:
    """Text without the characters an XLSX cannot hold (control characters)."""
    if ILLEGAL_CHARACTERS_RE.search(text):
        return ILLEGAL_CHARACTERS_RE.sub("", text)  # type: ignore[no-any-return]
    return text


# Text Excel would run as a formula when it opens a CSV (CSV injection) gets an apostrophe on
# writing, which reading removes again; so does text that itself starts with an apostrophe
# before one of those characters, so that every text round-trips exactly.
_QUOTED = frozenset({*FORMULA_START, "'"})


def quote_text(text: str) -> str:
    """A text cell as written to CSV."""
    return "'" + text if text.startswith((*FORMULA_START, "'")) else text


def unquote_text(text: str) -> str:
    """A text cell as read (CSV or XLSX): the writer's apostrophe removed."""
    if text.startswith("'") and text[1:2] in _QUOTED:
        return text[1:]
    return text


def xlsx_text(sheet: Any, text: str) -> Any:
    """A text cell for an XLSX sheet: never a formula, and read back exactly."""
    text = xlsx_clean(text)
    if text.startswith("'") and text[1:2] in _QUOTED:
        text = "'" + text  # reading removes one apostrophe from such a cell
    if text.startswith(("=", "'")):
        return xlsx_literal(sheet, text)
    return text


def xlsx_literal(sheet: Any, text: str) -> Any:
    """A text cell, not a formula, for text that starts with "=": Excel shows it as written
    and never runs it."""
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    return cell


def xlsx_bytes(workbook: Any) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
