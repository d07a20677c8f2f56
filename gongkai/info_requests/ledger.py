"""The application ledger (登记台账): reading and writing it as CSV and XLSX. Pure: no Django.

The columns are those of docs/interfaces.md (application ledger columns, 登记台账). Reading
is all or nothing: `read_ledger` returns every row or raises `LedgerError` listing every problem
found (up to `MAX_PROBLEMS`), so that a clerk can correct the file in one go.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from openpyxl.cell import WriteOnlyCell

from gongkai.core import tabular
from gongkai.info_requests.outcomes import (
    APPEAL_RESULTS,
    APPLICANT_TYPES,
    BY_CODE,
    CHANNELS,
    LITIGATION_KINDS,
    UnknownOutcome,
    outcome_from_ledger_label,
)

LEDGER_COLUMNS: tuple[str, ...] = (
    "编号",
    "申请人类型",
    "申请人",
    "申请方式",
    "收到日期",
    "申请内容",
    "补正告知日期",
    "补正收到日期",
    "第三方征求日期",
    "第三方答复日期",
    "延期",
    "答复日期",
    "办理结果",
    "复议日期",
    "复议结果",
    "诉讼日期",
    "诉讼类型",
    "诉讼结果",
    "收费金额",
)

MAX_BYTES = 50 * 1024 * 1024
MAX_ROWS = 200_000  # data rows, not counting the header and fully empty rows
MAX_PROBLEMS = tabular.MAX_PROBLEMS
# Total uncompressed size of an XLSX's parts: a guard against zip bombs (10x the upload limit).
MAX_XLSX_UNCOMPRESSED = 10 * MAX_BYTES
# Lengths and amounts the database holds (models.InfoRequest), checked here so that an import
# fails with a message rather than in the database.
MAX_NUMBER = 60
MAX_APPLICANT = 200
MAX_FEE = Decimal("9999999999.99")
MAX_DESCRIPTION = 2000

_DATE_COLUMNS = frozenset(
    {
        "收到日期",
        "补正告知日期",
        "补正收到日期",
        "第三方征求日期",
        "第三方答复日期",
        "答复日期",
        "复议日期",
        "诉讼日期",
    }
)


@dataclass(frozen=True)
class LedgerRow:
    row: int  # spreadsheet row number (the header is row 1)
    number: str  # 编号
    applicant_type: str  # APPLICANT_TYPES key
    applicant: str
    channel: str  # CHANNELS key
    received_on: date
    description: str  # 申请内容
    correction_notice_on: date | None
    correction_received_on: date | None
    consultation_sent_on: date | None
    consultation_answered_on: date | None
    extended: bool
    replied_on: date | None
    outcome: str | None  # outcomes.CODES member
    reconsideration_on: date | None
    reconsideration_result: str | None  # APPEAL_RESULTS key
    litigation_on: date | None
    litigation_kind: str | None  # LITIGATION_KINDS key
    litigation_result: str | None  # APPEAL_RESULTS key
    fee_yuan: Decimal | None


class LedgerError(tabular.TableFileError):
    """One or more problems with a ledger file.

    `problems` holds (row, column, message); row 1 is the header, row 0 a problem with the
    file as a whole (encoding, size, format), whose column is empty.
    """


# --- labels -------------------------------------------------------------------------------


def _choices(labels: Iterable[str]) -> str:
    items = list(labels)
    return "、".join(items[:-1]) + " 或 " + items[-1]


def _reverse(table: dict[str, str]) -> dict[str, str]:
    return {label: key for key, label in table.items()}


_APPLICANT_TYPE_BY_LABEL = _reverse(APPLICANT_TYPES)
_CHANNEL_BY_LABEL = _reverse(CHANNELS)
_APPEAL_RESULT_BY_LABEL = _reverse(APPEAL_RESULTS)
_LITIGATION_KIND_BY_LABEL = _reverse(LITIGATION_KINDS)
_APPLICANT_TYPE_CHOICES = _choices(APPLICANT_TYPES.values())
_CHANNEL_CHOICES = _choices(CHANNELS.values())
_APPEAL_RESULT_CHOICES = _choices(APPEAL_RESULTS.values())
_LITIGATION_KIND_CHOICES = _choices(LITIGATION_KINDS.values())
_AFTER_RECONSIDERATION = "after_reconsideration"


# --- cells --------------------------------------------------------------------------------


_FEE = re.compile(r"([+-]?)([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.([0-9]+))?")


def _parse_fee(text: str) -> Decimal | str:
    """The fee in yuan, or an error message."""
    match = _FEE.fullmatch(text)
    if not match:
        return f"收费金额无效：“{text}”，应为以元为单位的数字，例如 1200.50"
    sign, whole, fraction = match.groups()
    value = Decimal(whole.replace(",", "") + ("." + fraction if fraction else ""))
    if sign == "-" and value:
        return f"收费金额不能为负数：“{text}”"
    if fraction and len(fraction) > 2:
        return f"收费金额最多两位小数：“{text}”"
    if value > MAX_FEE:
        return f"收费金额过大：“{text}”"
    return value


# --- reading ------------------------------------------------------------------------------


def read_ledger(data: bytes, filename: str) -> list[LedgerRow]:
    """Every row of a ledger file (.csv or .xlsx), or LedgerError with every problem."""
    return tabular.read_file(
        data,
        filename,
        _read_rows,
        error=LedgerError,
        use_hint="请上传 .csv 或 .xlsx 文件",
        max_bytes=MAX_BYTES,
        max_xlsx_uncompressed=MAX_XLSX_UNCOMPRESSED,
        date_columns=_DATE_COLUMNS,
    )


def _read_rows(rows: Iterator[list[Any]]) -> list[LedgerRow]:
    problems: list[tabular.Problem] = []
    seen: dict[str, int] = {}
    date_cache: dict[str, date | str] = {}
    read_row = functools.partial(_read_row, seen, date_cache, problems)
    return tabular.read_rows(
        rows, read_row, problems, columns=LEDGER_COLUMNS, error=LedgerError, max_rows=MAX_ROWS
    )


def _read_row(
    seen: dict[str, int],
    date_cache: dict[str, date | str],
    problems: list[tabular.Problem],
    row: int,
    values: tuple[Any, ...],
) -> LedgerRow | None:
    (
        number,
        applicant_type_label,
        applicant,
        channel_label,
        received_cell,
        description,
        correction_notice_cell,
        correction_received_cell,
        consultation_sent_cell,
        consultation_answered_cell,
        extended_label,
        replied_cell,
        outcome_label,
        reconsideration_cell,
        reconsideration_label,
        litigation_cell,
        litigation_kind_label,
        litigation_label,
        fee_text,
    ) = values
    start = len(problems)
    number = tabular.unquote_text(number)
    applicant = tabular.unquote_text(applicant)
    description = tabular.unquote_text(description)

    def problem(column: str, message: str) -> None:
        problems.append((row, column, message))

    # Text cells: in XLSX only date columns may hold something other than a string.
    for column, value in (
        ("编号", number),
        ("申请人类型", applicant_type_label),
        ("申请人", applicant),
        ("申请方式", channel_label),
        ("申请内容", description),
    ):
        if not value:
            problem(column, "不能为空")
    if number:
        first = seen.get(number)
        if first is None:
            seen[number] = row
        else:
            problem("编号", f"编号“{number}”重复，与第 {first} 行相同")

    applicant_type = _APPLICANT_TYPE_BY_LABEL.get(applicant_type_label)
    if applicant_type is None and applicant_type_label:
        problem(
            "申请人类型",
            f"申请人类型无效：“{applicant_type_label}”，应为 {_APPLICANT_TYPE_CHOICES}",
        )
    channel = _CHANNEL_BY_LABEL.get(channel_label)
    if channel is None and channel_label:
        problem("申请方式", f"申请方式无效：“{channel_label}”，应为 {_CHANNEL_CHOICES}")
    if len(number) > MAX_NUMBER:
        problem("编号", f"编号过长：{len(number):,} 字，最多 {MAX_NUMBER:,} 字")
    if len(applicant) > MAX_APPLICANT:
        problem("申请人", f"申请人过长：{len(applicant):,} 字，最多 {MAX_APPLICANT:,} 字")
    if len(description) > MAX_DESCRIPTION:
        problem("申请内容", f"申请内容过长：{len(description):,} 字，最多 {MAX_DESCRIPTION:,} 字")

    # Dates: None when empty; a message (str) when invalid.
    dates: list[date | None] = []
    for column, cell in (
        ("收到日期", received_cell),
        ("补正告知日期", correction_notice_cell),
        ("补正收到日期", correction_received_cell),
        ("第三方征求日期", consultation_sent_cell),
        ("第三方答复日期", consultation_answered_cell),
        ("答复日期", replied_cell),
        ("复议日期", reconsideration_cell),
        ("诉讼日期", litigation_cell),
    ):
        value = tabular.parse_date(cell, date_cache)
        if value.__class__ is str:
            problem(column, value)  # type: ignore[arg-type]
            dates.append(None)
        else:
            dates.append(value)  # type: ignore[arg-type]
    (
        received_on,
        correction_notice_on,
        correction_received_on,
        consultation_sent_on,
        consultation_answered_on,
        replied_on,
        reconsideration_on,
        litigation_on,
    ) = dates
    if not received_cell:
        problem("收到日期", "不能为空")

    if extended_label == "是":
        extended = True
    elif extended_label in ("", "否"):
        extended = False
    else:
        extended = False
        problem("延期", f"延期无效：“{extended_label}”，应填写“是”或留空")

    outcome: str | None = None
    if outcome_label:
        try:
            outcome = outcome_from_ledger_label(outcome_label).code
        except UnknownOutcome as exc:
            problem("办理结果", str(exc))
    if replied_cell and not outcome_label:
        problem("办理结果", f"已填写答复日期（{_show(replied_cell)}），办理结果不能为空")
    elif outcome_label and not replied_cell:
        problem("答复日期", f"已填写办理结果（{outcome_label}），答复日期不能为空")

    # Order of the procedure's dates.
    if received_on and correction_notice_on and correction_notice_on < received_on:
        problem(
            "补正告知日期",
            f"补正告知日期（{correction_notice_on}）早于收到日期（{received_on}）",
        )
    if correction_received_cell and not correction_notice_cell:
        problem(
            "补正收到日期",
            f"填写了补正收到日期（{_show(correction_received_cell)}），但补正告知日期为空",
        )
    if (
        correction_notice_on
        and correction_received_on
        and correction_received_on < correction_notice_on
    ):
        problem(
            "补正收到日期",
            f"补正收到日期（{correction_received_on}）早于补正告知日期（{correction_notice_on}）",
        )
    if received_on and consultation_sent_on and consultation_sent_on < received_on:
        problem(
            "第三方征求日期",
            f"第三方征求日期（{consultation_sent_on}）早于收到日期（{received_on}）",
        )
    if consultation_answered_cell and not consultation_sent_cell:
        problem(
            "第三方答复日期",
            f"填写了第三方答复日期（{_show(consultation_answered_cell)}），但第三方征求日期为空",
        )
    if (
        consultation_sent_on
        and consultation_answered_on
        and consultation_answered_on < consultation_sent_on
    ):
        problem(
            "第三方答复日期",
            f"第三方答复日期（{consultation_answered_on}）早于第三方征求日期"
            f"（{consultation_sent_on}）",
        )
    if replied_on and received_on and replied_on < received_on:
        problem("答复日期", f"答复日期（{replied_on}）早于收到日期（{received_on}）")
    if replied_on and correction_received_on and replied_on < correction_received_on:
        problem(
            "答复日期",
            f"答复日期（{replied_on}）早于补正收到日期（{correction_received_on}）",
        )

    # Appeals.
    reconsideration_result = _appeal(
        "复议", reconsideration_cell, reconsideration_on, reconsideration_label,
        replied_cell, replied_on, problem,
    )  # fmt: skip
    litigation_result = _appeal(
        "诉讼", litigation_cell, litigation_on, litigation_label,
        replied_cell, replied_on, problem,
    )  # fmt: skip
    litigation_kind: str | None = None
    if litigation_kind_label:
        litigation_kind = _LITIGATION_KIND_BY_LABEL.get(litigation_kind_label)
        if litigation_kind is None:
            problem(
                "诉讼类型",
                f"诉讼类型无效：“{litigation_kind_label}”，应为 {_LITIGATION_KIND_CHOICES}",
            )
        elif not litigation_cell:
            problem("诉讼类型", f"填写了诉讼类型（{litigation_kind_label}），但诉讼日期为空")
    elif litigation_cell:
        problem(
            "诉讼类型",
            f"填写了诉讼日期（{_show(litigation_cell)}），诉讼类型不能为空，"
            f"应为 {_LITIGATION_KIND_CHOICES}",
        )
    if litigation_kind == _AFTER_RECONSIDERATION and litigation_cell:
        if not reconsideration_cell:
            problem("诉讼类型", "诉讼类型为复议后起诉，但复议日期为空")
        elif reconsideration_on and litigation_on and litigation_on <= reconsideration_on:
            problem(
                "诉讼日期",
                f"复议后起诉的诉讼日期（{litigation_on}）应晚于复议日期（{reconsideration_on}）",
            )

    fee: Decimal | None = None
    if fee_text:
        parsed_fee = _parse_fee(fee_text)
        if isinstance(parsed_fee, Decimal):
            fee = parsed_fee
        else:
            problem("收费金额", parsed_fee)

    if len(problems) > start:
        return None
    return LedgerRow(
        row,
        number,
        applicant_type,
        applicant,
        channel,
        received_on,
        description,
        correction_notice_on,
        correction_received_on,
        consultation_sent_on,
        consultation_answered_on,
        extended,
        replied_on,
        outcome,
        reconsideration_on,
        reconsideration_result,
        litigation_on,
        litigation_kind,
        litigation_result,
        fee,
    )


def _appeal(
    kind: str,
    cell: Any,
    on: date | None,
    label: str,
    replied_cell: Any,
    replied_on: date | None,
    problem: Any,
) -> str | None:
    """The result of a reconsideration (复议) or a suit (诉讼); checks its date too."""
    date_column = f"{kind}日期"
    result_column = f"{kind}结果"
    result: str | None = None
    if label:
        result = _APPEAL_RESULT_BY_LABEL.get(label)
        if result is None:
            problem(result_column, f"{kind}结果无效：“{label}”，应为 {_APPEAL_RESULT_CHOICES}")
        elif not cell:
            problem(result_column, f"填写了{kind}结果（{label}），但{kind}日期为空")
    elif cell:
        result = "pending"
    if cell:
        if not replied_cell:
            problem(date_column, f"填写了{kind}日期（{_show(cell)}），但答复日期为空")
        elif on and replied_on and on < replied_on:
            problem(date_column, f"{kind}日期（{on}）早于答复日期（{replied_on}）")
    return result if cell else None


def _show(cell: Any) -> str:
    """A date cell as the clerk wrote it, for messages."""
    if isinstance(cell, tabular.Serial):
        return cell.text
    if isinstance(cell, datetime):
        return cell.date().isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    return str(cell)


# --- writing ------------------------------------------------------------------------------


def _row_labels(row: LedgerRow) -> list[str | date | Decimal | None]:
    """The row's cells in column order: text, dates (date or None) and the fee."""
    return [
        row.number,
        APPLICANT_TYPES[row.applicant_type],
        row.applicant,
        CHANNELS[row.channel],
        row.received_on,
        row.description,
        row.correction_notice_on,
        row.correction_received_on,
        row.consultation_sent_on,
        row.consultation_answered_on,
        "是" if row.extended else "",
        row.replied_on,
        BY_CODE[row.outcome].ledger_label if row.outcome else "",
        row.reconsideration_on,
        APPEAL_RESULTS[row.reconsideration_result] if row.reconsideration_result else "",
        row.litigation_on,
        LITIGATION_KINDS[row.litigation_kind] if row.litigation_kind else "",
        APPEAL_RESULTS[row.litigation_result] if row.litigation_result else "",
        row.fee_yuan,
    ]


