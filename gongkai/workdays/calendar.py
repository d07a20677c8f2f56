"""Chinese working-day arithmetic (docs/law.md §1). Pure: no Django, no I/O.

A working day is Monday–Friday that is not a statutory holiday, or a weekend day designated
as a make-up working day (调休上班). The State Council publishes each year's schedule; a year
whose schedule is not loaded is unknown, and any computation that needs it is refused.

Reading ("自…之日起 N 个工作日", Civil Code Art. 201): the start day is not counted; the
deadline is the N-th working day after it, whether or not the start day is a working day.

The index is built once per set of schedules (see `Calendar`): `add` and `between` cost the
same whatever N is.
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
        )


@dataclass(frozen=True, slots=True)
class _Segment:
    """A contiguous run of loaded years, first_year..last_year inclusive."""

    first_year: int
    last_year: int


class Calendar:
    """Working days over the loaded years. Immutable once built.

    `_workdays` lists the working days of every segment, one segment after another.
    `_position[day]` is `(rank, limit)`: `rank` = the index in `_workdays` of the first
    working day after `day`, `limit` = the index just past the end of `day`'s segment. Every
    day of a loaded year has an entry, and so does Dec 31 before a segment's first year (the
    start day is not counted, so a count from it only needs the loaded year). `add` is then
    one dictionary look-up and one list index, whatever n is.
    """

    __slots__ = (
        "_position",
        "_segment_of_year",
        "_workdays",
        "holidays",
        "makeup_workdays",
        "years",
    )

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
        self._workdays: list[date] = []
        self._position: dict[date, tuple[int, int]] = {}
        self._segment_of_year: dict[int, _Segment] = {}
        for first, last in _runs(sorted(self.years)):
            self._index_segment(first, last)

    def _index_segment(self, first_year: int, last_year: int) -> None:
        segment = _Segment(first_year, last_year)
        for year in range(first_year, last_year + 1):
            self._segment_of_year[year] = segment
        start = date(first_year, 1, 1)
        end = date(last_year, 12, 31)
        offset = len(self._workdays)
        day = start
        while day <= end:
            if self._is_workday_raw(day):
                self._workdays.append(day)
            day += _ONE_DAY
        limit = len(self._workdays)
        rank = offset
        self._position[start - _ONE_DAY] = (rank, limit)
        day = start
        while day <= end:
            if rank < limit and self._workdays[rank] == day:
                rank += 1
            self._position[day] = (rank, limit)
            day += _ONE_DAY

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

    def add(self, start: date, n: int) -> date:
        """The n-th working day after `start` (start not counted). add(d, 0) is d."""
        if n <= 0:
            if n == 0:
                return start
            raise ValueError(f"工作日数不能为负数：{n}")
        position = self._position.get(start)
        if position is None:
            raise ScheduleNotLoaded(start.year)
        index = position[0] + n
        if index > position[1]:
            raise ScheduleNotLoaded(self._segment_after(start).last_year + 1)
        return self._workdays[index - 1]

    def between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end`; negative when end < start."""
        if end < start:
            return -self.between(end, start)
        if end == start:
            return 0
        first = self._position.get(start)
        if first is None:
            raise ScheduleNotLoaded(start.year)
        if end.year not in self._segment_of_year:
            raise ScheduleNotLoaded(end.year)
        last = self._position[end]
        if last[1] != first[1]:
            raise ScheduleNotLoaded(self._segment_after(start).last_year + 1)
        return last[0] - first[0]

    def _segment_after(self, start: date) -> _Segment:
        """The segment holding the working days counted after `start`."""
        return self._segment_of_year.get(start.year) or self._segment_of_year[start.year + 1]

    def next_unloaded_year(self, after: int) -> int:
        """The first year after `after` whose schedule is not loaded."""
        year = after + 1
        while year in self._segment_of_year:
            year += 1
        return year

    def positions(self) -> Iterable[tuple[date, int, int, bool]]:
        """Every indexed day as (day, rank, segment end, loaded): `between(a, b)` is
        rank(b) - rank(a) when both days share a segment end and b's year is loaded. For
        databases that count working days in SQL (gongkai.supervision's day index)."""
        for day, (rank, limit) in sorted(self._position.items()):
            yield day, rank, limit, day.year in self._segment_of_year

    def index_size(self) -> tuple[int, int]:
        """(days indexed, working days indexed), for reporting what the index holds."""
        return len(self._position), len(self._workdays)


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
