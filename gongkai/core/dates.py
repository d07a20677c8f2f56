"""Strict parsing of legal dates. Pure: no Django.

`date.fromisoformat` accepts forms a clerk never means (`20250926`, `2025-W39-5`); a legal
date in Gongkai is written `YYYY-MM-DD` and nothing else.
"""

import re
from datetime import date

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


class InvalidDate(ValueError):
    """A date that is malformed or does not exist; the message is for people."""


def parse_iso_date(text: str) -> date:
    value = text.strip()
    match = _ISO_DATE.fullmatch(value)
    if not match:
        raise InvalidDate(f"日期格式无效：“{text}”，应为 YYYY-MM-DD，例如 2025-09-26")
    year, month, day = (int(group) for group in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise InvalidDate(f"日期不存在：“{text}”") from None


# The Regulations on Open Government Information took effect on 1 May 2008 (2007 text,
# Art. 38); no application under them was received earlier.
REGULATION_START = date(2008, 5, 1)
# Documents still in force can be much older than the Regulations (a catalogue item's 成文日期).
EARLIEST_DOCUMENT = date(1949, 10, 1)


def range_problem(day: date, earliest: date | None, latest: date | None) -> str | None:
    """Why `day` is outside [earliest, latest] (in Chinese), or None."""
    if earliest is not None and day < earliest:
        return f"不能早于{earliest.isoformat()}"
    if latest is not None and day > latest:
        return f"不能晚于{latest.isoformat()}"
    return None


def future_problem(day: date, what: str, today: date) -> str | None:
    """A service's refusal of a recorded date later than today (a fact cannot be recorded
    before it happens), or None."""
    if day > today:
        return f"{what}不能晚于今天（{day.isoformat()}）"
    return None


def order_problem(day: date, floor: date, what: str, floor_what: str) -> str | None:
    """A service's refusal of a date earlier than the one it follows, or None."""
    if day < floor:
        return f"{what}（{day.isoformat()}）不能早于{floor_what}（{floor.isoformat()}）"
    return None