def write_ledger_csv(rows: Iterable[LedgerRow]) -> bytes:
    """The ledger as CSV: UTF-8 with a BOM (so that Excel reads it as UTF-8), CRLF lines."""
    return tabular.csv_bytes(LEDGER_COLUMNS, (_csv_cells(row) for row in rows))


def _csv_cells(row: LedgerRow) -> list[str]:
    cells: list[str] = []
    for value in _row_labels(row):
        if value is None:
            cells.append("")
        elif isinstance(value, str):
            cells.append(tabular.quote_text(value))
        elif isinstance(value, Decimal):
            cells.append(format(value, "f"))
        else:
            cells.append(value.isoformat())
    return cells


_COLUMN_WIDTHS = {"编号": 16, "申请人": 20, "申请内容": 40, "办理结果": 12}


def write_ledger_xlsx(rows: Iterable[LedgerRow]) -> bytes:
    """The ledger as an XLSX workbook: text cells (dates as ISO text), the fee as a number."""
    widths = [
        _COLUMN_WIDTHS.get(name, 14 if name in _DATE_COLUMNS else 12) for name in LEDGER_COLUMNS
    ]
    workbook, sheet = tabular.xlsx_sheet("登记台账", LEDGER_COLUMNS, widths)
    fee_format = "0.00"
    for row in rows:
        cells: list[Any] = []
        for value in _row_labels(row):
            if value is None or value == "":
                cells.append(None)
            elif isinstance(value, str):
                cells.append(tabular.xlsx_text(sheet, value))
            elif isinstance(value, Decimal):
                if len(value.as_tuple().digits) <= 15:
                    cell = WriteOnlyCell(sheet, value=float(value))
                    cell.number_format = fee_format
                    cells.append(cell)
                else:  # beyond a float's precision: keep it exact as text
                    cells.append(format(value, "f"))
            else:
                cells.append(value.isoformat())
        sheet.append(cells)
    return tabular.xlsx_bytes(workbook)
