"""Chinese working-day arithmetic (LAW.md §1). Pure: no Django, no I/O.

A working day is Monday–Friday that is not a statutory holiday, or a weekend day designated
as a make-up working day (调休上班). The State Council publishes each year's schedule; a year
whose schedule is not loaded is unknown, and any computation that needs it is refused.

Reading ("自…之日起 N 个工作日", Civil Code Art. 201): the start day is not counted; the
deadline is the N-th working day after it, whether or not the start day is a working day.

The index is built once per set of schedules: for each contiguous run of loaded years, the
running count of working days per day and the list of working days. `add` and `between` are
then two list look-ups, independent of N.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

_ONE_DAY = timedelta(days=1)


class ScheduleNotLoaded(LookupError):
    """The computation needs a year whose official holiday schedule is not loaded."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(
            f"{year} 年的法定节假日安排尚未载入，无法计算跨越该年的工作日期限；"
            f"请管理员根据国务院办公厅通知录入 {year} 年安排"
            f"（The official {year} holiday schedule is not loaded）"
        )


@dataclass(frozen=True, slots=True)
class _Segment:
    """A contiguous run of loaded years, first_year..last_year inclusive."""

    first_year: int
    last_year: int
    base: int  # ordinal of the day before Jan 1 of first_year: position 0 counts nothing
    cumulative: list[int]  # cumulative[i] = working days in (base, base + i]
    workdays: list[date]  # workdays[k] = the (k+1)-th working day of the segment


class Calendar:
    """Working days over the loaded years. Immutable once built."""

    __slots__ = ("_segment_of_year", "_segments", "holidays", "makeup_workdays", "years")

    def __init__(
        self,
        years: Iterable[int],
        holidays: Iterable[date],
        makeup_workdays: Iterable[date],
    ) -> None:
        self.years: frozenset[int] = frozenset(years)
        self.holidays: frozenset[date] = frozenset(holidays)
        self.makeup_workdays: frozenset[date] = frozenset(makeup_workdays)
        both = self.holidays & self.makeup_workdays
        if both:
            day = min(both)
            raise ValueError(f"{day.isoformat()} 不能既是法定节假日又是调休上班日")
        self._segments: list[_Segment] = []
        self._segment_of_year: dict[int, _Segment] = {}
        for first, last in _runs(sorted(self.years)):
            segment = self._build_segment(first, last)
            self._segments.append(segment)
            for year in range(first, last + 1):
                self._segment_of_year[year] = segment

    def _build_segment(self, first_year: int, last_year: int) -> _Segment:
        start = date(first_year, 1, 1)
        end = date(last_year, 12, 31)
        cumulative = [0]
        workdays: list[date] = []
        day = start
        count = 0
        while day <= end:
            if self._is_workday_raw(day):
                count += 1
                workdays.append(day)
            cumulative.append(count)
            day += _ONE_DAY
        return _Segment(first_year, last_year, start.toordinal() - 1, cumulative, workdays)

    def _is_workday_raw(self, day: date) -> bool:
        if day in self.makeup_workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays

    # -- queries ---------------------------------------------------------------------------

    def is_loaded(self, year: int) -> bool:
        return year in self._segment_of_year

    def is_workday(self, day: date) -> bool:
        if day.year not in self._segment_of_year:
            raise ScheduleNotLoaded(day.year)
        return self._is_workday_raw(day)

    def _locate(self, day: date) -> tuple[_Segment, int]:
        """The segment holding the working days after `day`, and `day`'s position in it.

        `day` itself is never counted, so Dec 31 of an unloaded year right before a loaded
        one is a valid start: every counted day lies in the loaded year.
        """
        segment = self._segment_of_year.get(day.year)
        if segment is None:
            if day.month == 12 and day.day == 31:
                segment = self._segment_of_year.get(day.year + 1)
                if segment is not None:
                    return segment, 0
            raise ScheduleNotLoaded(day.year)
        return segment, day.toordinal() - segment.base

    def add(self, start: date, n: int) -> date:
        """The n-th working day after `start` (start not counted). add(d, 0) is d."""
        if n < 0:
            raise ValueError(f"工作日数不能为负数：{n}")
        if n == 0:
            return start
        segment, position = self._locate(start)
        index = segment.cumulative[position] + n - 1
        if index >= len(segment.workdays):
            raise ScheduleNotLoaded(segment.last_year + 1)
        return segment.workdays[index]

    def between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end`; negative when end < start."""
        if end < start:
            return -self.between(end, start)
        if end == start:
            return 0
        first_segment, first_position = self._locate(start)
        end_segment = self._segment_of_year.get(end.year)
        if end_segment is None:
            raise ScheduleNotLoaded(end.year)
        if end_segment is not first_segment:
            raise ScheduleNotLoaded(first_segment.last_year + 1)
        end_position = end.toordinal() - end_segment.base
        return end_segment.cumulative[end_position] - first_segment.cumulative[first_position]

    def next_unloaded_year(self, after: int) -> int:
        """The first year after `after` whose schedule is not loaded."""
        year = after + 1
        while year in self._segment_of_year:
            year += 1
        return year

    def index_size(self) -> tuple[int, int]:
        """(days indexed, working days indexed), for reporting what the index holds."""
        days = sum(len(s.cumulative) for s in self._segments)
        workdays = sum(len(s.workdays) for s in self._segments)
        return days, workdays


def _runs(years: list[int]) -> Iterable[tuple[int, int]]:
    """Contiguous runs in a sorted list of distinct years: [2004..2026, 2028] -> ..."""
    if not years:
        return
    first = previous = years[0]
    for year in years[1:]:
        if year != previous + 1:
            yield first, previous
            first = year
        previous = year
    yield first, previous


def add_naive(calendar: Calendar, start: date, n: int) -> date:
    """Day-by-day reference implementation, kept for tests and the benchmark."""
    day = start
    remaining = n
    while remaining > 0:
        day += _ONE_DAY
        if calendar.is_workday(day):
            remaining -= 1
    return day
