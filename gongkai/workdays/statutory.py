"""The statutory holidays fixed by law, for estimating deadlines in a year whose official
schedule is not loaded yet. Pure: no Django, no I/O.

《全国年节及纪念日放假办法》 (State Council; revisions in force from 2008-01-01, 2014-01-01 and
2025-01-01) fixes the holidays every citizen has. Each year the General Office of the State
Council then publishes the year's schedule (放假安排), which moves days around them: it joins a
holiday to a weekend and makes people work a weekend day in exchange (调休). That schedule is
what the clock counts by, and a year without it is refused (`calendar.ScheduleNotLoaded`).

Reading (issue 12 §4): while next year's schedule is missing, a deadline that reaches into it
is shown beside the refusal as an *estimate* (暂估) counted with the statutory holidays only —
every weekend day a rest day, no 调休. The estimate is never the legal date: the real one
replaces it when the administrator loads the year. It is usually right: the schedule adds
bridge days and swaps weekend days but the statutory days themselves are always holidays.
"""

from __future__ import annotations

from datetime import date, timedelta

from lunardate import LunarDate

from gongkai.workdays.calendar import Calendar

# The revisions of 《全国年节及纪念日放假办法》 and the first day each applies to.
REVISION_2008 = date(2008, 1, 1)  # 国务院令第513号 (2007-12-14)
REVISION_2014 = date(2014, 1, 1)  # 国务院令第644号 (2013-12-11)
REVISION_2025 = date(2025, 1, 1)  # 国务院令第795号 (2024-11-10)

# An estimate may reach this many years past the last loaded one (a reply deadline with an
# extension and a consultation is at most a few months long).
ESTIMATE_YEARS = 2


def _lunar(year: int, month: int, day: int) -> date:
    solar: date = LunarDate(year, month, day).to_solar_date()
    return solar


def _qingming(year: int) -> date:
    """The day of the 清明 solar term: April 4 or 5 (April 4–6 over 1900–2100).

    The term falls when the sun reaches 15° of ecliptic longitude; its date follows the
    tropical year against the leap-year cycle. chinesecalendar's table of solar terms holds
    it for every year the estimate can need; this is the same table, read through its API.
    """
    from chinese_calendar import get_solar_terms

    terms = get_solar_terms(date(year, 4, 3), date(year, 4, 7))
    day: date = next(day for day, name in terms if name == "清明")
    return day


def statutory_holidays(year: int) -> frozenset[date]:
    """The holidays 《全国年节及纪念日放假办法》 Art. 2 gives everyone in `year`."""
    if year < REVISION_2008.year:
        raise ValueError(f"{year} 年适用的放假办法早于 2008 年修订，不在估算范围内")
    new_year = _lunar(year, 1, 1)  # 正月初一
    eve = new_year - timedelta(days=1)  # 除夕: the last day of the twelfth month
    days = {date(year, 1, 1), _qingming(year), date(year, 5, 1)}
    days |= {_lunar(year, 5, 5), _lunar(year, 8, 15)}  # 端午节, 中秋节
    days |= {date(year, 10, 1), date(year, 10, 2), date(year, 10, 3)}
    first = date(year, 1, 1)
    if first >= REVISION_2025:
        # 春节 4 days (除夕, 初一 to 初三); 劳动节 2 days.
        days |= {eve, new_year, new_year + timedelta(days=1), new_year + timedelta(days=2)}
        days.add(date(year, 5, 2))
    elif first >= REVISION_2014:
        days |= {new_year, new_year + timedelta(days=1), new_year + timedelta(days=2)}
    else:
        days |= {eve, new_year, new_year + timedelta(days=1)}
    # 除夕 of a year's 春节 can fall in the previous Gregorian year only in theory (正月初一 is
    # never before January 21), so every day is in `year`.
    return frozenset(days)


def estimate_calendar(loaded: Calendar) -> Calendar:
    """`loaded` with the ESTIMATE_YEARS years after its last loaded year added as statutory
    holidays only (no 调休): the calendar estimates (暂估) are counted with."""
    if not loaded.years:
        return loaded
    last = max(loaded.years)
    extra = range(last + 1, last + 1 + ESTIMATE_YEARS)
    holidays = set(loaded.holidays)
    for year in extra:
        holidays |= statutory_holidays(year)
    return Calendar(loaded.years | set(extra), holidays, loaded.makeup_workdays)
