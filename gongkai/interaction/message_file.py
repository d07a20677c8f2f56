"""The message ledger and the enquiry register as CSV and XLSX. Pure: no Django.

Columns are those of docs/interfaces.md, exactly. Reading is
all or nothing: every row is returned, or `MessageFileError` / `EnquiryFileError` lists
every problem by row and column (core/tabular.py).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from gongkai.core import tabular
from gongkai.interaction.labels import CHANNELS, ENQUIRY_CHANNELS, TYPES

MESSAGE_COLUMNS: tuple[str, ...] = (
    "编号",
    "渠道",
    "类型",
    "收到日期",
    "标题",
    "内容",
    "留言人",
    "联系方式",
    "同意公开",
    "有效",
    "无效原因",
    "答复日期",
    "答复内容",
)
ENQUIRY_COLUMNS: tuple[str, ...] = ("日期", "渠道", "事项", "答复")

MAX_BYTES = 50 * 1024 * 1024
MAX_XLSX_UNCOMPRESSED = 10 * MAX_BYTES
MAX_ROWS = 200_000
# What the database holds (models.py), checked here so an import fails with a message.
LIMITS = {
    "编号": 60,
    "标题": 200,
    "内容": 20_000,
    "留言人": 100,
    "联系方式": 200,
    "无效原因": 300,
    "答复内容": 20_000,
    "事项": 300,
    "答复": 20_000,
}
_MESSAGE_DATES = frozenset({"收到日期", "答复日期"})
_ENQUIRY_DATES = frozenset({"日期"})


class MessageFileError(tabular.TableFileError):
    """Problems with a message ledger: (row, column, message)."""


class EnquiryFileError(tabular.TableFileError):
    """Problems with an enquiry register: (row, column, message)."""


@dataclass(frozen=True)
class MessageRow:
    row: int
    number: str
    channel: str  # labels.CHANNELS key
    type: str  # labels.TYPES key
    received_on: date
    title: str
    body: str
    writer_name: str
    contact: str
    consent: bool
    valid: bool
    invalid_reason: str
    replied_on: date | None
    reply: str


@dataclass(frozen=True)
class EnquiryRow:
    row: int
    on: date
    channel: str  # labels.ENQUIRY_CHANNELS key
    topic: str
    answer: str


def _choices(labels: Iterable[str]) -> str:
    items = list(labels)
    return "、".join(items[:-1]) + " 或 " + items[-1]


_CHANNEL_BY_LABEL = {label: key for key, label in CHANNELS.items()}
_TYPE_BY_LABEL = {label: key for key, label in TYPES.items()}
_ENQUIRY_CHANNEL_BY_LABEL = {label: key for key, label in ENQUIRY_CHANNELS.items()}


def _yes_no(value: str, column: str, problem: Any) -> bool:
    if value in ("", "是"):
        return True
    if value == "否":
        return False
    problem(column, f"{column}无效：“{value}”，应填写“是”或“否”（留空为是）")
    return True


def _date(cell: Any, column: str, cache: dict[str, date | str], problem: Any) -> date | None:
    value = tabular.parse_date(cell, cache)
    if isinstance(value, str):
        problem(column, value)
        return None
    return value


def _lengths(values: dict[str, str], problem: Any) -> None:
    for column, value in values.items():
        limit = LIMITS[column]
        if len(value) > limit:
            problem(column, f"{column}过长：{len(value):,} 字，最多 {limit:,} 字")


# --- messages -----------------------------------------------------------------------------


def read_messages(data: bytes, filename: str) -> list[MessageRow]:
    return tabular.read_file(
        data,
        filename,
        _read_message_rows,
        error=MessageFileError,
        use_hint="请上传 .csv 或 .xlsx 文件",
        max_bytes=MAX_BYTES,
        max_xlsx_uncompressed=MAX_XLSX_UNCOMPRESSED,
        date_columns=_MESSAGE_DATES,
    )


def _read_message_rows(rows: Iterator[list[Any]]) -> list[MessageRow]:
    problems: list[tabular.Problem] = []
    read_row = functools.partial(_read_message_row, {}, {}, problems)
    return tabular.read_rows(
        rows,
        read_row,
        problems,
        columns=MESSAGE_COLUMNS,
        error=MessageFileError,
        max_rows=MAX_ROWS,
    )


def _read_message_row(
    seen: dict[str, int],
    cache: dict[str, date | str],
    problems: list[tabular.Problem],
    row: int,
    values: tuple[Any, ...],
) -> MessageRow | None:
    (
        number,
        channel_label,
        type_label,
        received_cell,
        title,
        body,
        writer_name,
        contact,
        consent_label,
        valid_label,
        invalid_reason,
        replied_cell,
        reply,
    ) = values
    start = len(problems)

    def problem(column: str, message: str) -> None:
        problems.append((row, column, message))

    number, title, body, writer_name, contact, invalid_reason, reply = (
        tabular.unquote_text(v)
        for v in (number, title, body, writer_name, contact, invalid_reason, reply)
    )
    for column, value in (
        ("编号", number),
        ("渠道", channel_label),
        ("类型", type_label),
        ("标题", title),
        ("内容", body),
    ):
        if not value:
            problem(column, "不能为空")
    if number:
        first = seen.setdefault(number, row)
        if first != row:
            problem("编号", f"编号“{number}”重复，与第 {first} 行相同")
    channel = _CHANNEL_BY_LABEL.get(channel_label, "")
    if channel_label and not channel:
        problem("渠道", f"渠道无效：“{channel_label}”，应为 {_choices(CHANNELS.values())}")
    type_ = _TYPE_BY_LABEL.get(type_label, "")
    if type_label and not type_:
        problem("类型", f"类型无效：“{type_label}”，应为 {_choices(TYPES.values())}")
    _lengths(
        {
            "编号": number,
            "标题": title,
            "内容": body,
            "留言人": writer_name,
            "联系方式": contact,
            "无效原因": invalid_reason,
            "答复内容": reply,
        },
        problem,
    )
    received_on = _date(received_cell, "收到日期", cache, problem)
    if not received_cell:
        problem("收到日期", "不能为空")
    replied_on = _date(replied_cell, "答复日期", cache, problem)
    consent = _yes_no(consent_label, "同意公开", problem)
    valid = _yes_no(valid_label, "有效", problem)
    if not valid and not invalid_reason:
        problem("无效原因", "有效为“否”时须填写无效原因")
    if valid and invalid_reason:
        problem("无效原因", "有效为“是”（或留空）时不应填写无效原因")
    if replied_cell and not reply:
        problem("答复内容", "已填写答复日期，答复内容不能为空")
    if reply and not replied_cell:
        problem("答复日期", "已填写答复内容，答复日期不能为空")
    if received_on and replied_on and replied_on < received_on:
        problem("答复日期", f"答复日期（{replied_on}）早于收到日期（{received_on}）")
    if len(problems) > start or received_on is None:
        return None
    return MessageRow(
        row,
        number,
        channel,
        type_,
        received_on,
        title,
        body,
        writer_name,
        contact,
        consent,
        valid,
        invalid_reason,
        replied_on,
        reply,
    )


def _message_cells(row: MessageRow) -> list[str | date | None]:
    return [
        row.number,
        CHANNELS[row.channel],
        TYPES[row.type],
        row.received_on,
        row.title,
        row.body,
        row.writer_name,
        row.contact,
        "是" if row.consent else "否",
        "是" if row.valid else "否",
        row.invalid_reason,
        row.replied_on,
        row.reply,
    ]


# --- enquiries ----------------------------------------------------------------------------


def read_enquiries(data: bytes, filename: str) -> list[EnquiryRow]:
    return tabular.read_file(
        data,
        filename,
        _read_enquiry_rows,
        error=EnquiryFileError,
        use_hint="请上传 .csv 或 .xlsx 文件",
        max_bytes=MAX_BYTES,
        max_xlsx_uncompressed=MAX_XLSX_UNCOMPRESSED,
        date_columns=_ENQUIRY_DATES,
    )


def _read_enquiry_rows(rows: Iterator[list[Any]]) -> list[EnquiryRow]:
    problems: list[tabular.Problem] = []
    read_row = functools.partial(_read_enquiry_row, {}, problems)
    return tabular.read_rows(
        rows,
        read_row,
        problems,
        columns=ENQUIRY_COLUMNS,
        error=EnquiryFileError,
        max_rows=MAX_ROWS,
    )


def _read_enquiry_row(
    cache: dict[str, date | str],
    problems: list[tabular.Problem],
    row: int,
    values: tuple[Any, ...],
) -> EnquiryRow | None:
    day_cell, channel_label, topic, answer = values
    start = len(problems)

    def problem(column: str, message: str) -> None:
        problems.append((row, column, message))

    topic, answer = tabular.unquote_text(topic), tabular.unquote_text(answer)
    on = _date(day_cell, "日期", cache, problem)
    if not day_cell:
        problem("日期", "不能为空")
    if not channel_label:
        problem("渠道", "不能为空")
    channel = _ENQUIRY_CHANNEL_BY_LABEL.get(channel_label, "")
    if channel_label and not channel:
        problem("渠道", f"渠道无效：“{channel_label}”，应为 {_choices(ENQUIRY_CHANNELS.values())}")
    if not topic:
        problem("事项", "不能为空")
    _lengths({"事项": topic, "答复": answer}, problem)
    if len(problems) > start or on is None:
        return None
    return EnquiryRow(row, on, channel, topic, answer)


# --- writing ------------------------------------------------------------------------------


def _csv_cells(cells: list[str | date | None]) -> list[str]:
    out = []
    for value in cells:
        if value is None:
            out.append("")
        elif isinstance(value, str):
            out.append(tabular.quote_text(value))
        else:
            out.append(value.isoformat())
    return out


def write_messages_csv(rows: Iterable[MessageRow]) -> bytes:
    return tabular.csv_bytes(MESSAGE_COLUMNS, (_csv_cells(_message_cells(r)) for r in rows))


_WIDTHS = {"编号": 22, "标题": 30, "内容": 50, "答复内容": 50, "联系方式": 18, "无效原因": 16}


def write_messages_xlsx(rows: Iterable[MessageRow]) -> bytes:
    widths = [_WIDTHS.get(name, 12) for name in MESSAGE_COLUMNS]
    workbook, sheet = tabular.xlsx_sheet("留言台账", MESSAGE_COLUMNS, widths)
    for row in rows:
        cells: list[Any] = []
        for value in _message_cells(row):
            if value is None or value == "":
                cells.append(None)
            elif isinstance(value, str):
                cells.append(tabular.xlsx_text(sheet, value))
            else:
                cells.append(value.isoformat())
        sheet.append(cells)
    return tabular.xlsx_bytes(workbook)
