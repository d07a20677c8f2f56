"""The indicator table: the columns the desk, the XLSX download and the circular show, read
from the JSON of docs/interfaces.md §5 (so a circular's frozen figures render the same way).
Pure: no Django."""

from __future__ import annotations

import io
from collections.abc import Callable
from decimal import Decimal
from typing import Any

Row = dict[str, Any]


def _rate(part: int, whole: int) -> str | None:
    from gongkai.supervision.indicators import rate

    return rate(part, whole)


def _pct(value: str | None) -> str:
    return "—" if value is None else f"{value}%"


def _dash(value: Any) -> Any:
    return "—" if value is None else value


# (heading, how to read the value off an agency's or the total's JSON)
COLUMNS: list[tuple[str, Callable[[Row], Any]]] = [
    ("主动公开信息（条）", lambda r: r["catalogue"]["published"]),
    ("平均用时（工作日）", lambda r: _dash(r["catalogue"]["average_workdays"])),
    ("最长用时（工作日）", lambda r: _dash(r["catalogue"]["longest_workdays"])),
    ("超期发布（条）", lambda r: r["catalogue"]["late"]),
    (
        "政府文件平均用时（工作日）",
        lambda r: _dash(r["catalogue_by_kind"]["government_documents"]["average_workdays"]),
    ),
    ("政策文件（件）", lambda r: r["catalogue"]["policies"]),
    ("已解读（件）", lambda r: r["catalogue"]["policies_with_interpretation"]),
    ("收到申请（件）", lambda r: r["applications"]["received"]),
    ("答复申请（件）", lambda r: r["applications"]["replied"]),
    (
        "按时答复率",
        lambda r: _pct(
            _rate(r["applications"]["on_time"], r["applications"]["on_time_denominator"])
        ),
    ),
    ("逾期未答复（件）", lambda r: r["applications"]["overdue_open"]),
    ("申请平均答复用时（工作日）", lambda r: _dash(r["applications"]["average_workdays"])),
    ("复议诉讼（件）", lambda r: r["appeals"]["filed"]),
    ("被纠错（件）", lambda r: r["appeals"]["corrected"]),
    ("纠错率", lambda r: _pct(r["appeals"]["correction_rate"])),
    ("收到留言（条）", lambda r: r["messages"]["received"]),
    ("有效留言（条）", lambda r: r["messages"]["valid"]),
    ("答复留言（条）", lambda r: r["messages"]["replied"]),
    ("留言答复率", lambda r: _pct(r["messages"].get("reply_rate"))),
    ("留言按时答复（条）", lambda r: r["messages"]["on_time"]),
    ("超三个月未答复（条）", lambda r: r["messages"]["unanswered_over_3_months"]),
    ("留言平均答复用时（工作日）", lambda r: _dash(r["messages"]["average_workdays"])),
    ("电话咨询", lambda r: r["enquiries"]["phone"]),
    ("当面咨询", lambda r: r["enquiries"]["in_person"]),
    ("网上咨询", lambda r: r["enquiries"]["online"]),
    ("咨询合计", lambda r: r["enquiries"]["total"]),
]


def table_rows(data: dict[str, Any]) -> list[list[Any]]:
    """Heading row, one row per agency, the total row."""
    rows: list[list[Any]] = [["机关", *(heading for heading, _ in COLUMNS)]]
    for agency in data["agencies"]:
        rows.append([agency["name"], *(read(agency) for _, read in COLUMNS)])
    rows.append(["合计", *(read(data["total"]) for _, read in COLUMNS)])
    return rows


def write_xlsx(data: dict[str, Any], title: str) -> bytes:
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped]

    book = Workbook()
    sheet = book.active
    sheet.title = "指标"
    period = data["period"]
    sheet.append([title])
    sheet.append([f"统计期间：{period['from']} 至 {period['to']}（含首尾两日）"])
    sheet.append([])
    for row in table_rows(data):
        sheet.append([_cell(value) for value in row])
    sheet["A1"].font = Font(bold=True, size=14)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    sheet.column_dimensions["A"].width = 28
    sheet.freeze_panes = "B5"
    departments = book.create_sheet("科室")
    departments.append(["机关", "科室", *(heading for heading, _ in COLUMNS)])
    for agency in data["agencies"]:
        for unit in agency.get("departments", []):
            departments.append(
                [agency["name"], unit["name"], *(_cell(read(unit)) for _, read in COLUMNS)]
            )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(value: Any) -> Any:
    """Numbers as numbers (a decimal string becomes a number), the rest as text."""
    if isinstance(value, str):
        try:
            return float(Decimal(value))
        except ArithmeticError:
            return value
    return value
