"""The standard catalogue (基层政务公开标准目录) as data, and its time limits. Pure: no Django.

The State Council's 2019–2020 standard guidelines for 26 areas list, for each 公开事项 (first
and second level), its content, basis, time limit (时限), subject (主体), channels (渠道),
audience (对象: 全社会 / 特定对象), way (方式: 主动 / 依申请) and level (层级). A catalogue item can
name its 事项; the 事项's time limit then measures the item's timeliness, and a 事项 with
nothing published is a gap the inspection reports.

Reading of 时限 (`parse_time_limit`): the first "N个工作日" is N working days, "N日" or "N天"
N calendar days, "N个月" N months; N in Arabic or Chinese numerals (二十, 十五, 三十).
Anything else — "实时更新", "长期公开", "每年" — has no limit in days and is not measured; for
such a 事项 only "nothing published at all" is a gap. Where a text names no number but says
"及时", Art. 26's 20 working days apply (the guidelines defer to the 条例 there).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from gongkai.core import tabular

# The fixed set of channels (渠道) of the guidelines.
CHANNELS: tuple[str, ...] = (
    "政府网站",
    "政府公报",
    "两微一端",
    "发布会/听证会",
    "广播电视",
    "纸质媒体",
    "公开查阅点",
    "政务服务中心",
    "便民服务站",
    "入户/现场",
    "社区/村公示栏",
    "精准推送",
    "12345热线",
    "其他",
)
AUDIENCES: tuple[str, ...] = ("全社会", "特定对象")
WAYS: tuple[str, ...] = ("主动", "依申请")
LEVELS: tuple[str, ...] = ("市级", "县级", "乡级", "村级")
ART26_WORKDAYS = 20


@dataclass(frozen=True)
class TimeLimit:
    amount: int | None  # None: no limit in days
    unit: str  # "workdays" | "days" | "months" | ""

    @property
    def label(self) -> str:
        if self.amount is None:
            return "无固定时限"
        return f"{self.amount}{UNIT_LABELS[self.unit]}"


UNIT_LABELS = {"workdays": "个工作日", "days": "日", "months": "个月"}
_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
           "七": 7, "八": 8, "九": 9}  # fmt: skip
_NUMBER = r"(\d+|[零〇一二两三四五六七八九十百]+)"
_PATTERNS = (
    (re.compile(_NUMBER + r"\s*个?\s*工作日"), "workdays"),
    (re.compile(_NUMBER + r"\s*个\s*月"), "months"),
    (re.compile(_NUMBER + r"\s*(?:个)?\s*(?:自然日|日|天)"), "days"),
)


def chinese_number(text: str) -> int:
    """'20' → 20, '二十' → 20, '十五' → 15, '一百二十' → 120. ValueError otherwise."""
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for char in text:
        if char in _DIGITS:
            current = _DIGITS[char]
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
        else:
            raise ValueError(text)
    return total + current


def parse_time_limit(text: str) -> TimeLimit:
    found: list[tuple[int, int, str]] = []
    for pattern, unit in _PATTERNS:
        match = pattern.search(text)
        if match:
            try:
                amount = chinese_number(match.group(1))
            except ValueError:
                continue
            if amount > 0:
                found.append((match.start(), amount, unit))
    if found:
        _, amount, unit = min(found)
        return TimeLimit(amount, unit)
    if "及时" in text:
        return TimeLimit(ART26_WORKDAYS, "workdays")
    return TimeLimit(None, "")


# -- the file (CSV or XLSX) -------------------------------------------------------------------

COLUMNS = (
    "领域",
    "一级事项",
    "二级事项",
    "公开内容",
    "公开依据",
    "公开时限",
    "公开主体",
    "公开渠道",
    "公开对象",
    "公开方式",
    "公开层级",
    "责任机关",
)
MAX_BYTES = 10 * 1024 * 1024
MAX_XLSX_UNCOMPRESSED = 10 * MAX_BYTES
MAX_ROWS = 20_000
LIMITS = {"领域": 50, "一级事项": 100, "二级事项": 200, "公开时限": 300, "公开主体": 200,
          "责任机关": 100}  # fmt: skip
TEXT_LIMIT = 4000
_SEPARATORS = re.compile(r"[、，,;；\n]+")


class StandardFileError(tabular.TableFileError):
    pass


@dataclass(frozen=True)
class StandardRow:
    row: int
    area: str
    level1: str
    level2: str
    content: str
    basis: str
    time_limit: str
    subject: str
    channels: tuple[str, ...]
    audience: str
    way: str
    levels: tuple[str, ...]
    agency: str  # an agency code or short name, or ""


def split_list(text: str) -> list[str]:
    return [part.strip() for part in _SEPARATORS.split(text) if part.strip()]


def read_standards(data: bytes, filename: str) -> list[StandardRow]:
    return tabular.read_file(
        data,
        filename,
        _read_rows,
        error=StandardFileError,
        use_hint="请上传 .csv 或 .xlsx 文件",
        max_bytes=MAX_BYTES,
        max_xlsx_uncompressed=MAX_XLSX_UNCOMPRESSED,
        date_columns=(),
    )


def _read_rows(rows: Iterator[list[Any]]) -> list[StandardRow]:
    problems: list[tabular.Problem] = []
    return tabular.read_rows(
        rows,
        functools.partial(_read_row, {}, problems),
        problems,
        columns=COLUMNS,
        error=StandardFileError,
        max_rows=MAX_ROWS,
    )


def _read_row(
    seen: dict[tuple[str, str, str], int],
    problems: list[tabular.Problem],
    row: int,
    values: tuple[Any, ...],
) -> StandardRow | None:
    cells = dict(zip(COLUMNS, (tabular.cell_text(v) for v in values), strict=True))
    before = len(problems)
    for column in ("领域", "一级事项", "二级事项", "公开内容", "公开时限", "公开主体"):
        if not cells[column]:
            problems.append((row, column, "不能为空"))
    for column, text in cells.items():
        limit = LIMITS.get(column, TEXT_LIMIT)
        if len(text) > limit:
            problems.append((row, column, f"不能超过{limit}个字"))
    channels = split_list(cells["公开渠道"])
    if not channels:
        problems.append((row, "公开渠道", "至少填写一个公开渠道"))
    for channel in channels:
        if channel not in CHANNELS:
            problems.append(
                (row, "公开渠道", f"“{channel}”不是规定的渠道，应为：{'、'.join(CHANNELS)}")
            )
    if cells["公开对象"] not in AUDIENCES:
        problems.append((row, "公开对象", "应为“全社会”或“特定对象”"))
    if cells["公开方式"] not in WAYS:
        problems.append((row, "公开方式", "应为“主动”或“依申请”"))
    levels = split_list(cells["公开层级"])
    if not levels:
        problems.append((row, "公开层级", f"至少填写一个层级：{'、'.join(LEVELS)}"))
    for level in levels:
        if level not in LEVELS:
            problems.append(
                (row, "公开层级", f"“{level}”不是规定的层级，应为：{'、'.join(LEVELS)}")
            )
    key = (cells["领域"], cells["一级事项"], cells["二级事项"])
    if all(key):
        if key in seen:
            problems.append(
                (row, "二级事项", f"与第 {seen[key]} 行重复（领域、一级事项、二级事项相同）")
            )
        else:
            seen[key] = row
    if len(problems) > before:
        return None
    return StandardRow(
        row,
        cells["领域"],
        cells["一级事项"],
        cells["二级事项"],
        cells["公开内容"],
        cells["公开依据"],
        cells["公开时限"],
        cells["公开主体"],
        tuple(dict.fromkeys(channels)),
        cells["公开对象"],
        cells["公开方式"],
        tuple(dict.fromkeys(levels)),
        cells["责任机关"],
    )
