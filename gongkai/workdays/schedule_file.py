"""Reading a year's schedule as an administrator enters it from the State Council notice.
Pure: no Django.

File format (UTF-8 JSON), one file per notice:

    {
      "year": 2027,
      "notice": "国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕N号）",
      "holidays": [
        {"name": "元旦", "start": "2027-01-01", "end": "2027-01-03"},
        {"name": "春节", "start": "2027-02-05", "end": "2027-02-13"}
      ],
      "makeup_workdays": [
        {"name": "春节", "date": "2027-02-14"}
      ]
    }

`end` may be left out for a one-day holiday. Dates may fall in the December before `year`
(a notice sometimes moves days around New Year), never elsewhere. Make-up working days are
weekend days; no day is both.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from gongkai.core.dates import InvalidDate, parse_iso_date

HOLIDAY = "holiday"
MAKEUP_WORKDAY = "makeup_workday"
MAX_SPAN_DAYS = 15  # the longest break so far is 9 days (2025 春节 8, 2020 春节 extended)


class ScheduleError(ValueError):
    """A schedule that cannot be loaded; the message names where the problem is."""


@dataclass(frozen=True)
class ScheduleDay:
    date: date
    kind: str
    name: str


@dataclass(frozen=True)
class ParsedSchedule:
    year: int
    notice: str
    days: tuple[ScheduleDay, ...]


def validate_day(year: int, day: date, kind: str) -> None:
    earliest = date(year - 1, 12, 1)
    latest = date(year, 12, 31)
    if not earliest <= day <= latest:
        raise ScheduleError(
            f"{day.isoformat()} 不在 {year} 年安排的范围内（{earliest.isoformat()} 至 "
            f"{latest.isoformat()}）"
        )
    if kind == MAKEUP_WORKDAY and day.weekday() < 5:
        raise ScheduleError(
            f"{day.isoformat()} 是工作日（星期{'一二三四五'[day.weekday()]}），"
            "调休上班日只能是星期六或星期日"
        )


def parse_schedule(text: str) -> ParsedSchedule:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ScheduleError(
            f"文件不是有效的 JSON：第 {error.lineno} 行第 {error.colno} 列"
        ) from None
    if not isinstance(data, dict):
        raise ScheduleError("文件内容应为一个 JSON 对象")
    return schedule_from_dict(data)


def schedule_from_dict(data: dict[str, Any]) -> ParsedSchedule:
    year = data.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or not 1990 <= year <= 2200:
        raise ScheduleError(f"year：年份无效（{year!r}），应为 1990–2200 之间的整数")
    notice = data.get("notice")
    if not isinstance(notice, str) or not notice.strip():
        raise ScheduleError("notice：必须填写国务院办公厅通知的名称或文号")
    holidays = _list(data, "holidays")
    makeups = _list(data, "makeup_workdays", required=False)
    if not holidays:
        raise ScheduleError("holidays：至少应有一个法定节假日")

    days: dict[date, ScheduleDay] = {}

    def put(where: str, day: date, kind: str, name: str) -> None:
        try:
            validate_day(year, day, kind)
        except ScheduleError as error:
            raise ScheduleError(f"{where}：{error}") from None
        if day in days:
            raise ScheduleError(f"{where}：{day.isoformat()} 重复出现")
        days[day] = ScheduleDay(day, kind, name)

    for i, entry in enumerate(holidays):
        where = f"holidays[{i}]"
        name = _name(entry, where)
        start = _date(entry, "start", where)
        end = _date(entry, "end", where) if entry.get("end") not in (None, "") else start
        if end < start:
            raise ScheduleError(f"{where}：结束日期 {end.isoformat()} 早于开始日期")
        if (end - start).days + 1 > MAX_SPAN_DAYS:
            raise ScheduleError(f"{where}：放假 {(end - start).days + 1} 天，超出合理范围")
        day = start
        while day <= end:
            put(where, day, HOLIDAY, name)
            day += timedelta(days=1)
    for i, entry in enumerate(makeups):
        where = f"makeup_workdays[{i}]"
        put(where, _date(entry, "date", where), MAKEUP_WORKDAY, _name(entry, where))
    return ParsedSchedule(year, notice.strip(), tuple(sorted(days.values(), key=lambda d: d.date)))


def _list(data: dict[str, Any], key: str, required: bool = True) -> list[dict[str, Any]]:
    value = data.get(key, [] if not required else None)
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise ScheduleError(f"{key}：应为对象列表")
    return value


def _name(entry: dict[str, Any], where: str) -> str:
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ScheduleError(f"{where}.name：必须写明节日名称")
    return name.strip()[:60]


def _date(entry: dict[str, Any], key: str, where: str) -> date:
    value = entry.get(key)
    if not isinstance(value, str):
        raise ScheduleError(f"{where}.{key}：缺少日期")
    try:
        return parse_iso_date(value)
    except InvalidDate as error:
        raise ScheduleError(f"{where}.{key}：{error}") from None
