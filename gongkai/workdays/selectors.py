"""Reads of the working-day calendar.

The calendar index is built once per process and rebuilt when the schedules change: each
call costs one small aggregate query to compare the schedules' version with the cached one.
"""

from __future__ import annotations

import threading
from datetime import date

from django.db.models import Count, Max

from gongkai.workdays.calendar import Calendar
from gongkai.workdays.models import OfficialDay, YearSchedule
from gongkai.workdays.schedule_file import HOLIDAY, MAKEUP_WORKDAY
from gongkai.workdays.statutory import estimate_calendar

_lock = threading.Lock()
_cache: dict[str, tuple[tuple, Calendar]] = {}
_estimates: dict[int, tuple[Calendar, Calendar]] = {}


def _version(using: str) -> tuple:
    schedules = YearSchedule.objects.using(using).aggregate(
        n=Count("pk"), latest=Max("updated_at"), days=Count("days")
    )
    return (schedules["n"], schedules["latest"], schedules["days"])


def calendar_version(*, using: str = "default") -> str:
    """What changes whenever the loaded schedules change (for caches kept elsewhere)."""
    return repr(_version(using))


def get_calendar(*, using: str = "default") -> Calendar:
    version = _version(using)
    cached = _cache.get(using)
    if cached is not None and cached[0] == version:
        return cached[1]
    with _lock:
        years = list(YearSchedule.objects.using(using).values_list("year", flat=True))
        days = OfficialDay.objects.using(using).values_list("date", "kind")
        holidays = [d for d, kind in days if kind == HOLIDAY]
        makeups = [d for d, kind in days if kind == MAKEUP_WORKDAY]
        calendar = Calendar(years, holidays, makeups)
        _cache[using] = (version, calendar)
    return calendar


def get_estimate_calendar(*, using: str = "default") -> Calendar:
    """The loaded calendar plus the next years' statutory holidays, for 暂估 dates only
    (workdays/statutory.py). Built once per loaded calendar."""
    return estimate_for(get_calendar(using=using))


def estimate_for(calendar: Calendar) -> Calendar:
    """The estimate calendar of a loaded `calendar` (no query; built once per calendar)."""
    cached = _estimates.get(id(calendar))
    if cached is not None and cached[0] is calendar:
        return cached[1]
    estimate = estimate_calendar(calendar)
    with _lock:
        _estimates.clear()
        _estimates[id(calendar)] = (calendar, estimate)
    return estimate


def loaded_years(*, using: str = "default") -> list[int]:
    return sorted(YearSchedule.objects.using(using).values_list("year", flat=True))


def official_days_in(year: int) -> dict[date, OfficialDay]:
    return {
        day.date: day
        for day in OfficialDay.objects.filter(date__year=year).select_related("schedule")
    }
