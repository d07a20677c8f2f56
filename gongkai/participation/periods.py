"""The minimum comment period of a comment call, by kind of document (docs/law.md §9). Pure.

- 重大行政决策: 《重大行政决策程序暂行条例》 Art. 14: as a rule not less than 30 days;
- 规章草案: 《规章制定程序条例》 (2017): as a rule 30 days;
- 行政规范性文件: 国办发〔2018〕37号: as a rule at least 7 working days; 30 days when the
  document closely concerns market players' business (涉市场主体, 《优化营商环境条例》 Art. 62);
- 其他: no minimum (at least one day).
A shorter period is allowed only for a reason (urgency) stated and published with the call
(Art. 14: a period shortened "因情况紧急等原因" must be explained when the call is published).

Readings (where the texts are silent):
- "not less than N days" counts from the day after the opening date (Civil Code Art. 201: the
  first day is not counted) to the closing date inclusive: the earliest closing date is
  opening + 30 calendar days, or the 7th working day after the opening date
  (`workdays.calendar.add`, which skips holidays and counts make-up Saturdays);
- a call may not close on or before the day it opens, whatever the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from gongkai.participation.labels import (
    KINDS,
    MAJOR_DECISION,
    NORMATIVE,
    NORMATIVE_MARKET,
    OTHER,
    RULES,
)

AddWorkdays = Callable[[date, int], date]


@dataclass(frozen=True)
class Minimum:
    days: int
    working: bool  # working days (True) or calendar days

    def label(self) -> str:
        return f"{self.days}个工作日" if self.working else f"{self.days}日"


MINIMUMS: dict[str, Minimum] = {
    MAJOR_DECISION: Minimum(30, working=False),
    RULES: Minimum(30, working=False),
    NORMATIVE_MARKET: Minimum(30, working=False),
    NORMATIVE: Minimum(7, working=True),
    OTHER: Minimum(1, working=False),
}


def earliest_close(kind: str, opens_on: date, add_workdays: AddWorkdays) -> date:
    """The earliest closing date that keeps the minimum period. `add_workdays` is
    `Calendar.add`; it raises ScheduleNotLoaded for a year without a schedule."""
    minimum = MINIMUMS[kind]
    if minimum.working:
        return add_workdays(opens_on, minimum.days)
    return opens_on + timedelta(days=minimum.days)


def period_problem(
    *, kind: str, opens_on: date, closes_on: date, reason: str, add_workdays: AddWorkdays
) -> str | None:
    """None when the period is lawful; otherwise the refusal, in Chinese."""
    if kind not in KINDS:
        return f"文件类型无效：{kind}"
    if closes_on <= opens_on:
        return "截止日期应晚于开始日期"
    earliest = earliest_close(kind, opens_on, add_workdays)
    if closes_on >= earliest or reason.strip():
        return None
    minimum = MINIMUMS[kind]
    return (
        f"{KINDS[kind]}征求意见期限不少于{minimum.label()}："
        f"自{opens_on.year}年{opens_on.month}月{opens_on.day}日开始的，"
        f"截止日期不得早于{earliest.year}年{earliest.month}月{earliest.day}日；"
        "确需缩短的，请填写缩短期限的理由（将随征求意见一并公布）"
    )


def is_shortened(kind: str, opens_on: date, closes_on: date, add_workdays: AddWorkdays) -> bool:
    return closes_on < earliest_close(kind, opens_on, add_workdays)
