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
